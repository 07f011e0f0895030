# The two commands a newcomer runs (see README): `make serve` and `make test`.
# Everything they need is installed here: Python packages into .venv, and Debian's
# chromium and a Thai font for the browser tests, and nodejs for the static search's.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup system serve test lint bench

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

serve: setup
	$(PY) cli.py build
	$(PY) cli.py serve --host 127.0.0.1 --port 8000

test: setup system
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: setup
	$(PY) -m bench.run --sizes 1000 10000
