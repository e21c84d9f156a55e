#!/usr/bin/env python3
"""Turn recorded oracle runs into the compact fixtures under tests/oracle/recorded/.

    python3 tests/oracle/compact.py --cases CASES_DIR --runs RUNS_DIR [--out DIR]

For every case of CASES_DIR/<area>/<case>.json that has RUNS_DIR/<area>/<case>.out.json (and
no harness error), one JSON line goes into OUT/<area>.jsonl (default OUT: recorded/ beside this
script), sorted by case name. A line keeps the input and only what the agreement test scores:

    {"name", "description", "files", "requests",
     "load": {"errors", "warnings", "other_warnings", "objects", "identifiers", "contacts",
              "details"},
     "results": [{"status", "reason", "endpoint", "aor", "artificial_endpoint", "acl_rejected",
                  "added", "removed", "reached_dialplan", "notes", "headers"}],
     "final_contacts"}

* a result leaves out every field that is null, false or empty (`status` excepted);
* `load.identifiers` is left out when it is the usual order (written once in defaults.json
  under `identifiers`);
* contacts (`added`, `removed`, `load.contacts`, `final_contacts`) are `[aor, uri]` pairs;
* `headers` holds the response's Expires, Contact, Min-Expires, Retry-After, Require,
  Unsupported, Warning and Reason values (Contact `;expires=` is the remaining time, so it
  varies by a second between runs);
* `load.details` keeps, per object, only the parameters whose value differs from the most
  common value of that parameter over every recorded object of the type; those common values
  are written once into OUT/defaults.json (`{type: {parameter: value}}`). An object's full
  parameter list is defaults.json's entry for its type overlaid with its own entries; a
  parameter an object does not list at all is written as `null` when it is in the defaults.

`--traces` instead writes the trace fixtures: for every RUNS_DIR/traces/<case>.out.json (a run
with the harness's `--sip-log`), tests/oracle/traces/ gets <case>.json (the case),
<case>.log (`sip_log`: Asterisk's full log from the moment the SIP logger was switched on,
SIP messages included), <case>.pcap (`sip_pcap_base64` decoded) and <case>.out.json (the
run's results, compacted as above, with the load part).

Standard library only; the output is deterministic (sorted keys, sorted cases).
"""

import argparse
import base64
import collections
import json
import os
import sys

HEADERS = ("expires", "contact", "min-expires", "retry-after", "require", "unsupported",
           "warning", "reason")
DETAIL_TYPES = ("endpoint", "aor", "auth", "transport", "identify", "registration", "settings")


def pairs(contacts):
    return sorted([c.get("aor", ""), c.get("uri", "")] for c in contacts or [])


def compact_result(r):
    out = {
        "status": r.get("status"),
        "reason": r.get("reason"),
        "endpoint": r.get("endpoint"),
        "aor": r.get("aor"),
        "artificial_endpoint": bool(r.get("artificial_endpoint")),
        "acl_rejected": r.get("acl_rejected"),
        "added": pairs(r.get("contacts_added")),
        "removed": pairs(r.get("contacts_removed")),
        "reached_dialplan": bool(r.get("reached_dialplan")),
        "notes": r.get("notes") or [],
    }
    rh = r.get("response_headers") or {}
    out["headers"] = {k: rh[k] for k in HEADERS if rh.get(k)}
    # absent = null / false / empty: the fixtures stay small
    return {k: v for k, v in out.items() if k == "status" or v not in (None, False, [], {})}


def details_of(load):
    """{type: {id: params}}; `settings` becomes type settings with the one id ''."""
    d = load.get("details") or {}
    res = {}
    for t in DETAIL_TYPES:
        if t == "settings":
            if d.get("settings"):
                res["settings"] = {"": d["settings"]}
        elif d.get(t):
            res[t] = d[t]
    return res


def common_values(all_details):
    """Most common value of every parameter per type (ties: smallest value)."""
    counts = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for details in all_details:
        for t, objs in details.items():
            for params in objs.values():
                for k, v in params.items():
                    counts[t][k][v] += 1
    return {t: {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                for k, c in sorted(params.items())}
            for t, params in sorted(counts.items())}


def diff_details(details, defaults):
    out = {}
    for t, objs in sorted(details.items()):
        base = defaults.get(t, {})
        out[t] = {}
        for oid, params in sorted(objs.items()):
            own = {k: v for k, v in params.items() if base.get(k) != v}
            for k in base:
                if k not in params:
                    own[k] = None
            out[t][oid] = dict(sorted(own.items()))
    return out


