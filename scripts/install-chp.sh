#!/usr/bin/env bash
# Install JupyterHub's proxy (configurable-http-proxy, an npm package) into .venv/node/.
#
# JupyterHub is a Python package, but its default proxy is a Node.js program that pip cannot
# install. The Makefile runs this before `make test` so tests/test_hub.py can start a real hub,
# and deploy/jupyterhub_config.py finds the proxy there when none is on PATH. The version is
# pinned (like constraints.txt pins the Python side); running it again is a no-op.
#   usage: bash scripts/install-chp.sh [PREFIX]     (PREFIX defaults to .venv/node)
set -euo pipefail
cd "$(dirname "$0")/.."

CHP_VERSION=4.6.3  # the 4.x line runs on Node >= 10; 5.x needs Node >= 20
PREFIX=${1:-.venv/node}
BIN="$PREFIX/node_modules/.bin/configurable-http-proxy"

if [ -x "$BIN" ] && [ "$("$BIN" --version 2>/dev/null)" = "$CHP_VERSION" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q nodejs npm
  else
    echo "install-chp: npm is missing. Install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)," >&2
    echo "install-chp: then run: bash scripts/install-chp.sh" >&2
    exit 1
  fi
fi
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "configurable-http-proxy@$CHP_VERSION"
"$BIN" --version >/dev/null
echo "install-chp: configurable-http-proxy $CHP_VERSION in $PREFIX"
