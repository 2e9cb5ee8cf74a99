#!/usr/bin/env python3
"""Derives a compact per-(GPU, model) kernel table from Vidur's public operator profiles.

Reads data/profiling/compute/<gpu>/<model>/mlp.csv (and attention.csv when available) from
microsoft/vidur (MIT licence) and writes a JSON table of kilobytes that the C++ `measured`
step-time model (models/gpu/measured_step_time.hpp) interpolates. Only the Python standard
library is used, so it runs anywhere python3 does. See models/gpu/kernels/README.md for the
exact commands, the source files and their commits.

What is derived, all at tensor-parallel degree 1 and in microseconds:
  linear   per decoder layer, the sum of the token-proportional operators (norms, QKV and output
           projections, rotary embedding, gated MLP, two residual adds), and per iteration the
           embedding lookup, by token count; thinned to the points linear interpolation needs
           to stay within --tolerance of every dropped point.
  gemm     achieved weight-streaming bandwidth and matmul throughput of the MLP up-projection
           (at 1 token and at the largest token count): the roofline terms used for the LM head,
           which the profiles do not time.
  decode   per-layer decode attention t = max(floor, intercept + per_kv_token * batch * kv),
           fitted by least squares (relative error) over batches 4..256 of every KV length.
  prefill  per-layer attention of one prefill chunk t = base(chunk) + per_kv(chunk) * prior_kv,
           a least-squares line per chunk size, plus the chunk's KV-cache write time.
  anchors  the measured rows at the points the unit tests check, unthinned.

A GPU without a public attention table can borrow the attention terms of another table,
scaled by the ratio of the catalog's peak bandwidth (decode) and peak matmul throughput
(prefill) and by the models' KV and query widths (--attention-from); the JSON says so.
"""
import argparse
import csv
import json
import math
import sys

LAYER_OPS = ["input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj",
             "post_attention_layernorm", "mlp_up_proj", "mlp_act", "mlp_down_proj"]
# A decoder layer adds the residual twice (after attention and after the MLP); the profile
# times one add.
RESIDUAL_ADDS = 2
ANCHOR_TOKENS = [1, 8, 32, 64, 512, 1024, 1536, 2048, 2560, 3072, 3584, 4096]
ANCHOR_DECODE = [(1, 1024), (8, 1024), (32, 1024), (64, 1024)]
ANCHOR_PREFILL = [(512, k * 512) for k in range(8)] + [(2048, 0)]


def median_us(row, op):
    return float(row["time_stats.%s.median" % op]) * 1000.0  # the profiles are in ms


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def thin(xs, ys_list, tol):
    """Indices of points such that linear interpolation between kept points reproduces every
    dropped point of every series within relative tolerance tol (Douglas-Peucker)."""
    keep = {0, len(xs) - 1}

    def split(i, j):
        worst, at = 0.0, None
        for k in range(i + 1, j):
            f = (xs[k] - xs[i]) / (xs[j] - xs[i])
            for ys in ys_list:
                y = ys[i] + f * (ys[j] - ys[i])
                err = abs(y - ys[k]) / max(abs(ys[k]), 1e-12)
                if err > worst:
                    worst, at = err, k
        if at is not None and worst > tol:
            keep.add(at)
            split(i, at)
            split(at, j)

    split(0, len(xs) - 1)
    return sorted(keep)


