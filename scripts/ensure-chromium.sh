#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright (no browser download of Playwright's own).
set -euo pipefail
have_fonts() { dpkg -s fonts-noto-cjk >/dev/null 2>&1 || fc-list 2>/dev/null | grep -qi "CJK"; }
if command -v chromium >/dev/null 2>&1 && have_fonts; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium and CJK fonts for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "chromium is missing and we are not root: browser tests will fail. Install the 'chromium' package." >&2
fi
