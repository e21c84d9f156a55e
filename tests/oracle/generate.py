#!/usr/bin/env python3
"""Differential case generator for the Asterisk oracle (issue 13: fidelity on unseen input).

Writes case files in the oracle harness's input format (`../shared/oracle/HARNESS.md`):
`{"description", "files": {...}, "requests": [...]}`, one file per case, grouped by area:

    OUT/<area>/<area>-<topic>-<n>.json

The cases are built systematically from tables of spellings (accepted and refused), crossed
with each other and with request variations, not written by hand. Everything is derived
from the tables and one seeded random generator, so the same seed always writes the same
files byte for byte (`--check` verifies that against an existing directory).

Standard library only. Addresses are 127.0.0.0/8 throughout (the harness sends from there);
IPv6 appears only where Asterisk parses it at load time (`match=`, ACLs, binds).

Usage:
    python3 tests/oracle/generate.py --out DIR [--seed N] [--area AREA ...] [--list]
"""

import argparse
import hashlib
import json
import os
import random
import sys

SEED = 13
AREAS = ["identify", "codecs", "registrar", "methods", "dialplan", "transports", "auth", "acl",
         "load"]

# ---------------------------------------------------------------------------
# Config text building blocks
# ---------------------------------------------------------------------------

UDP = ("transport-udp", [("type", "transport"), ("protocol", "udp"), ("bind", "127.0.0.1:5060")])
TCP = ("transport-tcp", [("type", "transport"), ("protocol", "tcp"), ("bind", "127.0.0.1:5060")])


def section(name, opts, header_suffix=""):
    """One `[name]` section; opts is a list of (option, value) pairs (value None = bare line)."""
    lines = ["[%s]%s" % (name, header_suffix)]
    for k, v in opts:
        lines.append(k if v is None else "%s=%s" % (k, v))
    return "\n".join(lines) + "\n\n"


def conf(*sections):
    return "".join(section(n, o) if not isinstance(o, str) else o for n, o in sections)


def endpoint(name="6001", extra=(), context="from-internal", codecs=True,
             transport="transport-udp"):
    opts = [("type", "endpoint")]
    if context is not None:
        opts.append(("context", context))
    if codecs:
        opts += [("disallow", "all"), ("allow", "ulaw")]
    if transport:
        opts.append(("transport", transport))
    opts += list(extra)
    return (name, opts)


def aor(name="6001", extra=()):
    return (name, [("type", "aor")] + list(extra))


def auth(name="6001", username="6001", password="secret", extra=()):
    opts = [("type", "auth"), ("auth_type", "userpass"), ("username", username)]
    if password is not None:
        opts.append(("password", password))
    return (name, opts + list(extra))


def identify(name, ep, matches=(), extra=()):
    return (name, [("type", "identify"), ("endpoint", ep)] + [("match", m) for m in matches]
            + list(extra))


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def sha256(s):
    return hashlib.sha256(s.encode()).hexdigest()


def sha512_256(s):
    try:
        return hashlib.new("sha512_256", s.encode()).hexdigest()
    except (ValueError, TypeError):
        return "0" * 64


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------

def req(method, user="6001", src="127.0.0.2", port=5070, ruri_user=None, transport="udp",
        domain="127.0.0.1", **kw):
    """A request in the harness format. `ruri_user` None: REGISTER/OPTIONS go to the server,
    other methods to extension 100."""
    if ruri_user is None:
        ruri_user = "" if method in ("REGISTER", "OPTIONS") else "100"
    r = {"method": method, "src_ip": src, "src_port": port,
         "request_uri": "sip:%s127.0.0.1:5060" % (ruri_user + "@" if ruri_user else ""),
         "from": "<sip:%s@%s>" % (user, domain) if user else "<sip:127.0.0.1>"}
    if transport != "udp":
        r["transport"] = transport
    r.update(kw)
    return r


class Out:
    """Collects the cases of one area."""

    def __init__(self, area):
        self.area = area
        self.cases = []
        self.counts = {}

    def add(self, topic, description, files, requests):
        n = self.counts.get(topic, 0) + 1
        self.counts[topic] = n
        name = "%s-%s-%03d" % (self.area, topic, n)
        if isinstance(files, str):
            files = {"pjsip.conf": files}
        self.cases.append((name, {"description": description, "files": files,
                                  "requests": requests}))
        return name


# ---------------------------------------------------------------------------
# identify
# ---------------------------------------------------------------------------

# Spellings of a `match=` value: accepted and refused ones, hosts, networks, ports, IPv6.
MATCH_FORMS = [
    "127.0.0.2", "127.0.0.2/32", "127.0.0.0/24", "127.0.0.0/16", "127.0.0.0/8", "127.0.0.2/24",
    "127.0.0.0/255.255.255.0", "127.0.0.0/255.255.0.0", "127.0.0.0/255.0.255.0",
    "127.0.0.2/255.255.255.255", "127.0.0.2/0", "0.0.0.0/0", "127.0.0.2/33", "127.0.0.2/-1",
    "127.0.0.2/", "127.0.0.2:5070", "127.0.0.2:5080", "127.0.0.2:0", "127.0.0.2:65535",
    "127.0.0.2:65536", "127.0.0.2:abc", "127.0.0.0/24:5070", "127.0.0.2:5070/32",
    " 127.0.0.2", "127.0.0.2 ", "127.0.0.2,127.0.0.3", "127.0.0.2, 127.0.0.3",
    "127.0.0.2 , 127.0.0.3", "127.0.0.2 127.0.0.3", "127.0.0.2,,127.0.0.3", "127.0.0.2,",
    ",127.0.0.2", "", "!127.0.0.2", "127.0.0.0/24,!127.0.0.3", "!127.0.0.3,127.0.0.0/24",
    "127.0.0.0/16,!127.0.1.0/24", "! 127.0.0.2", "!127.0.0.0/24,127.0.0.2", "!0.0.0.0/0",
    "localhost", "localhost:5070", "LOCALHOST", "no-such-host.invalid", "::1", "[::1]",
    "[::1]:5070", "::ffff:127.0.0.2", "[::ffff:127.0.0.2]", "[::ffff:127.0.0.2]:5070",
    "::ffff:127.0.0.0/104", "::/0", "::1/128", "[::1]/128", "2001:db8::/32", "fe80::1%lo",
    "127.0.0.256", "127.0.0", "127.1", "0x7f000002", "127.000.000.002", "127.0.0.2/24/8",
    "127.0.0.*", "127.0.0.2-127.0.0.5", "sip:127.0.0.2", "127.0.0.2/255.255.255.0:5070",
    "127.0.0.2:5070,127.0.0.3:5080", "127.0.0.0/24,127.0.1.0/24", "127.0.0.2/0.0.0.0",
    "127.0.0.2/255.255.255.128", "127.0.0.128/25", "127.0.0.2\t", "127.0.0.2/8:5070",
]

# Sources each match form is tried from.
MATCH_SOURCES = [("127.0.0.2", 5070), ("127.0.0.2", 5080), ("127.0.0.3", 5070),
                 ("127.0.1.2", 5070), ("127.5.0.2", 5070)]

HEADER_FORMS = [
    "X-Who: abc", "X-Who:abc", "X-Who : abc", "x-who: abc", "X-WHO: abc", "X-Who: ABC",
    "X-Who:  abc", "X-Who: abc ", "X-Who: /^ab/", "X-Who: /AB/", "X-Who: /b/", "X-Who: /^abc$/",
    "X-Who: /a(b/", "X-Who: /abc", "X-Who", "X-Who:", "X-Who: ", "User-Agent: ast-oracle",
    "User-Agent: /oracle/", "X-Who: a b", "X-Who: /[a-c]{3}/", "X-Who: //", "X-Who: /.*/",
    ": abc", "X-Who: abc, def", "X-Who: /^(abc|def)$/",
]
HEADER_VALUES = [None, "abc", "ABC", "xabc", "abcd", "def", "a b", ["abc", "def"]]

RURI_FORMS = [
    "sip:100@127.0.0.1", "sip:100@127.0.0.1:5060", "100", "sip:100@127.0.0.1;user=phone",
    "/^sip:1..@/", "/100/", "/^100$/", "/(/", "sip:200@127.0.0.1", "SIP:100@127.0.0.1",
    "sip:100@localhost", "/^sip:[0-9]+@127\\.0\\.0\\.1/", "sip:127.0.0.1", "", "/sip:100/",
]
RURI_USERS = ["100", "101", "200", "", "1000"]

ORDERS = [None, "ip,username,anonymous", "username,ip,anonymous", "ip,username", "username,ip",
          "username", "ip", "anonymous,ip,username", "header,ip,username",
          "request_uri,username,ip", " ip, username", "ip ,username", "ip,usernmae",
          "auth_username,username,ip", "ip,username,anonymous,header,request_uri,auth_username",
          "", "IP,USERNAME"]

IDENTIFY_BY = [None, "username", "ip", "username,ip", "ip,username", "auth_username",
               "username,auth_username", "header", "request_uri", "ip,header",
               " username", "username ,ip", "usernam", "", "USERNAME",
               "username,ip,auth_username,header,request_uri"]


