#!/usr/bin/env bash
# Installs what is missing, then runs every test: formatting and lints, native Rust (unit,
# integration, snapshot, property, corpus, oracle and bound tests), wasm tests in Chromium, the
# release build with its size report, the Playwright end-to-end journeys in Chromium, and the
# README's serve command on a clean copy (debug build, no console warnings). Stops at the
# first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

section "formatting and lints"
cargo fmt --all --check
rustfmt --check --edition 2021 fuzz/fuzz_targets/*.rs
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked -p pjsip-lab-web -p pjsip-lab-views --target wasm32-unknown-unknown --all-targets -- -D warnings

section "native tests"
cargo test --locked

section "wasm tests in Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked -p pjsip-lab-web --target wasm32-unknown-unknown

section "release build"
trunk build --release
bash scripts/size.sh

section "end-to-end tests in Chromium"
node --test tests/e2e/

section "the README's serve command, from a clean copy"
bash scripts/check-serve.sh
