#!/usr/bin/env python3
"""Write the benchmark office config: the same text as `pjsip_syntax::sample::office`.

    python3 tests/oracle/office.py [PHONES [TRUNKS]] > office.conf     (default 10000 50)

A line-for-line replica of `crates/pjsip-syntax/src/sample.rs` (`office` and `push_phone`), so
that the real Asterisk can load exactly what the project's benchmarks analyse; docs/oracle.md
says how the two outputs were compared byte for byte. Standard library only.
"""

import sys

HEAD = (
    "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n"
    "external_media_address=203.0.113.10\n"
    "external_signaling_address=203.0.113.10\n\n"
    "[phone](!)\ntype=endpoint\ncontext=from-internal ; calls from phones\ndisallow=all\n"
    "allow=ulaw,alaw,g722\n"
    "direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\n"
    "transport=transport-udp\n\n"
)


def phone(ext):
    return ("[{e}](phone)\nauth={e}\naors={e}\ncallerid=\"Phone {e}\" <{e}>\n\n"
            "[{e}]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n"
            "[{e}]\ntype=auth\nauth_type=userpass\nusername={e}\npassword=secret-{e}\n\n"
            ).format(e=ext)


def trunk(n):
    host = "198.51.%d.%d" % (n // 200, n % 200 + 1)
    return ("[trunk{n}]\ntype=endpoint\ncontext=from-trunk\ndisallow=all\nallow=ulaw\n"
            "outbound_auth=trunk{n}-auth\naors=trunk{n}\n"
            "direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\n"
            "transport=transport-udp\n\n"
            "[trunk{n}]\ntype=aor\ncontact=sip:{h}\nqualify_frequency=60\n\n"
            "[trunk{n}-auth]\ntype=auth\nusername=acct{n}\npassword=pw{n}\n\n"
            "[trunk{n}-reg]\ntype=registration\nserver_uri=sip:{h}\nclient_uri=sip:acct{n}@{h}\n"
            "outbound_auth=trunk{n}-auth\n"
            "transport=transport-udp\nretry_interval=60\n\n"
            "[trunk{n}-identify]\ntype=identify\nendpoint=trunk{n}\nmatch={h}\n\n"
            ).format(n=n, h=host)


def office(phones, trunks):
    return HEAD + "".join(phone(10000 + n) for n in range(phones)) + \
        "".join(trunk(n) for n in range(trunks))


if __name__ == "__main__":
    phones = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    trunks = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    sys.stdout.write(office(phones, trunks))
