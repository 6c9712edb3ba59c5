#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in bench/bench_*.py; do
  [ -e "$bench" ] || continue
  echo "== $bench =="
  .venv/bin/python "$bench"
done
