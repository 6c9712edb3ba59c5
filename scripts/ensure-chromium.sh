#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright (no browser download of Playwright's own).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "chromium is missing and we are not root: browser tests will fail. Install the 'chromium' package." >&2
fi
