#!/usr/bin/env bash
# Builds the scenario loader's libFuzzer target with clang (ASan, in build-fuzz/, apart
# from the g++ build) and fuzzes it for SECONDS, seeded with every shipped scenario and every kept
# crash input. Usage:
#   bash tests/fuzz/run_fuzz.sh SECONDS [libFuzzer options...]   # e.g. 60 (CI), 3600 (a long run)
# Environment: OPGSIM_FUZZ_BUILD (default <repo>/build-fuzz), OPGSIM_FUZZ_JOBS (make -j, default 2).
# Exit 0: no input crashed. Otherwise libFuzzer's report is printed and the input is written to
# build-fuzz/crashes/; fix it, then keep it as tests/fuzz/regressions/<what-it-broke>.json
# (tests/fuzz/README.md).
set -euo pipefail
seconds="${1:?usage: run_fuzz.sh SECONDS [libFuzzer options...]}"
shift
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${OPGSIM_FUZZ_BUILD:-$repo/build-fuzz}"
jobs="${OPGSIM_FUZZ_JOBS:-2}"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
start=$(date +%s)
# -O1 without debug information: the usual libFuzzer build at the least compile time (ASan's
# reports still name functions; add -g to CMAKE_CXX_FLAGS_FUZZ in a build of your own for lines).
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_CXX_FLAGS_FUZZ="-O1" \
      -DCMAKE_CXX_COMPILER=clang++ -DOPGSIM_FUZZ=ON \
      "${launcher[@]}" >/dev/null
if ! nice cmake --build "$build" --target scenario_fuzz -j "$jobs" >"$build/build.log" 2>&1; then
  grep -E "error:" "$build/build.log" | head -20 || tail -30 "$build/build.log"
  echo "run_fuzz.sh: building scenario_fuzz failed (log: $build/build.log)" >&2
  exit 1
fi
echo "== scenario_fuzz built in $(( $(date +%s) - start )) s"

# libFuzzer adds what it finds to the first folder: a working copy, never the seeds themselves.
corpus="$build/corpus"
mkdir -p "$corpus" "$build/crashes"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/seed-$(echo "${f#$repo/}" | tr '/' '_')"
  i=$((i + 1))
done < <(find "$repo/scenarios" -name '*.json' -print0)
echo "== fuzzing for $seconds s: $i shipped scenarios as seeds, plus tests/fuzz/regressions/"
# -timeout: one input validating for 10 s is a finding (validation is meant to take milliseconds).
"$build/scenario_fuzz" "$corpus" "$repo/tests/fuzz/regressions" \
  -dict="$repo/tests/fuzz/scenario.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=8192 -artifact_prefix="$build/crashes/" -print_final_stats=1 "$@"
