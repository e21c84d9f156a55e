#!/usr/bin/env python3
"""Run the oracle harness over generated cases, one case at a time, resumably.

    python3 tests/oracle/record.py --cases CASES_DIR --runs RUNS_DIR [--limit N] [--area A]

CASES_DIR is what `generate.py --out` wrote (CASES_DIR/<area>/<case>.json). For every case
without an output yet, `oracle.py --isolate CASE -o RUNS_DIR/<area>/<case>.out.json` runs in
its own process (a fresh network namespace per case). Cases are taken breadth first: the
first case of every topic of every area, then the second, and so on, so a run stopped
early still covers every area. Rerunning skips finished cases; delete an output to
re-record it. A progress line per case goes to stdout.

`--sip-log NAMES_FILE` records the cases named in NAMES_FILE (one name per line) with the
harness's `--sip-log` into RUNS_DIR/traces/ instead.

Needs: root (for `unshare`), the harness (`$PJSIP_LAB_SHARED/oracle/harness/oracle.py`, by
default ../shared relative to the repository root) and `AST_PREFIX` naming the Asterisk
install.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def harness_path():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("PJSIP_LAB_SHARED") or os.path.join(here, "..", "..", "..", "shared")
    return os.path.join(shared, "oracle", "harness", "oracle.py")


def topic_of(name):
    """`identify-match-003` -> ('identify', 'match', 3)."""
    area, rest = name.split("-", 1)
    topic, _, n = rest.rpartition("-")
    return area, topic, int(n)


def ordered_cases(cases_dir, areas):
    found = []
    for area in sorted(os.listdir(cases_dir)):
        if areas and area not in areas:
            continue
        d = os.path.join(cases_dir, area)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".json") and not f.endswith(".out.json"):
                found.append((area, f[:-5], os.path.join(d, f)))
    # breadth first: n-th case of every topic before the (n+1)-th of any
    return sorted(found, key=lambda x: (topic_of(x[1])[2], x[0], topic_of(x[1])[1]))


def run_one(case_path, out_path, sip_log=False, timeout=600):
    cmd = [sys.executable, harness_path(), "--isolate", case_path, "-o", out_path + ".tmp"]
    if sip_log:
        cmd.insert(3, "--sip-log")
    t0 = time.time()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        rc = p.returncode
        err = p.stderr.decode("utf-8", "replace")[-500:]
    except subprocess.TimeoutExpired:
        rc, err = -1, "timeout"
    if os.path.exists(out_path + ".tmp"):
        os.replace(out_path + ".tmp", out_path)
    return rc, err, time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--area", action="append")
    ap.add_argument("--limit", type=int, default=0, help="stop after N recorded cases")
    ap.add_argument("--sip-log", metavar="NAMES_FILE",
                    help="record the named cases with --sip-log into RUNS/traces/")
    args = ap.parse_args()
    if not os.environ.get("AST_PREFIX"):
        ap.error("set AST_PREFIX to the Asterisk install prefix")
    cases = ordered_cases(args.cases, args.area)
    if args.sip_log:
        with open(args.sip_log) as f:
            wanted = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        by_name = {name: (area, path) for area, name, path in cases}
        cases = [(by_name[n][0], n, by_name[n][1]) for n in wanted if n in by_name]
    done = 0
    for i, (area, name, path) in enumerate(cases):
        sub = "traces" if args.sip_log else area
        out_dir = os.path.join(args.runs, sub)
        os.makedirs(out_dir, exist_ok=True)
        out = os.path.join(out_dir, name + ".out.json")
        if os.path.exists(out):
            continue
        rc, err, dt = run_one(path, out, sip_log=bool(args.sip_log))
        status = "ok"
        try:
            with open(out) as f:
                res = json.load(f)
            if res.get("harness_error"):
                status = "harness_error: " + res["harness_error"][:120]
        except (OSError, ValueError):
            status = "no output (rc=%s) %s" % (rc, err.strip().replace("\n", " | ")[-200:])
        print("%5d/%d %-40s %5.1fs %s" % (i + 1, len(cases), name, dt, status), flush=True)
        done += 1
        if args.limit and done >= args.limit:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
