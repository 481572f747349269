#!/usr/bin/env python3
"""Refresh the examples of docs/json.md from what kam prints (each block
follows a marker <!-- output of: kam ARGS, in DIR -->). Review the diff:
the test in tests/e2e/cli.bats then checks the examples stay true."""
import re, subprocess, sys, os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kam = os.environ.get("KAM", os.path.join(root, "build", "kam"))
os.environ.setdefault("KAM_TODAY", "2026-11-20")  # as the tests run it
doc = os.path.join(root, "docs", "json.md")
text = open(doc).read()
marker = re.compile(r'^<!-- output of: kam ([^\n]*), in ([^\n]*) -->\n```json\n.*?^```$', re.M | re.S)
def run(m):
    out = subprocess.run(f"cd '{root}/{m.group(2)}' && '{kam}' --color never {m.group(1)}", shell=True,
                         capture_output=True, text=True).stdout.rstrip("\n")
    return f"<!-- output of: kam {m.group(1)}, in {m.group(2)} -->\n```json\n{out}\n```"
open(doc, "w").write(marker.sub(run, text))
