#!/usr/bin/env bash
# Regenerates the baseline curves that CI compares every change against
# (tests/engine/regression_test.cpp runs each sweep again from its sweep.json and runs
# `opgsim compare` on the result). Run from anywhere after a change that is meant to move a
# curve; commit the new curve.csv files with the change and say why in its message.
#   bash results/baselines/regenerate.sh [path/to/opgsim]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build/opgsim}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

baseline() {
  local name="$1"; shift
  "$bin" sweep "$@" --out "$tmp/$name" -j 2 > /dev/null
  mkdir -p "results/baselines/$name"
  cp "$tmp/$name/curve.csv" "$tmp/$name/sweep.json" "results/baselines/$name/"
  echo "results/baselines/$name: $(($(wc -l < "results/baselines/$name/curve.csv") - 1)) points"
}

# The GPU serving curve: 24 H100 nodes, Llama-3.1-8B, from light load to past saturation.
baseline gpu-rate scenarios/baseline.json --set duration_s=120 --set warmup_s=20 --set drain_s=120 \
  --param workload.arrivals.rate_rps=60,150,240,330 --replications 3
# Every role: proofs, storage, verification, batched settlement.
baseline roles-rate scenarios/opengradient.json --set duration_s=120 --set warmup_s=20 --set drain_s=600 \
  --param workload.arrivals.rate_rps=60,120,180 --replications 2
# Queueing theory: M/M/4 with a central FIFO at loads 0.5, 0.7, 0.85.
baseline mmc-rate scenarios/validation/mmc.json --set roles.inference.count=4 --set duration_s=5000 \
  --set warmup_s=500 --set drain_s=5000 --param workload.arrivals.rate_rps=2,2.8,3.4 --replications 3

# The headline study's answer, tiny (results/studies/headline/: its factors, two groups, 4 base
# samples = 16 runs, 31 days at the mid usage level): the grouped Sobol indices in curve form,
# which tests/engine/regression_test.cpp recomputes from args.txt and compares.
tiny=results/baselines/headline-tiny
mkdir -p "$tiny"
{
  echo sensitivity
  echo scenarios/studies/headline.json
  grep -v '^#' results/studies/headline/factors.txt | grep -v '^$' | sed 's/^/--factor\n/'
  printf '%s\n' --groups-only --set horizon.days=31 --set economy.users.initial_users=30000 \
    --outcome horizon.active_users_day_30 --outcome horizon.throughput_rps --outcome economy.end.operators_active -n 4
} > "$tiny/args.txt"
mapfile -t args < "$tiny/args.txt"
"$bin" "${args[@]}" --set "horizon.cache_dir=$tmp/cache" -j 2 --out "$tmp/headline-tiny" > /dev/null
cp "$tmp/headline-tiny/indices_curve.csv" "$tiny/"
echo "$tiny: $(($(wc -l < "$tiny/indices_curve.csv") - 1)) indices"
