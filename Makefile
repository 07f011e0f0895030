# The two commands a newcomer runs (see README): `make serve` and `make test`.
# Everything they need is installed here: Python packages into .venv, Debian's chromium,
# a Thai font, nodejs and npm for the browser tests and the static search's, and the
# browser tests' pinned npm packages (axe-core) into tests/browser/node_modules.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | cksum | cut -d' ' -f1)
BROWSER_JS := tests/browser/node_modules/.package-lock.json

.PHONY: setup system browser-js serve test lint bench

# The project itself goes in editable (hatchling, pinned in requirements-dev.txt): that
# registers the `ecm` command and the `ecm/manual` mkdocs plugin, so plain `mkdocs build`
# and `mkdocs serve` work in this checkout.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for the browser tests; needs root (or sudo) the first time only.
system:
	@sh .ci/install-system-packages

# The exact npm packages of tests/browser/package-lock.json (npm ci checks their hashes).
$(BROWSER_JS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $(BROWSER_JS)

browser-js: system $(BROWSER_JS)

serve: setup
	$(PY) cli.py build
	$(PY) cli.py serve --host 127.0.0.1 --port 8000

test: setup system browser-js
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: setup
	$(PY) -m bench.run --sizes 1000 10000
