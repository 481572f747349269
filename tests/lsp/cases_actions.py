"""Protocol tests of textDocument/codeAction: a quick fix for each finding
kam can fix mechanically ("did you mean", quote the value, close the quote,
add '- ', quote an ambiguous value, write an amount's digits). Each test
checks the actions exactly, applies the edit as an editor would and checks
the buffer again: the finding is gone."""

import protocol
from protocol import Server, expect, make_repo, open_doc, change_doc, published, uri, VALID_B

HEAD = "---\nid: c\nname: C\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n"


def rng(line, start, end_line, end):
    return {"start": {"line": line, "character": start}, "end": {"line": end_line, "character": end}}


def offset(text, pos):
    """The index in text (a str) of an LSP position counted in UTF-16 units."""
    lines = text.split("\n")
    at = sum(len(line) + 1 for line in lines[:pos["line"]])
    line, units, i = lines[pos["line"]], 0, 0
    while i < len(line) and units < pos["character"]:
        units += 2 if ord(line[i]) > 0xFFFF else 1
        i += 1
    return at + i


def apply(text, edits):
    """The text after a list of TextEdits (none overlap), as an editor applies them."""
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        text = text[:offset(text, e["range"]["start"])] + e["newText"] + text[offset(text, e["range"]["end"]):]
    return text


def action(path, title, diagnostics, edits):
    return {"title": title, "kind": "quickfix", "diagnostics": diagnostics, "isPreferred": True,
            "edit": {"changes": {uri(path): [{"range": rng(*r), "newText": t} for r, t in edits]}}}


def code_action(s, path, diagnostics, only=None):
    context = {"diagnostics": diagnostics}
    if only is not None:
        context["only"] = only
    id = s.request("textDocument/codeAction", {"textDocument": {"uri": uri(path)},
                                               "range": rng(0, 0, 0, 0), "context": context})
    response = s.read()
    expect("the response's id", response.get("id"), id)
    if "result" not in response:
        raise protocol.Failure("an error: %s" % response)
    return response["result"]


def check_fix(work, text, where, title, edits, fixed_text, after=None):
    """text has one finding at where = (line, start, end, code); its quick fix
    is title with edits; applied, the buffer is fixed_text and checks with the
    findings after (none by default)."""
    repo = make_repo(work, {"accounts/b.md": VALID_B})
    path = repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, text)
        diagnostics = s.read()["params"]["diagnostics"]
        expect("the findings", [(d["range"], d["code"]) for d in diagnostics],
               [(rng(where[0], where[1], where[0], where[2]), where[3])])
        actions = code_action(s, path, diagnostics)
        expect("the code actions", actions, [action(path, title, diagnostics, edits)])
        got = apply(text, actions[0]["edit"]["changes"][uri(path)])
        expect("the fixed text", got, fixed_text)
        change_doc(s, path, got, 2)
        reply = s.read()
        expect("the findings after the fix", [(d["range"]["start"]["line"], d["code"])
                                              for d in reply["params"]["diagnostics"]], after or [])
        s.finish(1)
    finally:
        s.kill()


