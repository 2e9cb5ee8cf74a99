#!/usr/bin/env bash
# The headline study: does a well-designed incentive system or a network that holds up under real
# load matter more for whether people come back? Grouped Sobol indices (a Saltelli design in which
# each group's factors are swapped together: N (2 groups + 2) runs per usage level) of four outcomes
# of scenarios/studies/headline.json (200 days in daily periods, the long-horizon mode), at three
# usage levels. Writes indices.csv (every level), the figure and leaves the runs in
# results/sensitivity/headline-<level> (not committed). answer.md reads the numbers.
#   bash results/studies/headline/run.sh [path/to/opgsim]
# Base samples N: 12 at the low and mid levels, 8 at the high level (its windows carry 5 to 30
# times the requests), 128 runs in all; windows are cached in results/horizon-cache/headline
# and reused across points. Wall time on the shared 2-core machine: see answer.md.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin="${1:-build/opgsim}"
here=results/studies/headline

# The factors and their ranges' sources: factors.txt.
factors=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || factors+=(--factor "$line")
done < "$here/factors.txt"
outcomes=(--outcome horizon.active_users_day_30 --outcome horizon.active_users_day_180
          --outcome horizon.throughput_rps --outcome economy.end.operators_active)

# Usage levels: users at 0.001 requests/s each at the start (5, 30 and 150 requests/s; 24 H100 nodes of the default
# network carry roughly 200 requests/s of this workload).
declare -A users=([low]=5000 [mid]=30000 [high]=150000) samples=([low]=12 [mid]=12 [high]=8)
start=$(date +%s)
for level in low mid high; do
  "$bin" sensitivity scenarios/studies/headline.json "${factors[@]}" --groups-only \
    "${outcomes[@]}" --set "economy.users.initial_users=${users[$level]}" \
    --set horizon.cache_dir=results/horizon-cache/headline -n "${samples[$level]}" -j 2 --out "results/sensitivity/headline-$level"
done
echo "wall: $(( $(date +%s) - start )) s"

# indices.csv: every level's group indices, the level and its initial users first.
{
  echo "level,initial_users,$(head -1 results/sensitivity/headline-low/indices.csv)"
  for level in low mid high; do
    tail -n +2 "results/sensitivity/headline-$level/indices.csv" | sed "s/^/$level,${users[$level]},/"
  done
} > "$here/indices.csv"
gnuplot -e "in='$here/indices.csv'; out='$here/answer.png'" "$here/answer.gp"
echo "wrote $here/indices.csv and $here/answer.png"
