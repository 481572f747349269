"""Go to definition and find references (lib/lsp_nav.c): exact Locations."""

import os

import protocol
from protocol import Server, expect, make_repo, open_doc, uri

PLAN_B = """---
id: b
name: B Corp
type: customer
owner: anna.petrova
reviewed: 2026-10-01
contacts:
  - {id: c.mueller, name: Claudia Mueller, title: CFO}
  - {id: d.jones, name: Dan Jones, title: CIO, reports_to: c.mueller}
---
# B Corp

## Next steps

Call [[#c.mueller]] with [[@anna.petrova]]; c.mueller in prose is no reference.
"""

PLAN_C = """---
id: c
name: C Corp
type: customer
owner: ivan.sidorov
reviewed: 2026-10-01
---
# C Corp

Through [[b#c.mueller]], see [B](b.md#next-steps) and [the plan](b.md).
"""

NOTE = """---
kind: meeting
date: 2026-10-03
attendees: [c.mueller, anna.petrova]
---
# Briefing
"""


def response(s, id):
    """The response to request id, past the diagnostics published before it
    (an open document's findings may be published again when another opens)."""
    message = s.read()
    while "id" not in message:
        message = s.read()
    return message


def expect_result(s, id, result):
    expect("the response to request %s" % id, response(s, id),
           {"jsonrpc": "2.0", "id": id, "result": result})


def expect_error(s, id, code, message):
    expect("the error response %s" % id, response(s, id),
           {"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})


def loc(path, line, start, end):
    return {"uri": uri(path), "range": {"start": {"line": line, "character": start},
                                        "end": {"line": line, "character": end}}}


def nav_repo(work):
    repo = make_repo(work, {"accounts/b.md": PLAN_B, "accounts/c.md": PLAN_C,
                            "accounts/b/2026-10-03-briefing.md": NOTE})
    return repo, {name: os.path.join(repo, "accounts", name)
                  for name in ("b.md", "c.md", "b/2026-10-03-briefing.md")}


def ask(s, method, path, line, character, **extra):
    params = {"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}
    params.update(extra)
    return s.request(method, params)


def test_definition_kinds(work):
    """definition goes from a field, [[#local]], [[@member]], [[acct#id]], links and attendees to the id"""
    repo, p = nav_repo(work)
    kam_yaml = os.path.join(repo, "kam.yaml")
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, p["b.md"], PLAN_B)
        open_doc(s, p["c.md"], PLAN_C)
        open_doc(s, p["b/2026-10-03-briefing.md"], NOTE)
        for _ in range(3):
            s.read()  # the diagnostics of each (empty)
        cases = [
            (p["b.md"], 8, 60, loc(p["b.md"], 7, 9, 18)),     # reports_to: c.mueller
            (p["b.md"], 4, 9, loc(kam_yaml, 4, 9, 21)),      # owner: anna.petrova
            (p["b.md"], 14, 8, loc(p["b.md"], 7, 9, 18)),     # [[#c.mueller]]
            (p["b.md"], 14, 30, loc(kam_yaml, 4, 9, 21)),    # [[@anna.petrova]]
            (p["c.md"], 9, 12, loc(p["b.md"], 7, 9, 18)),     # [[b#c.mueller]]
            (p["c.md"], 9, 38, loc(p["b.md"], 12, 0, 13)),    # b.md#next-steps
            (p["c.md"], 9, 66, loc(p["b.md"], 0, 0, 0)),      # b.md
            (p["b/2026-10-03-briefing.md"], 3, 14, loc(p["b.md"], 7, 9, 18)),  # attendee
            (p["b.md"], 14, 46, None),                        # c.mueller in prose
            (p["b.md"], 99, 0, None),                         # past the end
        ]
        for path, line, character, want in cases:
            id = ask(s, "textDocument/definition", path, line, character)
            expect_result(s, id, want)
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_references(work):
    """references list every reference to a contact across files, with and without its declaration"""
    repo, p = nav_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, p["b.md"], PLAN_B)
        s.read()
        refs = [loc(p["b.md"], 8, 59, 68),
                loc(p["b.md"], 14, 5, 19),
                loc(p["b/2026-10-03-briefing.md"], 3, 12, 21),
                loc(p["c.md"], 9, 8, 23)]
        id = ask(s, "textDocument/references", p["b.md"], 7, 12,
                 context={"includeDeclaration": False})
        expect_result(s, id, refs)
        id = ask(s, "textDocument/references", p["b.md"], 14, 10,
                 context={"includeDeclaration": True})
        expect_result(s, id, [loc(p["b.md"], 7, 9, 18)] + refs)
        id = ask(s, "textDocument/references", p["b.md"], 14, 46,
                 context={"includeDeclaration": True})
        expect_result(s, id, None)
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()