def test_action_did_you_mean(work):
    """each "did you mean" finding (owner, unknown key, [[ref#id]], [[account]]) offers its fix"""
    text = HEAD.replace("anna.petrova", "anna.petrov") + "nmae: x\n---\n# C\n\nSee [[b#c.muelle]] and [[bb]].\n"
    repo = make_repo(work, {"accounts/b.md": VALID_B})
    path = repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, text)
        diagnostics = s.read()["params"]["diagnostics"]
        expect("the findings", [(d["range"], d["code"]) for d in diagnostics], [
            (rng(4, 7, 4, 18), "single-owner"), (rng(6, 0, 6, 4), "schema-unknown-key"),
            (rng(10, 4, 10, 18), "ref-unresolved"), (rng(10, 23, 10, 29), "ref-unresolved")])
        actions = code_action(s, path, diagnostics)
        expect("the code actions", actions, [
            action(path, "Replace with 'anna.petrova'", [diagnostics[0]], [((4, 7, 4, 18), "anna.petrova")]),
            action(path, "Replace with 'name'", [diagnostics[1]], [((6, 0, 6, 4), "name")]),
            action(path, "Replace with 'c.mueller'", [diagnostics[2]], [((10, 8, 10, 16), "c.mueller")]),
            action(path, "Replace with 'b'", [diagnostics[3]], [((10, 25, 10, 27), "b")])])
        # all applied at once: the plan checks clean
        fixed = apply(text, [a["edit"]["changes"][uri(path)][0] for a in actions])
        expect("the fixed text", fixed, HEAD + "name: x\n---\n# C\n\nSee [[b#c.mueller]] and [[b]].\n")
        change_doc(s, path, fixed, 2)
        # the unknown key's guess is a key the plan has: YAML now says so
        expect("the findings after", [d["code"] for d in s.read()["params"]["diagnostics"]],
               ["yaml-duplicate-key"])
        # only the diagnostics the client sends get actions; the server's own
        # finding is matched by rule and range, not by the client's message
        one = dict(diagnostics[0], message="whatever the client kept")
        change_doc(s, path, text, 3)
        s.read()
        expect("one action", code_action(s, path, [one]),
               [action(path, "Replace with 'anna.petrova'", [one], [((4, 7, 4, 18), "anna.petrova")])])
        moved = dict(diagnostics[0], range=rng(4, 6, 4, 18))
        expect("a range kam does not report: nothing", code_action(s, path, [moved]), [])
        wrong = dict(diagnostics[0], code="ref-unresolved")
        expect("a rule kam does not report there: nothing", code_action(s, path, [wrong]), [])
        s.finish(1)
    finally:
        s.kill()


def test_action_enum(work):
    """a value that is not one of the schema's (a stage) is replaced with kam's guess"""
    text = HEAD + "opportunities:\n  - {id: o.a, title: A, stage: propse, value: 1, close: 2027-Q1}\n---\n"
    check_fix(work, text, (7, 31, 37, "schema-enum"), "Replace with 'propose'",
              [((7, 31, 7, 37), "propose")], text.replace("propse", "propose"))


def test_action_quote_colon(work):
    """a value with ': ' in it: quote the value"""
    text = HEAD + "focus: win: the core deal\n---\n"
    check_fix(work, text, (6, 10, 11, "yaml-syntax"), "Quote the value",
              [((6, 0, 6, 25), 'focus: "win: the core deal"')],
              HEAD + 'focus: "win: the core deal"\n---\n')


def test_action_quote_flow(work):
    """a value with ': ' inside { }: quote it there"""
    text = HEAD + "contacts:\n  - {id: c.a, name: A: B}\n---\n"
    check_fix(work, text, (7, 21, 22, "yaml-syntax"), "Quote the value",
              [((7, 2, 7, 25), '- {id: c.a, name: "A: B"}')],
              HEAD + 'contacts:\n  - {id: c.a, name: "A: B"}\n---\n')


def test_action_quote_reserved(work):
    """a value that starts with '@' (which YAML reserves): quote the value"""
    text = HEAD + "focus: @home first\n---\n"
    check_fix(work, text, (6, 7, 12, "yaml-syntax"), "Quote the value",
              [((6, 0, 6, 18), 'focus: "@home first"')], HEAD + 'focus: "@home first"\n---\n')


def test_action_quote_after_quote(work):
    """text after a closing quote: the whole value in quotes, the inner quotes escaped"""
    text = HEAD + 'focus: "win" the deal\n---\n'
    check_fix(work, text, (6, 13, 16, "yaml-syntax"), "Quote the value",
              [((6, 0, 6, 21), 'focus: "\\"win\\" the deal"')], HEAD + 'focus: "\\"win\\" the deal"\n---\n')


def test_action_quote_comment(work):
    """a plain value cut at ' #' (a warning): quote the whole value"""
    text = HEAD + "focus: win #1 deal\n---\n"
    check_fix(work, text, (6, 11, 13, "yaml-comment-in-value"), "Quote the value",
              [((6, 0, 6, 18), 'focus: "win #1 deal"')], HEAD + 'focus: "win #1 deal"\n---\n')


