#!/usr/bin/env bash
# make test: the whole suite on the embedded SQLite, then again on PostgreSQL when one answers
# (TEST_DATABASE_URL, else postgres@127.0.0.1:5432 with trust auth). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# One pytest worker per CPU (pytest-xdist). Tests are handed out one by one in pytest-django's order, so
# in every worker the transactional tests (the browser tests, whose live server flushes the database)
# come after all the others, as in a single process; TEST_WORKERS=1 runs in a single process.
workers="${TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}"
parallel=()
[ "$workers" -gt 1 ] && parallel=(-n "$workers" --dist load)

pg_url="${TEST_DATABASE_URL:-}"
if [ -z "$pg_url" ] && $PY - <<'PYEOF' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
PYEOF
then
  pg_url="postgres://postgres@127.0.0.1:5432/gongkai"
fi

[ -n "$pg_url" ] || echo "== No PostgreSQL server answered: only the SQLite run will happen =="
echo "== Test suite on SQLite =="
env -u DATABASE_URL $PY -m pytest "${parallel[@]}" "$@"
if [ -n "$pg_url" ]; then
  echo "== Test suite on PostgreSQL ($pg_url) =="
  DATABASE_URL="$pg_url" $PY -m pytest "${parallel[@]}" --create-db "$@"
fi
