#!/usr/bin/env bash
# One-command set-up for opgsim on Debian 12: installs the Debian packages that are missing,
# builds in Release, then does what was asked:
#   bash setup.sh run    # ... and runs the default scenario, scenarios/baseline.json
#   bash setup.sh test   # ... and runs every test through ctest
#   bash setup.sh build  # ... and stops there
#   bash setup.sh sanitize  # ... builds with ASan and UBSan in build-sanitize/ and runs every test
#                            # there (slower: about 3x; not part of CI's command)
set -euo pipefail
cd "$(dirname "$0")"

action="${1:-run}"
case "$action" in run|test|build|sanitize) ;; *) echo "usage: bash setup.sh run|test|build|sanitize" >&2; exit 2 ;; esac

packages=(g++ cmake make pkg-config git ca-certificates
          libsimgrid-dev libboost-dev libeigen3-dev nlohmann-json3-dev libfmt-dev doctest-dev libcli11-dev libjemalloc-dev gnuplot-nox
          python3-pandas python3-pytest python3-matplotlib python3-nbclient python3-nbformat python3-ipykernel)
# The tests also start a private single-node Slurm (tests/slurm/real_slurm_test.sh).
[ "$action" = test ] || [ "$action" = sanitize ] && packages+=(slurmctld slurmd slurm-client munge)
# And load the HTML reports in a headless browser (tests/browser/report_browser_test.sh).
[ "$action" = test ] || [ "$action" = sanitize ] && packages+=(chromium)
# And fuzz the scenario loader for 60 s with clang's libFuzzer (tests/fuzz/run_fuzz.sh; its runtime,
# libclang_rt.fuzzer, is in libclang-rt-14-dev, which clang only recommends).
[ "$action" = test ] && packages+=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc)"
if [ "$action" = sanitize ]; then
  # tests/sanitizers.supp names (and says why) every report that is SimGrid's, not ours.
  echo "== building with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/"
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPGSIM_SANITIZE=ON >/dev/null
  cmake --build build-sanitize -j "$jobs"
  echo "== running the tests under the sanitizers"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0"
  export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # Not the libFuzzer test: its own build (build-fuzz/) is ASan-instrumented already, and it would
  # add a clang build and 60 s to this job.
  ctest --test-dir build-sanitize --output-on-failure -j "$jobs" --timeout 1800 -E "libFuzzer"
  exit
fi
echo "== building (Release) in build/"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if [ "$action" = run ]; then target=(--target opgsim); else target=(); fi
cmake --build build -j "$jobs" "${target[@]}"

case "$action" in
  run)
    echo "== running scenarios/baseline.json"
    ./build/opgsim run scenarios/baseline.json
    ;;
  test)
    echo "== running the tests"
    ctest --test-dir build --output-on-failure -j "$jobs"
    ;;
esac
