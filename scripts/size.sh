#!/usr/bin/env bash
# Reports the gzip -9 size of the release build (wasm + JS + CSS) and appends it to
# target/size-history.tsv, so growth is visible from build to build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
total=0
for kind in wasm js css; do
  bytes=0
  for f in dist/*."$kind"; do
    [ -e "$f" ] || continue
    bytes=$((bytes + $(gzip -9c "$f" | wc -c)))
  done
  printf '%-5s %8d bytes gzip\n' "$kind" "$bytes"
  total=$((total + bytes))
done
printf 'total %8d bytes gzip (%d KB)\n' "$total" $((total / 1024))
mkdir -p target
printf '%s\t%s\t%d\n' "$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD 2>/dev/null || echo -)" "$total" >> target/size-history.tsv
