#!/usr/bin/env bash
# Install one npm package at an exact version into a prefix (default .venv/node), once.
# Used at set-up time only: nothing the workbook serves or tests fetches from the network later.
# Installs Node.js and npm with apt-get when run as root without them; otherwise says how.
# Running it again with the package in place is a no-op.
#   usage: bash scripts/npm-package.sh NAME VERSION FILE [PREFIX]
#     FILE: a path inside the package that must exist afterwards (e.g. axe.min.js)
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=$1
VERSION=$2
FILE=$3
PREFIX=${4:-.venv/node}
PACKAGE="$PREFIX/node_modules/$NAME"

installed() {
  [ -f "$PACKAGE/$FILE" ] && [ -f "$PACKAGE/package.json" ] \
    && grep -q "\"version\": \"$VERSION\"" "$PACKAGE/package.json"
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
    echo "npm-package: npm is missing. Install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)," >&2
    echo "npm-package: then run: bash scripts/npm-package.sh $NAME $VERSION $FILE $PREFIX" >&2
    exit 1
  fi
fi
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error --save-exact "$NAME@$VERSION"
if ! installed; then
  echo "npm-package: npm finished but $PACKAGE/$FILE ($VERSION) is missing" >&2
  exit 1
fi
echo "npm-package: $NAME $VERSION in $PREFIX"
