#!/usr/bin/env python3
"""Write a plans repository whose every string and number field carries a
payload, for the hostile-output suite: `make_repo.py DIR [--unsafe-html]`.

Payloads are what an attacker controls in a pull request: markup in text
and attributes, script URLs in every spelling, SVG and CSS, Mermaid
directives, CR/LF, terminal escapes, GitHub workflow commands, invalid
UTF-8 and escaped NUL (where YAML allows them), and ../ in ids. A test that
runs an output over this repository asserts that no payload is live: the
page's title is unchanged, no injected link, heading, annotation or escape
sequence appears. MARK is the title a payload would set."""
import os
import sys

MARK = "PWNED"
SCRIPT = f"<script>document.title='{MARK}'</script>"
ATTR = f"\"><img src=x onerror=\"document.title='{MARK}'\">"
SQUOTE = f"'><svg onload=\"document.title='{MARK}'\">"
JS = f"javascript:document.title='{MARK}'"
JS_MIXED = f"JaVaScRiPt:document.title='{MARK}'"
JS_ENTITY = f"&#106;avascript:document.title='{MARK}'"
CSS = f"</style><style>*{{background:url(\"{JS}\")}}</style>"
MERMAID = "%%{init: {'securityLevel': 'loose'}}%%"
CRLINK = f"\r[click]({JS})"
NEWLINE_HEADING = "\n# Approved by the security team"
ESC = "\x1b]0;" + MARK + "\x07\x1b[8mhidden\x1b[0m"
WORKFLOW = "\n::error file=evil.md,line=1::" + MARK
FORGED = "\naccounts/evil.md:1:1: error[schema-type]: forged"

# one text that carries all of them, YAML double-quoted (escapes allowed)
ALL = SCRIPT + ATTR + SQUOTE + CSS + MERMAID + CRLINK + NEWLINE_HEADING + ESC + WORKFLOW + FORGED


def yq(text):
    """A YAML double-quoted scalar for text (control characters escaped)."""
    out = ['"']
    for ch in text:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif o < 0x20 or o == 0x7f:
            out.append({'\n': '\\n', '\r': '\\r', '\t': '\\t'}.get(ch, f"\\x{o:02x}"))
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def plan(account, partner):
    a = yq(ALL)
    return f"""---
id: {account}
name: {yq("Evil " + ALL)}
type: customer
tier: {yq(ATTR)}
industry: {a}
owner: anna.petrova
team:
  - {{member: ivan.sidorov, role: {a}}}
phase: {yq(SQUOTE)}
reviewed: 2026-11-01
currency: {yq(ATTR)}
strategy:
  current: {a}
  target: {a}
initiatives:
  - {{id: i-one, title: {a}, priority: 1, owner: c.one, status: {yq(SCRIPT)}, value: {a}}}
opportunities:
  - id: o-one
    title: {a}
    initiative: i-one
    stage: {yq(ATTR)}
    value: 1e300
    close: 2027-Q1
    probability: {yq(ATTR)}
    must_win: true
    route: partner
    partner: {partner}
    decision_leader: c.one
    sponsor: c.two
    owner: anna.petrova
    notes: {yq("line one" + NEWLINE_HEADING + CRLINK)}
    buying_unit:
      - {{contact: c.one, role: key-decision-leader, influence: {yq(ATTR)}, attitude: {yq(SCRIPT)}}}
      - {{contact: {yq(ATTR)}, role: {yq(ATTR)}}}
      - {{contact: c.two, role: approver, influence: high, attitude: skeptic}}
  - {{id: o-two, title: {a}, stage: won, value: 123456789012345678901234567890, close: 2026-Q3, probability: 100, route: direct, owner: anna.petrova}}
routes:
  - {{route: partner, share: 1e300}}
  - {{route: direct, share: -1e300}}
contacts:
  - id: c.one
    name: {yq("Ann " + ALL)}
    title: {a}
    unit: {a}
    roles: [key-decision-leader, {yq(ATTR)}]
    attitude: {yq(ATTR)}
    owner: anna.petrova
    relationship:
      level: {yq(ATTR)}
      target: {yq(SCRIPT)}
      by: 2027-Q1
      steps:
        - {{quarter: {yq(ATTR)}, level: {yq(SCRIPT)}, how: {a}}}
        - {{quarter: 2026-Q1, level: 2, how: {a}}}
    influence: {yq(ATTR)}
    status: {yq(ATTR)}
    since: {yq(SCRIPT)}
    successor: {yq(ATTR)}
    notes: {a}
  - id: c.two
    name: {yq("Bob " + ALL)}
    title: {a}
    reports_to: c.one
    roles: [sponsor]
    attitude: supporter
    owner: ivan.sidorov
    influence: medium
    status: left
    since: {yq(SCRIPT)}
    successor: {yq(ATTR)}
touches:
  - {{date: 2026-11-02, contacts: [c.one, {yq(ATTR)}], kind: {yq(ATTR)}, by: [{yq(ATTR)}], note: {a}}}
goals:
  - {{id: g-one, text: {a}, quarter: 2027-Q1, status: {yq(SCRIPT)}}}
risks:
  - {{id: r-one, text: {a}, severity: {yq(ATTR)}, mitigation: {a}}}
actions:
  - {{id: a-one, text: {a}, owner: anna.petrova, due: 2027-01-15, status: {yq(SCRIPT)}}}
revenue:
  - {{quarter: 2026-Q4, target: 1e300, actual: -1e300, currency: {yq(ATTR)}}}
focus: {a}
validated: {{date: 2026-10-14, with: [c.one, {yq(ATTR)}], note: {a}}}
---
# Evil {SCRIPT}

## 1. Understand the client {ATTR}

Raw HTML: {SCRIPT} <a href="{JS}">a</a> <a href="{JS_MIXED}">b</a>
<form action="{JS}"><button formaction="{JS}">go</button></form>
<img src=x onerror="document.title='{MARK}'"> <svg><a xlink:href="{JS}">s</a></svg>
<h2>stolen heading</h2>

Links: [md]({JS}) [mixed]({JS_MIXED}) [entity]({JS_ENTITY}) <{JS}>
[data](data:text/html,{SCRIPT}) [vb](vbscript:msgbox) [[{account}#c.one]] [[@anna.petrova]]

Mermaid: {MERMAID}

Workflow:
::error file=evil.md,line=1::{MARK}
"""


