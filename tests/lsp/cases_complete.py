"""Protocol tests of textDocument/completion: what kam lsp offers at the
cursor in a plan's frontmatter (keys, enum values, ids of the x-kam-ref
namespaces, quarters), in a meeting note, and in the body ([[ references,
#anchors of relative links), while the YAML around the cursor is broken."""
import os

import protocol
from protocol import Server, expect, make_repo, open_doc, uri

KAM_YAML = """kam: 1
organization: Test Systems
currency: EUR
team:
  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}
  - {id: ivan.sidorov, name: Ivan Sidorov, role: solution-architect}
competitors:
  - {id: globex, name: Globex Corp}
offerings:
  - {id: core-banking, name: Core Banking}
"""

PLAN = """---
id: northwind
name: Northwind Bank
type: customer
owner: anna.petrova
tier: key
reviewed: 2026-10-01
contacts:
  - id: c.mueller
    name: Claudia Müller
    title: CIO
    roles: [key-decision-leader]
    attitude: supporter
    influence: high
    owner: anna.petrova
  - id: j.doe
    name: "J *Doe* <script>"
    reports_to: c.mueller
opportunities:
  - id: opp-core
    title: Core renewal
    stage: propose
    value: 100000
    close: 2027-Q1
    decision_leader: c.mueller
    buying_unit:
      - contact: j.doe
---
# Northwind Bank

## Strategy

See [[northwind#c.mueller]] and [the partner](acme.md#overview).
"""

PARTNER = """---
id: acme
name: Acme Partners
type: partner
owner: ivan.sidorov
reviewed: 2026-10-01
---
# Acme Partners

## Overview

## Joint deals
"""

NOTE = """---
kind: meeting
date: 2026-11-02
attendees: [c.mueller]
---
# Kick-off
"""


def repo_with(work, plan=None):
    repo = make_repo(work, {"accounts/northwind.md": PLAN, "accounts/acme.md": PARTNER,
                            "accounts/northwind/2026-11-02-kickoff.md": NOTE})
    with open(os.path.join(repo, "kam.yaml"), "w") as f:
        f.write(KAM_YAML)
    os.remove(os.path.join(repo, "accounts/valid-minimal.md"))
    return repo


def answer(s, id):
    """The response to request id (notifications before it skipped)."""
    while True:
        msg = s.read()
        if msg.get("id") == id:
            return msg


def complete(s, path, line, character):
    id = s.request("textDocument/completion", {"textDocument": {"uri": uri(path)},
                                               "position": {"line": line, "character": character}})
    return answer(s, id)


def session(work, name, text):
    """A server with the document name (relative to the repository) open as text."""
    repo = repo_with(work)
    s = Server(repo)
    s.initialize(repo)
    path = os.path.join(repo, name)
    open_doc(s, path, text)
    return s, path


def rng(line, start, end):
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def labels(response):
    return [i["label"] for i in response["result"]["items"]]
