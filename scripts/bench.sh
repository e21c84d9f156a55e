#!/usr/bin/env bash
# Runs the native criterion benchmarks of the workspace one after another (analysis, parse,
# simulate, diagram) with a short measurement time, then prints one line per benchmark:
# its name and criterion's median estimate. Figures go in the notes; nothing is asserted.
#
#   scripts/bench.sh                 every bench, 3 s of measurement each
#   MEASURE=10 scripts/bench.sh      longer measurements (steadier figures)
#   scripts/bench.sh analysis parse  only the named benches
#   BASELINE=before scripts/bench.sh also compare with a saved criterion baseline
#   SAVE=before scripts/bench.sh     save this run as a baseline
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
# The parse bench reads the corpus from ../shared unless told otherwise.
export PJSIP_LAB_SHARED="${PJSIP_LAB_SHARED:-$(cd .. && pwd)/shared}"
measure="${MEASURE:-3}"
warm_up="${WARM_UP:-1}"

# bench name → the package that has it
declare -A package=([analysis]=pjsip-analysis [parse]=pjsip-syntax [simulate]=pjsip-analysis [diagram]=pjsip-analysis [read]=pjsip-trace [replay]=pjsip-replay)
benches=("$@")
[ ${#benches[@]} -eq 0 ] && benches=(analysis parse simulate diagram read replay)

extra=()
[ -n "${BASELINE:-}" ] && extra+=(--baseline "$BASELINE")
[ -n "${SAVE:-}" ] && extra+=(--save-baseline "$SAVE")

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for bench in "${benches[@]}"; do
    pkg="${package[$bench]:-}"
    if [ -z "$pkg" ]; then
        echo "unknown bench '$bench' (known: ${!package[*]})" >&2
        exit 2
    fi
    printf '… %s (%s)\n' "$bench" "$pkg" >&2
    cargo bench --quiet -p "$pkg" --bench "$bench" -- \
        --warm-up-time "$warm_up" --measurement-time "$measure" --noplot "${extra[@]}" >>"$log" 2>&1 \
        || { cat "$log" >&2; exit 1; }
done

# Criterion prints `name  time: [low median high]` (long names put `time:` on the next line)
# and, against a baseline, `change: [low median high]`.
printf '\n%-48s %12s %10s\n' benchmark median change
awk '
    function values(line, out) { sub(/.*(time|change):[[:space:]]*\[/, "", line); return split(line, out, /[[:space:]]+/) }
    /^Benchmarking/ || /thrpt:/ { next }
    /change:/ {
        if ($0 ~ /\[/ && name != "") { values($0, c); change[name] = c[2]; in_change = 0 } else { in_change = 1 }
        next
    }
    /time:/ {
        if (in_change) { values($0, c); change[name] = c[2]; in_change = 0; next }
        if ($0 !~ /^[[:space:]]/) { split($0, parts, /[[:space:]]+time:/); name = parts[1] }
        values($0, t)
        if (name != "") { order[++n] = name; median[name] = t[3] " " t[4] }
        next
    }
    /^[^[:space:]]/ { name = $0; sub(/[[:space:]]+$/, "", name); in_change = 0 }
    END { for (i = 1; i <= n; i++) printf "%-48s %12s %10s\n", order[i], median[order[i]], change[order[i]] }
' "$log"

# Worst cases: the hostile shapes of pjsip_syntax::sample::hostile at doubling sizes, with how
# the time grows (≈2× per doubling is linear). Only on a full run.
if [ ${#@} -eq 0 ]; then
    printf '\n… worst cases (examples/worst_cases.rs)\n' >&2
    cargo run --quiet --release -p pjsip-analysis --example worst_cases
fi

# The browser part: a release build with the timing exports (feature `bench`) into its own
# directory, measured in Debian's Chromium by scripts/bench-browser.mjs. BROWSER=0 skips it.
if [ "${BROWSER:-1}" != 0 ] && [ ${#@} -eq 0 ]; then
    source scripts/setup.sh
    printf '\n… browser (release build with --features bench)\n' >&2
    trunk build --release --features bench --dist target/bench-dist >/dev/null
    PJSIP_LAB_DIST="$PWD/target/bench-dist" node scripts/bench-browser.mjs
fi
