#!/usr/bin/env bash
# Installs everything pjsip-lab needs, at pinned versions, from package registries only
# (Debian, crates.io, npm). Idempotent: each step checks first and skips what is already there.
# Sourced by serve.sh and test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Building the tools with fat LTO takes ~20 min on 2 cores; thin settings take ~13.
TOOL_BUILD_ENV=(CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "installing Debian's chromium and chromium-driver"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

# The language server's client test runs Debian's Neovim headless (crates/pjsip-lab/tests/neovim.rs).
if ! command -v nvim >/dev/null; then
  step "installing Debian's neovim (the language server's client test)"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q neovim
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION (about 5 minutes, once)"
  # A debug build: trunk only orchestrates (cargo, wasm-bindgen, wasm-opt do the work), so its
  # own speed does not matter, and a debug build installs in ~5 min instead of ~13.
  cargo install trunk --version "$TRUNK_VERSION" --locked --debug
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
  # Not --locked: its own lock file pins a crate version the registry no longer serves.
  env "${TOOL_BUILD_ENV[@]}" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm: binaryen (wasm-opt 132), esbuild + CodeMirror 6 (the editor bundle) and playwright-core,
# exactly as package-lock.json says.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/esbuild ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The CodeMirror bundle the web crate imports must exist before any cargo build of it.
node scripts/bundle.mjs

# Trunk runs cargo with --offline, so every crate must be in the local registry first.
cargo fetch --locked --quiet
