#!/usr/bin/env bash
# Installs what is missing, then serves the app on http://127.0.0.1:8080 with live reload.
# Extra arguments go to `trunk serve` (e.g. --release).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# Trunk canonicalises every `[watch] ignore` path of Trunk.toml at start-up and refuses to run
# when one is missing (a fresh clone has no target/, dist/ or test output yet).
mkdir -p dist target tests/e2e/output web/generated
echo "[serve] http://127.0.0.1:8080 (the first build takes a few minutes)"
exec trunk serve "$@"
