#!/usr/bin/env bash
# Installs what is missing, then runs every test: native Rust (unit, integration, snapshot,
# property, corpus and oracle tests), wasm tests in Chromium, the release build with its size
# report, and the Playwright end-to-end journeys in Chromium. Stops at the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

section "native tests"
cargo test --locked -p pjsip-syntax -p pjsip-analysis -p pjsip-lab

section "wasm tests in Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked -p pjsip-lab-web --target wasm32-unknown-unknown

section "release build"
trunk build --release
bash scripts/size.sh

section "end-to-end tests in Chromium"
node --test tests/e2e/
