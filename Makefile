# Two commands: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/store
PORT ?= 5000

.PHONY: run test install browser soak eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Load the sample article into ./data/store and serve http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/harbour --store $(STORE) load samples/
	$(BIN)/harbour --store $(STORE) serve --port $(PORT)

## The whole test suite (installs Chromium for the browser tests when it can)
test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not soak" tests

## Headless Chromium for browser tests, from Debian's packages
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium missing and cannot install it: browser tests will be skipped"; fi; }

soak: $(STAMP)
	$(BIN)/python -m pytest -m soak tests

## Extraction quality: the gold files and the Japanese NER data (see docs/extraction.md)
eval: $(STAMP)
	$(BIN)/harbour eval tests/gold --ner tests/data/ner-wikipedia-ja/dev.json

clean:
	rm -rf $(VENV) data
