# Relais — the README names `make run` and `make test`; the rest are their parts.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION := 132.0.0
WASM_SPLIT_VERSION := 0.2.4
AXE_VERSION := 4.14.1
TOOLS := $(CURDIR)/.tools
WASM_OPT := $(TOOLS)/node_modules/.bin/wasm-opt
AXE := $(TOOLS)/node_modules/axe-core/axe.min.js
DIST := frontend/dist
RELAIS := $(CARGO_TARGET_DIR)/debug/relais
VENV := $(CURDIR)/.venv
PORT ?= 8470

.PHONY: help run test tools web server test-unit test-api test-postgres e2e fuzz openapi fmt lint browser durability bench screenshots

help:
	@echo "make run    — build everything and serve Relais with demo data on http://127.0.0.1:$(PORT)/"
	@echo "make test   — every test: domain, API on SQLite and PostgreSQL, OpenAPI drift, browser"
	@echo "parts: tools web server test-unit test-api test-postgres e2e fuzz durability bench screenshots openapi fmt lint"

## Set-up: what the build needs, installed once per machine.
tools:
	@rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 5 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@if ! wasm-split-cli --help >/dev/null 2>&1 || [ "$$(cat $(HOME)/.cargo/.wasm-split-version 2>/dev/null)" != "$(WASM_SPLIT_VERSION)" ]; then \
	  echo "Installing wasm-split-cli $(WASM_SPLIT_VERSION), which cuts the web app into chunks (about 3 minutes, once)"; \
	  cargo install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary && \
	  echo "$(WASM_SPLIT_VERSION)" > $(HOME)/.cargo/.wasm-split-version; fi
	@command -v brotli >/dev/null && command -v zopfli >/dev/null || { echo "Installing brotli and zopfli from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli zopfli >/dev/null; }
	@if [ ! -x "$(WASM_OPT)" ]; then \
	  echo "Installing wasm-opt (binaryen $(BINARYEN_VERSION)) from npm into .tools/"; \
	  mkdir -p $(TOOLS) && npm install --silent --no-audit --no-fund --prefix $(TOOLS) binaryen@$(BINARYEN_VERSION); fi

## The web app: wasm32 release build cut into chunks (the shell, then one per screen, loaded
## when first shown), JS bindings, size optimisation, static files.
web: tools
	cargo build -p relais-frontend --target wasm32-unknown-unknown --profile release-wasm
	rm -rf $(DIST) && mkdir -p $(DIST)
	wasm-split-cli $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/release-wasm/relais-frontend.wasm $(DIST) --out-name app
	wasm-bindgen --target web --no-typescript --keep-lld-exports --out-name app --out-dir $(DIST) $(DIST)/app.wasm
	rm $(DIST)/app.wasm
	ls $(DIST)/*.wasm | xargs -P "$$(nproc)" -I{} $(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
	  --enable-sign-ext --enable-mutable-globals {} -o {}
	scripts/package-web.sh $(DIST) frontend/static

server:
	cargo build -p relais-api --bin relais

## `make run`: serve on an embedded SQLite file with the demo organisation.
run: web server
	$(RELAIS) serve --demo --bind 127.0.0.1:$(PORT) --web-dir $(DIST)

## Tests.
test: lint test-unit test-api test-postgres e2e fuzz
	@echo "make test: all suites passed"

test-unit:
	cargo test -p relais-domain --features server
	cargo test -p relais-db
	cargo test -p relais-api --lib
	cargo test -p relais-frontend

test-api:
	@echo "== API tests on SQLite =="
	cargo test -p relais-api --test api

# PostgreSQL: started when installed but down; loud when it cannot be had.
test-postgres:
	@url=$$(scripts/postgres-for-tests.sh); \
	if [ -z "$$url" ]; then \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!! PostgreSQL is not available: the API tests did NOT run on PostgreSQL !!"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	else \
	  echo "== API tests on PostgreSQL ($${url%%@*}@…) =="; \
	  RELAIS_TEST_DATABASE_URL=$$url cargo test -p relais-api --test api; \
	fi

browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "Installing Chromium and chromedriver from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; fi
	@if [ ! -x "$(VENV)/bin/pytest" ] || ! cmp -s e2e/requirements.txt $(VENV)/.requirements; then \
	  python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r e2e/requirements.txt && cp e2e/requirements.txt $(VENV)/.requirements; fi
	@if [ ! -f "$(AXE)" ]; then \
	  echo "Installing axe-core $(AXE_VERSION) from npm into .tools/"; \
	  mkdir -p $(TOOLS) && npm install --silent --no-audit --no-fund --prefix $(TOOLS) axe-core@$(AXE_VERSION); fi

# Browser tests: the real server on a temp SQLite file with the demo, driving headless Chromium.
e2e: web server browser
	RELAIS_BIN=$(RELAIS) RELAIS_WEB_DIR=$(CURDIR)/$(DIST) AXE_JS=$(AXE) $(VENV)/bin/pytest -q e2e

# Every screen at 1280 and 360 px in French and English, into docs/screenshots/.
screenshots: web server browser
	RELAIS_BIN=$(RELAIS) RELAIS_WEB_DIR=$(CURDIR)/$(DIST) $(VENV)/bin/python e2e/screenshots.py

# Spec fuzzing with schemathesis, once per role, 45 s each (FUZZ_SECONDS_PER_ROLE to change).
fuzz: server browser
	RELAIS_BIN=$(RELAIS) ST=$(VENV)/bin/st e2e/fuzz/run.sh

# 100 SIGKILLs while writing, on SQLite then PostgreSQL (make test runs 20 on each).
durability:
	RELAIS_KILL_COUNT=100 cargo test -p relais-api --test api durability -- --nocapture
	@url=$$(scripts/postgres-for-tests.sh) && [ -n "$$url" ] && \
	  RELAIS_TEST_DATABASE_URL=$$url RELAIS_KILL_COUNT=100 cargo test -p relais-api --test api durability -- --nocapture || \
	  echo "!! PostgreSQL is not available: durability checked on SQLite only !!"

# Load benchmarks on a large generated organisation (release build, wrk, pinned cores);
# writes bench/RESULTS.md. Sizes: BENCH_PEOPLE, BENCH_EVENTS, BENCH_SECONDS, DATABASE_URL.
bench: web
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	cargo build --release -p relais-api --bin relais
	RELAIS_BIN=$(CARGO_TARGET_DIR)/release/relais python3 bench/run.py

openapi: server
	$(RELAIS) openapi > api-spec/openapi.json

fmt:
	cargo fmt --all

lint: tools
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p relais-frontend --target wasm32-unknown-unknown -- -D warnings