def write_traces(cases_dir, runs_dir, out_dir):
    tdir = os.path.join(runs_dir, "traces")
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    for f in sorted(os.listdir(tdir)):
        if not f.endswith(".out.json"):
            continue
        name = f[:-len(".out.json")]
        with open(os.path.join(tdir, f), encoding="utf-8") as fh:
            res = json.load(fh)
        if res.get("harness_error") or "sip_log" not in res:
            print("skipped trace %s: %s" % (name, res.get("harness_error", "no sip_log")),
                  file=sys.stderr)
            continue
        area = name.split("-", 1)[0]
        with open(os.path.join(cases_dir, area, name + ".json"), encoding="utf-8") as fh:
            case = json.load(fh)
        base = os.path.join(out_dir, name)
        with open(base + ".json", "w", encoding="utf-8") as fh:
            json.dump(case, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        with open(base + ".log", "w", encoding="utf-8") as fh:
            fh.write(res["sip_log"])
        with open(base + ".pcap", "wb") as fh:
            fh.write(base64.b64decode(res.get("sip_pcap_base64", "")))
        load = res.get("load") or {}
        compact = {
            "load": {"errors": load.get("errors", []), "warnings": load.get("warnings", []),
                     "objects": load.get("objects", {})},
            "results": [compact_result(r) for r in res.get("results", [])],
            "final_contacts": pairs(res.get("final_contacts")),
        }
        with open(base + ".out.json", "w", encoding="utf-8") as fh:
            json.dump(compact, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")
        n += 1
    print("%d traces written to %s" % (n, out_dir), file=sys.stderr)
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--out", default=None,
                    help="default: recorded/ (or traces/ with --traces) beside this script")
    ap.add_argument("--traces", action="store_true", help="write the trace fixtures instead")
    args = ap.parse_args()
    if args.traces:
        return write_traces(args.cases, args.runs, args.out or os.path.join(here, "traces"))
    args.out = args.out or os.path.join(here, "recorded")
    records = collections.defaultdict(list)
    skipped = []
    for area in sorted(os.listdir(args.cases)):
        cdir = os.path.join(args.cases, area)
        if not os.path.isdir(cdir):
            continue
        for f in sorted(os.listdir(cdir)):
            if not f.endswith(".json"):
                continue
            name = f[:-5]
            out_path = os.path.join(args.runs, area, name + ".out.json")
            if not os.path.exists(out_path):
                continue
            with open(os.path.join(cdir, f), encoding="utf-8") as fh:
                case = json.load(fh)
            with open(out_path, encoding="utf-8") as fh:
                res = json.load(fh)
            if res.get("harness_error"):
                skipped.append((name, res["harness_error"]))
                continue
            load = res.get("load") or {}
            records[area].append({
                "name": name,
                "description": case.get("description", ""),
                "files": case["files"],
                "requests": case.get("requests", []),
                "load": {
                    "errors": load.get("errors", []),
                    "warnings": load.get("warnings", []),
                    "other_warnings": load.get("other_warnings", []),
                    "objects": {k: v for k, v in (load.get("objects") or {}).items()
                                if k != "contact"},
                    "identifiers": load.get("identifiers", []),
                    "contacts": pairs(load.get("contacts")),
                    "details": details_of(load),
                },
                "results": [compact_result(r) for r in res.get("results", [])],
                "final_contacts": pairs(res.get("final_contacts")),
            })
    defaults = common_values(rec["load"]["details"] for recs in records.values() for rec in recs)
    orders = collections.Counter(tuple(rec["load"]["identifiers"])
                                 for recs in records.values() for rec in recs)
    usual = list(sorted(orders.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]) if orders else []
    defaults["identifiers"] = usual
    for recs in records.values():
        for rec in recs:
            if rec["load"]["identifiers"] == usual:
                del rec["load"]["identifiers"]
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.endswith(".jsonl"):
            os.remove(os.path.join(args.out, old))
    total = 0
    for area, recs in sorted(records.items()):
        with open(os.path.join(args.out, area + ".jsonl"), "w", encoding="utf-8") as fh:
            for rec in recs:
                rec["load"]["details"] = diff_details(rec["load"]["details"], defaults)
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")) + "\n")
        nreq = sum(len(r["requests"]) for r in recs)
        total += len(recs)
        print("%-11s %5d cases %6d requests" % (area, len(recs), nreq), file=sys.stderr)
    with open(os.path.join(args.out, "defaults.json"), "w", encoding="utf-8") as fh:
        json.dump(defaults, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")
    for name, err in skipped:
        print("skipped %s: %s" % (name, err), file=sys.stderr)
    print("%d cases written, %d skipped" % (total, len(skipped)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
