#!/usr/bin/env python3
"""Records what this machine's glibc says about POSIX extended regular expressions, as fixtures
for pjsip-lab's own engine (crates/pjsip-syntax/src/regex.rs).

Asterisk compiles category filters and identify regexes with regcomp(REG_EXTENDED | REG_NOSUB)
in the C.UTF-8 locale and only asks regexec whether they match. This script asks the same
questions of the same glibc (Debian 12's, the one the reference Asterisk was built against)
through ctypes, for hand-picked and generated (seeded, so reproducible) patterns and texts.

Texts are single lines: Asterisk only matches header values and configuration values, which
never hold a line break (and glibc's anchors behave oddly around one even without REG_NEWLINE).

Output: tests/fixtures/regex/glibc.jsonl, one JSON array per line:
  [pattern, text, verdict]   verdict: "match", "nomatch", or the regcomp error name (REG_...)

Run from the repository root: python3 scripts/record-glibc-regex.py
"""
import ctypes
import ctypes.util
import json
import locale
import random
import sys

REG_EXTENDED = 1
REG_NOSUB = 8
ERRORS = {
    1: "REG_NOMATCH", 2: "REG_BADPAT", 3: "REG_ECOLLATE", 4: "REG_ECTYPE", 5: "REG_EESCAPE",
    6: "REG_ESUBREG", 7: "REG_EBRACK", 8: "REG_EPAREN", 9: "REG_EBRACE", 10: "REG_BADBR",
    11: "REG_ERANGE", 12: "REG_ESPACE", 13: "REG_BADRPT", 14: "REG_EEND", 15: "REG_ESIZE",
    16: "REG_ERPAREN",
}

locale.setlocale(locale.LC_ALL, "C.UTF-8")
libc = ctypes.CDLL(ctypes.util.find_library("c"))
# regex_t is 64 bytes on x86_64 glibc; leave room.
RegexT = ctypes.c_byte * 256


def verdict(pattern: str, text: str) -> str:
    preg = RegexT()
    rc = libc.regcomp(ctypes.byref(preg), pattern.encode(), REG_EXTENDED | REG_NOSUB)
    if rc != 0:
        return ERRORS.get(rc, f"REG_{rc}")
    try:
        found = libc.regexec(ctypes.byref(preg), text.encode(), 0, None, 0) == 0
    finally:
        libc.regfree(ctypes.byref(preg))
    return "match" if found else "nomatch"


CURATED = [
    ("", ""), ("", "x"), ("a", "a"), ("a|b", "b"), ("a||b", "c"), ("|a", "z"), ("a|", "z"), ("()", ""),
    ("(a", "a"), ("a)", "a)"), (")", ")"), ("*a", "a"), ("+a", "a"), ("?a", "a"), ("{1}a", "a"),
    ("a{", "a{"), ("a{1", "a"), ("a{1,", "a"), ("a{,2}", "aa"), ("a{,}", "a"), ("a{}", "a"),
    ("a{x}", "a"), ("a{2,1}", "aa"), ("a{32767}", "a"), ("a{32768}", "a"), ("a{1}{2}", "aa"),
    ("a**", "aaa"), ("a*+?", "b"), ("^*", "*"), ("$*", "*"), ("(*a)", "a"), ("(|a)", "a"), ("(^a)", "a"),
    ("a^b", "a^b"), ("a$b", "a$b"), ("^$", ""), ("x^", "x"), ("$x", "x"), ("\\", "\\"), ("a\\", "a"),
    ("\\1", "a"), ("(a)\\1", "aa"), ("(a)\\2", "aa"), ("\\(", "("), ("\\{", "{"), ("\\|", "|"),
    ("\\.", "."), ("\\w+", "ab_1"), ("\\W", "a"), ("\\s", " "), ("\\S", " "), ("\\bfoo\\b", "a foo"),
    ("\\Bfoo", "afoo"), ("\\<foo\\>", "foo"), ("\\`a", "a"), ("a\\'", "a"), ("\\n", "n"), ("\\t", "t"),
    ("[", "["), ("[]", "]"), ("[]a]", "]"), ("[^]a]", "b"), ("[a-]", "-"), ("[-a]", "-"), ("[z-a]", "b"),
    ("[a-a]", "a"), ("[[:digit:]]", "5"), ("[[:foo:]]", "a"), ("[[:alpha:]-z]", "-"), ("[a-[:digit:]]", "5"),
    ("[[.a.]]", "a"), ("[[.ab.]]", "a"), ("[[=a=]]", "a"), ("[[.-.]]", "-"), ("[[.-.]-z]", "x"),
    ("[\\]]", "\\]"), ("[\\]", "\\"), ("[a\\-z]", "-"), ("[[]", "["), ("[[:]", ":"), ("[[:alpha:]", "a"),
    ("[é]", "é"), ("^.$", "é"), ("[à-ÿ]", "é"), ("[[:upper:]]", "É"), ("[[:punct:]]", "€"),
    ("^sip:49[0-9]+@", "sip:4930123@127.0.0.1:5060"), ("(a+)+$b", "aaaa"), ("^(a|b){2,3}$", "abab"),
    ("^x{0}$", ""), ("(a{0})b", "b"), ("a{0}*", ""), ("[[:alpha:]]+", "é"), ("(^)?", ""), ("(^)+", "a"),
    (" (^)+", " "), ("(\\b)+", "a"), ("(\\<)?a", "a"), ("(a|^)+b", "b"), ("(a\\1)", "aa"), ("(a)(\\1)", "aa"),
    ("[^", "x"), ("a[^", "x"), ("a{1\\,2}", "aa"), ("a{1\\}", "a"), ("[?-[=b=]]", "a"), ("[[=b=]-z]", "c"), ("(a(b)\\2)", "abb"), ("(a(b)\\1)", "abb"),
]

