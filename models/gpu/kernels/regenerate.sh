#!/bin/sh
# Regenerates the derived kernel tables in this folder from Microsoft Vidur's public profiles.
#   models/gpu/kernels/regenerate.sh <vidur checkout at 7d47513> [<a100 Meta-Llama-3-8B attention.csv>]
# (VIDUR_COMMIT=<hash> names the commit when the checkout is not a git work tree.)
# Without the second argument the A100 attention terms come from the excerpt in excerpts/ (the
# rows of that file transcribed here); with the full public file they come from all its rows.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vidur=${1:?usage: regenerate.sh <vidur checkout> [<attention.csv>]}
att=${2:-$here/excerpts/a100_Meta-Llama-3-8B_attention_excerpt.csv}
prof=$vidur/data/profiling/compute
commit=${VIDUR_COMMIT:-$(git -C "$vidur" rev-parse HEAD 2>/dev/null || echo unknown)}
vsrc="microsoft/vidur@$commit (MIT, Copyright (c) Microsoft Corporation)"
asrc="attention.csv: sw5sh/cs378-assignment3@7ac2fe9fb6cea9d4630659a10c5cccfc9fbdd776 data/profiling/compute/a100/meta-llama/Meta-Llama-3-8B/attention.csv (9,155,341 bytes; a fork vendoring Vidur's file, whose upstream copy is stored in Git LFS)"

python3 "$here/derive_kernel_table.py" --gpu a100-80gb --model llama-3.1-8b --layers 32 \
  --mlp "$prof/a100/meta-llama/Meta-Llama-3-8B/mlp.csv" --attention "$att" \
  --source "mlp.csv: $vsrc data/profiling/compute/a100/meta-llama/Meta-Llama-3-8B/mlp.csv" \
  --source "$asrc; rows used: $(basename "$att")" \
  --source "Meta-Llama-3-8B has the layer shapes of llama-3.1-8b (hidden 4096, MLP 14336, 32/8 heads, vocab 128256)" \
  --out "$here/a100-80gb_llama-3.1-8b.json"

python3 "$here/derive_kernel_table.py" --gpu a100-80gb --model llama-2-7b --layers 32 \
  --mlp "$prof/a100/meta-llama/Llama-2-7b-hf/mlp.csv" \
  --attention-from "$here/a100-80gb_llama-3.1-8b.json" --catalog "$here/../catalog.json" \
  --source "mlp.csv: $vsrc data/profiling/compute/a100/meta-llama/Llama-2-7b-hf/mlp.csv" \
  --source "attention: not measured here (the public attention.csv is in Git LFS); scaled from a100-80gb llama-3.1-8b" \
  --out "$here/a100-80gb_llama-2-7b.json"

python3 "$here/derive_kernel_table.py" --gpu h100-sxm --model llama-2-7b --layers 32 \
  --mlp "$prof/h100/meta-llama/Llama-2-7b-hf/mlp.csv" \
  --attention-from "$here/a100-80gb_llama-3.1-8b.json" --catalog "$here/../catalog.json" \
  --source "mlp.csv: $vsrc data/profiling/compute/h100/meta-llama/Llama-2-7b-hf/mlp.csv" \
  --source "attention: not measured here (the public attention.csv is in Git LFS); scaled from a100-80gb llama-3.1-8b" \
  --out "$here/h100-sxm_llama-2-7b.json"
