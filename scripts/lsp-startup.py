#!/usr/bin/env python3
"""Start-up of the real `pjsip-lab lsp` as an editor sees it: spawn the binary, send
initialize, initialized and didOpen of a file over stdio, and time until the first
publishDiagnostics for it. Prints the median and the range of N runs.

    python3 scripts/lsp-startup.py target/cli/pjsip-lab /tmp/office/pjsip.conf 15

(The 10,000-phone office is written by `cargo run --profile cli -p pjsip-lsp --example phases -- PATH`.)
"""
import json
import pathlib
import statistics
import subprocess
import sys
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def once(binary, path):
    text = pathlib.Path(path).read_text()
    uri = pathlib.Path(path).resolve().as_uri()
    root = pathlib.Path(path).resolve().parent.as_uri()
    document = {"uri": uri, "languageId": "asterisk", "version": 1, "text": text}
    # Encoded before the clock starts: the client's JSON encoder is not the server's start-up.
    messages = (
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": root}})
        + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        + frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": document}})
    )
    started = time.perf_counter()
    server = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server.stdin.write(messages)
    server.stdin.flush()
    while True:
        message = read_message(server.stdout)
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            elapsed = time.perf_counter() - started
            break
    server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    server.stdin.close()
    server.wait(timeout=30)
    return elapsed * 1000


def main():
    binary, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    times = [once(binary, path) for _ in range(runs)]
    print(f"start-up to first diagnostics over {runs} runs: median {statistics.median(times):.0f} ms, "
          f"fastest {min(times):.0f} ms, slowest {max(times):.0f} ms")


if __name__ == "__main__":
    main()
