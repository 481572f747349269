"""Protocol tests of textDocument/documentSymbol: a plan's outline (its
parts named by the schema's titles, its contacts, opportunities, goals and
other items, the body's headings), hierarchical or flat as the client
supports, and the headings alone when the frontmatter does not parse."""

from protocol import Server, expect, make_repo, open_doc, published, uri

PLAN = """---
id: northwind
name: Northwind Bank
type: customer
owner: anna.petrova
reviewed: 2026-10-01
strategy:
  current: vendor
initiatives:
  - id: i.core
    title: Core banking renewal
contacts:
  - {id: c.mueller, name: Claudia Mueller, title: CFO}
  - id: c.schmidt
    name: "Jonas Schmidt"
    title: CIO
opportunities:
  - id: o.core
    title: Core platform
    stage: propose
    value: 250000
    close: 2027-Q1
goals:
  - id: g.cio
    text: Meet the CIO quarterly
    quarter: 2027-Q1
---
# Northwind Bank

## Situation

```
# not a heading
```

## Plan ##
### Next steps
Setext
------
"""

MODULE, STRING, OBJECT, STRUCT, EVENT = 2, 15, 19, 23, 24


def rng(line, start, end_line, end):
    return {"start": {"line": line, "character": start}, "end": {"line": end_line, "character": end}}


def sym(name, kind, r, sel, detail=None, children=None):
    s = {"name": name, "kind": kind, "range": rng(*r), "selectionRange": rng(*sel)}
    if detail is not None:
        s["detail"] = detail
    if children:
        s["children"] = children
    return s


def start(work, plans, hierarchical):
    repo = make_repo(work, plans)
    s = Server(repo)
    caps = {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}} \
        if hierarchical else {}
    id = s.request("initialize", {"processId": None, "rootUri": uri(repo), "capabilities": caps})
    expect("initialize answers", s.read().get("id"), id)
    s.notify("initialized", {})
    return repo, s


def symbols(s, path):
    id = s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(path)}})
    response = s.read()
    expect("the response's id", response.get("id"), id)
    return response.get("result", response.get("error"))


PLAN_OUTLINE = [
    sym("Client strategy", MODULE, (6, 0, 7, 17), (6, 0, 6, 8), "strategy"),
    sym("Client initiatives", MODULE, (8, 0, 10, 31), (8, 0, 8, 11), "initiatives", [
        sym("Core banking renewal", STRUCT, (9, 2, 10, 31), (10, 11, 10, 31), "i.core")]),
    sym("Contacts", MODULE, (11, 0, 15, 14), (11, 0, 11, 8), "contacts", [
        sym("Claudia Mueller", OBJECT, (12, 2, 12, 54), (12, 26, 12, 41), "CFO · c.mueller"),
        sym("Jonas Schmidt", OBJECT, (13, 2, 15, 14), (14, 10, 14, 25), "CIO · c.schmidt")]),
    sym("Opportunities", MODULE, (16, 0, 21, 18), (16, 0, 16, 13), "opportunities", [
        sym("Core platform", EVENT, (17, 2, 21, 18), (18, 11, 18, 24), "propose · 250000")]),
    sym("Goals", MODULE, (22, 0, 25, 20), (22, 0, 22, 5), "goals", [
        sym("Meet the CIO quarterly", STRUCT, (23, 2, 25, 20), (24, 10, 24, 32), "2027-Q1 · g.cio")]),
    sym("Northwind Bank", STRING, (27, 0, 38, 6), (27, 2, 27, 16), None, [
        sym("Situation", STRING, (29, 0, 33, 3), (29, 3, 29, 12)),
        sym("Plan", STRING, (35, 0, 36, 14), (35, 3, 35, 7), None, [
            sym("Next steps", STRING, (36, 0, 36, 14), (36, 4, 36, 14))]),
        sym("Setext", STRING, (37, 0, 38, 6), (37, 0, 37, 6))])]


def test_symbols_outline(work):
    """a plan's outline: parts by their schema titles, contacts, opportunities, goals, headings"""
    repo, s = start(work, {"accounts/northwind.md": PLAN}, True)
    try:
        path = repo + "/accounts/northwind.md"
        open_doc(s, path, PLAN)
        s.expect("a clean plan", published(path, [], 1))
        expect("the outline", symbols(s, path), PLAN_OUTLINE)
        s.finish(1)
    finally:
        s.kill()


