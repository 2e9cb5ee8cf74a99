#!/usr/bin/env bash
# Regenerates the GPU model's calibration profiles (models/gpu/profiles/) from the measurements
# in this folder, then the validation table (results/gpu-validation/table.md). Usage, from
# anywhere: bash results/gpu-validation/regenerate.sh [path/to/opgsim, default build/opgsim].
# Deterministic: the same binary writes the same files.
set -euo pipefail
cd "$(dirname "$0")/../.."
opgsim="${1:-build/opgsim}"
data=results/gpu-validation
profiles=models/gpu/profiles

"$opgsim" calibrate "$data/h100-sxm_llama-3.1-8b_fp16_tp1.csv" --gpu h100-sxm --model llama-3.1-8b \
  --precision fp16 --out "$profiles/h100-sxm_llama-3.1-8b_fp16_tp1.json"
"$opgsim" calibrate "$data/a100-40gb_llama-3.1-8b_bf16_tp1.csv" --gpu a100-40gb --model llama-3.1-8b \
  --precision bf16 --out "$profiles/a100-40gb_llama-3.1-8b_bf16_tp1.json"
# NIM serves the FP8 checkpoint with an FP8 KV cache (see README.md); a 16-bit cache could not
# hold 50 x 5,500 tokens on two H100s.
"$opgsim" calibrate "$data/h100-sxm_llama-3.3-70b_fp8_tp2.csv" --gpu h100-sxm --model llama-3.3-70b \
  --precision fp8 --gpus-per-node 2 --kv-cache-fp8 --out "$profiles/h100-sxm_llama-3.3-70b_fp8_tp2.json"

"$opgsim" gpu-validate "$profiles/h100-sxm_llama-3.1-8b_fp16_tp1.json" \
  "$profiles/a100-40gb_llama-3.1-8b_bf16_tp1.json" "$profiles/h100-sxm_llama-3.3-70b_fp8_tp2.json" \
  --out "$data/table.md"
