#!/usr/bin/env bash
# Reports the gzip -9 size of everything the release build loads at start (wasm, the JS glue
# and the CodeMirror bundle under snippets/, CSS; not sw.js or the example files) and appends
# the total to target/size-history.tsv, so growth is visible from build to build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
total=0
gz() { gzip -9c "$1" | wc -c; }
report() { printf '%-22s %8d bytes gzip\n' "$1" "$2"; total=$((total + $2)); }
# The views that load on first use (web/views: pjsip-lab-views.js and its wasm) are reported
# apart: they are not part of the first visit.
lazy() { case "$(basename "$1")" in pjsip-lab-views*) return 0;; *) return 1;; esac; }
for f in dist/*.wasm; do lazy "$f" || report "wasm" "$(gz "$f")"; done
for f in dist/*.js; do [ "$(basename "$f")" = sw.js ] || lazy "$f" || report "js (wasm-bindgen glue)" "$(gz "$f")"; done
while IFS= read -r f; do report "js ($(basename "$f"))" "$(gz "$f")"; done < <(find dist/snippets -name '*.js' 2>/dev/null | sort)
for f in dist/*.css; do report "css" "$(gz "$f")"; done
printf '%-22s %8d bytes gzip (%d KB; budget 600 KB)\n' "total" "$total" $((total / 1024))
later=0
for f in dist/pjsip-lab-views*; do [ -e "$f" ] || continue; n=$(gz "$f"); later=$((later + n)); printf '%-22s %8d bytes gzip (on first use)\n' "$(basename "$f")" "$n"; done
printf '%-22s %8d bytes gzip (loaded when the migration view is opened)\n' "views, on first use" "$later"
mkdir -p target
printf '%s\t%s\t%d\n' "$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD 2>/dev/null || echo -)" "$total" >> target/size-history.tsv
