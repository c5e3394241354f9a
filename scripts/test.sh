#!/usr/bin/env bash
# Every test and check, in order, stopping at the first failure; `make test` runs this after
# the set-up. Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."

steps=0
summary=()
run_step() {
  local name="$1"
  shift
  echo
  echo "==> $name"
  local start=$SECONDS
  "$@"
  steps=$((steps + 1))
  summary+=("$(printf '%5ss  %s' $((SECONDS - start)) "$name")")
}

run_step "rustfmt" cargo fmt --all -- --check
run_step "TypeScript bindings up to date" cargo run --locked --quiet -p shelflink -- bindings check
run_step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
run_step "UI tests (Vitest)" npm --prefix ui test --silent
# The workspace tests include the app's command tests (mock runtime) and its end-to-end test
# (real app, tauri-driver, private Xvfb). Tests marked #[ignore] need this session (the
# keyring tests: a Secret Service), so they run here too.
run_step "Rust tests incl. end-to-end and keyring" \
  scripts/with-test-session.sh cargo test --workspace --locked -- --include-ignored

echo
printf '%s\n' "${summary[@]}"
echo "checks: $steps passed, 0 failed"