def test_symbols_flat(work):
    """a client without hierarchical symbols gets SymbolInformation, each with its container"""
    repo, s = start(work, {"accounts/northwind.md": PLAN}, False)
    try:
        path = repo + "/accounts/northwind.md"
        open_doc(s, path, PLAN)
        s.read()
        flat = []

        def walk(items, container):
            for i in items:
                info = {"name": i["name"], "kind": i["kind"],
                        "location": {"uri": uri(path), "range": i["range"]}}
                if container:
                    info["containerName"] = container
                flat.append(info)
                walk(i.get("children", []), i["name"])
        walk(PLAN_OUTLINE, None)
        expect("the symbols", symbols(s, path), flat)
        expect("15 of them", len(flat), 15)
        s.finish(1)
    finally:
        s.kill()


def test_symbols_broken_frontmatter(work):
    """a frontmatter that does not parse: the body's headings, nothing of the YAML"""
    text = ("---\nid: b\nname: [B Corp\ncontacts:\n  - {id: c.a, name: A}\n---\n"
            "# B Corp\n\n```\n# not a heading\n```\nNotes\n=====\n")
    repo, s = start(work, {}, True)
    try:
        path = repo + "/accounts/b.md"
        open_doc(s, path, text)
        expect("a YAML error", [d["code"] for d in s.read()["params"]["diagnostics"]], ["yaml-syntax"])
        expect("the headings", symbols(s, path), [
            sym("B Corp", STRING, (6, 0, 10, 3), (6, 2, 6, 8)),
            sym("Notes", STRING, (11, 0, 12, 5), (11, 0, 11, 5))])
        s.finish(1)
    finally:
        s.kill()


def test_symbols_meeting(work):
    """a meeting note: its parts by the meeting schema's titles, its actions"""
    note = ("---\nkind: meeting\ntitle: Call\ndate: 2026-10-03\nattendees: [c.mueller]\n"
            "actions:\n  - {id: a.send, text: Send the offer, owner: anna.petrova, due: 2026-12-10}\n"
            "---\nNotes, no heading.\n")
    b = PLAN.replace("northwind", "b")
    repo, s = start(work, {"accounts/b.md": b}, True)
    try:
        path = repo + "/accounts/b/meetings/call.md"
        open_doc(s, path, note)
        s.expect("a clean note", published(path, [], 1))
        expect("the outline", symbols(s, path), [
            sym("Attendees", MODULE, (4, 0, 4, 22), (4, 0, 4, 9), "attendees"),
            sym("Actions", MODULE, (5, 0, 6, 76), (5, 0, 5, 7), "actions", [
                sym("Send the offer", STRUCT, (6, 2, 6, 76), (6, 23, 6, 37), "a.send")])])
        s.finish(1)
    finally:
        s.kill()


def test_symbols_empty_and_unknown(work):
    """a plan with no parts and no headings has no symbols; an unknown document has none either"""
    text = "---\nid: b\nname: B\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n"
    repo, s = start(work, {}, True)
    try:
        path = repo + "/accounts/b.md"
        open_doc(s, path, text)
        s.read()
        expect("no symbols", symbols(s, path), [])
        expect("an unknown document", symbols(s, repo + "/accounts/x.md"), [])
        s.finish(1)
    finally:
        s.kill()


def test_symbols_bom_crlf_alias(work):
    """a byte order mark, CRLF line ends, an item repeated by an alias, a heading in a block quote"""
    text = ("\ufeff---\r\nid: b\r\ncontacts:\r\n  - &c {id: c.a, name: A}\r\n  - *c\r\n"
            "  - {id: c.b, name: B}\r\n---\r\n> # Quoted\r\n")
    repo, s = start(work, {}, True)
    try:
        path = repo + "/accounts/b.md"
        open_doc(s, path, text)
        s.read()
        expect("the outline", symbols(s, path), [
            sym("Contacts", MODULE, (2, 0, 5, 22), (2, 0, 2, 8), "contacts", [
                sym("A", OBJECT, (3, 2, 4, 6), (3, 23, 3, 24), "c.a"),
                sym("B", OBJECT, (5, 2, 5, 22), (5, 20, 5, 21), "c.b")]),
            sym("Quoted", STRING, (7, 0, 7, 10), (7, 4, 7, 10))])
        s.finish(1)
    finally:
        s.kill()