def test_action_quote_ambiguous(work):
    """a value YAML 1.1 reads as a boolean: quote it"""
    text = HEAD + "industry: no\n---\n"
    check_fix(work, text, (6, 10, 12, "yaml-ambiguous"), "Quote the value",
              [((6, 10, 6, 12), '"no"')], HEAD + 'industry: "no"\n---\n')


def test_action_close_quote(work):
    """a quote never closed: close it at the end of the value"""
    text = HEAD + 'focus: "win the core\n---\n'
    check_fix(work, text, (6, 7, 11, "yaml-syntax"), "Close the quote",
              [((6, 0, 6, 20), 'focus: "win the core"')], HEAD + 'focus: "win the core"\n---\n')


def test_action_add_dash(work):
    """a list item written without '- ': add it, and indent the item's other keys under it (not a comment)"""
    text = HEAD + "contacts:\n  - id: c.a\n    name: A\n  id: c.b\n\n  name: B\n  # a comment\nfocus: x\n---\n"
    check_fix(work, text, (9, 2, 4, "yaml-syntax"), "Add '- ' to start a list item",
              [((9, 2, 9, 2), "- "), ((11, 0, 11, 0), "  ")],
              HEAD + "contacts:\n  - id: c.a\n    name: A\n  - id: c.b\n\n    name: B\n  # a comment\n"
              "focus: x\n---\n")


def test_action_add_dash_flow(work):
    """a { } list item without '- ': add it"""
    text = HEAD + "contacts:\n  - {id: c.a, name: A}\n  {id: c.b, name: B}\n---\n"
    check_fix(work, text, (8, 2, 5, "yaml-syntax"), "Add '- ' to start a list item",
              [((8, 2, 8, 2), "- ")], HEAD + "contacts:\n  - {id: c.a, name: A}\n  - {id: c.b, name: B}\n---\n")


def test_action_thousands(work):
    """an amount written with a thousands separator: write its digits"""
    text = HEAD + "opportunities:\n  - {id: o.a, title: A, stage: propose, value: 150.000, close: 2027-Q1}\n---\n"
    check_fix(work, text, (7, 47, 54, "money-thousands-separator"), "Write 150000",
              [((7, 47, 7, 54), "150000")], text.replace("150.000", "150000"))


def test_action_utf16(work):
    """ranges are in the client's encoding: after an emoji a UTF-16 client counts two units"""
    text = HEAD + "focus: \U0001F600 win: the deal\n---\n"
    check_fix(work, text, (6, 13, 14, "yaml-syntax"), "Quote the value",
              [((6, 0, 6, 23), 'focus: "\U0001F600 win: the deal"')],
              HEAD + 'focus: "\U0001F600 win: the deal"\n---\n')


def test_action_nothing(work):
    """no fix: a finding kam cannot fix, context.only without quickfix, an unknown document"""
    text = HEAD + "focus: win: the core deal\n---\n"
    repo = make_repo(work)
    path = repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, text)
        diagnostics = s.read()["params"]["diagnostics"]
        expect("context.only refactor", code_action(s, path, diagnostics, ["refactor"]), [])
        expect("context.only quickfix", len(code_action(s, path, diagnostics, ["quickfix"])), 1)
        expect("no diagnostics in the context", code_action(s, path, []), [])
        change_doc(s, path, HEAD + "---\n\nSee [[nope]].\n", 2)
        diagnostics = s.read()["params"]["diagnostics"]
        expect("a finding without a guess", [d["code"] for d in diagnostics], ["ref-unresolved"])
        expect("no action for it", code_action(s, path, diagnostics), [])
        id = s.request("textDocument/codeAction", {"textDocument": {"uri": uri(repo + "/accounts/x.md")},
                                                   "range": rng(0, 0, 0, 0), "context": {"diagnostics": []}})
        s.expect_result(id, [])  # a document the server does not serve: no fix, no error
        id = s.request("textDocument/codeAction", {"textDocument": {"uri": uri(path)},
                                                   "context": {"diagnostics": "not a list"}})
        s.expect_result(id, [])
        s.finish(1)
    finally:
        s.kill()


