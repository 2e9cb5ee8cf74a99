#!/usr/bin/env bash
# Rewrites the generated field reference at the end of scenarios/README.md from the schema
# (`opgsim dump-schema --markdown`). Run after changing sim/scenario/scenario_schema.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-build/opgsim}"
readme=scenarios/README.md
begin='<!-- BEGIN GENERATED REFERENCE -->'
end='<!-- END GENERATED REFERENCE -->'
head="$(sed "/^${begin}\$/,\$d" "$readme")"
{
  printf '%s\n%s\n' "$head" "$begin"
  "$binary" dump-schema --markdown
  printf '%s\n' "$end"
} > "$readme.tmp"
mv "$readme.tmp" "$readme"
