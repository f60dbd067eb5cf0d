# gradstep: `make run` starts the app, `make test` runs every test.
# Both create .venv and install what they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench qt-libs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

qt-libs:
	bash .ci/install-qt-libs.sh

run: $(STAMP) qt-libs
	$(PY) main.py $(ARGS)

test: $(STAMP) qt-libs
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(STAMP) qt-libs
	for script in tests/benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
