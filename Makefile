# Two commands for a fresh machine: `make serve` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)

.PHONY: serve test lint install build clean browser graphviz virtuoso

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/xwalk build

# `make serve PORT=8080 HOST=0.0.0.0` (defaults 8000 and 127.0.0.1; XWALK_PORT / XWALK_HOST work too).
serve: build
	$(BIN)/xwalk serve $(if $(PORT),--port $(PORT)) $(if $(HOST),--host $(HOST))

# Headless Chromium + ChromeDriver (Debian packages) for the query-page test; apt needs root, as on CI.
# If they cannot be installed, tests/test_query_page.py skips and says why.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver) >/dev/null 2>&1 || \
	  echo "warning: could not install chromium + chromium-driver: the browser test will be skipped"

# Graphviz's `dot` (Debian package graphviz) renders the DOT exports to SVG and PNG, and the export tests read
# the DOT back with it. Without it those tests skip and `--format svg|png` answers that dot is missing.
graphviz:
	@command -v dot >/dev/null || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q graphviz) >/dev/null 2>&1 || \
	  echo "warning: could not install graphviz: the Graphviz export tests will be skipped"

# OpenLink Virtuoso (Debian virtuoso-opensource 7.2), the second real SPARQL server the remote-store tests start
# (tests/virtuoso.py, on free ports of 127.0.0.1 with a database of their own). Without it those tests skip.
virtuoso:
	@command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource) >/dev/null 2>&1 || \
	  echo "warning: could not install virtuoso-opensource: the Virtuoso store tests will be skipped"

test: $(STAMP) browser graphviz virtuoso
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts $(wildcard benchmarks examples)
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) dist
