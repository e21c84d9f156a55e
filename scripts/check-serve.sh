#!/usr/bin/env bash
# CI's check of the README's serve command (`bash scripts/serve.sh`), run by scripts/test.sh:
# copies the repository as a fresh clone would have it (tracked and new files, nothing ignored:
# no target/, dist/, node_modules/, test output), runs the serve command there on a spare port,
# waits until the page answers, drives the app in Chromium (tests/serve/check.mjs), then stops
# the server. The copy builds into this repository's target/ (CARGO_TARGET_DIR), so a warm run
# costs one incremental debug build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
port="${SERVE_CHECK_PORT:-8181}"
copy="$(mktemp -d -t pjsip-lab-serve-XXXXXX)"
log="$copy.log"
server=""
cleanup() {
    if [ -n "$server" ]; then kill -- -"$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$copy" "$log"
}
trap cleanup EXIT

git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$copy"
for missing in target dist node_modules tests/e2e/output web/generated; do
    if [ -e "$copy/$missing" ]; then echo "[serve-check] $missing should not be in a fresh clone" >&2; exit 1; fi
done

echo "[serve-check] bash scripts/serve.sh --port $port in a clean copy ($copy)"
( cd "$copy" && CARGO_TARGET_DIR="$repo/target" exec setsid bash scripts/serve.sh --port "$port" ) >"$log" 2>&1 &
server=$!

deadline=$((SECONDS + ${SERVE_CHECK_TIMEOUT:-1200}))
until curl -fsS "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'data-trunk\|\.wasm'; do
    if ! kill -0 "$server" 2>/dev/null; then
        echo "[serve-check] the serve command exited before serving:" >&2
        tail -40 "$log" >&2
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "[serve-check] no answer on port $port in time:" >&2
        tail -40 "$log" >&2
        exit 1
    fi
    sleep 3
done
echo "[serve-check] answering after ${SECONDS}s"
node tests/serve/check.mjs "http://127.0.0.1:$port/" || { tail -40 "$log" >&2; exit 1; }
