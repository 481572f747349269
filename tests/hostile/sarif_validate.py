#!/usr/bin/python3
"""Validate a SARIF log on stdin against the official OASIS SARIF 2.1.0
schema with an independent validator: `sarif_validate.py SCHEMA`.

Runs with Debian's python3 (python3-jsonschema, python3-rfc3987; see
tools/deps.sh), format checking on. The "uri" and "uri-reference" formats are
only checked by jsonschema when an RFC 3986/3987 parser is installed: this
script refuses to run without one rather than pass silently. It first
proves the checker sees what it must (an unencoded space in an
artifactLocation.uri, a relative helpUri), then validates the input."""
import copy
import json
import sys

import jsonschema


def errors(validator, log):
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(log))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    checker = jsonschema.FormatChecker()
    for fmt in ("uri", "uri-reference"):
        if fmt not in checker.checkers:
            sys.exit(f"sarif_validate: jsonschema cannot check '{fmt}' here: install python3-rfc3987")
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)
    log = json.loads(sys.stdin.buffer.read().decode("utf-8"))

    # the validator must catch the mistakes this suite is about
    broken = copy.deepcopy(log)
    run = broken["runs"][0]
    run["tool"]["driver"]["rules"][0]["helpUri"] = "rules.md#x"
    run["results"] = [{"message": {"text": "x"}, "locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "accounts/a b%.md"}}}]}]
    caught = errors(validator, broken)
    if not any("helpUri" in e for e in caught) or not any("uri" in e and "a b%" in e for e in caught):
        sys.exit("sarif_validate: the validator let a bad URI through:\n" + "\n".join(caught))

    found = errors(validator, log)
    if found:
        sys.exit("sarif_validate: not valid SARIF 2.1.0:\n" + "\n".join(found))
    print(f"valid SARIF 2.1.0: {len(log['runs'][0]['results'])} results")


if __name__ == "__main__":
    main()
