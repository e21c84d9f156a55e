#!/usr/bin/env python3
"""Side-by-side: Asterisk's own sip_to_pjsip.py against `pjsip-lab migrate`, on every sip.conf
of the shared corpus (../shared/corpus/sip, or $PJSIP_LAB_SHARED/corpus/sip).

sip_to_pjsip.py is taken from the Asterisk mirror at run time (`git show TAG:...` into a
temporary directory, removed afterwards); nothing of it is kept. For every corpus file both tools
convert it, and three things are measured the same way for both:

* outputs with errors: `pjsip-lab check --format json` on the written pjsip.conf reports an
  error (only inputs chan_sip itself would load are counted);
* devices not recognised: `pjsip-lab migrate SIP.CONF --prove PJSIP.CONF` runs the requests
  chan_sip's devices would send (built from sip.conf alone) through the simulator on the
  written pjsip.conf, and counts the devices (plus registrations and guests) it does not
  recognise as chan_sip did;
* settings silently dropped: a sip.conf setting line is silently dropped when turning it into a
  comment changes nothing in the tool's result — not the written configuration, not its report
  of what it could not convert, and (pjsip-lab only; sip_to_pjsip.py has none) not the
  provenance that shows, for each output line, the sip.conf lines it comes from.

Usage: scripts/compare-sip-to-pjsip.py [--tag 20.10.0] [--bin PATH] [--limit N] [--markdown]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT_FILES = ["sip_to_pjsip.py", "astconfigparser.py", "astdicts.py"]
GROUPS = ["devices", "registrations", "guests"]
ROLE_GROUP = {"phone": "devices", "trunk": "devices", "user": "devices", "unreachable": "devices", "registration": "registrations", "guests": "guests"}


def shared_dir():
    env = os.environ.get("PJSIP_LAB_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def find_binary(explicit):
    if explicit:
        return Path(explicit)
    for candidate in ["target/cli/pjsip-lab", "target/release/pjsip-lab", "target/debug/pjsip-lab"]:
        path = ROOT / candidate
        if path.exists():
            return path
    subprocess.run(["nice", "-n", "10", "cargo", "build", "--profile", "cli", "-p", "pjsip-lab"], cwd=ROOT, check=True)
    return ROOT / "target/cli/pjsip-lab"


def extract_incumbent(mirror, tag, into):
    for name in SCRIPT_FILES:
        text = subprocess.run(
            ["git", "-C", str(mirror), "show", f"{tag}:contrib/scripts/sip_to_pjsip/{name}"],
            check=True, capture_output=True,
        ).stdout
        (into / name).write_bytes(text)


def corpus_files(shared):
    root = shared / "corpus" / "sip"
    files = sorted(p for p in root.rglob("sip.conf*") if p.is_file())
    if len(files) < 150:
        sys.exit(f"the sip.conf corpus was not found at {root} (set PJSIP_LAB_SHARED)")
    return root, files


def setting_lines(text):
    """1-based numbers of the `name = value` lines (what chan_sip reads as settings)."""
    numbers = []
    in_block = False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if in_block:
            if "--;" in stripped:
                in_block = False
            continue
        if stripped.startswith(";--"):
            in_block = "--;" not in stripped[3:]
            continue
        code = re.split(r"(?<!\\);", line, maxsplit=1)[0].strip()
        if not code or code.startswith("[") or code.startswith("#"):
            continue
        if "=" in code:
            numbers.append(number)
    return numbers


def comment_out(text, number):
    lines = text.split("\n")
    lines[number - 1] = ";" + lines[number - 1]
    return "\n".join(lines)


def run(cmd, cwd=None, timeout=120):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


class Incumbent:
    name = "sip_to_pjsip.py"

    def __init__(self, script_dir):
        self.script = script_dir / "sip_to_pjsip.py"

    def convert(self, sip_text, work):
        """pjsip.conf text, or None when the script fails; the whole result as a string."""
        (work / "sip.conf").write_text(sip_text)
        out = work / "pjsip.conf"
        if out.exists():
            out.unlink()
        result = run([sys.executable, str(self.script), "-q", "sip.conf", "pjsip.conf"], cwd=work)
        if result.returncode != 0 or not out.exists():
            return None, "crash:" + result.stderr[-300:]
        text = out.read_text()
        return text, text


class PjsipLab:
    name = "pjsip-lab"

    def __init__(self, binary):
        self.binary = binary

    def convert(self, sip_text, work):
        (work / "sip.conf").write_text(sip_text)
        result = run([str(self.binary), "migrate", "sip.conf", "--format", "json"], cwd=work)
        try:
            migration = json.loads(result.stdout)
        except json.JSONDecodeError:
            return None, "crash:" + result.stderr[-300:]
        text = migration["files"].get("pjsip.conf")
        # What the tool says it could not convert counts as part of its result.
        report = [(u["line"], u["section"], u["option"], u["reason"]) for u in migration["unmapped"]]
        notes = [(n["line"], n["section"], n["option"], n["note"]) for n in migration["notes"]]
        # Which sip.conf lines each output line cites (clicking an output line shows them).
        cited = [(p["file"], p["line"], sorted((s["file"], s["line"]) for s in p["sources"])) for p in migration["provenance"]]
        return text, json.dumps([migration["files"], report, notes, migration["decisions"], cited], sort_keys=True)


def check_errors(binary, pjsip_text, work):
    (work / "pjsip.conf").write_text(pjsip_text)
    result = run([str(binary), "check", "--format", "json", "pjsip.conf"], cwd=work)
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        return 1
    return sum(1 for f in findings if f["severity"] == "error")


def prove(binary, sip_text, pjsip_text, work):
    (work / "sip.conf").write_text(sip_text)
    (work / "pjsip.conf").write_text(pjsip_text)
    result = run([str(binary), "migrate", "sip.conf", "--prove", "pjsip.conf", "--format", "json"], cwd=work)
    report = json.loads(result.stdout)
    return report["proof"]["subjects"]


def silently_dropped(tool, sip_text, baseline, work):
    dropped = []
    for number in setting_lines(sip_text):
        _, result = tool.convert(comment_out(sip_text, number), work)
        if result == baseline:
            dropped.append(number)
    return dropped


def refused_by_asterisk(binary, path, work):
    """Whether the loader says Asterisk would refuse the whole file (missing include …)."""
    result = run([str(binary), "parse", "--format", "json", str(path)], cwd=work)
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        return False
    return any(f["severity"] == "error" for f in findings)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tag", default="20.10.0", help="Asterisk tag to take sip_to_pjsip.py from")
    parser.add_argument("--mirror", default="/work/.mirror/asterisk+asterisk/repo", help="Asterisk git mirror")
    parser.add_argument("--bin", help="pjsip-lab binary (default: target/cli, release or debug)")
    parser.add_argument("--limit", type=int, help="only the first N corpus files")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--details", action="store_true", help="list every failure")
    args = parser.parse_args()

    binary = find_binary(args.bin)
    shared = shared_dir()
    corpus_root, files = corpus_files(shared)
    if args.limit:
        files = files[: args.limit]
    temp = Path(tempfile.mkdtemp(prefix="compare-sip-"))
    try:
        script_dir = temp / "incumbent"
        script_dir.mkdir()
        extract_incumbent(args.mirror, args.tag, script_dir)
        tools = [Incumbent(script_dir), PjsipLab(binary)]
        rows = {t.name: {"crashed": 0, "errors": 0, "settings": 0, "dropped": 0, **{f"{g}_total": 0 for g in GROUPS}, **{f"{g}_failed": 0 for g in GROUPS}} for t in tools}
        details = {t.name: [] for t in tools}
        accepted = 0
        for path in files:
            relative = path.relative_to(corpus_root)
            sip_text = path.read_text(errors="replace")
            work = temp / "work"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            refused = refused_by_asterisk(binary, path, work)
            accepted += 0 if refused else 1
            settings = len(setting_lines(sip_text))
            for tool in tools:
                row = rows[tool.name]
                text, baseline = tool.convert(sip_text, work)
                row["settings"] += settings
                if text is None:
                    row["crashed"] += 1
                    details[tool.name].append(f"{relative}: conversion failed")
                    if not refused:
                        row["errors"] += 1
                    continue
                if not refused:
                    errors = check_errors(binary, text, work)
                    if errors:
                        row["errors"] += 1
                        details[tool.name].append(f"{relative}: {errors} error(s) in the output")
                for subject in prove(binary, sip_text, text, work):
                    group = ROLE_GROUP[subject["role"]]
                    row[f"{group}_total"] += 1
                    if not subject["recognised"]:
                        row[f"{group}_failed"] += 1
                        details[tool.name].append(f"{relative}: not recognised: {subject['sip']}: {subject['verdict']}")
                dropped = silently_dropped(tool, sip_text, baseline, work)
                row["dropped"] += len(dropped)
                for number in dropped:
                    details[tool.name].append(f"{relative}:{number}: silently dropped: {sip_text.split(chr(10))[number - 1].strip()}")
            print(f"{relative}: done", file=sys.stderr)
        print_table(rows, len(files), accepted, args.markdown, [t.name for t in tools])
        if args.details:
            for name, lines in details.items():
                print(f"\n{name}:")
                for line in lines:
                    print(f"  {line}")
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def print_table(rows, files, accepted, markdown, names):
    a, b = rows[names[0]], rows[names[1]]
    table = [
        ("corpus files (chan_sip loads)", f"{files} ({accepted})", f"{files} ({accepted})"),
        ("conversions that failed", str(a["crashed"]), str(b["crashed"])),
        ("outputs with errors (of the files chan_sip loads)", str(a["errors"]), str(b["errors"])),
        ("devices not recognised by the simulator", f"{a['devices_failed']} of {a['devices_total']}", f"{b['devices_failed']} of {b['devices_total']}"),
        ("register => lines whose calls are not recognised", f"{a['registrations_failed']} of {a['registrations_total']}", f"{b['registrations_failed']} of {b['registrations_total']}"),
        ("guest handling (allowguest) not as chan_sip's", f"{a['guests_failed']} of {a['guests_total']}", f"{b['guests_failed']} of {b['guests_total']}"),
        ("settings silently dropped", f"{a['dropped']} of {a['settings']}", f"{b['dropped']} of {b['settings']}"),
    ]
    if markdown:
        print(f"| | {names[0]} | {names[1]} |")
        print("|---|---:|---:|")
        for label, x, y in table:
            print(f"| {label} | {x} | {y} |")
    else:
        width = max(len(r[0]) for r in table)
        print(f"{'':{width}}  {names[0]:>18}  {names[1]:>18}")
        for label, x, y in table:
            print(f"{label:{width}}  {x:>18}  {y:>18}")


if __name__ == "__main__":
    main()
