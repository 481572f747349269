#!/usr/bin/python3
"""How long `kam lsp` takes from a one-character edit to its diagnostics.

    KAM=build/kam tests/lsp/latency.py REPO [EDITS]

REPO is a plans repository (tests/bench/gen makes one: build/bench/gen DIR
1000). Opens its first plan, then sends EDITS (20) didChange notifications,
each appending one character to the body and waiting for the diagnostics;
prints the median, the 95th percentile and the largest time, and the
server's peak memory (LATENCY_FORMAT=json: one JSON object, for make bench).
The diagnostics of the other files, published when the repository is first
checked, are read before the timing starts. Not a test: the numbers depend on the machine."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protocol  # noqa: E402


def wait_for(server, path, version):
    """Read until the diagnostics of path at version arrive (the server
    publishes every other file with findings too)."""
    while True:
        msg = server.read()
        params = msg.get("params") or {}
        if params.get("uri") == protocol.uri(path) and params.get("version") == version:
            return msg


def main(argv):
    repo = os.path.realpath(argv[1])
    edits = int(argv[2]) if len(argv) > 2 else 20
    plans = sorted(f for f in os.listdir(repo + "/accounts") if f.endswith(".md"))
    path = repo + "/accounts/" + plans[0]
    with open(path) as f:
        text = f.read()
    start = time.monotonic()
    s = protocol.Server(repo)
    try:
        s.initialize(repo)
        protocol.open_doc(s, path, text)
        wait_for(s, path, 1)
        opened = time.monotonic() - start
        settle = s.request("kam/nothing")  # the other files' diagnostics, before timing
        while s.read().get("id") != settle:
            pass
        times = []
        for i in range(edits):
            text += "x"
            t = time.monotonic()
            protocol.change_doc(s, path, text, i + 2)
            wait_for(s, path, i + 2)
            times.append(time.monotonic() - t)
        with open("/proc/%d/status" % s.proc.pid) as f:
            peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
        id = s.request("shutdown")
        s.read()
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()
    times.sort()
    ms = [t * 1000 for t in times]
    if os.environ.get("LATENCY_FORMAT") == "json":
        print('{"plans": %d, "edits": %d, "start_ms": %.0f, "median_ms": %.1f, "p95_ms": %.1f, '
              '"max_ms": %.1f, "peak_rss_kib": %s}' % (
                  len(plans), edits, opened * 1000, ms[len(ms) // 2],
                  ms[min(len(ms) - 1, int(len(ms) * 0.95))], ms[-1], peak))
        return 0
    print("%d plans: start and first diagnostics %.0f ms; after an edit: median %.0f ms, "
          "95th percentile %.0f ms, max %.0f ms (%d edits); peak RSS %s KiB" % (
              len(plans), opened * 1000, ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.95))],
              ms[-1], edits, peak))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
