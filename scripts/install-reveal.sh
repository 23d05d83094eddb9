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
REVEAL_VERSION=6.0.1  # = the J="6.0.1" in .venv/share/jupyter/voila/templates/base/static/reveal.js
exec bash "$(dirname "$0")/npm-package.sh" reveal.js "$REVEAL_VERSION" dist/reveal.css "${1:-.venv/node}"
