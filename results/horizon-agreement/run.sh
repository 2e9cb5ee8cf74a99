#!/usr/bin/env bash
# The long-horizon mode against plain request-level runs of the same scenario (issue 13's agreement
# check, full version; the small version is tests/engine/horizon_test.cpp): day.json (24 hourly
# periods) and week.json (7 daily periods, operators leaving) are each run R times request-level
# (seeds 1..R) and in the long-horizon mode twice, with the default 300-second windows and with
# windows as long as a period (at most a day), and compare.py writes agreement.md.
# usage: results/horizon-agreement/run.sh [OPGSIM] [REPLICATIONS] [JOBS]   (from the repository root)
set -euo pipefail
bin=$(realpath "${1:-build/opgsim}")
reps=${2:-10}
jobs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=${AGREEMENT_WORK:-/tmp/opgsim-agreement}
mkdir -p "$work"
declare -A horizon=(
  [day]='{"days": 1, "period_s": 3600, "rate_step": 0.1'
  [week]='{"days": 7, "period_s": 86400, "rate_step": 0.1'
)
declare -A long_window=([day]=3600 [week]=3600)
for name in day week; do
  for w in 300 "${long_window[$name]}"; do
    rm -rf "$work/$name-long-w$w" "$work/$name-cache-w$w"
    /usr/bin/time -f "$name long-horizon, $w s windows: %e s, %M KB" "$bin" run "$here/$name.json" --quiet \
      --out "$work/$name-long-w$w" \
      --set "horizon=${horizon[$name]}, \"window_s\": $w, \"cache_dir\": \"$work/$name-cache-w$w\"}"
  done
  seq 1 "$reps" | xargs -P "$jobs" -I{} sh -c \
    "test -f '$work/$name-r{}/summary.json' || '$bin' run '$here/$name.json' --quiet --seed {} --out '$work/$name-r{}'"
done
python3 "$here/compare.py" "$work" "$reps" > "$here/agreement.md"
cat "$here/agreement.md"
