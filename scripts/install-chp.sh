#!/usr/bin/env bash
# Install JupyterHub's proxy (configurable-http-proxy, an npm package) into .venv/node/.
#
# JupyterHub is a Python package, but its default proxy is a Node.js program that pip cannot
# install. The Makefile runs this before `make test` so tests/test_hub.py can start a real hub,
# and deploy/jupyterhub_config.py finds the proxy there when none is on PATH. The version is
# pinned (like constraints.txt pins the Python side); running it again is a no-op.
#   usage: bash scripts/install-chp.sh [PREFIX]     (PREFIX defaults to .venv/node)
set -euo pipefail
CHP_VERSION=4.6.3  # the 4.x line runs on Node >= 10; 5.x needs Node >= 20
exec bash "$(dirname "$0")/npm-package.sh" configurable-http-proxy "$CHP_VERSION" \
  bin/configurable-http-proxy "${1:-.venv/node}"
