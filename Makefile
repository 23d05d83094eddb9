# The Career Goals Workbook. Two commands matter: `make app` and `make test`.
# Every target bootstraps .venv/ on first use from the pinned versions in constraints.txt,
# so a workshop set up next month gets exactly what was tested today.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
SEATS  ?= 30
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt

.DEFAULT_GOAL := help
.PHONY: help app workshop lab slides test test-fast lint format bench bench-coach chromium clean lock screenshots

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

# --- environment -------------------------------------------------------------------------
$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The workbook needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install it, or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@touch $@

$(VENV)/.app: $(VENV)/.python-ok pyproject.toml constraints.txt
	$(PIP) -e .
	@touch $@

$(VENV)/.test: $(VENV)/.app
	$(PIP) -e '.[test,hub]'
	@touch $@

# the JupyterHub test's proxy (npm package), installed into .venv/node
$(VENV)/node/.chp: scripts/install-chp.sh scripts/npm-package.sh
	bash scripts/install-chp.sh $(VENV)/node
	@touch $@

# reveal.js stylesheets for the slides (npm package), so slides load nothing from a CDN
$(VENV)/node/.reveal: scripts/install-reveal.sh scripts/npm-package.sh
	bash scripts/install-reveal.sh $(VENV)/node
	@touch $@

# axe-core, the accessibility engine the browser tests run inside each page (npm package)
AXE_VERSION := 4.11.0
$(VENV)/node/.axe: scripts/npm-package.sh
	bash scripts/npm-package.sh axe-core $(AXE_VERSION) axe.min.js $(VENV)/node
	@touch $@

# --- using the workbook ------------------------------------------------------------------
app: $(VENV)/.app  ## serve the Voila app at http://localhost:$(PORT) (PORT=... to change)
	$(PY) scripts/serve.py app --port $(PORT)

workshop: $(VENV)/.app  ## serve a class (SEATS=30): pre-heated kernels, no remembered codes
	$(PY) scripts/serve.py workshop --port $(PORT) --seats $(SEATS)

slides: $(VENV)/.app $(VENV)/node/.reveal  ## present the chapters as reveal.js slides in Voila
	$(PY) scripts/serve.py slides --port $(PORT)

lab: $(VENV)/.app  ## open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

# --- developing ----------------------------------------------------------------------------
chromium:  ## make sure a Chromium for the browser tests is present (apt as root, else says how)
	@bash scripts/ensure-chromium.sh

test: lint $(VENV)/.test $(VENV)/node/.chp $(VENV)/node/.reveal $(VENV)/node/.axe chromium  ## set everything up and run every test (lint, unit, notebooks, browser, hub)
	WORKBOOK_REQUIRE_BROWSER=1 WORKBOOK_REQUIRE_HUB=1 $(PY) -m pytest

test-fast: $(VENV)/.test  ## the quick tests only (no browser, no notebooks, no hub)
	$(PY) -m pytest -m "not browser and not slow and not hub"

screenshots: $(VENV)/.test $(VENV)/node/.axe chromium  ## retake the README's laptop and phone pictures (docs/)
	WORKBOOK_SCREENSHOTS=docs WORKBOOK_REQUIRE_BROWSER=1 $(PY) -m pytest tests/browser/test_layout.py -k wider

lint: $(VENV)/.test  ## ruff lint and format check, mypy strict on workbook/; notebooks clean and navigation up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) scripts/notebooks.py --check

format: $(VENV)/.test  ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.test $(VENV)/node/.chp chromium  ## every benchmark (hub: 20 students at once); prints tables, writes bench/results/*.json
	$(PY) bench/run.py

bench-coach: $(VENV)/.test  ## the coach's quality (real data from WORKBOOK_REAL_DATA, default ../shared/real-data) and speed
	$(PY) bench/run.py coach_quality coach_speed

lock: $(VENV)/.test  ## re-pin constraints.txt from the current environment (after an upgrade)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis bench/results
