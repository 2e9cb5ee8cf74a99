#!/usr/bin/env bash
# `opgsim report` in a real browser: Debian's chromium, headless, loads the index.html of a small
# run's report (with the economy and x402 payments) and of a small sweep's, and the test fails on
# any <img> that did not load (naturalWidth 0) and on any file the page links that is missing.
# The check is an inline script in a copy of index.html beside it (the report itself has no
# script) that writes "images N broken M" into the DOM, read back from --dump-dom. A negative
# case deletes one figure and requires the check to see it, so the test can fail.
# Usage: bash tests/browser/report_browser_test.sh BIN SOURCE_DIR   (registered in ctest when
# chromium is installed; bash setup.sh test installs it)
set -euo pipefail
bin=$(realpath "$1")
src=$2
chromium=$(command -v chromium || command -v chromium-browser)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"

tiny=(--set duration_s=40 --set warmup_s=10 --set drain_s=20 --set roles.inference.count=2
      --set workload.arrivals.rate_rps=5)
"$bin" run scenarios/baseline.json --quiet --out "$tmp/run" "${tiny[@]}" >/dev/null
"$bin" run scenarios/economy/x402-outage.json --quiet --out "$tmp/econ" --set duration_s=180 --set drain_s=30 >/dev/null
"$bin" sweep scenarios/baseline.json --param workload.arrivals.rate_rps=5,10 --replications 1 --jobs 2 \
  --out "$tmp/sweep" "${tiny[@]}" >/dev/null
for d in run econ sweep; do "$bin" report "$tmp/$d" >/dev/null; done

# "images N broken M" as chromium sees the page, or "no check" when the script never ran.
browser_check() {
  local report=$1
  local page="$report/.browser-check.html"
  sed 's#</body>#<script>window.addEventListener("load", function () { var imgs = document.images, broken = 0; for (var i = 0; i < imgs.length; ++i) if (!imgs[i].complete || imgs[i].naturalWidth === 0) ++broken; var p = document.createElement("p"); p.id = "opgsim-check"; p.textContent = "images " + imgs.length + " broken " + broken; document.body.appendChild(p); });</script></body>#' \
    "$report/index.html" >"$page"
  local dom
  dom=$(timeout 60 "$chromium" --headless --disable-gpu --no-sandbox --virtual-time-budget=10000 --dump-dom \
    "file://$page" 2>/dev/null || true)
  rm -f "$page"
  grep -o 'images [0-9]* broken [0-9]*' <<<"$dom" || echo "no check"
}

# How many files the page names (src= and href=, each file once) are missing from the report folder.
missing_files() {
  local report=$1 n=0 f
  for f in $(grep -oE '(src|href)="[^"#:]+"' "$report/index.html" | sed -E 's/^(src|href)="//; s/"$//' | sort -u); do
    if [[ ! -s "$report/$f" ]]; then echo "missing: $report/$f" >&2; n=$((n + 1)); fi
  done
  echo "$n"
}

fail=0
for d in run econ sweep; do
  report="$tmp/$d/report"
  got=$(browser_check "$report")
  want_images=$(grep -o '<img ' "$report/index.html" | wc -l)
  echo "$d: $got (the page has $want_images images); missing linked files: $(missing_files "$report")"
  if [[ "$got" != "images $want_images broken 0" || "$want_images" -lt 1 || $(missing_files "$report") != 0 ]]; then
    echo "FAIL: $d's report does not load cleanly in chromium" >&2
    fail=1
  fi
done

# Negative case: one figure deleted, the browser must see one broken image and the link check a
# missing file.
rm "$tmp/run/report/timeseries.svg"
got=$(browser_check "$tmp/run/report")
echo "run with timeseries.svg deleted: $got"
if [[ "$got" != *" broken 1" ]]; then
  echo "FAIL: the check did not see the deleted figure (got: $got)" >&2
  fail=1
fi
if [[ $(missing_files "$tmp/run/report" 2>/dev/null) != 1 ]]; then
  echo "FAIL: the link check did not see the deleted figure" >&2
  fail=1
fi
exit $fail