def note():
    a = yq(ALL)
    return f"""---
kind: meeting
title: {a}
date: 2026-10-03
attendees: [c.one, {yq(ATTR)}, anna.petrova]
actions:
  - {{id: a-note, text: {a}, owner: anna.petrova, due: 2026-10-10, status: {yq(SCRIPT)}}}
---
# Note {SCRIPT}

[x]({JS}) {ATTR}
"""


def kam_yaml(unsafe):
    a = yq(ALL)
    return f"""kam: 1
organization: {a}
currency: {yq(ATTR)}
accounts: accounts
team:
  - {{id: anna.petrova, name: {yq("Anna " + ALL)}, role: {a}, email: {yq(ATTR)}}}
  - {{id: ivan.sidorov, name: {yq("Ivan " + ALL)}}}
  - {{id: ../../escaped, name: {a}}}
render: {{unsafe_html: {'true' if unsafe else 'false'}}}
"""


def partner_plan():
    return f"""---
id: partner-co
name: {yq("Partner " + ALL)}
type: partner
tier: growth
owner: ivan.sidorov
reviewed: 2026-11-01
---
# Partner

[[evil]]
"""


def escaped_id_plan():
    return """---
id: ../../escaped-plan
name: Escaped
type: customer
owner: anna.petrova
reviewed: 2026-11-01
---
# Escaped
"""


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: make_repo.py DIR [--unsafe-html]")
    root = sys.argv[1]
    unsafe = "--unsafe-html" in sys.argv[2:]
    os.makedirs(os.path.join(root, "accounts", "evil", "meetings"), exist_ok=True)
    files = {
        "kam.yaml": kam_yaml(unsafe),
        "accounts/evil.md": plan("evil", "partner-co"),
        "accounts/partner-co.md": partner_plan(),
        "accounts/escaped-plan.md": escaped_id_plan(),
        "accounts/evil/meetings/2026-10-03-kickoff.md": note(),
        "accounts/nul-value.md": "---\nid: nul-value\nname: \"Null\\0truncated\"\ntype: customer\n"
                                 "owner: anna.petrova\nreviewed: 2026-11-01\n---\n# Null\n",
    }
    for rel, text in files.items():
        with open(os.path.join(root, rel), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    # a file name and a value that are not UTF-8, and an escaped NUL
    raw = os.path.join(os.fsencode(root), b"accounts", b"bad-\xff name %20.md")
    with open(raw, "wb") as f:
        f.write(b"---\nid: bad\nname: \"Null\\0truncated\"\ntype: customer\nowner: anna.petrova\n"
                b"reviewed: 2026-11-01\nindustry: caf\xe9\n---\n# Bad\n")
    print(MARK)


if __name__ == "__main__":
    main()
