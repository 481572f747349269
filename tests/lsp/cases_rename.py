"""Rename and prepareRename (lib/lsp_rename.c): exact WorkspaceEdits, and
the refusals (an invalid or taken id, a plan that cannot be read, nothing
to rename, an unknown document, a position past the end)."""

import os
import subprocess

import protocol
from protocol import Server, expect, make_repo, open_doc, uri
from cases_nav import NOTE, PLAN_B, PLAN_C, expect_error, expect_result, response

KAM = protocol.KAM


def rng(line, start, end):
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def edit(line, start, end, text):
    return {"range": rng(line, start, end), "newText": text}


def start(work, capabilities=None, plans=None):
    files = {"accounts/b.md": PLAN_B, "accounts/c.md": PLAN_C,
             "accounts/b/2026-10-03-briefing.md": NOTE}
    files.update(plans or {})
    repo = make_repo(work, files)
    s = Server(repo)
    params = {"processId": None, "rootUri": uri(repo),
              "workspaceFolders": [{"uri": uri(repo), "name": "plans"}],
              "capabilities": capabilities or {}}
    id = s.request("initialize", params)
    response = s.read()
    expect("initialize answers its request", response.get("id"), id)
    s.notify("initialized", {})
    return repo, s, response["result"]["capabilities"]


def path_of(repo, rel):
    return os.path.join(repo, rel)


