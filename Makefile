# kinerja: two commands matter. `make demo` sets everything up and runs the main job on the
# sample data; `make test` sets up (if needed) and runs the tests. Both call bootstrap.py, which
# does the same on Windows (`py bootstrap.py demo`, `py bootstrap.py test`).
VENV ?= .venv
PY := $(VENV)/bin/python
SYSTEM_PYTHON ?= python3
BOOTSTRAP := VENV=$(VENV) $(SYSTEM_PYTHON) bootstrap.py

.PHONY: setup demo test test-fast lint bench

setup:
	$(BOOTSTRAP) setup

demo:
	$(BOOTSTRAP) demo

test:
	$(BOOTSTRAP) test

# The fast lane: everything but notebooks, browsers, LibreOffice and long property runs (mypy and
# the notebooks' thinness included); it reports branch coverage per module.
test-fast:
	$(BOOTSTRAP) test-fast

lint: setup
	$(VENV)/bin/ruff check kinerja tests benchmarks

bench: setup
	$(PY) benchmarks/bench_lembar_kerja.py