def derive_linear(rows, tol):
    rows = [r for r in rows if int(r["num_tensor_parallel_workers"]) == 1]
    if not rows:
        sys.exit("mlp.csv has no rows at tensor parallelism 1")
    by_tokens = {}
    for r in rows:
        per_layer = sum(median_us(r, op) for op in LAYER_OPS) + RESIDUAL_ADDS * median_us(r, "add")
        by_tokens.setdefault(int(r["num_tokens"]), []).append((per_layer, median_us(r, "emb"), r))
    tokens = sorted(by_tokens)
    # Repeated token counts (a profile re-run) are averaged.
    layer = [sum(v[0] for v in by_tokens[t]) / len(by_tokens[t]) for t in tokens]
    once = [sum(v[1] for v in by_tokens[t]) / len(by_tokens[t]) for t in tokens]
    keep = thin(tokens, [layer, once], tol)
    r0 = rows[0]
    shape = {
        "hidden_size": int(r0["n_embd"]),
        "intermediate_size": int(r0["n_expanded_embd"]),
        "vocab_size": int(r0["vocab_size"]),
        "attention_heads": int(r0["n_head"]),
        "kv_heads": int(r0["n_kv_head"]),
        "gated_mlp": r0["use_gated_mlp"] == "True",
    }
    # Roofline terms of the matmuls, from the MLP up-projection (gate and up fused when gated).
    width = shape["intermediate_size"] * (2 if shape["gated_mlp"] else 1)
    weight_bytes = 2.0 * shape["hidden_size"] * width
    t_small = sum(median_us(v[2], "mlp_up_proj") for v in by_tokens[tokens[0]]) / len(by_tokens[tokens[0]])
    big = tokens[-1]
    t_big = sum(median_us(v[2], "mlp_up_proj") for v in by_tokens[big]) / len(by_tokens[big])
    gemm = {
        "weight_bytes_per_s": weight_bytes / (t_small * 1e-6),
        "flops_per_s": 2.0 * big * shape["hidden_size"] * width / (t_big * 1e-6),
        "from": "mlp_up_proj: weight bytes / median at %d token(s); 2 * tokens * hidden * width / median at %d tokens"
                % (tokens[0], big),
    }
    linear = {
        "tokens": [tokens[i] for i in keep],
        "per_layer_us": [round(layer[i], 4) for i in keep],
        "per_iteration_us": [round(once[i], 4) for i in keep],
    }
    anchors = [{"tokens": t, "per_layer_us": round(layer[tokens.index(t)], 4),
                "per_iteration_us": round(once[tokens.index(t)], 4)} for t in ANCHOR_TOKENS if t in by_tokens]
    return shape, linear, gemm, anchors, len(tokens)


def lsq_line(xs, ys, weights):
    """Weighted least squares y = a + b x."""
    sw = sum(weights)
    mx = sum(w * x for w, x in zip(weights, xs)) / sw
    my = sum(w * y for w, y in zip(weights, ys)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(weights, xs))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(weights, xs, ys))
    b = sxy / sxx if sxx > 0 else 0.0
    return my - b * mx, b


