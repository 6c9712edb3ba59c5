#!/usr/bin/env bash
# make run: the embedded demo on http://$HOST:$PORT, web server and task worker together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
PY=.venv/bin/python

$PY manage.py migrate --noinput
if [ "${GONGKAI_LOAD_DEMO:-1}" != "0" ]; then
  $PY manage.py load_demo --if-empty
fi
$PY manage.py demo_accounts --url "http://${HOST}:${PORT}"

$PY manage.py db_worker --interval 2 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
$PY manage.py runserver "${HOST}:${PORT}" --noreload
