# KSB Crosswalk: `make run` builds the graph and opens the main job; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CROSSWALK := $(VENV)/bin/crosswalk
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install system-packages browser ingest build run test lint bench screenshots clean

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

# The main job: the explorer on the bundled data, at http://localhost:8501
run: build
	$(PY) -m graph.ui.serve --server.headless true --browser.gatherUsageStats false

# The Debian packages the checks run against, installed when missing (command:package):
# Chromium for the end-to-end tests (Playwright's own browser download is not used) and
# Virtuoso, the second triple store the store tests start privately.
SYSTEM_PACKAGES := chromium:chromium virtuoso-t:virtuoso-opensource
system-packages:
	@missing="$$(for pair in $(SYSTEM_PACKAGES); do command -v $${pair%%:*} >/dev/null 2>&1 \
		|| echo $${pair#*:}; done)"; \
	if [ -n "$$missing" ]; then apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

browser: system-packages

lint: install
	$(VENV)/bin/ruff check .

# The bundled store is built once before the test workers start (one per core).
test: lint system-packages build
	$(PY) -m pytest

# The benchmarks at the bundled size, 100 k and 1 M triples (about ten minutes on two cores):
# writes benchmarks/RESULTS.md. `make test` runs them once at a tiny size.
bench: install
	$(PY) -m benchmarks.run

# The README's screenshots: the browser tests take them (tests/artifacts/), then into docs/.
README_SHOTS := journey-choose journey-register journey-trace coverage-map-focus coverage-map-overview
screenshots: build system-packages
	$(PY) -m pytest -n 0 -q tests/e2e/test_journeys.py tests/e2e/test_coverage_map.py
	for name in $(README_SHOTS); do cp tests/artifacts/$$name.png docs/; done

clean:
	rm -rf build .pytest_cache
