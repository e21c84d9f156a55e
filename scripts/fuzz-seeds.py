#!/usr/bin/env python3
"""Seeds the fuzz corpora from real data, so the fuzzers mutate real configurations rather
than random bytes (structure-aware through the seeds and the `analysis` target's layout).

  fuzz/corpus/analysis   every corpus pjsip.conf (+ its pjsip_wizard.conf), and every oracle
                         case with its extensions.conf/acl.conf and its requests, in the layout
                         of pjsip_analysis::exercise::Decoded (parts separated by "\\n%%\\n")
  fuzz/corpus/parse      every corpus file as it is
  fuzz/corpus/workspace  oracle cases as saved workspaces (JSON)
  fuzz/corpus/regex      patterns and texts from tests/fixtures/regex/glibc.jsonl

Run from the repository root: python3 scripts/fuzz-seeds.py [SHARED_DIR]
"""
import hashlib
import json
import os
import sys

SEP = "\n%%\n"
shared = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PJSIP_LAB_SHARED", "../shared")


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(f"fuzz/corpus/{target}", exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(f"fuzz/corpus/{target}/{name}", "wb") as out:
        out.write(data)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def request_line(r):
    fields = [r.get("method", "OPTIONS"), r.get("src_ip", "127.0.0.2"), str(r.get("src_port", 5060)),
              r.get("transport", "udp"), r.get("request_uri", ""), r.get("from", ""), r.get("to") or "",
              "-" if r.get("contact", "") is None else (r.get("contact") or "")]
    for name, value in (r.get("headers") or {}).items():
        if isinstance(value, str):
            fields.append(f"{name}: {value}")
    if r.get("auth"):
        fields.append("auth")
    return "|".join(f.replace("\n", " ") for f in fields)


for root, _, files in os.walk(f"{shared}/corpus"):
    for name in files:
        path = os.path.join(root, name)
        write("parse", read(path))
        if name == "pjsip.conf":
            wizard = os.path.join(root, "pjsip_wizard.conf")
            write("analysis", read(path) + (SEP + read(wizard) if os.path.exists(wizard) else ""))

cases = f"{shared}/oracle/cases"
for name in sorted(os.listdir(cases)):
    if not name.endswith(".json") or name.endswith(".out.json"):
        continue
    case = json.loads(read(os.path.join(cases, name)))
    f = case.get("files", {})
    parts = [f.get(n, "") for n in ("pjsip.conf", "pjsip_wizard.conf", "extensions.conf", "acl.conf")] + [""]
    parts.append("\n".join(request_line(r) for r in case.get("requests", [])))
    write("analysis", SEP.join(parts))
    workspace = {"files": [{"name": n, "text": t} for n, t in f.items()], "requests": case.get("requests", [])}
    write("workspace", json.dumps(workspace))

with open("tests/fixtures/regex/glibc.jsonl", encoding="utf-8") as rows:
    for i, line in enumerate(rows):
        if i % 10 == 0:
            pattern, text, _ = json.loads(line)
            write("regex", f"{pattern}\0{text}")
print("seeded:", {t: len(os.listdir(f"fuzz/corpus/{t}")) for t in os.listdir("fuzz/corpus")})
