#!/usr/bin/env bash
# Install reveal.js (an npm package) into .venv/node/, so the slides never load it from a CDN.
#
# Voila's reveal template runs Voila's own bundle of reveal.js but links the stylesheets
# (reveal.css and the theme) from unpkg.com. The workbook's `workbook-reveal` template serves
# them from this folder instead (scripts/serve.py maps it to /voila/reveal.js/). The version is
# the one bundled in Voila 0.5.13's static/reveal.js, so the stylesheets match the script; the
# registry is reached here, at set-up time, and never while the slides are shown.
# Running it again is a no-op.
#   usage: bash scripts/install-reveal.sh [PREFIX]     (PREFIX defaults to .venv/node)
set -euo pipefail
cd "$(dirname "$0")/.."

REVEAL_VERSION=6.0.1  # = the J="6.0.1" in .venv/share/jupyter/voila/templates/base/static/reveal.js
PREFIX=${1:-.venv/node}
PACKAGE="$PREFIX/node_modules/reveal.js"

installed() {
  [ -f "$PACKAGE/dist/reveal.css" ] && [ -f "$PACKAGE/package.json" ] \
    && grep -q "\"version\": \"$REVEAL_VERSION\"" "$PACKAGE/package.json"
}

if installed; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q nodejs npm
  else
    echo "install-reveal: npm is missing. Install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)," >&2
    echo "install-reveal: then run: bash scripts/install-reveal.sh" >&2
    exit 1
  fi
fi
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error --save-exact "reveal.js@$REVEAL_VERSION"
if ! installed; then
  echo "install-reveal: npm finished but $PACKAGE/dist/reveal.css ($REVEAL_VERSION) is missing" >&2
  exit 1
fi
echo "install-reveal: reveal.js $REVEAL_VERSION in $PREFIX"
