#!/usr/bin/env python3
"""The long-horizon mode's interpolation error, measured: for windows of a horizon cache that are
neighbours on the rate grid (same scenario but the rate), simulate the window at the midpoint rate
and compare its summary with the linear interpolation of the two neighbours at weight 0.5 (what
a period at that rate gets). usage: horizon-interpolation-check.py OPGSIM CACHE_DIR [N [MIN_RATE]]"""
import glob, json, os, subprocess, sys, tempfile

opgsim, cache = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 6
min_rate = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
windows = []
for f in glob.glob(os.path.join(cache, "*.scenario.json")):
    s = json.load(open(f))
    summ = f.replace(".scenario.json", ".summary.json")
    if not os.path.exists(summ):
        continue
    rate = s["workload"]["arrivals"]["rate_rps"]
    s["workload"]["arrivals"]["rate_rps"] = None
    windows.append((json.dumps(s, sort_keys=True), rate, json.load(open(f)), json.load(open(summ))))
windows.sort(key=lambda w: (w[0], w[1]))
pairs = [(a, b) for a, b in zip(windows, windows[1:]) if a[0] == b[0] and 1.05 < b[1] / a[1] < 1.15 and a[1] >= min_rate]
step = max(1, len(pairs) // n)
metrics = {"throughput_rps": lambda s: s["throughput_rps"], "completed_fraction":
           lambda s: s["measured"]["completed"] / max(1, s["measured"]["submitted"]),
           "latency_p50_s": lambda s: s["latency_s"]["p50"], "latency_p99_s": lambda s: s["latency_s"]["p99"],
           "ttft_p99_s": lambda s: s["ttft_s"]["p99"]}
worst = {k: 0.0 for k in metrics}
print("| rate lo..hi req/s | metric | interpolated | simulated at the midpoint | relative error |")
print("|---|---|---|---|---|")
for a, b in pairs[::step][:n]:
    mid = (a[1] + b[1]) / 2
    scen = dict(a[2])
    scen["workload"] = dict(scen["workload"])
    scen["workload"]["arrivals"] = {"type": "poisson", "rate_rps": mid}
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "mid.json")
        json.dump(scen, open(p, "w"))
        subprocess.run([opgsim, "run", p, "--out", os.path.join(d, "out"), "--quiet"], check=True)
        sim = json.load(open(os.path.join(d, "out", "summary.json")))
    for k, f in metrics.items():
        interp = (f(a[3]) + f(b[3])) / 2
        got = f(sim)
        err = abs(interp - got) / abs(got) if got else 0.0
        worst[k] = max(worst[k], err)
        print(f"| {a[1]:.4g}..{b[1]:.4g} | {k} | {interp:.4g} | {got:.4g} | {100 * err:.2f} % |")
print()
print("worst relative error: " + ", ".join(f"{k} {100 * v:.2f} %" for k, v in worst.items()))
