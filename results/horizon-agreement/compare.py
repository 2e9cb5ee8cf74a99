#!/usr/bin/env python3
"""Writes agreement.md: each period's delivered throughput, p99 latency, active operators, active
users and fees of the long-horizon run against the request-level replications' 95 % prediction
interval (mean +- t(0.975, n-1) sd sqrt(1 + 1/n): where one more replication falls with 95 %
probability, the right yardstick for a single long run), plus the run totals.
usage: compare.py WORK_DIR REPLICATIONS (folders WORK/<name>-long-w<window> and WORK/<name>-r1..rN)"""
import csv, json, math, os, statistics, sys

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
UNITS = 1e9  # base units per OPG (9 decimals)


def rows(path, duration):
    with open(path) as f:
        return [r for r in csv.DictReader(f) if float(r["t_end_s"]) <= duration + 1e-9]


def interval(xs):
    n = len(xs)
    m = statistics.fmean(xs)
    sd = statistics.stdev(xs) if n > 1 else 0.0
    half = T975[min(n - 2, len(T975) - 1)] * sd * math.sqrt(1 + 1 / n)
    return m, m - half, m + half


def inside(v, lo, hi):
    # A degenerate interval (every replication equal) asks for the same value, to a relative 1e-9.
    return lo - 1e-9 * abs(lo) <= v <= hi + 1e-9 * abs(hi)


def per_period(work, name, reps, window):
    long_dir = os.path.join(work, f"{name}-long-w{window}")
    summary = json.load(open(os.path.join(long_dir, "summary.json")))
    manifest = json.load(open(os.path.join(long_dir, "manifest.json")))
    duration = summary["horizon"]["periods"] * summary["horizon"]["period_s"]
    lt = rows(os.path.join(long_dir, "timeseries.csv"), duration)
    ll = rows(os.path.join(long_dir, "ledger.csv"), duration)
    long = {
        "delivered req/s": [float(r["throughput_rps"]) for r in lt],
        "p99 latency s": [float(r["latency_p99_s"]) for r in lt],
        "operators active": [float(r["operators_active"]) for r in ll],
        "users active": [float(r["active_users"]) for r in ll],
        "fees OPG": [float(r["fees_units"]) / UNITS for r in ll],
    }
    short = {k: [] for k in long}
    for i in range(1, reps + 1):
        d = os.path.join(work, f"{name}-r{i}")
        st = rows(os.path.join(d, "timeseries.csv"), duration)
        sl = rows(os.path.join(d, "ledger.csv"), duration)
        short["delivered req/s"].append([float(r["delivered_rps"]) for r in st])
        short["p99 latency s"].append([float(r["latency_p99_s"]) for r in st])
        short["operators active"].append([float(r["operators_active"]) for r in sl])
        short["users active"].append([float(r["active_users"]) for r in sl])
        short["fees OPG"].append([float(r["fees_units"]) / UNITS for r in sl])
    return summary, manifest, duration, long, short


def report(work, name, reps, title, window):
    summary, manifest, duration, long, short = per_period(work, name, reps, window)
    periods = len(long["delivered req/s"])
    out = [f"## {title}, {window:g}-second windows", "",
           f"Long-horizon run: {periods} periods of {summary['horizon']['period_s']:g} s, "
           f"{manifest.get('request_level_simulations', '?')} request-level windows simulated. "
           f"Request-level reference: {reps} replications (seeds 1..{reps}) of {duration:g} s.", ""]
    total_in, total = 0, 0
    detail = ["| period end (h) | metric | long-horizon | request-level mean | 95 % prediction interval | inside |",
              "|---|---|---|---|---|---|"]
    per_metric = {}
    for k in long:
        for p in range(periods):
            xs = [s[p] for s in short[k] if p < len(s)]
            m, lo, hi = interval(xs)
            ok = inside(long[k][p], lo, hi)
            total += 1
            total_in += ok
            per_metric.setdefault(k, [0, 0])
            per_metric[k][0] += ok
            per_metric[k][1] += 1
            end_h = (p + 1) * summary["horizon"]["period_s"] / 3600
            detail.append(f"| {end_h:g} | {k} | {long[k][p]:.4g} | {m:.4g} | {lo:.4g} .. {hi:.4g} | {'yes' if ok else '**no**'} |")
    out.append("| metric | periods inside the interval |")
    out.append("|---|---|")
    for k, (a, b) in per_metric.items():
        out.append(f"| {k} | {a} of {b} |")
    # Run totals: completed requests, fees, operators and users at the end.
    out += ["", "| run total | long-horizon | request-level mean | 95 % prediction interval | inside |", "|---|---|---|---|---|"]
    for k, f in [("delivered requests", lambda v: sum(x * summary["horizon"]["period_s"] for x in v["delivered req/s"])),
                 ("fees OPG", lambda v: sum(v["fees OPG"])),
                 ("operators active at the end", lambda v: v["operators active"][-1]),
                 ("users active at the end", lambda v: v["users active"][-1])]:
        lv = f(long)
        xs = [f({kk: short[kk][i] for kk in short}) for i in range(reps)]
        m, lo, hi = interval(xs)
        ok = inside(lv, lo, hi)
        total += 1
        total_in += ok
        out.append(f"| {k} | {lv:.6g} | {m:.6g} | {lo:.6g} .. {hi:.6g} | {'yes' if ok else '**no**'} |")
    out += ["", f"**{total_in} of {total} comparisons inside the request-level 95 % prediction interval.**", "",
            "<details><summary>every period</summary>", ""] + detail + ["", "</details>", ""]
    return out


if __name__ == "__main__":
    work, reps = sys.argv[1], int(sys.argv[2])
    print("# The long-horizon mode against request-level runs\n")
    print("Generated by `results/horizon-agreement/run.sh` (issue 13's agreement check; the small version "
          "runs in CI as tests/engine/horizon_test.cpp). A single long-horizon run is compared with the "
          "interval where one more request-level replication would fall with 95 % probability.\n")
    for name, title in [("day", "One day in hourly periods (day.json)"),
                        ("week", "One week in daily periods, operators leaving (week.json)")]:
        for window in (300, 3600):
            for line in report(work, name, reps, title, window):
                print(line)