SPECIAL = list("ab.^$*+?{}()[]|\\-:,0129=") + ["[:alpha:]", "[:digit:]", "[.a.]", "[=b=]", "é", " "]


def random_pattern(rng: random.Random) -> str:
    n = rng.randint(1, 10)
    return "".join(rng.choice(SPECIAL) for _ in range(n))


def structured_pattern(rng: random.Random, depth: int = 0) -> str:
    """A valid expression built from the grammar, so matching itself gets exercised."""
    def atom() -> str:
        r = rng.random()
        if r < 0.35:
            return rng.choice("abc")
        if r < 0.45:
            return "."
        if r < 0.6:
            return rng.choice(["[ab]", "[^a]", "[a-c]", "[[:alpha:]]", "[[:digit:]9]", "[]a]", "[-b]"])
        if r < 0.68:
            # Anchors only outside groups: glibc mis-matches anchors inside a repeated group
            # (`(\<.\b){2}` matches where `(\<.\b)(\<.\b)` does not), a bug not worth copying.
            return rng.choice(["^", "$", "\\b", "\\<", "\\>", "\\w", "\\s", "\\."] if depth == 0 else ["\\w", "\\s", "\\."])
        if depth < 3:
            return "(" + structured_pattern(rng, depth + 1) + ")"
        return "a"

    def piece() -> str:
        a = atom()
        if a in ("^", "$", "\\b", "\\<", "\\>"):
            return a
        r = rng.random()
        if r < 0.5:
            return a
        return a + rng.choice(["*", "+", "?", "{2}", "{1,3}", "{0,}", "{,2}", "{0}", "*?", "+*"])

    branches = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        branches.append("".join(piece() for _ in range(rng.randint(0, 4))))
    return "|".join(branches)


def random_text(rng: random.Random) -> str:
    n = rng.randint(0, 8)
    return "".join(rng.choice("ab-]:,9 é.") for _ in range(n))


def main() -> int:
    rng = random.Random(20261203)
    rows = [(p, t, verdict(p, t)) for p, t in CURATED]
    seen = set()
    while len(seen) < 6000:
        pattern = random_pattern(rng)
        if pattern in seen:
            continue
        seen.add(pattern)
        for _ in range(3):
            text = random_text(rng)
            rows.append((pattern, text, verdict(pattern, text)))
    structured = set()
    while len(structured) < 4000:
        pattern = structured_pattern(rng)
        if pattern in structured or pattern in seen:
            continue
        structured.add(pattern)
        for _ in range(4):
            text = "".join(rng.choice("abc9 _.") for _ in range(rng.randint(0, 10)))
            rows.append((pattern, text, verdict(pattern, text)))
    with open("tests/fixtures/regex/glibc.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(list(row), ensure_ascii=False) + "\n")
    counts = {}
    for _, _, v in rows:
        counts[v] = counts.get(v, 0) + 1
    print(f"{len(rows)} rows", counts, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