def ask(s, method, path, line, character, **extra):
    params = {"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}
    params.update(extra)
    return s.request(method, params)


def close(s):
    id = s.request("shutdown")
    s.expect_result(id, None)
    s.notify("exit")
    s.finish(0)


def findings(repo):
    """kam check's exit status and the number of its findings."""
    run = subprocess.run([KAM, "check", "--format", "json"], cwd=repo, capture_output=True, text=True)
    import json
    return run.returncode, len(json.loads(run.stdout)["diagnostics"])


def apply_edits(path, edits):
    """Apply LSP TextEdits (ASCII text: characters are bytes) to a file."""
    with open(path) as f:
        lines = f.read().split("\n")
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        a, b = e["range"]["start"], e["range"]["end"]
        expect("an edit within one line", a["line"], b["line"])
        line = lines[a["line"]]
        lines[a["line"]] = line[:a["character"]] + e["newText"] + line[b["character"]:]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def apply_workspace_edit(repo, edit):
    for change in edit.get("documentChanges", []):
        if change.get("kind") == "rename":
            os.rename(change["oldUri"][len("file://"):], change["newUri"][len("file://"):])
        else:
            apply_edits(change["textDocument"]["uri"][len("file://"):], change["edits"])
    for u, edits in edit.get("changes", {}).items():
        apply_edits(u[len("file://"):], edits)


NO_ID = "there is no id here to rename: place the cursor on an id or a reference to one"


def test_prepare_rename(work):
    """prepareRename gives the id under the cursor and its placeholder, or says there is none"""
    repo, s, caps = start(work, {"textDocument": {"rename": {"prepareSupport": True}}})
    try:
        expect("the rename capability", caps["renameProvider"], {"prepareProvider": True})
        b = path_of(repo, "accounts/b.md")
        open_doc(s, b, PLAN_B)
        s.read()
        cases = [((7, 12), rng(7, 9, 18), "c.mueller"),     # its declaration
                 ((8, 60), rng(8, 59, 68), "c.mueller"),    # reports_to: c.mueller
                 ((14, 8), rng(14, 8, 17), "c.mueller"),    # [[#c.mueller]]: the id alone
                 ((14, 30), rng(14, 28, 40), "anna.petrova"),  # [[@anna.petrova]]
                 ((4, 9), rng(4, 7, 19), "anna.petrova"),   # owner: anna.petrova
                 ((1, 4), rng(1, 4, 5), "b")]               # the account's id
        for (line, character), want, placeholder in cases:
            id = ask(s, "textDocument/prepareRename", b, line, character)
            expect_result(s, id, {"range": want, "placeholder": placeholder})
        for line, character in [(14, 46), (0, 0), (99, 0)]:  # prose, the fence, past the end
            id = ask(s, "textDocument/prepareRename", b, line, character)
            expect_error(s, id, -32803, NO_ID)
        close(s)
    finally:
        s.kill()


def test_rename_contact(work):
    """rename of a contact edits its declaration, fields, [[refs]] and attendees; kam check stays clean"""
    repo, s, caps = start(work)
    try:
        expect("the rename capability", caps["renameProvider"], True)
        b, c = path_of(repo, "accounts/b.md"), path_of(repo, "accounts/c.md")
        note = path_of(repo, "accounts/b/2026-10-03-briefing.md")
        before = findings(repo)
        open_doc(s, b, PLAN_B)
        s.read()
        open_doc(s, note, NOTE)
        s.read()
        want = {"changes": {
            uri(b): [edit(7, 9, 18, "c.muller"), edit(8, 59, 68, "c.muller"), edit(14, 8, 17, "c.muller")],
            uri(note): [edit(3, 12, 21, "c.muller")],
            uri(c): [edit(9, 12, 21, "c.muller")]}}
        for line, character in [(7, 12), (8, 60), (14, 8)]:  # from the declaration or a reference
            id = ask(s, "textDocument/rename", b, line, character, newName="c.muller")
            expect_result(s, id, want)
        id = ask(s, "textDocument/rename", note, 3, 14, newName="c.muller")
        expect_result(s, id, want)
        close(s)
        apply_workspace_edit(repo, want)
        expect("kam check after the rename", findings(repo), before)
        expect("kam check is clean", before, (0, 0))
    finally:
        s.kill()


def test_rename_member(work):
    """rename of a team member edits kam.yaml, owners, [[@member]] and attendees"""
    repo, s, caps = start(work)
    try:
        b = path_of(repo, "accounts/b.md")
        note = path_of(repo, "accounts/b/2026-10-03-briefing.md")
        before = findings(repo)
        open_doc(s, b, PLAN_B)
        s.read()
        id = ask(s, "textDocument/rename", b, 14, 30, newName="anna.p")
        want = {"changes": {
            uri(b): [edit(4, 7, 19, "anna.p"), edit(14, 28, 40, "anna.p")],
            uri(note): [edit(3, 23, 35, "anna.p")],
            uri(path_of(repo, "accounts/valid-minimal.md")): [edit(4, 7, 19, "anna.p")],
            uri(path_of(repo, "kam.yaml")): [edit(4, 9, 21, "anna.p")]}}
        expect_result(s, id, want)
        close(s)
        apply_workspace_edit(repo, want)
        expect("kam check after the rename", findings(repo), before)
    finally:
        s.kill()


def test_rename_account_files(work):
    """rename of an account: versioned edits, [[acct#id]] and links, its plan and folder renamed"""
    caps = {"workspace": {"workspaceEdit": {"documentChanges": True,
                                            "resourceOperations": ["create", "rename", "delete"]}}}
    repo, s, _ = start(work, caps)
    try:
        b, c = path_of(repo, "accounts/b.md"), path_of(repo, "accounts/c.md")
        before = findings(repo)
        open_doc(s, b, PLAN_B, 7)
        s.read()
        open_doc(s, c, PLAN_C, 2)
        s.read()
        want = {"documentChanges": [
            {"textDocument": {"uri": uri(b), "version": 7}, "edits": [edit(1, 4, 5, "b-bank")]},
            {"textDocument": {"uri": uri(c), "version": 2},
             "edits": [edit(9, 10, 11, "b-bank"), edit(9, 33, 48, "b-bank.md#next-steps"),
                       edit(9, 65, 69, "b-bank.md")]},
            {"kind": "rename", "oldUri": uri(b), "newUri": uri(path_of(repo, "accounts/b-bank.md"))},
            {"kind": "rename", "oldUri": uri(path_of(repo, "accounts/b")),
             "newUri": uri(path_of(repo, "accounts/b-bank"))}]}
        id = ask(s, "textDocument/rename", c, 9, 10, newName="b-bank")
        expect_result(s, id, want)
        close(s)
        apply_workspace_edit(repo, want)
        expect("kam check after the rename", findings(repo), before)
    finally:
        s.kill()


def test_rename_account_text_only(work):
    """rename of an account is refused for a client that cannot rename files: its plan would keep the old name"""
    refused = ("renaming an account renames its plan file (accounts/b.md); this editor cannot rename "
               "files (its workspace.workspaceEdit has no documentChanges, or no 'rename' in "
               "resourceOperations)")
    for i, caps in enumerate([{"workspace": {"workspaceEdit": {"documentChanges": True}}},
                              {"workspace": {"workspaceEdit": {"documentChanges": True,
                                                               "resourceOperations": ["create", "delete"]}}},
                              {"workspace": {"workspaceEdit": {"resourceOperations": ["rename"]}}}, {}]):
        repo, s, _ = start(os.path.join(work, str(i)), caps)
        try:
            b = path_of(repo, "accounts/b.md")
            open_doc(s, b, PLAN_B, 4)
            s.read()
            id = ask(s, "textDocument/rename", b, 1, 4, newName="b-bank")
            expect_error(s, id, -32803, refused)
            # a contact's rename needs no file renamed
            id = ask(s, "textDocument/rename", b, 7, 12, newName="c.muller")
            reply = response(s, id)
            expect("a contact's rename", "result" in reply, True)
            close(s)
        finally:
            s.kill()


def test_rename_refused(work):
    """rename is refused for an invalid id, a taken id, nothing under the cursor, a position past the end; an unknown document gets null"""
    repo, s, _ = start(work)
    try:
        b = path_of(repo, "accounts/b.md")
        open_doc(s, b, PLAN_B)
        s.read()
        id = ask(s, "textDocument/rename", b, 7, 12, newName="C Mueller")
        expect_error(s, id, -32602, "'C Mueller' is not a valid id: it must match the pattern "
                       "^[a-z0-9][a-z0-9.-]*$ (lower-case letters, digits, '.' and '-')")
        id = ask(s, "textDocument/rename", b, 7, 12, newName="d.jones")
        expect_error(s, id, -32803, "'d.jones' is already taken by the contact declared at accounts/b.md:9")
        id = ask(s, "textDocument/rename", b, 1, 4, newName="c")
        expect_error(s, id, -32803, "'c' is already taken by the account declared at accounts/c.md:2")
        id = ask(s, "textDocument/rename", b, 14, 46, newName="x")
        expect_error(s, id, -32803, NO_ID)
        id = ask(s, "textDocument/rename", b, 99, 0, newName="x")
        expect_error(s, id, -32803, NO_ID)
        other = path_of(repo, "accounts/nowhere.md")
        id = ask(s, "textDocument/rename", other, 1, 4, newName="x")
        expect_result(s, id, None)  # a document the server does not serve: nothing to rename
        close(s)
    finally:
        s.kill()


def test_rename_broken_plan(work):
    """rename is refused while a plan of the repository cannot be read, naming it"""
    broken = "---\nid: z\nname: [unclosed\n---\n# Z\n"
    repo, s, _ = start(work, plans={"accounts/z.md": broken})
    try:
        b = path_of(repo, "accounts/b.md")
        open_doc(s, b, PLAN_B)
        s.read()
        id = ask(s, "textDocument/rename", b, 7, 12, newName="c.muller")
        expect_error(s, id, -32803, "accounts/z.md could not be read (yaml-syntax at 3:7): it "
                     "may refer to 'c.mueller', so nothing is renamed until it is fixed")
        close(s)
    finally:
        s.kill()
