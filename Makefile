# Shelflink. The two commands: `make run` opens the app on its demo workspace, `make test`
# runs every test. Both do all set-up first and skip what is already done.

SHELL := /bin/bash
.DEFAULT_GOAL := run
# Tools built from crates.io into .tools/ (pinned; `cargo install --locked`): tauri-driver for
# the end-to-end test, the Tauri CLI (its bundler) for the package.
TAURI_DRIVER_VERSION := 2.1.0
TAURI_CLI_VERSION := 2.12.4

UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package.json -type f 2>/dev/null)

.PHONY: run test setup system-deps ui-deps ui app tools bundle-tools bindings lint e2e bundle test-package bench-grid

## run: set up, build, and open the app on the demo workspace
run: setup app
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run opens a window: run it in a desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set)" >&2; \
	  exit 1; \
	fi
	./target/debug/shelflink-app --demo

## test: set up, then fmt, bindings check, clippy, Vitest, cargo test (with the end-to-end test)
test: setup tools
	scripts/test.sh

## setup: Debian packages (with Node.js and npm when missing), UI dependencies, UI build
setup: system-deps ui

system-deps:
	@scripts/system-deps.sh

# `npm ci` only when package-lock.json changed since the last install.
ui/node_modules/.installed: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-deps: ui/node_modules/.installed

ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build

## ui: type-check and build the UI into ui/dist (embedded into the app at build time)
ui: ui/dist/index.html

## app: build the desktop app (target/debug/shelflink-app)
app: ui
	cargo build --locked -p shelflink-app

## tools: tauri-driver for the end-to-end test, in .tools/
tools: .tools/tauri-driver-$(TAURI_DRIVER_VERSION).installed

## bundle-tools: the Tauri CLI for the package, in .tools/
bundle-tools: .tools/tauri-cli-$(TAURI_CLI_VERSION).installed

.tools/tauri-driver-%.installed:
	cargo install tauri-driver --version $* --locked --root .tools
	@touch $@

.tools/tauri-cli-%.installed:
	cargo install tauri-cli --version $* --locked --root .tools
	@touch $@

## bundle: the installable package, target/release/bundle/deb/Shelflink_<version>_<arch>.deb
bundle: setup bundle-tools
	scripts/bundle.sh

## test-package: bundle, install it, run the end-to-end test against the installed app, remove it
test-package: bundle tools
	scripts/test-package.sh

## bench-grid: the grid in the real webview with 50,000 cached images (release app, as packaged)
bench-grid: setup tools
	cargo build --release --locked -p shelflink-app -p shelflink --features shelflink-app/custom-protocol
	scripts/with-test-session.sh cargo bench --locked --profile dev -p shelflink-app --bench grid

## bindings: regenerate the TypeScript bindings in ui/src/bindings after changing a command type
bindings:
	cargo run --locked --quiet -p shelflink -- bindings export

## lint: the quick checks (fmt, bindings, clippy), without building the UI or running tests
lint: ui
	cargo fmt --all -- --check
	cargo run --locked --quiet -p shelflink -- bindings check
	cargo clippy --workspace --all-targets --locked -- -D warnings

## e2e: only the end-to-end test of the real app
e2e: setup tools
	scripts/with-test-session.sh cargo test --locked -p shelflink-app --test e2e
