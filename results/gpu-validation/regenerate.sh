#!/usr/bin/env bash
# Regenerates the GPU model's calibration profiles (models/gpu/profiles/) from the measurements
# in this folder, one per setup and scheduler, then the validation table
# (results/gpu-validation/table.md) and the kernel comparison (kernels.md). Usage, from anywhere:
#   bash results/gpu-validation/regenerate.sh [path/to/opgsim, default build/opgsim]
#   bash results/gpu-validation/regenerate.sh path/to/opgsim --table-only OUT.md
# Deterministic: the same binary writes the same files. --table-only writes just the table, from
# the committed profiles, to OUT.md: tests/engine/gpu_validation_test.cpp runs it and fails when
# table.md no longer matches what the code computes.
set -euo pipefail
cd "$(dirname "$0")/../.."
opgsim="${1:-build/opgsim}"
table_only=""
if [ "${2:-}" = "--table-only" ]; then table_only="${3:?--table-only needs an output file}"; fi
data=results/gpu-validation
profiles=models/gpu/profiles

# setup name, then the calibrate options of the setup. NIM serves the 70B FP8 checkpoint with an
# FP8 KV cache (see README.md); a 16-bit cache could not hold 50 x 5,500 tokens on two H100s.
setups=(
  "h100-sxm_llama-3.1-8b_fp16_tp1|--gpu h100-sxm --model llama-3.1-8b --precision fp16"
  "a100-40gb_llama-3.1-8b_bf16_tp1|--gpu a100-40gb --model llama-3.1-8b --precision bf16"
  "h100-sxm_llama-3.3-70b_fp8_tp2|--gpu h100-sxm --model llama-3.3-70b --precision fp8 --gpus-per-node 2 --kv-cache-fp8"
)
# The shipped default profile of a setup (<setup>.json) is fitted under the scenario default
# scheduler, chunked; the others are <setup>_<scheduler>.json.
all=()
for entry in "${setups[@]}"; do
  name="${entry%%|*}"
  read -r -a opts <<< "${entry#*|}"
  for scheduler in chunked vllm_v0 inflight; do
    out="$profiles/$name.json"
    [ "$scheduler" = chunked ] || out="$profiles/${name}_$scheduler.json"
    if [ -z "$table_only" ]; then
      "$opgsim" calibrate "$data/$name.csv" "${opts[@]}" --scheduler "$scheduler" --out "$out" >/dev/null
    fi
    all+=("$out")
  done
done

"$opgsim" gpu-validate "${all[@]}" --reasons "$data/reasons.csv" \
  --kernel-table models/gpu/kernels/a100-80gb_llama-3.1-8b.json --out "${table_only:-$data/table.md}"
[ -z "$table_only" ] || exit 0

# The kernel comparison is written by a unit test of the same build (build/test_gpu).
test_gpu="$(dirname "$opgsim")/test_gpu"
if [ -x "$test_gpu" ]; then
  OPGSIM_KERNELS_MD="$data/kernels.md" "$test_gpu" -tc="kernel validation report*" >/dev/null
fi
