#!/usr/bin/env python3
"""Parse one JSON document from stdin as strictly as Python allows, for the
hostile-output suite: `json_check.py [EXPR...]`.

Fails (exit 1, the reason on stderr) when the bytes are not UTF-8, when the
text is not one JSON value (trailing data, a raw control character in a
string, NaN or Infinity, a key given twice), or when a character a terminal
or a JavaScript reader would act on is written raw (C0 but tab and newline
between values, DEL, C1, U+2028, U+2029). Then prints each EXPR, a Python
expression over the document `d`, as JSON on a line of its own, so a test
can assert exact values."""
import json
import re
import sys


def fail(why):
    sys.exit(f"json_check: {why}")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        fail(f"a key given twice in {keys}")
    return dict(pairs)


def no_constant(name):
    fail(f"{name} is not JSON")


def main():
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail(f"not UTF-8: {e}")
    live = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
    if live:
        fail(f"raw control character U+{ord(live.group()):04X} at {live.start()}")
    try:
        d = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as e:
        fail(f"not JSON: {e}")
    for expr in sys.argv[1:]:
        print(json.dumps(eval(expr, {"d": d}), ensure_ascii=True))


if __name__ == "__main__":
    main()
