#!/usr/bin/env bash
# Make sure the browser tests have a Chromium. Order: $WORKBOOK_CHROMIUM, Debian's chromium,
# apt-get when we are root, Playwright's own download when online; otherwise say how.
set -u
found() { echo "Chromium for browser tests: $1"; exit 0; }
[ -n "${WORKBOOK_CHROMIUM:-}" ] && [ -x "$WORKBOOK_CHROMIUM" ] && found "$WORKBOOK_CHROMIUM"
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$c" ] && found "$c"; done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium with apt-get (needed by the browser tests)..."
  (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }) \
    && [ -x /usr/bin/chromium ] && found /usr/bin/chromium
fi
VENV=${VENV:-.venv}
if [ -x "$VENV/bin/playwright" ] && "$VENV/bin/playwright" install chromium >/dev/null 2>&1; then
  found "Playwright's own Chromium"
fi
cat >&2 <<'MSG'
The browser tests need Chromium and none was found or could be installed.
  Debian/Ubuntu:  sudo apt-get install chromium
  Elsewhere:      .venv/bin/playwright install chromium   (needs internet once)
  Or point WORKBOOK_CHROMIUM at a Chromium/Chrome binary.
Then run `make test` again.
MSG
exit 1