PARTNERS = ("---\nid: partners\nname: Partners\ntype: partner\nowner: anna.petrova\nreviewed: 2026-10-01\n"
            "---\n# Partners\n\n## 1. Understand the client\n")


def test_action_link_relative(work):
    """a broken link's fix is the file relative to the linking file, with its #anchor and ?query; a link text with blanks is covered whole"""
    text = HEAD + "---\n# C\n\nSee [the partner](partnrs.md#1-understand-the-client).\n"
    repo = make_repo(work, {"accounts/partners.md": PARTNERS})
    path = repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, text)
        diagnostics = s.read()["params"]["diagnostics"]
        message = ("link 'partnrs.md#1-understand-the-client': there is no file 'accounts/partnrs.md'; "
                   "did you mean 'accounts/partners.md'?\nhint: links are relative to the file they are in")
        # the range is the whole link, "[the partner](...)", not "[the"
        expect("the findings", [(d["range"], d["code"], d["message"]) for d in diagnostics],
               [(rng(9, 4, 9, 53), "link-broken", message)])
        actions = code_action(s, path, diagnostics)
        expect("the code actions", actions, [
            action(path, "Replace with 'partners.md#1-understand-the-client'", diagnostics,
                   [((9, 18, 9, 52), "partners.md#1-understand-the-client")])])
        fixed = apply(text, actions[0]["edit"]["changes"][uri(path)])
        expect("the fixed text", fixed, text.replace("partnrs.md", "partners.md"))
        change_doc(s, path, fixed, 2)
        expect("the findings after the fix", s.read()["params"]["diagnostics"], [])
        # from a note two folders down: up to the accounts folder, the ?query kept
        note = "---\nkind: meeting\ndate: 2026-10-03\n---\n# Notes\n\nSee [the plan](../../partnrs.md?x=1).\n"
        npath = repo + "/accounts/c/meetings/2026-10-03-notes.md"
        open_doc(s, npath, note)
        reply = s.read()
        while reply["params"]["uri"] != uri(npath):
            reply = s.read()
        diagnostics = reply["params"]["diagnostics"]
        expect("the note's findings", [(d["range"], d["code"]) for d in diagnostics],
               [(rng(6, 4, 6, 36), "link-broken")])
        expect("the note's code actions", code_action(s, npath, diagnostics), [
            action(npath, "Replace with '../../partners.md?x=1'", diagnostics,
                   [((6, 15, 6, 35), "../../partners.md?x=1")])])
        s.finish(1)
    finally:
        s.kill()


def test_action_anchor(work):
    """a missing anchor's fix changes what follows '#' and keeps it, in a link to another file or to its own"""
    text = (HEAD + "---\n# C\n\n## Next steps\n\nSee [the partner](partners.md#1-understand-the-clients) "
            "and [below](#next-step).\n")
    repo = make_repo(work, {"accounts/partners.md": PARTNERS})
    path = repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, text)
        diagnostics = s.read()["params"]["diagnostics"]
        expect("the findings", [(d["range"], d["code"]) for d in diagnostics],
               [(rng(11, 4, 11, 55), "anchor-missing"), (rng(11, 60, 11, 79), "anchor-missing")])
        actions = code_action(s, path, diagnostics)
        expect("the code actions", actions, [
            action(path, "Replace with 'partners.md#1-understand-the-client'", [diagnostics[0]],
                   [((11, 18, 11, 54), "partners.md#1-understand-the-client")]),
            action(path, "Replace with '#next-steps'", [diagnostics[1]], [((11, 68, 11, 78), "#next-steps")])])
        fixed = apply(text, [a["edit"]["changes"][uri(path)][0] for a in actions])
        expect("the fixed text", fixed, text.replace("clients)", "client)").replace("#next-step)", "#next-steps)"))
        change_doc(s, path, fixed, 2)
        expect("the findings after the fix", s.read()["params"]["diagnostics"], [])
        s.finish(1)
    finally:
        s.kill()
