# kinerja: two commands matter. `make demo` sets everything up and runs the main job on the
# sample data; `make test` sets up (if needed) and runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
KINERJA := $(VENV)/bin/kinerja
SYSTEM_PYTHON ?= python3

.PHONY: setup demo test test-fast lint bench clean-reports

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	bash scripts/install-system-deps.sh
	touch $@

demo: setup
	$(KINERJA) demo

test: setup
	$(PY) -m pytest -n 2 --dist loadgroup

# The fast lane: everything but notebooks, browsers, LibreOffice, mypy and long property runs.
test-fast: setup
	$(PY) -m pytest -n 2 -m "not slow"

lint: setup
	$(VENV)/bin/ruff check kinerja tests benchmarks

bench: setup
	$(PY) benchmarks/bench_lembar_kerja.py