def derive_attention(rows):
    rows = [r for r in rows if int(r["num_tensor_parallel_workers"]) == 1]
    pre = [r for r in rows if r["is_prefill"] == "True"]
    dec = [r for r in rows if r["is_prefill"] == "False"]
    if not pre or not dec:
        sys.exit("attention.csv needs prefill and decode rows at tensor parallelism 1")

    # Prefill: one line in the prior KV length per chunk size; chunks measured at one KV length
    # only cannot give a slope and are left out.
    chunks = {}
    for r in pre:
        chunks.setdefault(int(r["prefill_chunk_size"]), []).append(
            (int(r["kv_cache_size"]), median_us(r, "attn_prefill"), median_us(r, "attn_kv_cache_save")))
    prefill = {"chunk": [], "base_us": [], "per_kv_us": [], "kv_save_us": []}
    for c in sorted(chunks):
        pts = chunks[c]
        # A line extrapolated to KV 0 from long contexts only misses the short-context shape.
        if len({kv for kv, _, _ in pts}) < 2 or min(kv for kv, _, _ in pts) > 2 * c:
            continue
        # Weights 1/y^2 make it a fit in relative error, so short contexts count as much as long.
        a, b = lsq_line([p[0] for p in pts], [p[1] for p in pts], [1.0 / p[1] ** 2 for p in pts])
        prefill["chunk"].append(c)
        prefill["base_us"].append(round(a, 4))
        prefill["per_kv_us"].append(round(b, 7))
        prefill["kv_save_us"].append(round(sorted(p[2] for p in pts)[len(pts) // 2], 4))

    # Decode: a floor (batch 1, launch- and latency-bound) and a line in the total KV tokens read.
    pts = [(int(r["batch_size"]), int(r["kv_cache_size"]), median_us(r, "attn_decode"), median_us(r, "attn_kv_cache_save"))
           for r in dec]
    ones = sorted(p[2] for p in pts if p[0] == 1)
    floor = ones[len(ones) // 2]
    fit = [p for p in pts if 4 <= p[0] <= 256]
    a, s = lsq_line([p[0] * p[1] for p in fit], [p[2] for p in fit], [1.0 / p[2] ** 2 for p in fit])
    saves = sorted(p[3] for p in pts)
    decode = {"floor_us": round(floor, 4), "intercept_us": round(a, 4), "per_kv_token_us": round(s, 8),
              "kv_save_us": round(saves[len(saves) // 2], 4),
              "fitted_rows": len(fit), "kv_lengths": sorted({p[1] for p in pts})}

    anchors = []
    for b, kv in ANCHOR_DECODE:
        hit = [p for p in pts if p[0] == b and p[1] == kv]
        if hit:
            anchors.append({"kind": "decode", "batch": b, "kv": kv,
                            "attention_us": round(sum(h[2] for h in hit) / len(hit), 4),
                            "kv_save_us": round(sum(h[3] for h in hit) / len(hit), 4)})
    for c, kv in ANCHOR_PREFILL:
        hit = [p for p in chunks.get(c, []) if p[0] == kv]
        if hit:
            anchors.append({"kind": "prefill", "chunk": c, "kv": kv,
                            "attention_us": round(sum(h[1] for h in hit) / len(hit), 4),
                            "kv_save_us": round(sum(h[2] for h in hit) / len(hit), 4)})
    return {"measured": True, "decode": decode, "prefill": prefill}, anchors, len(pre) + len(dec)


def scaled_attention(src, dst_gpu, dst_shape, catalog):
    """Attention terms of another table moved to this GPU and model: decode reads KV bytes at the
    source's achieved fraction of peak bandwidth, prefill runs at its fraction of peak matmul
    throughput; the decode floor and intercept (kernel launch and latency) are kept as they are."""
    gpus = catalog["gpus"]
    bw = lambda g: gpus[g]["hbm_bandwidth_bytes_per_s"]["value"]
    fl = lambda g: gpus[g]["bf16_flops"]["value"]
    s_shape = src["model_shape"]
    kv_ratio = dst_shape["kv_heads"] / s_shape["kv_heads"] * (dst_shape["hidden_size"] / dst_shape["attention_heads"]) / (
        s_shape["hidden_size"] / s_shape["attention_heads"])
    q_ratio = dst_shape["hidden_size"] / s_shape["hidden_size"]
    bw_ratio = bw(src["gpu"]) / bw(dst_gpu)
    fl_ratio = fl(src["gpu"]) / fl(dst_gpu)
    a = src["attention"]
    d = dict(a["decode"])
    d["per_kv_token_us"] = round(d["per_kv_token_us"] * bw_ratio * kv_ratio, 8)
    p = {k: list(v) for k, v in a["prefill"].items()}
    p["base_us"] = [round(x * fl_ratio * q_ratio, 4) for x in p["base_us"]]
    p["per_kv_us"] = [round(x * fl_ratio * q_ratio, 7) for x in p["per_kv_us"]]
    return {"measured": False,
            "scaled_from": "%s %s" % (src["gpu"], src["model"]),
            "ratios": {"bandwidth": round(bw_ratio, 5), "kv_width": kv_ratio, "flops": round(fl_ratio, 5),
                       "query_width": q_ratio},
            "decode": d, "prefill": p}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mlp", required=True, help="path to Vidur's mlp.csv")
    ap.add_argument("--attention", help="path to Vidur's attention.csv (or an excerpt with its columns)")
    ap.add_argument("--attention-from", help="a derived table whose attention terms to scale to this GPU")
    ap.add_argument("--catalog", help="models/gpu/catalog.json, for --attention-from")
    ap.add_argument("--gpu", required=True, help="catalog GPU id, e.g. a100-80gb")
    ap.add_argument("--model", required=True, help="catalog model id, e.g. llama-3.1-8b")
    ap.add_argument("--layers", type=int, required=True, help="decoder layers (the profiles time one layer)")
    ap.add_argument("--source", action="append", default=[], help="provenance line (repeatable)")
    ap.add_argument("--tolerance", type=float, default=0.02, help="thinning tolerance, relative")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    shape, linear, gemm, lin_anchors, n_tokens = derive_linear(read_rows(args.mlp), args.tolerance)
    table = {
        "about": "Per-operator GPU kernel times derived from Microsoft Vidur's public profiles "
                 "(Copyright (c) Microsoft Corporation, MIT licence; see models/gpu/kernels/README.md). "
                 "Times in microseconds, tensor parallelism 1, 16-bit weights and KV cache.",
        "gpu": args.gpu, "model": args.model, "layers": args.layers,
        "sources": args.source,
        "model_shape": shape,
        "linear": linear, "gemm": gemm,
        "anchors": {"linear": lin_anchors},
        "derived_from": {"mlp_token_counts": n_tokens, "linear_points_kept": len(linear["tokens"]),
                         "thinning_tolerance": args.tolerance},
    }
    if args.attention:
        att, att_anchors, n_rows = derive_attention(read_rows(args.attention))
        table["attention"] = att
        table["anchors"]["attention"] = att_anchors
        table["derived_from"]["attention_rows"] = n_rows
    elif args.attention_from:
        with open(args.attention_from) as f:
            src = json.load(f)
        with open(args.catalog) as f:
            catalog = json.load(f)
        table["attention"] = scaled_attention(src, args.gpu, shape, catalog)
    else:
        sys.exit("give --attention or --attention-from")
    with open(args.out, "w") as f:
        json.dump(table, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
