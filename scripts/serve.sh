#!/usr/bin/env bash
# Installs what is missing, then serves the app on http://127.0.0.1:8080 with live reload.
# Extra arguments go to `trunk serve` (e.g. --release).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "[serve] http://127.0.0.1:8080"
exec trunk serve "$@"