def gen_identify(rng):
    out = Out("identify")
    base = [UDP, endpoint("ipep", context="from-ip"), endpoint("6001")]
    # single match= forms
    for form in MATCH_FORMS:
        files = conf(*base, identify("idf", "ipep", [form]))
        reqs = [req("INVITE", "nobody", src=s, port=p) for s, p in MATCH_SOURCES]
        out.add("match", "identify match=%r; INVITEs from several sources" % form, files, reqs)
    # two match= lines, crossed (seeded sample of ordered pairs)
    core = ["127.0.0.2", "127.0.0.0/24", "127.0.0.2:5080", "!127.0.0.2", "localhost",
            "127.0.0.0/255.255.0.0", "::1", "bogus!", "127.0.0.3", "!127.0.0.0/16", "0.0.0.0/0"]
    pairs = [(a, b) for a in core for b in core if a != b]
    for a, b in sorted(rng.sample(pairs, 40)):
        files = conf(*base, identify("idf", "ipep", [a, b]))
        reqs = [req("INVITE", "nobody", src=s, port=p) for s, p in MATCH_SOURCES[:4]]
        out.add("match2", "identify with match=%r then match=%r" % (a, b), files, reqs)
    # overlapping identifies: names sort byte-wise; endpoints missing or loaded
    names = ["a-idf", "B-idf", "b-idf", "10-idf", "9-idf", "idf"]
    specs = ["127.0.0.2", "127.0.0.0/24", "127.0.0.2:5070", "127.0.0.2:5080", "localhost",
             "0.0.0.0/0"]
    for i in range(36):
        k = 2 + (i % 2)
        chosen = rng.sample(names, k)
        sects = [UDP, endpoint("ep-a", context="ctx-a"), endpoint("ep-b", context="ctx-b"),
                 endpoint("ep-c", context="ctx-c")]
        desc = []
        for j, n in enumerate(chosen):
            target = ["ep-a", "ep-b", "ep-c", "ep-missing"][rng.randrange(4) if j else j]
            m = rng.choice(specs)
            sects.append(identify(n, target, [m]))
            desc.append("%s->%s %s" % (n, target, m))
        reqs = [req("INVITE", "nobody", src=s, port=p) for s, p in MATCH_SOURCES[:3]]
        out.add("overlap", "overlapping identifies: " + "; ".join(desc), conf(*sects), reqs)
    # identify edge cases: endpoint option forms
    for ep_value in ["ipep", " ipep", "IPEP", "", "missing", "ipep,6001", None]:
        opts = [("type", "identify")]
        if ep_value is not None:
            opts.append(("endpoint", ep_value))
        opts.append(("match", "127.0.0.2"))
        files = conf(*base, ("idf", opts))
        reqs = [req("INVITE", "nobody"), req("INVITE", "6001"), req("OPTIONS", "nobody")]
        out.add("ref", "identify endpoint=%r" % (ep_value,), files, reqs)
    # several identifies for one endpoint, and one identify listing several endpoints' ranges
    for i in range(8):
        ms = rng.sample(["127.0.0.2", "127.0.0.3", "127.0.1.0/24", "127.0.0.4:5070",
                         "localhost", "!127.0.0.3"], 3)
        sects = base + [identify("idf-%d" % j, "ipep", [m]) for j, m in enumerate(ms)]
        reqs = [req("INVITE", "nobody", src=s, port=p) for s, p in
                [("127.0.0.2", 5070), ("127.0.0.3", 5070), ("127.0.1.9", 5070),
                 ("127.0.0.4", 5070), ("127.0.0.1", 5090)]]
        out.add("multi", "three identifies for one endpoint: %s" % ms, conf(*sects), reqs)
    # endpoint failing to load, identify still present
    for bad in [("timers_min_se", "10"), ("allow", "nosuchcodec"), ("direct_media", "maybe"),
                ("dtmf_mode", "bogus")]:
        sects = [UDP, endpoint("ipep", extra=[bad]), endpoint("6001"),
                 identify("idf", "ipep", ["127.0.0.2"])]
        reqs = [req("INVITE", "nobody"), req("INVITE", "ipep", src="127.0.0.3"),
                req("OPTIONS", "nobody")]
        out.add("broken", "identify names an endpoint refused for %s=%s" % bad, conf(*sects), reqs)
    # match_header
    for form in HEADER_FORMS:
        sects = base + [("hdr-idf", [("type", "identify"), ("endpoint", "ipep"),
                                     ("match_header", form)])]
        reqs = []
        for v in HEADER_VALUES:
            h = {} if v is None else {"X-Who": v}
            reqs.append(req("INVITE", "nobody", src="127.0.0.3", headers=h))
        out.add("header", "match_header=%r; INVITEs with X-Who variations" % form,
                conf(*sects), reqs)
    # match_request_uri
    for form in RURI_FORMS:
        sects = base + [("ruri-idf", [("type", "identify"), ("endpoint", "ipep"),
                                      ("match_request_uri", form)])]
        reqs = [req("INVITE", "nobody", src="127.0.0.3", ruri_user=u) for u in RURI_USERS]
        reqs.append(req("OPTIONS", "nobody", src="127.0.0.3", ruri_user="100"))
        out.add("ruri", "match_request_uri=%r" % form, conf(*sects), reqs)
    # identify with several criteria at once
    for combo in [("127.0.0.2", "X-Who: abc", None), ("127.0.0.2", None, "sip:100@127.0.0.1"),
                  (None, "X-Who: abc", "/^sip:100/"), ("127.0.0.2", "X-Who: abc", "/100/")]:
        opts = [("type", "identify"), ("endpoint", "ipep")]
        if combo[0]:
            opts.append(("match", combo[0]))
        if combo[1]:
            opts.append(("match_header", combo[1]))
        if combo[2]:
            opts.append(("match_request_uri", combo[2]))
        reqs = [req("INVITE", "nobody", src=s, ruri_user=u, headers=h)
                for s in ("127.0.0.2", "127.0.0.3") for u in ("100", "200")
                for h in ({}, {"X-Who": "abc"})]
        out.add("combo", "identify with match/match_header/match_request_uri %r" % (combo,),
                conf(*base, ("idf", opts)), reqs)
    # srv_lookups
    for srv in ["yes", "no", "maybe"]:
        for m in ["localhost", "no-such-host.invalid", "127.0.0.2", "localhost:5070"]:
            files = conf(*base, identify("idf", "ipep", [m], extra=[("srv_lookups", srv)]))
            reqs = [req("INVITE", "nobody", src="127.0.0.1", port=5090),
                    req("INVITE", "nobody", src="127.0.0.2", port=5070)]
            out.add("srv", "identify match=%s srv_lookups=%s" % (m, srv), files, reqs)
    # endpoint_identifier_order x anonymous endpoint
    for order in ORDERS:
        for anon in (False, True):
            sects = [UDP]
            if order is not None:
                sects.append(("global", [("type", "global"),
                                         ("endpoint_identifier_order", order)]))
            sects += [endpoint("ipep", context="from-ip"), endpoint("6001"),
                      endpoint("hdrep", context="from-hdr"), endpoint("ruriep", context="from-ruri"),
                      identify("idf", "ipep", ["127.0.0.2"]),
                      ("hdr-idf", [("type", "identify"), ("endpoint", "hdrep"),
                                   ("match_header", "X-Who: hdr")]),
                      ("ruri-idf", [("type", "identify"), ("endpoint", "ruriep"),
                                    ("match_request_uri", "sip:555@127.0.0.1")])]
            if anon:
                sects.append(endpoint("anonymous", context="from-anon"))
            reqs = [req("INVITE", "6001", src="127.0.0.2"),
                    req("INVITE", "6001", src="127.0.0.3"),
                    req("INVITE", "nobody", src="127.0.0.3", headers={"X-Who": "hdr"}),
                    req("INVITE", "nobody", src="127.0.0.3", ruri_user="555"),
                    req("INVITE", "6001", src="127.0.0.3", headers={"X-Who": "hdr"}),
                    req("INVITE", "nobody", src="127.0.0.2", headers={"X-Who": "hdr"}),
                    req("INVITE", "nobody", src="127.0.0.3")]
            out.add("order", "endpoint_identifier_order=%r, anonymous endpoint %s"
                    % (order, "present" if anon else "absent"), conf(*sects), reqs)
    # identify_by on the endpoint, under two identifier orders
    for ib in IDENTIFY_BY:
        for order in (None, "username,ip,header,request_uri,auth_username"):
            sects = [UDP]
            if order:
                sects.append(("global", [("type", "global"),
                                         ("endpoint_identifier_order", order)]))
            extra = [("auth", "6001"), ("aors", "6001")]
            if ib is not None:
                extra.append(("identify_by", ib))
            sects += [endpoint("6001", extra=extra), aor("6001", [("max_contacts", "2")]),
                      auth("6001", "6001", "pw6001"),
                      identify("idf", "6001", ["127.0.0.2"]),
                      ("hdr-idf", [("type", "identify"), ("endpoint", "6001"),
                                   ("match_header", "X-Who: me")])]
            reqs = [req("INVITE", "6001", src="127.0.0.3", auth={"username": "6001",
                                                                   "password": "pw6001"}),
                    req("INVITE", "x", src="127.0.0.2", auth={"username": "6001",
                                                               "password": "pw6001"}),
                    req("INVITE", "x", src="127.0.0.3", headers={"X-Who": "me"},
                        auth={"username": "6001", "password": "pw6001"}),
                    req("INVITE", "x", src="127.0.0.3", auth={"username": "6001",
                                                               "password": "pw6001"}),
                    req("REGISTER", "6001", src="127.0.0.3", auth={"username": "6001",
                                                                     "password": "pw6001"}),
                    req("REGISTER", "x", src="127.0.0.3", port=5071,
                        auth={"username": "6001", "password": "pw6001"})]
            out.add("identify_by", "endpoint identify_by=%r, order %r" % (ib, order),
                    conf(*sects), reqs)
    # user part forms of the From header
    froms = ["<sip:6001@127.0.0.1>", "<sip:6001@localhost>", "\"Alice\" <sip:6001@127.0.0.1>",
             "sip:6001@127.0.0.1", "<sip:6001;ext=1@127.0.0.1>", "<sip:6001@127.0.0.1;user=phone>",
             "<tel:6001>", "<sips:6001@127.0.0.1>", "<sip:%36001@127.0.0.1>",
             "<sip:6001:pw@127.0.0.1>", "<sip:6001@example.com>", "<sip:6001@127.0.0.1:5099>",
             "<sip:+6001@127.0.0.1>", "<SIP:6001@127.0.0.1>", "<sip:6001@EXAMPLE.com>",
             "\"6002\" <sip:6001@127.0.0.1>", "<sip:anonymous@anonymous.invalid>",
             "<sip:6001@[::1]>"]
    for i in range(0, len(froms), 6):
        chunk = froms[i:i + 6]
        for variant in ("plain", "domain"):
            sects = [UDP, endpoint("6001"), endpoint("+6001", context="plus"),
                     endpoint("6001@example.com", context="dom")]
            if variant == "domain":
                sects += [("example.com", [("type", "domain_alias"), ("domain", "localhost")]),
                          ("global", [("type", "global"), ("default_from_user", "x")])]
            reqs = [dict(req("INVITE", "6001"), **{"from": f}) for f in chunk]
            out.add("from", "From header forms %s (%s)" % (chunk, variant), conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# codecs
# ---------------------------------------------------------------------------

CODEC_SPELLINGS = [
    ["disallow=all", "allow=ulaw"], ["disallow=all", "allow=alaw"],
    ["disallow=all", "allow=ulaw,alaw"], ["disallow=all", "allow=alaw,ulaw"],
    ["disallow=all", "allow=ulaw|alaw"], ["disallow=all", "allow=(ulaw|alaw)"],
    ["disallow=all", "allow=ulaw, alaw"], ["allow=all"], ["disallow=all", "allow=all"],
    ["allow=!ulaw"], ["disallow=all", "allow=all,!ulaw"],
    ["disallow=all", "allow=all", "disallow=ulaw"], ["disallow=ulaw"],
    ["disallow=all", "allow=ulaw:20"], ["disallow=all", "allow=ulaw:30,alaw:20"],
    ["disallow=all", "allow=opus"], ["disallow=all", "allow=foo"], ["disallow=all", "allow=ULAW"],
    ["disallow=all", "allow=Ulaw"], ["disallow=all", "allow="], ["disallow="], ["allow="],
    ["disallow=all", "allow=g722,ulaw"], ["disallow=all", "allow=ulaw", "allow=alaw"],
    ["disallow=all"], ["allow=all", "disallow=all"], ["disallow=all", "allow=!all"],
    ["disallow=all", "allow=h264"], ["disallow=all", "allow=ulaw,foo"],
    ["disallow=all", "allow=g729"], ["disallow=all", "allow=gsm"],
    ["disallow=all", "allow=ulaw,,alaw"], ["disallow=all", "allow=ulaw:abc"],
    ["disallow=all", "allow=(ulaw)"], ["disallow=all", "allow=slin"],
    ["disallow=all", "allow=slin16"], ["disallow=all", "allow=t140"],
    ["disallow=all", "allow=all:20"], ["disallow=all", "allow=ulaw|!ulaw"],
    ["disallow=all", "allow=!alaw,ulaw"], ["allow=ulaw"],
    ["disallow=all", "allow=ulaw", "disallow=ulaw"], ["disallow=all", "allow= ulaw"],
    ["disallow=all", "allow=ulaw ,alaw"], ["disallow=all", "allow=ulaw|alaw,g722"],
    ["disallow=all", "allow=alaw,ulaw,alaw"], ["disallow=all", "allow=ulaw:0"],
    ["disallow=all", "allow=ulaw:200"], ["disallow=ulaw,alaw", "allow=ulaw"],
    ["disallow=all", "allow=g726"], ["disallow=all", "allow=g726aal2"],
    ["disallow=all", "allow=speex"], ["disallow=all", "allow=ilbc"], ["disallow=all", "allow=vp8"],
    ["allow=all", "disallow=!ulaw"], ["disallow=all", "allow=!foo"], ["disallow=foo"],
    ["disallow=all", "allow=testlaw"], ["disallow=all", "allow=adpcm"],
    ["disallow=all", "allow=lpc10"], ["disallow=all", "allow=g719"], ["disallow=all", "allow=siren7"],
]

PCMA_SDP = ("v=0\r\no=oracle 1 1 IN IP4 127.0.0.2\r\ns=oracle\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
            "m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n")
G722_SDP = PCMA_SDP.replace("RTP/AVP 8 101", "RTP/AVP 9 101").replace("8 PCMA/8000",
                                                                     "9 G722/8000")


def gen_codecs(rng):
    out = Out("codecs")
    per_case = 6
    for i in range(0, len(CODEC_SPELLINGS), per_case):
        chunk = CODEC_SPELLINGS[i:i + per_case]
        sects = [UDP]
        reqs = []
        for j, lines in enumerate(chunk):
            name = "c%02d" % (i + j)
            opts = [("type", "endpoint"), ("context", "from-internal"),
                    ("transport", "transport-udp")]
            opts += [tuple(l.split("=", 1)) for l in lines]
            sects.append((name, opts))
            reqs += [req("INVITE", name), req("INVITE", name, body=PCMA_SDP),
                     req("INVITE", name, body=G722_SDP), req("INVITE", name, sdp=False)]
        out.add("allow", "codec spellings: %s" % "; ".join(" ".join(c) for c in chunk),
                conf(*sects), reqs)
    # templates and codecs: allow/disallow inherited and overridden
    tpl_variants = [
        (["disallow=all", "allow=ulaw"], ["allow=alaw"]),
        (["disallow=all", "allow=ulaw"], ["disallow=all", "allow=alaw"]),
        (["allow=all"], ["disallow=ulaw"]),
        (["disallow=all"], ["allow=ulaw"]),
        (["disallow=all", "allow=alaw"], ["allow=!alaw", "allow=ulaw"]),
        (["allow=ulaw"], ["allow=ulaw"]),
        (["disallow=all", "allow=g722"], []),
        (["disallow=all", "allow=foo"], ["allow=ulaw"]),
    ]
    for t, own in tpl_variants:
        body = ("[transport-udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n\n"
                "[tpl](!)\ntype=endpoint\ncontext=from-internal\ntransport=transport-udp\n"
                + "".join(l + "\n" for l in t) + "\n[6001](tpl)\n"
                + "".join(l + "\n" for l in own) + "\n[6002](tpl)\n\n"
                "[6001](+)\nallow=gsm\n\n")
        reqs = [req("INVITE", "6001"), req("INVITE", "6001", body=PCMA_SDP),
                req("INVITE", "6002"), req("INVITE", "6002", body=PCMA_SDP)]
        out.add("template", "codecs through a template %s, own %s, (+) allow=gsm" % (t, own),
                body, reqs)
    # codec-related endpoint options that change the answer to an offer
    for opts in [[("preferred_codec_only", "yes")], [("incoming_call_offer_pref", "remote")],
                 [("incoming_call_offer_pref", "local_first")],
                 [("preferred_codec_only", "yes"), ("incoming_call_offer_pref", "remote")],
                 [("max_audio_streams", "0")], [("allow", "alaw"), ("allow_transfer", "no")]]:
        sects = [UDP, endpoint("6001", extra=[("allow", "alaw")] + opts)]
        reqs = [req("INVITE", "6001"), req("INVITE", "6001", body=PCMA_SDP),
                req("INVITE", "6001", body=G722_SDP)]
        out.add("prefs", "codec preferences %s" % opts, conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# registrar
# ---------------------------------------------------------------------------

def contact(port, user="6001", host="127.0.0.2", params="", hparams=""):
    return "<sip:%s@%s:%d%s>%s" % (user, host, port, params, hparams)


def reg(user="6001", port=5070, **kw):
    kw.setdefault("contact", contact(port, user))
    return req("REGISTER", user, port=port, **kw)


EXPIRY_AORS = [
    [], [("minimum_expiration", "120"), ("maximum_expiration", "600")],
    [("default_expiration", "30")], [("default_expiration", "9000")],
    [("minimum_expiration", "600"), ("maximum_expiration", "300")],
    [("minimum_expiration", "0")], [("default_expiration", "0")],
    [("maximum_expiration", "0")], [("minimum_expiration", "1"), ("default_expiration", "1")],
]
EXPIRES_HEADERS = [None, "0", "1", "59", "60", "61", "599", "3600", "7200", "7201", "86400",
                   "4294967295", "4294967296", "-1", "abc", " 120", "120 ", "0120", "1e3", ""]
EXPIRES_PARAMS = [";expires=0", ";expires=120", ";expires=99999", ";expires=abc", ";EXPIRES=120",
                  ";expires=", ";expires=-5", ";expires=30", ";expires=\"120\""]


def gen_registrar(rng):
    out = Out("registrar")
    # 1. expiry matrix: every Expires header form, then every contact-parameter form,
    #    under several AOR expiry settings; each request its own contact, then a query
    for ai, aextra in enumerate(EXPIRY_AORS):
        for batch_no, batch in enumerate([EXPIRES_HEADERS[:10], EXPIRES_HEADERS[10:]]):
            sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                     aor("6001", [("max_contacts", "30")] + aextra)]
            reqs = []
            for k, v in enumerate(batch):
                hdrs = {"Expires": v}
                reqs.append(reg(port=5100 + k, headers=hdrs))
            reqs.append(reg(port=5100, contact=None, headers={"Expires": None}))
            out.add("expires", "AOR %s; Expires header forms %s" % (aextra, batch),
                    conf(*sects), reqs)
        sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                 aor("6001", [("max_contacts", "30")] + aextra)]
        reqs = []
        for k, p in enumerate(EXPIRES_PARAMS):
            for with_header in (True, False):
                hdrs = {"Expires": "300"} if with_header else {"Expires": None}
                reqs.append(reg(port=5200 + 2 * k + with_header,
                                contact=contact(5200 + 2 * k + with_header, hparams=p),
                                headers=hdrs))
        out.add("expires-param", "AOR %s; contact ;expires= forms with and without Expires"
                % aextra, conf(*sects), reqs)

    # 2. max_contacts x remove_existing x request sequences
    A, B, C = contact(5071), contact(5072), contact(5073)
    seqs = {
        "abc": [reg(port=5071), reg(port=5072), reg(port=5073)],
        "refresh": [reg(port=5071), reg(port=5071), reg(port=5072)],
        "two-headers": [reg(port=5071, contact=None, headers={"Contact": [A, B]}),
                        reg(port=5073)],
        "comma-list": [reg(port=5071, contact="%s, %s, %s" % (A, B, C))],
        "unregister": [reg(port=5071), reg(port=5072),
                       reg(port=5071, headers={"Expires": "0"}), reg(port=5073)],
        "star": [reg(port=5071), reg(port=5072, contact="*", headers={"Expires": "0"}),
                 reg(port=5073)],
        "ports": [reg(port=5071), reg(port=5072, src="127.0.0.3"),
                  reg(port=5071, src="127.0.0.3")],
        "query": [reg(port=5071), reg(port=5071, contact=None, headers={"Expires": None}),
                  reg(port=5072, contact=None)],
    }
    for mc in [None, "0", "1", "2", "3", "-1", "abc"]:
        for rx in [None, "yes", "no"]:
            for sname, sreqs in seqs.items():
                if rx is None and sname in ("query", "ports"):
                    continue
                aextra = []
                if mc is not None:
                    aextra.append(("max_contacts", mc))
                if rx is not None:
                    aextra.append(("remove_existing", rx))
                sects = [UDP, endpoint("6001", extra=[("aors", "6001")]), aor("6001", aextra)]
                out.add("maxcontacts", "max_contacts=%s remove_existing=%s, sequence %s"
                        % (mc, rx, sname), conf(*sects), [dict(r) for r in sreqs])

    # 3. Contact: * forms
    stars = [
        ("*", {"Expires": "0"}), ("*", {"Expires": "3600"}), ("*", {"Expires": None}),
        ("*, " + B, {"Expires": "0"}), ("*;expires=0", {"Expires": None}),
        (" *", {"Expires": "0"}), ("*", {"Expires": "00"}), ("*", {"Expires": "0 "}),
    ]
    for cval, hdrs in stars:
        for first in (True, False):
            sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                     aor("6001", [("max_contacts", "3")])]
            reqs = ([reg(port=5071), reg(port=5072)] if first else []) + \
                [reg(port=5071, contact=cval, headers=hdrs), reg(port=5074, contact=None)]
            out.add("star", "Contact %r with %s%s" % (cval, hdrs, " after two contacts"
                                                     if first else " on an empty AOR"),
                    conf(*sects), reqs)

    # 4. Path and Supported: path
    paths = [None, "<sip:127.0.0.9:5099;lr>", ["<sip:127.0.0.9:5099;lr>",
                                                "<sip:127.0.0.8:5098;lr>"],
             "<sip:127.0.0.9:5099;lr>, <sip:127.0.0.8:5098;lr>"]
    for sp in ("yes", "no", None):
        for supported in (None, "path", "path, outbound", "outbound", "PATH"):
            for pi, path in enumerate(paths):
                aextra = [("max_contacts", "2")]
                if sp is not None:
                    aextra.append(("support_path", sp))
                sects = [UDP, endpoint("6001", extra=[("aors", "6001")]), aor("6001", aextra)]
                hdrs = {}
                if supported is not None:
                    hdrs["Supported"] = supported
                if path is not None:
                    hdrs["Path"] = path
                reqs = [reg(port=5071, headers=hdrs), reg(port=5071, contact=None),
                        req("OPTIONS", "6001", port=5071)]
                out.add("path", "support_path=%s Supported=%r Path=%r" % (sp, supported, path),
                        conf(*sects), reqs)

    # 5. odd Contact URIs and To URIs
    odd_contacts = [
        "<sip:6001@127.0.0.2:5070;user=phone>", "<sip:+15551234@127.0.0.2:5070;user=phone>",
        "<sip:6001@127.0.0.2:5070;transport=tcp>", "<sip:6001@127.0.0.2>", "<sip:127.0.0.2:5070>",
        "sip:6001@127.0.0.2:5070", "\"Bob\" <sip:6001@127.0.0.2:5070>",
        "<sips:6001@127.0.0.2:5071>", "<tel:+15551234>", "<SIP:6001@127.0.0.2:5070>",
        "<sip:6001@LOCALHOST:5070>", "<sip:6001@localhost:5070>",
        "<sip:6001@host.invalid:5070>", "<sip:6001@[::1]:5070>", "<sip:6001@127.0.0.2:5070;ob>",
        "<sip:6001@127.0.0.2:5070>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1",
        "<sip:6001@127.0.0.2:5070;lr>", "<sip:6001@127.0.0.2:5070?Subject=x>",
        "<sip:6001@127.0.0.2:5070>;q=0.5", "<sip:6001@127.0.0.2:5070>;expires=60;q=1.0",
        "<sip:6001@127.0.0.2:05070>", "<sip:6001@127.0.0.2:99999>", "<sip:%36001@127.0.0.2:5070>",
        "<sip:6001:pw@127.0.0.2:5070>", "<sip:6001@127.0.0.2:5070;transport=udp;maddr=127.0.0.9>",
        "<mailto:x@example.com>", "<>", "<sip:>", "garbage", "<sip:6001@127.0.0.2:5070",
        "<sip:" + "u" * 200 + "@127.0.0.2:5070>", "<sip:6001@127.0.0.2:5070;x-foo=bar>",
        "<sip:6001@127.0.0.9:5070>", "<sip:6001@10.0.0.1:5070>", "<sip:6001@127.0.0.2:5070;rinstance=abc>",
        "<sip:6001@127.0.0.2:5070;TRANSPORT=TCP>", "<sip:6001@127.0.0.2:5070>;+sip.ice",
        "<sip:6001@example.com>",
    ]
    for rw in ("no", "yes"):
        for i in range(0, len(odd_contacts), 5):
            chunk = odd_contacts[i:i + 5]
            sects = [UDP, endpoint("6001", extra=[("aors", "6001"), ("rewrite_contact", rw)]),
                     aor("6001", [("max_contacts", "20")])]
            reqs = [reg(port=5070 + k, contact=c) for k, c in enumerate(chunk)]
            reqs.append(reg(port=5099, contact=None))
            out.add("contact-uri", "rewrite_contact=%s; Contact forms %s" % (rw, chunk),
                    conf(*sects), reqs)
    odd_tos = ["<sip:6001@127.0.0.1;user=phone>", "<tel:6001>", "<sip:6001@localhost>",
               "<sips:6001@127.0.0.1>", "<sip:6001;ext=1@127.0.0.1>", "<sip:+6001@127.0.0.1>",
               "<sip:6001%40x@127.0.0.1>", "\"Name\" <sip:6001@127.0.0.1>", "sip:6001@127.0.0.1",
               "<sip:6001@example.com>", "<sip:127.0.0.1>", "<sip:6002@127.0.0.1>",
               "<sip:6001@127.0.0.1:5060>", "<sip:6001@127.0.0.1>;tag=x", "<SIP:6001@127.0.0.1>"]
    for i in range(0, len(odd_tos), 5):
        chunk = odd_tos[i:i + 5]
        sects = [UDP, endpoint("6001", extra=[("aors", "6001,+6001,6002,6001@example.com")]),
                 aor("6001", [("max_contacts", "20")]), aor("+6001", [("max_contacts", "5")]),
                 aor("6002", [("max_contacts", "5")]), aor("6001@example.com", [("max_contacts", "5")])]
        reqs = [reg(port=5070 + k, to=t) for k, t in enumerate(chunk)]
        out.add("to-uri", "To forms %s" % chunk, conf(*sects), reqs)

    # 6. which AOR: aors list spellings and To users
    aor_lists = ["6001", "6001,6002", " 6001", "6001 ,6002", "6002,6001", "missing", "",
                 "6001@127.0.0.1", "6001,6001", "6002", "6001;x", "6001, missing"]
    for al in aor_lists:
        sects = [UDP, endpoint("6001", extra=[("aors", al)]), aor("6001", [("max_contacts", "3")]),
                 aor("6002", [("max_contacts", "3")]),
                 aor("6001@127.0.0.1", [("max_contacts", "3")])]
        reqs = [reg(port=5071), reg(port=5072, to="<sip:6002@127.0.0.1>"),
                reg(port=5073, to="<sip:missing@127.0.0.1>"), reg(port=5074, to="<sip:6003@127.0.0.1>")]
        out.add("aors", "endpoint aors=%r; REGISTERs to several To users" % al, conf(*sects), reqs)
    # registration through identify (no username match) and through auth_username
    for ib in ("ip", "auth_username", "username,auth_username"):
        sects = [UDP, endpoint("trunk", extra=[("aors", "trunk,acct"), ("identify_by", ib),
                                               ("auth", "trunk-auth")]),
                 aor("trunk", [("max_contacts", "2")]), aor("acct", [("max_contacts", "2")]),
                 auth("trunk-auth", "acct", "pw"), identify("trunk-idf", "trunk", ["127.0.0.2"])]
        reqs = [reg("acct", port=5071, auth={"username": "acct", "password": "pw"}),
                reg("trunk", port=5072, auth={"username": "acct", "password": "pw"}),
                reg("other", port=5073, auth={"username": "acct", "password": "pw"}),
                reg("acct", port=5074, src="127.0.0.3", auth={"username": "acct", "password": "pw"})]
        out.add("aor-by", "AOR chosen with identify_by=%s" % ib, conf(*sects), reqs)

    # 7. static contacts next to dynamic ones
    for static in ["sip:6001@127.0.0.9:5099", "sip:6001@127.0.0.9:5099,sip:x@127.0.0.8",
                   "sip:127.0.0.9", "<sip:6001@127.0.0.9>", "sip:6001@127.0.0.2:5071"]:
        for mc in ("1", "2"):
            sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                     aor("6001", [("max_contacts", mc), ("contact", static)])]
            reqs = [reg(port=5071), reg(port=5072), reg(port=5073, contact=None)]
            out.add("static", "static contact=%s with max_contacts=%s" % (static, mc),
                    conf(*sects), reqs)

    # 8. qualify and remove_unavailable (the harness answers no OPTIONS after a request)
    for qf in ("0", "1", "2"):
        for ru in ("yes", "no"):
            for mc in ("1", "2"):
                sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                         aor("6001", [("max_contacts", mc), ("qualify_frequency", qf),
                                      ("qualify_timeout", "0.5"), ("remove_unavailable", ru)])]
                reqs = [reg(port=5071), reg(port=5072, delay_ms=3000),
                        reg(port=5073, delay_ms=2500), reg(port=5074, contact=None)]
                out.add("qualify", "qualify_frequency=%s remove_unavailable=%s max_contacts=%s"
                        % (qf, ru, mc), conf(*sects), reqs)
    # 9. short expiry then delay
    for exp, delay in (("2", 3500), ("5", 1500), ("1", 2500)):
        sects = [UDP, endpoint("6001", extra=[("aors", "6001")]),
                 aor("6001", [("max_contacts", "1"), ("minimum_expiration", "1")])]
        reqs = [reg(port=5071, headers={"Expires": exp}),
                reg(port=5072, delay_ms=delay), reg(port=5073, contact=None)]
        out.add("expiry-delay", "contact Expires=%s then a second REGISTER %d ms later"
                % (exp, delay), conf(*sects), reqs)
    # 10. registrar over TCP
    for rx in ("yes", "no"):
        sects = [UDP, TCP, endpoint("6001", extra=[("aors", "6001")]),
                 aor("6001", [("max_contacts", "1"), ("remove_existing", rx)])]
        reqs = [reg(port=5081, transport="tcp"), reg(port=5082, transport="tcp"),
                reg(port=5083), reg(port=5084, transport="tcp", contact=None)]
        out.add("tcp", "REGISTERs over TCP, max_contacts=1 remove_existing=%s" % rx,
                conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# other methods out of dialog
# ---------------------------------------------------------------------------

SUB_EVENTS = ["presence", "dialog", "message-summary", "presence.winfo", "refer",
              "as-feature-event", "foo", None, "Presence", "presence;id=1"]
PUB_EVENTS = ["presence", "dialog", "message-summary", "as-feature-event", "foo", None]


def gen_methods(rng):
    out = Out("methods")
    variants = {
        "plain": [endpoint("6001", extra=[("aors", "6001")]), aor("6001", [("max_contacts", "2")])],
        "auth": [endpoint("6001", extra=[("aors", "6001"), ("auth", "6001")]),
                 aor("6001", [("max_contacts", "2")]), auth("6001", "6001", "pw")],
        "nosub": [endpoint("6001", extra=[("allow_subscribe", "no")])],
        "mailbox": [endpoint("6001", extra=[("mailboxes", "6001@default"), ("aors", "6001")]),
                    aor("6001", [("max_contacts", "2"), ("mailboxes", "6001@default")])],
        "contexts": [endpoint("6001", extra=[("subscribe_context", "sub-ctx"),
                                             ("message_context", "msg-ctx")])],
        "nocontext": [endpoint("6001", context=None)],
    }
    creds = {"username": "6001", "password": "pw"}
    for vname, sects in variants.items():
        files = conf(UDP, TCP, *sects)
        for ident in ("known", "unknown"):
            user = "6001" if ident == "known" else "stranger"
            a = creds if vname == "auth" and ident == "known" else None

            def r(method, **kw):
                if a:
                    kw.setdefault("auth", a)
                return req(method, user, **kw)
            # SUBSCRIBE, several Event packages and Accept headers
            subs = []
            for k, ev in enumerate(SUB_EVENTS):
                hdrs = {"Expires": "600"}
                if ev is not None:
                    hdrs["Event"] = ev
                subs.append(r("SUBSCRIBE", ruri_user=["6001", "100"][k % 2], port=5100 + k,
                              headers=hdrs))
            subs.append(r("SUBSCRIBE", ruri_user="6001", headers={"Event": "presence",
                                                                  "Expires": "0"}))
            subs.append(r("SUBSCRIBE", ruri_user="6001", headers={"Event": "presence",
                                                                  "Expires": "5"}))
            subs.append(r("SUBSCRIBE", ruri_user="6001", headers={
                "Event": "presence", "Accept": "application/pidf+xml"}))
            subs.append(r("SUBSCRIBE", ruri_user="6001", headers={
                "Event": "message-summary", "Accept": "application/simple-message-summary"}))
            subs.append(r("SUBSCRIBE", ruri_user="6001", contact=None,
                          headers={"Event": "presence"}))
            subs.append(r("SUBSCRIBE", ruri_user="6001", transport="tcp", port=5090,
                          headers={"Event": "message-summary"}))
            out.add("subscribe", "SUBSCRIBE packages, endpoint variant %s, %s sender"
                    % (vname, ident), files, subs)
            # PUBLISH per event package
            pubs = []
            for ev in PUB_EVENTS:
                hdrs = {"Expires": "600"}
                if ev is not None:
                    hdrs["Event"] = ev
                pubs.append(r("PUBLISH", ruri_user="6001", headers=hdrs))
                pubs.append(r("PUBLISH", ruri_user="6001", headers=hdrs,
                              body="<?xml version=\"1.0\"?><presence/>",
                              content_type="application/pidf+xml"))
            out.add("publish", "PUBLISH packages, endpoint variant %s, %s sender"
                    % (vname, ident), files, pubs)
            # MESSAGE / NOTIFY / REFER / INFO / others
            misc = [
                r("MESSAGE", body="hello", content_type="text/plain"),
                r("MESSAGE", ruri_user="6001", body="hello", content_type="text/plain"),
                r("MESSAGE", ruri_user="999", body="hello", content_type="text/plain"),
                r("MESSAGE"),
                r("MESSAGE", body="{}", content_type="application/json"),
                r("MESSAGE", ruri_user="", body="x", content_type="text/plain"),
                r("NOTIFY", headers={"Event": "check-sync"}),
                r("NOTIFY", headers={"Event": "message-summary", "Subscription-State": "active"}),
                r("NOTIFY"),
                r("REFER", headers={"Refer-To": "<sip:200@127.0.0.1>",
                                    "Contact": "<sip:%s@127.0.0.2:5070>" % user}),
                r("REFER"),
                r("INFO", body="Signal=1\r\n", content_type="application/dtmf-relay"),
                r("UPDATE"), r("PRACK"), r("BYE"), r("CANCEL"), r("FOO"), r("OPTIONS"),
                r("OPTIONS", ruri_user="100"), r("OPTIONS", ruri_user="6001"),
                r("MESSAGE", transport="tcp", port=5091, body="hi", content_type="text/plain"),
            ]
            out.add("misc", "MESSAGE/NOTIFY/REFER/INFO/others, endpoint variant %s, %s sender"
                    % (vname, ident), files, misc)
    return out


# ---------------------------------------------------------------------------
# dialplan
# ---------------------------------------------------------------------------

DIALPLANS = {
    "exact": ["exten => 100,1,Hangup()", "exten => 12345,1,Hangup()"],
    "patterns": ["exten => _1XX,1,Hangup()", "exten => _NXXXXX,1,Hangup()"],
    "dot": ["exten => _X.,1,Hangup()"],
    "bang": ["exten => _1!,1,Hangup()", "exten => _9X!,1,Hangup()"],
    "sets": ["exten => _[1-3]XX,1,Hangup()", "exten => _[a-c]X,1,Hangup()",
             "exten => _Z.,1,Hangup()"],
    "s": ["exten => s,1,Hangup()", "exten => _2.,1,Hangup()"],
    "plus": ["exten => _+1NXXNXXXXXX,1,Hangup()", "exten => _*X.,1,Hangup()",
             "exten => _#,1,Hangup()"],
    "answer": ["exten => 100,1,Answer()", " same => n,Hangup()",
               "exten => 101,1,Busy()", "exten => 102,1,Congestion()",
               "exten => 103,1,Hangup(17)", "exten => 104,1,Hangup(21)",
               "exten => 105,1,Progress()", " same => n,Hangup()"],
    "include": ["include => other", "exten => 100,1,Hangup()"],
    "long": ["exten => 1000000,1,Hangup()", "exten => 12,1,Hangup()"],
    "escaped": ["exten => 1#,1,Hangup()", "exten => abc,1,Hangup()",
                "exten => _[*#]X,1,Hangup()"],
    "empty": [],
}
RURI_USERS_DP = ["100", "1000", "10", "1", "", "s", "+15551234567", "*97", "#", "abc", "123",
                 "12", "1234", "200", "%31%30%30", "100;phone-context=x", "a1", "999999"]


def gen_dialplan(rng):
    out = Out("dialplan")
    for dname, lines in DIALPLANS.items():
        for overlap in ("yes", "no"):
            ext = ("[general]\nstatic=yes\nwriteprotect=yes\n\n[from-internal]\n"
                   + "".join(l + "\n" for l in lines)
                   + "\n[other]\nexten => _5XX,1,Hangup()\nexten => 2000,1,Hangup()\n")
            sects = [UDP, endpoint("6001", extra=[("allow_overlap", overlap)])]
            reqs = [req("INVITE", "6001", ruri_user=u) for u in RURI_USERS_DP]
            reqs += [req("OPTIONS", "6001", ruri_user=u) for u in ("100", "10", "", "999999")]
            reqs += [req("MESSAGE", "6001", ruri_user=u, body="hi", content_type="text/plain")
                     for u in ("100", "12", "999999")]
            out.add("ext", "extensions.conf %s, allow_overlap=%s" % (dname, overlap),
                    {"pjsip.conf": conf(*sects), "extensions.conf": ext}, reqs)
    # context settings against a custom dialplan
    ctx_variants = [None, "", "from-internal", "missing-ctx", "From-Internal", " from-internal",
                    "default"]
    for cv in ctx_variants:
        for overlap_ctx in (None, "over"):
            extra = []
            if overlap_ctx:
                extra.append(("overlap_context", overlap_ctx))
            opts = [("type", "endpoint"), ("disallow", "all"), ("allow", "ulaw"),
                    ("transport", "transport-udp")] + extra
            if cv is not None:
                opts.insert(1, ("context", cv))
            ext = ("[general]\nstatic=yes\n\n[from-internal]\nexten => 100,1,Hangup()\n"
                   "exten => 12345,1,Hangup()\n\n[default]\nexten => 200,1,Hangup()\n"
                   "exten => 100,1,Hangup()\n\n[over]\nexten => 300,1,Hangup()\n")
            reqs = [req("INVITE", "6001", ruri_user=u) for u in ("100", "200", "300", "123", "")]
            reqs.append(req("MESSAGE", "6001", ruri_user="100", body="x",
                            content_type="text/plain"))
            reqs.append(req("OPTIONS", "6001", ruri_user="200"))
            out.add("context", "endpoint context=%r overlap_context=%r with a custom dialplan"
                    % (cv, overlap_ctx), {"pjsip.conf": conf(UDP, ("6001", opts)),
                                          "extensions.conf": ext}, reqs)
            # the same against the harness's catch-all dialplan
            reqs2 = [req("INVITE", "6001", ruri_user=u) for u in ("100", "")]
            reqs2.append(req("MESSAGE", "6001", ruri_user="100", body="x",
                             content_type="text/plain"))
            out.add("context-harness", "endpoint context=%r overlap_context=%r, harness dialplan"
                    % (cv, overlap_ctx), conf(UDP, ("6001", opts)), reqs2)
    # INVITE session options: 100rel / timers / Require / Supported
    for opt, val in [("100rel", "required"), ("100rel", "no"), ("100rel", "yes"),
                     ("100rel", "peer_supported"), ("timers", "required"), ("timers", "no"),
                     ("timers", "always"), ("timers", "forced")]:
        sects = [UDP, endpoint("6001", extra=[(opt, val)])]
        reqs = [req("INVITE", "6001"),
                req("INVITE", "6001", headers={"Supported": "100rel, timer"}),
                req("INVITE", "6001", headers={"Require": "100rel"}),
                req("INVITE", "6001", headers={"Require": "timer", "Session-Expires": "1800"}),
                req("INVITE", "6001", headers={"Session-Expires": "30"}),
                req("INVITE", "6001", headers={"Require": "foo"})]
        out.add("session", "endpoint %s=%s against Supported/Require variations" % (opt, val),
                conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# transports
# ---------------------------------------------------------------------------

def gen_transports(rng):
    out = Out("transports")
    binds = ["127.0.0.1:5060", "127.0.0.1", "0.0.0.0:5060", "0.0.0.0", "[::]:5060", "::",
             "127.0.0.1:5060 ", "localhost:5060", "127.0.0.1:99999", "127.0.0.1:0", "127.0.0.2:5060",
             "127.0.0.1:abc", "", "[::1]:5060", "127.0.0.1:05060"]
    # The harness gives up on a whole case when a TCP connection is refused, so TCP requests
    # only go where a TCP listener on 127.0.0.1:5060 is certain; the other TCP binds are load
    # cases (whether the transport object exists is in the verdict).
    tcp_listens = {"127.0.0.1:5060", "127.0.0.1", "0.0.0.0:5060", "0.0.0.0", "127.0.0.1:5060 "}
    for b in binds:
        for proto in ("udp", "tcp"):
            sects = [("t", [("type", "transport"), ("protocol", proto), ("bind", b)]),
                     endpoint("6001", transport="t")]
            reqs = [req("INVITE", "6001", transport=proto, port=5070),
                    req("OPTIONS", "6001", transport=proto, port=5071)]
            if proto == "tcp" and b not in tcp_listens:
                reqs = []
            out.add("bind", "transport protocol=%s bind=%r" % (proto, b), conf(*sects), reqs)
    protos = ["udp", "UDP", "Udp", "tcp", "tls", "ws", "wss", "flow", "foo", "", "udp,tcp"]
    for p in protos:
        sects = [UDP, ("t2", [("type", "transport"), ("protocol", p),
                              ("bind", "127.0.0.1:5062")]), endpoint("6001")]
        reqs = [req("INVITE", "6001"), req("OPTIONS", "6001", dst="127.0.0.1:5062")]
        if p == "tcp":
            reqs.append(req("OPTIONS", "6001", transport="tcp", port=5072, dst="127.0.0.1:5062"))
        out.add("protocol", "second transport protocol=%r on 5062" % p, conf(*sects), reqs)
    # endpoint transport references
    refs = ["transport-udp", "transport-tcp", "missing", "", " transport-udp", "TRANSPORT-UDP",
            "transport-udp,transport-tcp", None]
    for ref in refs:
        sects = [UDP, TCP, endpoint("6001", transport=ref if ref else None,
                                    extra=[("aors", "6001")] + ([("transport", "")] if ref == "" else [])),
                 aor("6001", [("max_contacts", "2")])]
        reqs = [req("INVITE", "6001"), req("INVITE", "6001", transport="tcp", port=5081),
                reg(port=5071), req("OPTIONS", "6001", transport="tcp", port=5082)]
        out.add("ref", "endpoint transport=%r with udp and tcp transports" % (ref,),
                conf(*sects), reqs)
    # several transports, conflicts
    layouts = {
        "udp+tcp same port": [UDP, TCP],
        "two udp same bind": [UDP, ("transport-udp2", [("type", "transport"), ("protocol", "udp"),
                                                       ("bind", "127.0.0.1:5060")])],
        "udp any + udp loopback": [("any", [("type", "transport"), ("protocol", "udp"),
                                            ("bind", "0.0.0.0:5060")]), UDP],
        "udp two ports": [UDP, ("alt", [("type", "transport"), ("protocol", "udp"),
                                        ("bind", "127.0.0.1:5064")])],
        "tcp only": [TCP],
        "no transport": [],
        "udp and tcp on other port": [UDP, ("tcp5070", [("type", "transport"), ("protocol", "tcp"),
                                                       ("bind", "127.0.0.1:5066")])],
    }
    for lname, ts in layouts.items():
        sects = ts + [endpoint("6001", transport=None)]
        reqs = [req("INVITE", "6001"), req("OPTIONS", "6001", dst="127.0.0.1:5064")]
        # TCP only towards a port a TCP transport of the layout binds (see the bind cases)
        tcp_ports = {opts[2][1].rsplit(":", 1)[1] for _, opts in ts if ("protocol", "tcp") in opts}
        if "5060" in tcp_ports:
            reqs.append(req("INVITE", "6001", transport="tcp", port=5081))
        if "5066" in tcp_ports:
            reqs.append(req("OPTIONS", "6001", transport="tcp", port=5082, dst="127.0.0.1:5066"))
        out.add("layout", "transports: %s" % lname, conf(*sects), reqs)
    # NAT options: local_net / external addresses, rewrite_contact and force_rport
    nets = [None, "127.0.0.0/8", "127.0.0.2/32", "10.0.0.0/8", "127.0.0.0/255.0.0.0", "bogus",
            "127.0.0.0/8,10.0.0.0/8", "::1/128"]
    for ln in nets:
        for ext in (None, "203.0.113.10", "127.0.0.9", "bad host!"):
            topts = [("type", "transport"), ("protocol", "udp"), ("bind", "127.0.0.1:5060")]
            if ln is not None:
                topts.append(("local_net", ln))
            if ext is not None:
                topts += [("external_signaling_address", ext), ("external_media_address", ext)]
            sects = [("transport-udp", topts),
                     endpoint("6001", extra=[("aors", "6001"), ("rewrite_contact", "yes")]),
                     aor("6001", [("max_contacts", "2")])]
            reqs = [reg(port=5071, contact=contact(5071, host="10.1.2.3")),
                    req("INVITE", "6001"), req("OPTIONS", "6001", src="127.0.0.3")]
            out.add("nat", "transport local_net=%r external addresses=%r" % (ln, ext),
                    conf(*sects), reqs)
    # transport domain= and username identification
    for dom in ["example.com", "127.0.0.1", "EXAMPLE.COM", ""]:
        sects = [("transport-udp", [("type", "transport"), ("protocol", "udp"),
                                    ("bind", "127.0.0.1:5060"), ("domain", dom)]),
                 endpoint("6001@example.com", context="dom"), endpoint("6001"),
                 endpoint("6002@example.com", context="dom")]
        reqs = [req("INVITE", "6001"), req("INVITE", "6001", domain="example.com"),
                req("INVITE", "6002"), req("INVITE", "6002", domain="example.com")]
        out.add("domain", "transport domain=%r and user@domain endpoints" % dom,
                conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# auth
# ---------------------------------------------------------------------------

def cred_variants(user, realm, pw):
    """Auth options for each credential spelling, (label, options)."""
    r = realm or "asterisk"
    return [
        ("password", [("auth_type", "userpass"), ("password", pw)]),
        ("md5_cred", [("auth_type", "md5"), ("md5_cred", md5("%s:%s:%s" % (user, r, pw)))]),
        ("md5_cred-wrong-realm", [("auth_type", "md5"),
                                  ("md5_cred", md5("%s:%s:%s" % (user, "other", pw)))]),
        ("md5_cred-upper", [("auth_type", "md5"),
                            ("md5_cred", md5("%s:%s:%s" % (user, r, pw)).upper())]),
        ("digest-md5", [("auth_type", "digest"),
                        ("password_digest", "MD5:" + md5("%s:%s:%s" % (user, r, pw)))]),
        ("digest-sha256", [("auth_type", "digest"),
                           ("password_digest", "SHA-256:" + sha256("%s:%s:%s" % (user, r, pw)))]),
        ("digest-both", [("auth_type", "digest"),
                         ("password_digest", "MD5:" + md5("%s:%s:%s" % (user, r, pw))),
                         ("password_digest", "SHA-256:" + sha256("%s:%s:%s" % (user, r, pw))),
                         ("supported_algorithms_uas", "SHA-256,MD5")]),
        ("digest-sha512", [("auth_type", "digest"),
                           ("password_digest", "SHA-512-256:"
                            + sha512_256("%s:%s:%s" % (user, r, pw))),
                           ("supported_algorithms_uas", "SHA-512-256")]),
        ("digest-noprefix", [("auth_type", "digest"),
                             ("password_digest", md5("%s:%s:%s" % (user, r, pw)))]),
        ("digest-password", [("auth_type", "digest"), ("password", pw)]),
        ("no-type", [("password", pw)]),
    ]


def gen_auth(rng):
    out = Out("auth")
    pw = "s3cret"
    for realm_mode in ("unset", "asterisk", "example.com", "global"):
        realm = None if realm_mode in ("unset", "global") else realm_mode
        for label, copts in cred_variants("6001", "example.com" if realm_mode == "global"
                                          else realm, pw):
            aopts = [("type", "auth"), ("username", "6001")] + copts
            if realm:
                aopts.append(("realm", realm))
            sects = [UDP]
            if realm_mode == "global":
                sects.append(("global", [("type", "global"), ("default_realm", "example.com")]))
            sects += [endpoint("6001", extra=[("auth", "6001-auth"), ("aors", "6001")]),
                      aor("6001", [("max_contacts", "3")]), ("6001-auth", aopts)]
            good = {"username": "6001", "password": pw}
            bad = {"username": "6001", "password": "wrong"}
            reqs = [reg(port=5071, auth=good), reg(port=5072, auth=bad), reg(port=5073),
                    req("INVITE", "6001", auth=good), req("OPTIONS", "6001"),
                    req("MESSAGE", "6001", auth=good, body="x", content_type="text/plain")]
            out.add("creds", "auth %s, realm %s" % (label, realm_mode), conf(*sects), reqs)
    algos = [None, "MD5", "SHA-256", "MD5,SHA-256", "SHA-256,MD5", "SHA-512-256", "sha-256",
             "MD5, SHA-256", "foo", "", "SHA-256,SHA-512-256,MD5"]
    for alg in algos:
        for label in ("password", "digest-md5", "digest-sha256"):
            copts = dict((l, o) for l, o in cred_variants("6001", None, pw))[label]
            aopts = [("type", "auth"), ("username", "6001")] + copts
            if alg is not None:
                aopts.append(("supported_algorithms_uas", alg))
            sects = [UDP, endpoint("6001", extra=[("auth", "a1")]), ("a1", aopts)]
            reqs = [req("INVITE", "6001", auth={"username": "6001", "password": pw}),
                    req("INVITE", "6001", auth={"username": "6001", "password": "x"}),
                    req("INVITE", "6001")]
            out.add("algorithms", "supported_algorithms_uas=%r with %s" % (alg, label),
                    conf(*sects), reqs)
    # global algorithms
    for alg in ("SHA-256", "SHA-256,MD5", "bogus"):
        sects = [UDP, ("global", [("type", "global"), ("default_auth_algorithms_uas", alg)]),
                 endpoint("6001", extra=[("auth", "a1")]),
                 ("a1", [("type", "auth"), ("auth_type", "userpass"), ("username", "6001"),
                         ("password", pw)])]
        reqs = [req("INVITE", "6001", auth={"username": "6001", "password": pw}), req("INVITE", "x")]
        out.add("global-algorithms", "global default_auth_algorithms_uas=%r" % alg,
                conf(*sects), reqs)
    auth_types = ["userpass", "md5", "digest", "google_oauth", "foo", "USERPASS", "", "Digest"]
    for at in auth_types:
        sects = [UDP, endpoint("6001", extra=[("auth", "a1")]),
                 ("a1", [("type", "auth"), ("auth_type", at), ("username", "6001"),
                         ("password", pw)])]
        reqs = [req("INVITE", "6001", auth={"username": "6001", "password": pw}),
                req("OPTIONS", "6001")]
        out.add("auth_type", "auth_type=%r" % at, conf(*sects), reqs)
    # structure of the auth references
    good = {"username": "6001", "password": pw}
    structures = {
        "missing-object": [endpoint("6001", extra=[("auth", "nosuch")])],
        "outbound-only": [endpoint("6001", extra=[("outbound_auth", "a1")]), auth("a1", "6001", pw)],
        "both": [endpoint("6001", extra=[("auth", "a1"), ("outbound_auth", "a1")]),
                 auth("a1", "6001", pw)],
        "list": [endpoint("6001", extra=[("auth", "a1,a2")]), auth("a1", "other", "x"),
                 auth("a2", "6001", pw)],
        "list-spaces": [endpoint("6001", extra=[("auth", "a1 , a2")]), auth("a1", "other", "x"),
                        auth("a2", "6001", pw)],
        "list-missing-first": [endpoint("6001", extra=[("auth", "nosuch,a2")]),
                               auth("a2", "6001", pw)],
        "two-lines": [endpoint("6001", extra=[("auth", "a1"), ("auth", "a2")]),
                      auth("a1", "other", "x"), auth("a2", "6001", pw)],
        "names-aor": [endpoint("6001", extra=[("auth", "6001"), ("aors", "6001")]),
                      aor("6001", [("max_contacts", "1")])],
        "username-differs": [endpoint("6001", extra=[("auth", "a1")]), auth("a1", "bob", pw)],
        "no-username": [endpoint("6001", extra=[("auth", "a1")]),
                        ("a1", [("type", "auth"), ("auth_type", "userpass"), ("password", pw)])],
        "no-password": [endpoint("6001", extra=[("auth", "a1")]), auth("a1", "6001", None)],
        "empty-password": [endpoint("6001", extra=[("auth", "a1")]), auth("a1", "6001", "")],
        "realm-two": [endpoint("6001", extra=[("auth", "a1,a2")]),
                      auth("a1", "6001", pw, [("realm", "r1")]),
                      auth("a2", "6001", pw, [("realm", "r2")])],
        "same-realm-two": [endpoint("6001", extra=[("auth", "a1,a2")]),
                           auth("a1", "6001", "x", [("realm", "r1")]),
                           auth("a2", "6001", pw, [("realm", "r1")])],
        "auth-username-id": [endpoint("6001", extra=[("auth", "a1"),
                                                     ("identify_by", "auth_username")]),
                             auth("a1", "6001", pw)],
        "auth-username-id-other": [endpoint("bob", extra=[("auth", "a1"),
                                                          ("identify_by", "auth_username")]),
                                   auth("a1", "bob", pw)],
        "empty-auth": [endpoint("6001", extra=[("auth", "")])],
        "upper-name": [endpoint("6001", extra=[("auth", "A1")]), auth("a1", "6001", pw)],
        "refused-auth": [endpoint("6001", extra=[("auth", "a1")]),
                         auth("a1", "6001", pw, [("auth_type", "bogus")])],
        "artificial": [endpoint("6001")],
    }
    for sname, sects in structures.items():
        for unauth_opts in ("no", "yes"):
            s = list(sects)
            s[0] = (s[0][0], s[0][1] + [("allow_unauthenticated_options", unauth_opts)])
            reqs = [req("INVITE", "6001", auth=good), req("INVITE", "6001"),
                    req("OPTIONS", "6001"), req("OPTIONS", "6001", ruri_user="100"),
                    req("INVITE", "bob", auth={"username": "bob", "password": pw}),
                    req("REGISTER", "6001", auth=good), req("INVITE", "stranger", auth=good)]
            out.add("structure", "auth structure %s, allow_unauthenticated_options=%s"
                    % (sname, unauth_opts), conf(UDP, *s), reqs)
    # every method against an endpoint with auth
    methods = ["REGISTER", "INVITE", "OPTIONS", "MESSAGE", "SUBSCRIBE", "PUBLISH", "INFO",
               "NOTIFY", "REFER", "BYE", "UPDATE", "FOO"]
    for creds in (good, None, {"username": "6001", "password": "bad"},
                  {"username": "other", "password": pw}):
        sects = [UDP, endpoint("6001", extra=[("auth", "a1"), ("aors", "6001")]),
                 aor("6001", [("max_contacts", "5")]), auth("a1", "6001", pw)]
        reqs = []
        for k, m in enumerate(methods):
            kw = {"port": 5100 + k}
            if creds:
                kw["auth"] = creds
            if m == "SUBSCRIBE":
                kw["headers"] = {"Event": "presence"}
            if m == "PUBLISH":
                kw["headers"] = {"Event": "presence"}
            if m == "MESSAGE":
                kw.update(body="x", content_type="text/plain")
            reqs.append(req(m, "6001", **kw))
        out.add("methods", "every method against an endpoint with auth, credentials %s"
                % (creds,), conf(*sects), reqs)
    return out


# ---------------------------------------------------------------------------
# ACLs
# ---------------------------------------------------------------------------

ACL_RULES = [
    [("permit", "127.0.0.2")], [("deny", "127.0.0.2")], [("deny", "0.0.0.0/0"), ("permit", "127.0.0.2")],
    [("permit", "127.0.0.2"), ("deny", "0.0.0.0/0")], [("deny", "127.0.0.0/24")],
    [("deny", "127.0.0.0/255.255.255.0")], [("deny", "0.0.0.0/0.0.0.0"), ("permit", "127.0.0.0/24")],
    [("deny", "127.0.0.2,127.0.0.3")], [("deny", "127.0.0.2, 127.0.0.3")],
    [("deny", "!127.0.0.2")], [("deny", "127.0.0.2:5070")], [("deny", "bogus")],
    [("deny", "127.0.0.2/33")], [("deny", "::1")], [("deny", "0.0.0.0/0"), ("permit", "127.0.0.2/32"),
                                                   ("deny", "127.0.0.2")],
    [("permit", "127.0.0.3")], [("deny", "localhost")], [("deny", "")],
    [("deny", "127.0.0.0/8"), ("permit", "127.0.0.0/16"), ("deny", "127.0.0.0/24")],
    [("deny", "127.0.0.2/24")], [("permit", "0.0.0.0/0")], [("deny", "127.0.1.0/24")],
    [("deny", "127.0.0.2 ")], [("DENY", "127.0.0.2")],
]
ACL_SOURCES = [("127.0.0.2", 5070), ("127.0.0.3", 5070), ("127.0.1.2", 5070)]


def gen_acl(rng):
    out = Out("acl")
    for rules in ACL_RULES:
        sects = [UDP, endpoint("6001", extra=rules)]
        reqs = [req("INVITE", "6001", src=s, port=p) for s, p in ACL_SOURCES]
        reqs.append(req("OPTIONS", "6001", src="127.0.0.2"))
        out.add("endpoint", "endpoint ACL %s" % rules, conf(*sects), reqs)
    acl_confs = {
        "office": "[office]\ndeny=0.0.0.0/0.0.0.0\npermit=127.0.0.2\n",
        "office-net": "[office]\ndeny=0.0.0.0/0\npermit=127.0.0.0/24\n",
        "office-deny": "[office]\ndeny=127.0.0.2\n",
        "office-bad": "[office]\ndeny=bogus\npermit=127.0.0.2\n",
        "office-two": "[office]\ndeny=0.0.0.0/0\npermit=127.0.0.2\n\n[lab]\ndeny=127.0.0.3\n",
        "office-template": "[base](!)\ndeny=0.0.0.0/0\n\n[office](base)\npermit=127.0.0.3\n",
        "office-upper": "[OFFICE]\ndeny=0.0.0.0/0\npermit=127.0.0.3\n",
        "empty": "",
    }
    for cname, ctext in acl_confs.items():
        for acl_ref in ("office", "office,lab", "office, lab", "missing", "Office"):
            if acl_ref in ("office,lab", "office, lab") and cname not in ("office-two",):
                continue
            sects = [UDP, endpoint("6001", extra=[("acl", acl_ref)])]
            reqs = [req("INVITE", "6001", src=s, port=p) for s, p in ACL_SOURCES]
            out.add("named", "endpoint acl=%s with acl.conf %s" % (acl_ref, cname),
                    {"pjsip.conf": conf(*sects), "acl.conf": ctext}, reqs)
    contact_rules = [
        [("contact_deny", "127.0.0.9")], [("contact_permit", "127.0.0.9")],
        [("contact_deny", "0.0.0.0/0"), ("contact_permit", "127.0.0.2")],
        [("contact_deny", "127.0.0.0/8")], [("contact_deny", "10.0.0.0/8")],
        [("contact_deny", "0.0.0.0/0"), ("contact_permit", "127.0.0.0/255.255.255.0")],
        [("contact_acl", "office")], [("contact_deny", "localhost")], [("contact_deny", "bogus")],
        [("contact_deny", "127.0.0.9"), ("deny", "127.0.0.3")],
        [("contact_deny", "127.0.0.2:5070")], [("contact_deny", "!127.0.0.2")],
    ]
    acl_text = "[office]\ndeny=0.0.0.0/0\npermit=127.0.0.2\n"
    for rules in contact_rules:
        sects = [UDP, endpoint("6001", extra=[("aors", "6001")] + rules),
                 aor("6001", [("max_contacts", "5")])]
        reqs = [reg(port=5071), reg(port=5072, contact=contact(5072, host="127.0.0.9")),
                reg(port=5073, contact=contact(5073, host="10.0.0.1")),
                reg(port=5074, src="127.0.0.3"),
                reg(port=5075, contact=contact(5075, host="localhost")),
                req("INVITE", "6001", contact=contact(5076, host="127.0.0.9")),
                req("INVITE", "6001", contact=None)]
        out.add("contact", "endpoint contact ACL %s" % rules,
                {"pjsip.conf": conf(*sects), "acl.conf": acl_text}, reqs)
    global_acls = [
        [("deny", "127.0.0.2")], [("permit", "127.0.0.2")], [("deny", "0.0.0.0/0"), ("permit", "127.0.0.2")],
        [("acl", "office")], [("acl", "missing")], [("contact_deny", "127.0.0.9")],
        [("contact_deny", "0.0.0.0/0"), ("contact_permit", "127.0.0.2")],
        [("contact_acl", "office")], [("deny", "bogus")], [("deny", "127.0.0.0/24"), ("permit", "127.0.0.3")],
        [], [("deny", "127.0.0.2"), ("contact_deny", "127.0.0.2")],
    ]
    for rules in global_acls:
        for two in (False, True):
            acl_sects = [("acl-a", [("type", "acl")] + rules)]
            if two:
                acl_sects.append(("acl-b", [("type", "acl"), ("deny", "127.0.1.0/24")]))
            sects = [UDP] + acl_sects + [endpoint("6001", extra=[("aors", "6001")]),
                                         aor("6001", [("max_contacts", "5")])]
            reqs = [req("INVITE", "6001", src=s, port=p) for s, p in ACL_SOURCES]
            reqs += [reg(port=5072, contact=contact(5072, host="127.0.0.9")),
                     req("OPTIONS", "6001", src="127.0.0.2")]
            out.add("global", "type=acl %s%s" % (rules, " plus a second acl" if two else ""),
                    {"pjsip.conf": conf(*sects), "acl.conf": acl_text}, reqs)
    return out


# ---------------------------------------------------------------------------
# load: every option's accepted and refused spellings
# ---------------------------------------------------------------------------

BOOL_WORDS = ["yes", "no", "true", "false", "on", "off", "1", "0", "y", "n", "t", "f", "YES",
              "Off", "enabled", "", "2", "si", "yes please"]
UINT_WORDS = ["0", "1", "60", "+5", "-1", "-0", "0x10", "010", "4294967295", "4294967296",
              "99999999999", "1.5", "abc", "", "12abc", "3600", "1 2"]
INT_WORDS = ["0", "-1", "-2147483648", "2147483647", "2147483648", "+3", "0x10", "abc", "", "7 "]
DOUBLE_WORDS = ["0", "1.5", "-1", "1e3", "abc", "", "0x10", "inf", "3", ".5", "1,5"]
URI_WORDS = ["sip:a@127.0.0.1", "sips:a@127.0.0.1", "<sip:a@127.0.0.1>", "tel:+1555",
             "127.0.0.1", "sip:", "", "sip:a@127.0.0.1:5060;transport=tcp", "sip:a@[::1]",
             "not a uri", "sip:127.0.0.1\\;lr", "SIP:A@127.0.0.1"]
HOST_WORDS = ["127.0.0.1", "127.0.0.1:5060", "[::1]:5060", "::1", "localhost", "no.such.invalid",
              "", "127.0.0.1:abc", "999.1.1.1", "0.0.0.0"]
IPACL_WORDS = ["127.0.0.0/8", "127.0.0.1", "127.0.0.0/255.0.0.0", "!127.0.0.1", "127.0.0.1:5060",
               "bad", "", "10.0.0.0/33", "::1", "127.0.0.0/8, 10.0.0.0/8", "127.0.0.0/8,,10.0.0.0/8",
               "localhost"]
TOS_WORDS = ["0", "ef", "EF", "cs3", "af41", "0x10", "46", "256", "foo", "184", "", "-1"]
CALLERID_WORDS = ["\"Name\" <100>", "100", "Name <100>", "<100>", "\"a\"", "", "Name",
                  "\"Bob\" <sip:100@127.0.0.1>", "\"unterminated <100>"]
GROUP_WORDS = ["0", "1,2", "1-3", "0-63", "64", "-1", "a", "1-", "3-1", "", "1, 2"]
CODECPREF_WORDS = ["prefer: pending, operation: intersect, keep: all, transcode: allow",
                   "prefer:configured", "operation:union", "keep:first", "transcode:prevent",
                   "foo:bar", "prefer:foo", "", "prefer: configured, operation: only_preferred",
                   "operation:only_nonpreferred", "keep"]
STRING_WORDS = ["abc", "", "with space", "\"quoted\"", "x" * 300, "\u00e9t\u00e9", "a,b"]
REGEX_WORDS = ["sip:x", "/x/", "/(/", "", "/^a.*$/"]
STRING_LIST_WORDS = ["a,b", "a , b", "", "a", ",", "a,,b"]
KEY_VALUE_WORDS = ["A=1", "A", "=1", "A=", "A = 1", "A=1=2", ""]
SECMECH_WORDS = ["msrp-tls", "sdes-srtp;mediasec", "dtls-srtp", "foo", "", "msrp-tls,sdes-srtp",
                 "msrp-tls;q=0.5"]
FILE_WORDS = ["/nonexistent/file.pem", "", "/etc/hostname", "relative.pem"]
DIGEST_WORDS = [md5("6001:asterisk:pw"), md5("x")[:31], md5("6001:asterisk:pw").upper(),
                "z" * 32, ""]
DIGEST_LIST_WORDS = ["MD5:" + md5("u:asterisk:pw"), "SHA-256:" + sha256("u:asterisk:pw"),
                     "SHA-512-256:" + sha512_256("u:asterisk:pw"), "md5:" + md5("u:asterisk:pw"),
                     "MD5:short", md5("u:asterisk:pw"), "SHA-1:" + "a" * 40, "",
                     "SHA-256:" + md5("x")]


def option_values(opt, rng):
    """Spellings to try for one option of the reference table (accepted and refused)."""
    kind = opt["kind"]
    if kind == "bool":
        return BOOL_WORDS
    if kind == "uint":
        return UINT_WORDS
    if kind == "int":
        return INT_WORDS
    if kind == "double":
        return DOUBLE_WORDS
    if kind in ("enum", "enum_list"):
        vals = list(opt.get("enum_values") or [])
        words = list(vals)
        if vals:
            words += [vals[0].upper(), vals[-1].capitalize(), " " + vals[0]]
        words += ["foo", ""]
        if opt.get("accepts_bool_synonyms"):
            words += ["yes", "no", "1", "off"]
        if kind == "enum_list" and len(vals) >= 2:
            words += [vals[0] + "," + vals[1], vals[0] + " , " + vals[1], vals[0] + ",foo",
                      vals[0] + "," + vals[0]]
        return words
    if kind == "codec_list":
        return ["ulaw", "ulaw,alaw", "(ulaw|alaw)", "all", "!ulaw", "foo", "", "all,!alaw"]
    if kind in ("ref", "ref_list"):
        return ["target", "missing", "", " target", "target,other", "TARGET"]
    if kind in ("uri", "uri_list"):
        return URI_WORDS + (["sip:a@127.0.0.1,sip:b@127.0.0.1"] if kind == "uri_list" else [])
    if kind in ("host", "host_port", "host_port_list"):
        return HOST_WORDS + (["127.0.0.1,127.0.0.2"] if kind == "host_port_list" else [])
    if kind == "ip_acl_list":
        return IPACL_WORDS
    if kind == "named_acl_list":
        return ["office", "missing", "office,lab", "", "office, lab"]
    if kind == "match_list":
        return MATCH_FORMS[::3]
    if kind == "header_match":
        return HEADER_FORMS[::2]
    if kind in ("string_or_regex", "regex"):
        return REGEX_WORDS
    if kind == "file_path":
        return FILE_WORDS
    if kind == "tos":
        return TOS_WORDS
    if kind == "callerid":
        return CALLERID_WORDS
    if kind == "group_list":
        return GROUP_WORDS
    if kind == "string_list":
        return STRING_LIST_WORDS
    if kind == "key_value":
        return KEY_VALUE_WORDS
    if kind == "codec_prefs":
        return CODECPREF_WORDS
    if kind == "digest":
        return DIGEST_WORDS
    if kind == "digest_list":
        return DIGEST_LIST_WORDS
    if kind == "security_mechanism_list":
        return SECMECH_WORDS
    if kind == "type":
        return []
    return STRING_WORDS  # string, passthrough, custom, deprecated_noop


def base_object(typ, name, i):
    """Options an object of `typ` needs to load at all (so the tried value is what decides)."""
    if typ == "endpoint":
        return [("type", "endpoint"), ("context", "from-internal"), ("disallow", "all"),
                ("allow", "ulaw")]
    if typ == "aor":
        return [("type", "aor")]
    if typ == "auth":
        return [("type", "auth"), ("auth_type", "userpass"), ("username", "u%d" % i),
                ("password", "pw")]
    if typ == "transport":
        return [("type", "transport"), ("protocol", "udp"), ("bind", "127.0.0.1:%d" % (5100 + i))]
    if typ == "identify":
        return [("type", "identify"), ("endpoint", "target"), ("match", "127.0.%d.1" % (10 + i))]
    if typ == "registration":
        return [("type", "registration"), ("server_uri", "sip:127.0.0.1:5999"),
                ("client_uri", "sip:r%d@127.0.0.1:5999" % i), ("retry_interval", "600"),
                ("transport", "transport-udp"), ("expiration", "3600")]
    if typ == "domain_alias":
        return [("type", "domain_alias"), ("domain", "example.com")]
    if typ == "acl":
        return [("type", "acl")]
    return [("type", typ)]


# options whose base value the tried value replaces rather than adds to
def apply_value(base, opt, value):
    names = {opt}
    if opt == "password":
        names.add("password")
    out = [(k, v) for k, v in base if k not in names or k == "type"]
    return out + [(opt, value)]


LOAD_TYPES = ["endpoint", "aor", "auth", "transport", "identify", "registration", "domain_alias",
              "acl", "outbound-publish", "inbound-publication", "resource_list", "phoneprov"]


def reference_options(ref_path):
    with open(ref_path) as f:
        ref = json.load(f)
    types = {}
    for fi in ref["files"]:
        for t in fi["types"]:
            types[t["type"]] = t
    return types


def gen_load(rng, ref_path):
    out = Out("load")
    types = reference_options(ref_path)
    support = [UDP, endpoint("target", context="from-internal"), aor("target"),
               auth("target", "target", "pw"), aor("other"), endpoint("other")]
    acl_conf = "[office]\ndeny=0.0.0.0/0\npermit=127.0.0.1\n\n[lab]\ndeny=127.0.0.3\n"
    for typ in LOAD_TYPES:
        t = types.get(typ)
        if t is None:
            continue
        for opt in t["options"]:
            name = opt["name"]
            if opt["kind"] == "type" or opt.get("name_regex"):
                continue
            if "22.10.1" not in (opt.get("present_in") or ["22.10.1"]):
                continue
            values = option_values(opt, rng)
            if not values:
                continue
            sects = list(support)
            for i, v in enumerate(values):
                oname = "%s-%s-%02d" % (typ[:3], name, i)
                sects.append((oname, apply_value(base_object(typ, oname, i), name, v)))
            out.add(typ, "%s option %s (%s): one object per spelling %r"
                    % (typ, name, opt["kind"], values),
                    {"pjsip.conf": conf(*sects), "acl.conf": acl_conf}, [])
    # single-object types: one case per (option, value), a few values each
    for typ in ("global", "system"):
        t = types[typ]
        for opt in t["options"]:
            name = opt["name"]
            if opt["kind"] == "type" or opt.get("name_regex"):
                continue
            values = option_values(opt, rng)
            if len(values) > 6:
                keep = values[:3] + sorted(rng.sample(values[3:], 3), key=values.index)
                values = keep
            for v in values:
                sects = [UDP, (typ, [("type", typ), (name, v)]), endpoint("6001")]
                out.add(typ, "%s %s=%r" % (typ, name, v), conf(*sects), [])
    # templates, (+) and their combinations
    out_templates(out, rng)
    out_wizard(out, rng)
    out_misc(out, rng)
    return out


def out_templates(out, rng):
    base = "[transport-udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n\n"
    tpl_bodies = {
        "plain": "type=endpoint\ncontext=from-tpl\ndisallow=all\nallow=ulaw\n",
        "no-type": "context=from-tpl\ndisallow=all\nallow=ulaw\n",
        "aor-type": "type=aor\nmax_contacts=2\n",
        "with-aors": "type=endpoint\naors=a1\ncontext=from-tpl\n",
        "with-match": "type=identify\nendpoint=6001\nmatch=127.0.0.2\n",
    }
    headers = ["[%s](t)", "[%s](t,u)", "[%s](u,t)", "[%s]( t )", "[%s](!,t)", "[%s](t,!)",
               "[%s](T)", "[%s](missing)", "[%s](t)(u)", "[%s] (t)", "[%s](t,missing)",
               "[%s](+)", "[%s](!)"]
    own_bodies = ["", "context=own\n", "type=endpoint\n", "type=aor\n", "aors=a2\n",
                  "match=127.0.0.3\n", "allow=alaw\n"]
    for tname, tbody in tpl_bodies.items():
        for h in headers:
            for own in own_bodies[:4] if tname != "with-match" else ["", "match=127.0.0.3\n"]:
                text = (base + "[t](!)\n" + tbody + "\n[u](!)\ncontext=from-u\nallow_subscribe=no\n\n"
                        + "[6001]\ntype=endpoint\ncontext=x\n\n"
                        + (h % "obj") + "\n" + own + "\n")
                out.add("template", "template %s, header %s, own lines %r" % (tname, h, own),
                        text, [])
    # (+) additions
    plus = [
        "[6001]\ntype=endpoint\ncontext=a\n\n[6001](+)\ncontext=b\n",
        "[6001](+)\ncontext=b\n\n[6001]\ntype=endpoint\ncontext=a\n",
        "[6001]\ntype=endpoint\nallow=ulaw\n\n[6001](+)\nallow=alaw\n",
        "[6001]\ntype=endpoint\n\n[6001](+)\ntype=aor\n",
        "[6001]\ntype=endpoint\n\n[6001]\ntype=aor\n\n[6001](+)\nmax_contacts=3\n",
        "[6001]\ntype=aor\nmax_contacts=1\n\n[6001](+)\nmax_contacts=3\n\n[6001](+)\ncontact=sip:127.0.0.9\n",
        "[t](!)\ncontext=t\n\n[6001](t)\ntype=endpoint\n\n[t](+)\ncontext=late\n",
        "[6001]\ntype=endpoint\n\n[6001](+,t)\ncontext=x\n",
        "[6001]\ntype=endpoint\n\n[6001]( +)\ncontext=b\n",
        "[6001]\ntype=endpoint\n\n[6001](+ )\ncontext=b\n",
        "[6001]\ntype=identify\nendpoint=6001\nmatch=127.0.0.2\n\n[6001](+)\nmatch=127.0.0.3\n",
        "[6001]\ntype=endpoint\ncontext=a\n\n[6001]\ntype=endpoint\ncontext=b\n",
        "[6001]\ntype=endpoint\nset_var=A=1\n\n[6001](+)\nset_var=B=2\n",
        "[6001]\ntype=aor\ncontact=sip:127.0.0.9\n\n[6001](+)\ncontact+=sip:127.0.0.8\n",
    ]
    for p in plus:
        out.add("plus", "(+) and duplicate sections: %r" % p, base + p + "\n", [])
    # accumulating options through templates
    acc = [("endpoint", "set_var", ["A=1", "B=2"]), ("aor", "contact", ["sip:127.0.0.9", "sip:127.0.0.8"]),
           ("endpoint", "permit", ["127.0.0.2", "127.0.0.3"]), ("identify", "match", ["127.0.0.2", "127.0.0.3"]),
           ("endpoint", "allow", ["ulaw", "alaw"]), ("endpoint", "context", ["a", "b"]),
           ("endpoint", "mailboxes", ["1@d", "2@d"]), ("aor", "mailboxes", ["1@d", "2@d"]),
           ("endpoint", "aors", ["a1", "a2"]), ("endpoint", "auth", ["x1", "x2"]),
           ("auth", "password_digest", ["MD5:" + md5("a"), "SHA-256:" + sha256("a")]),
           ("endpoint", "deny", ["127.0.0.2", "127.0.0.3"]), ("endpoint", "contact_deny", ["127.0.0.2", "127.0.0.3"]),
           ("endpoint", "codec_prefs_incoming_offer", ["prefer:configured", "keep:first"])]
    for typ, opt, (v1, v2) in acc:
        extra = {"identify": "endpoint=6001\n", "auth": "auth_type=digest\nusername=u\n"}.get(typ, "")
        for shape in ("tpl+own", "tpl+tpl", "two lines", "plus"):
            if shape == "tpl+own":
                text = "[t](!)\ntype=%s\n%s%s=%s\n\n[o1](t)\n%s=%s\n" % (typ, extra, opt, v1, opt, v2)
            elif shape == "tpl+tpl":
                text = ("[t](!)\ntype=%s\n%s%s=%s\n\n[u](!)\n%s=%s\n\n[o1](t,u)\n"
                        % (typ, extra, opt, v1, opt, v2))
            elif shape == "two lines":
                text = "[o1]\ntype=%s\n%s%s=%s\n%s=%s\n" % (typ, extra, opt, v1, opt, v2)
            else:
                text = "[o1]\ntype=%s\n%s%s=%s\n\n[o1](+)\n%s=%s\n" % (typ, extra, opt, v1, opt, v2)
            if typ == "identify":
                text = "[6001]\ntype=endpoint\n\n" + text
            out.add("accumulate", "%s %s through %s" % (typ, opt, shape), base + text + "\n", [])


WIZARD_VARIANTS = [
    ("phone", "type=wizard\naccepts_registrations=yes\nsends_registrations=no\n"
              "accepts_auth=yes\nsends_auth=no\ninbound_auth/username=u1\ninbound_auth/password=p1\n"
              "endpoint/context=from-wiz\naor/max_contacts=2\nendpoint/allow=ulaw\n"),
    ("trunk", "type=wizard\nsends_registrations=yes\nsends_auth=yes\nremote_hosts=127.0.0.9:5099\n"
              "outbound_auth/username=t1\noutbound_auth/password=p1\nendpoint/context=from-trunk\n"
              "registration/retry_interval=600\n"),
    ("trunk-two-hosts", "type=wizard\nremote_hosts=127.0.0.9:5099,127.0.0.8\nendpoint/context=from-trunk\n"),
    ("no-hosts-sends", "type=wizard\nsends_registrations=yes\nendpoint/context=x\n"),
    ("accepts-no-auth", "type=wizard\naccepts_auth=yes\nendpoint/context=x\n"),
    ("sends-auth-no-user", "type=wizard\nsends_auth=yes\nremote_hosts=127.0.0.9\n"),
    ("bad-option", "type=wizard\nendpoint/nosuchoption=1\nendpoint/context=x\n"),
    ("bad-value", "type=wizard\nendpoint/direct_media=maybe\nendpoint/context=x\n"),
    ("aor-contact", "type=wizard\naor/contact=sip:127.0.0.9\nendpoint/context=x\n"),
    ("transport", "type=wizard\ntransport=transport-udp\nendpoint/context=x\nremote_hosts=127.0.0.9\n"),
    ("identify-off", "type=wizard\nremote_hosts=127.0.0.9\nhas_phoneprov=no\nsends_line_with_registrations=yes\n"
                     "endpoint/context=x\n"),
    ("server-uri-pattern", "type=wizard\nremote_hosts=127.0.0.9\nsends_registrations=yes\n"
                           "server_uri_pattern=sip:${REMOTE_HOST}\nclient_uri_pattern=sip:${USERNAME}@${REMOTE_HOST}\n"
                           "outbound_auth/username=z\noutbound_auth/password=p\nsends_auth=yes\n"),
    ("contact-pattern", "type=wizard\nremote_hosts=127.0.0.9\ncontact_pattern=sip:x@${REMOTE_HOST}\n"),
    ("no-type", "accepts_registrations=yes\nendpoint/context=x\n"),
    ("bools", "type=wizard\naccepts_registrations=maybe\nsends_registrations=1\naccepts_auth=on\n"
              "inbound_auth/password=p\nendpoint/context=x\n"),
    ("identify-match", "type=wizard\nremote_hosts=127.0.0.9\nidentify/match=127.0.0.10\n"),
    ("inbound-auth-type", "type=wizard\naccepts_auth=yes\ninbound_auth/auth_type=md5\n"
                          "inbound_auth/md5_cred=" + md5("w:asterisk:p") + "\ninbound_auth/username=w\n"),
]


def out_wizard(out, rng):
    for name, body in WIZARD_VARIANTS:
        for templated in (False, True):
            if templated:
                text = "[wt](!)\n" + body + "\n[wiz1](wt)\n\n[wiz2](wt)\nendpoint/language=fr\n"
            else:
                text = "[wiz1]\n" + body
            pj = "[transport-udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n"
            out.add("wizard", "wizard %s%s" % (name, " through a template" if templated else ""),
                    {"pjsip.conf": pj, "pjsip_wizard.conf": text}, [])


def out_misc(out, rng):
    base = "[transport-udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n\n"
    misc = [
        "[6001]\ntype=endpoint\nContext=x\n", "[6001]\ntype=endpoint\nCONTEXT=x\n",
        "[6001]\nTYPE=endpoint\n", "[6001]\ntype=Endpoint\n", "[6001]\ntype = endpoint\n",
        "[6001]\ntype=endpoint\ncontext => x\n", "[6001]\ntype=endpoint\nnosuch=1\n",
        "[6001]\ncontext=x\n", "[6001]\ntype=\n", "[6001]\ntype=endpoint\ntype=aor\n",
        "[6001]\ntype=endpoint\ncontext=x ; comment\n", "[6001]\ntype=endpoint\ncontext=x\\;y\n",
        "[6001]\ntype=endpoint\ncontext=\"x\"\n", "[ 6001 ]\ntype=endpoint\n",
        "[6001]\ntype=endpoint\n\n[6001]\ntype=endpoint\n", "[6001]\n\ttype=endpoint\n",
        "[6001]\ntype=endpoint\ncallerid=\"A;B\" <1>\n", "[]\ntype=endpoint\n",
        "[6001]\ntype=endpoint\n[6002]\ntype=endpoint\n", "[6001]\ntype=endpoint\ncontext=\n",
        "[6001]\ntype=endpoint\n;--\ncontext=a\n--;\n", "[6001]\ntype=endpoint\naors=\n",
        "[global]\ntype=global\n\n[global2]\ntype=global\n",
        "[system]\ntype=system\ntimer_t1=100\n\n[system2]\ntype=system\n",
        "[g]\ntype=global\nmax_forwards=20\n",
        "[6001]\ntype=endpoint\nallow=ulaw\nallow=ulaw\n",
        "[x" + "y" * 100 + "]\ntype=endpoint\n",
        "[6001]\ntype=endpoint\nset_var=A=1\nset_var=A=2\n",
        "[6001]\ntype=contact\nuri=sip:127.0.0.9\n", "[6001]\ntype=subscription_persistence\n",
        "[6001]\ntype=foo\n", "[6001]\ntype=endpoint\n#include nosuch.conf\n",
        "#tryinclude nosuch.conf\n[6001]\ntype=endpoint\n",
        "[6001]\ntype=endpoint\ncontext=${VAR}\n", "[6001]\ntype=endpoint\ncontext=$[1+1]\n",
    ]
    for m in misc:
        out.add("misc", "misc load case %r" % m, base + m + "\n", [])


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def generate(areas, seed, ref_path):
    gens = {"identify": gen_identify, "codecs": gen_codecs, "registrar": gen_registrar,
            "methods": gen_methods, "dialplan": gen_dialplan, "transports": gen_transports,
            "auth": gen_auth, "acl": gen_acl}
    result = []
    for area in areas:
        # one generator per area, seeded from the seed and the area name: adding an area or
        # changing one area's tables does not reshuffle the others
        rng = random.Random("%d/%s" % (seed, area))
        out = gen_load(rng, ref_path) if area == "load" else gens[area](rng)
        result.append(out)
    return result


def default_reference():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("PJSIP_LAB_SHARED") or os.path.join(here, "..", "..", "..", "shared")
    return os.path.join(shared, "reference", "pjsip-options.json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="directory to write OUT/<area>/<case>.json into")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--area", action="append", choices=AREAS, help="only these areas")
    ap.add_argument("--reference", default=None,
                    help="pjsip-options.json (default: $PJSIP_LAB_SHARED/reference/...)")
    ap.add_argument("--list", action="store_true", help="print counts per area and exit")
    ap.add_argument("--check", action="store_true",
                    help="verify that OUT holds exactly what this seed generates")
    args = ap.parse_args()
    ref = args.reference or default_reference()
    outs = generate(args.area or AREAS, args.seed, ref)
    total_c = total_r = 0
    for out in outs:
        nreq = sum(len(c["requests"]) for _, c in out.cases)
        total_c += len(out.cases)
        total_r += nreq
        print("%-11s %5d cases %6d requests" % (out.area, len(out.cases), nreq), file=sys.stderr)
    print("%-11s %5d cases %6d requests" % ("total", total_c, total_r), file=sys.stderr)
    if args.list:
        return 0
    if not args.out:
        ap.error("--out is required (or --list)")
    bad = 0
    for out in outs:
        d = os.path.join(args.out, out.area)
        os.makedirs(d, exist_ok=True)
        for name, case in out.cases:
            text = json.dumps(case, indent=1, ensure_ascii=False) + "\n"
            path = os.path.join(d, name + ".json")
            if args.check:
                try:
                    with open(path, encoding="utf-8") as f:
                        same = f.read() == text
                except OSError:
                    same = False
                if not same:
                    bad += 1
                    print("differs: %s" % path, file=sys.stderr)
                continue
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
