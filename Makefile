# KSB Crosswalk: `make run` builds the graph and opens the main job; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CROSSWALK := $(VENV)/bin/crosswalk
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install ingest build run test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Re-import the source documents into data/*.csv (committed; review the diff).
ingest: install
	$(CROSSWALK) ingest

build: install
	$(CROSSWALK) build

run: build
	$(CROSSWALK) stats

lint: install
	$(VENV)/bin/ruff check graph tests

test: lint
	$(PY) -m pytest

clean:
	rm -rf build .pytest_cache
