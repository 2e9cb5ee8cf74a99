#!/usr/bin/env bash
# Rewrites the generated reference tables in results/README.md (manifest.json, summary.json,
# timeseries.csv, curve signals, ledger.csv) from their declarations in analysis/output/,
# and python/opgsim/columns.json (the Python package's column types) from the same declarations.
# Run after changing a declaration; tests/unit/output/results_reference_test.cpp and
# python_columns_test.cpp fail until then.
# usage: bash results/update-reference.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake --build "$build" --target test_output >/dev/null
OPGSIM_UPDATE_RESULTS_README=1 "$build/test_output" \
  --test-case="python/opgsim/columns.json holds the column types generated from the output declarations" >/dev/null
OPGSIM_UPDATE_RESULTS_README=1 "$build/test_output" \
  --test-case='results/README.md holds the reference tables generated from the output declarations' >/dev/null
git --no-pager diff --stat -- results/README.md python/opgsim/columns.json || true
