#!/usr/bin/python3
"""The protocol suite of `kam lsp`: frames messages, sends them to the server
over stdio and compares every message it sends back, exactly.

    KAM=build/kam tests/lsp/protocol.py WORKDIR [TEST...]

Each test builds a small plans repository in WORKDIR (a fresh folder), starts
`kam lsp` there and talks to it as an editor would. With no TEST, all run.
Exit status 0 when every test passed. Standard library only
(tests/e2e/lsp.bats runs each test as one bats test)."""

import json
import os
import select
import shutil
import subprocess
import sys
import time

KAM = os.environ.get("KAM") or os.path.join(os.path.dirname(__file__), "../../build/kam")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
TIMEOUT = 20  # seconds for one message; under valgrind or asan kam is slow

VALID_B = """---
id: b
name: B Corp
type: customer
owner: anna.petrova
reviewed: 2026-10-01
contacts:
  - {id: c.mueller, name: Claudia Mueller, title: CFO}
---
# B Corp
"""

BROKEN_B = """---
id: b
name: B Corp
type: customer
owner: anna.petrov
reviewed: 2026-10-01
contacts:
  - {id: c.mueller, name: Claudia Mueller, title: CFO}
---
# B Corp

See [[nope]].
"""


class Failure(Exception):
    pass


def expect(what, got, want):
    if got != want:
        raise Failure("%s:\n  expected %s\n  got      %s" % (
            what, json.dumps(want, sort_keys=True), json.dumps(got, sort_keys=True)))


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """kam lsp started in a repository, spoken to over its stdin and stdout."""

    def __init__(self, cwd):
        env = dict(os.environ, KAM_TODAY="2026-11-20", TZ="UTC", LC_ALL="C")
        self.proc = subprocess.Popen([KAM, "lsp", "--stdio"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.pending = b""
        self.next_id = 1

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        self.send_raw(frame(json.dumps(msg).encode()))

    def request(self, method, params=None):
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.next_id += 1
        self.send(msg)
        return msg["id"]

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def _fill(self, deadline):
        fd = self.proc.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise Failure("no message from the server within %d s" % TIMEOUT)
        chunk = os.read(fd, 65536)
        if not chunk:
            raise Failure("the server closed its output (exit %s); stderr: %s" % (
                self.proc.wait(), self.proc.stderr.read().decode()))
        self.pending += chunk

    def read_raw(self):
        """One message as the bytes of its header and body."""
        deadline = time.monotonic() + TIMEOUT
        while b"\r\n\r\n" not in self.pending:
            self._fill(deadline)
        header, rest = self.pending.split(b"\r\n\r\n", 1)
        if not header.startswith(b"Content-Length: ") or b"\r\n" in header:
            raise Failure("a bad header from the server: %r" % header)
        length = int(header[len(b"Content-Length: "):])
        self.pending = rest
        while len(self.pending) < length:
            self._fill(deadline)
        body, self.pending = self.pending[:length], self.pending[length:]
        return header, body

    def read(self):
        return json.loads(self.read_raw()[1])

    def expect(self, what, want):
        expect(what, self.read(), want)

    def expect_result(self, id, result):
        self.expect("the response to request %s" % id, {"jsonrpc": "2.0", "id": id, "result": result})

    def expect_error(self, id, code, message):
        self.expect("the error response %s" % id,
                    {"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})

    def initialize(self, folder, encodings=None, capabilities=None):
        params = {"processId": None, "rootUri": uri(folder),
                  "workspaceFolders": [{"uri": uri(folder), "name": "plans"}],
                  "capabilities": dict(capabilities or {})}
        if encodings:
            params["capabilities"]["general"] = {"positionEncodings": encodings}
        id = self.request("initialize", params)
        response = self.read()
        expect("initialize answers its request", response.get("id"), id)
        self.notify("initialized", {})
        return response

    def finish(self, status, closing=None):
        """Close stdin (after closing, raw bytes) and wait for the exit status;
        nothing else may have been sent."""
        if closing is not None:
            self.send_raw(closing)
        self.proc.stdin.close()
        try:
            code = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not end when its input did")
        rest = self.pending + self.proc.stdout.read()
        expect("output after the last expected message", rest.decode(), "")
        expect("exit status", code, status)
        return self.proc.stderr.read().decode()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def uri(path):
    return "file://" + path


def make_repo(work, plans=None):
    repo = os.path.join(work, "repo")
    shutil.copytree(os.path.join(ROOT, "tests/fixtures/repo"), repo)
    for name, text in (plans or {}).items():
        path = os.path.join(repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return os.path.realpath(repo)


def open_doc(server, path, text, version=1):
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "markdown", "version": version, "text": text}})


def change_doc(server, path, text, version):
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri(path), "version": version},
        "contentChanges": [{"text": text}]})


def diag(line, start, end, code, message, severity=1):
    return {"range": {"start": {"line": line, "character": start},
                      "end": {"line": line, "character": end}},
            "severity": severity, "code": code, "source": "kam", "message": message}


def published(path, diagnostics, version=None):
    params = {"uri": uri(path), "diagnostics": diagnostics}
    if version is not None:
        params["version"] = version
    return {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params}


def kam_version():
    return subprocess.run([KAM, "--version"], capture_output=True, text=True).stdout.split()[1]


BROKEN_B_DIAGNOSTICS = [
    diag(4, 7, 18, "single-owner",
         "owner 'anna.petrov' is not in kam.yaml's team: the account has no single window; "
         "did you mean 'anna.petrova'?\n"
         "hint: add the account manager to team: in kam.yaml, or fix the id"),
    diag(11, 4, 12, "ref-unresolved",
         "[[nope]]: 'nope' is not an account of this repository\n"
         "hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]"),
]

# ---------------------------------------------------------------------------
# the tests: each takes a fresh working folder


def test_initialize(work):
    """initialize answers the capabilities, exactly; shutdown and exit end with 0"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.request("initialize", {"processId": None, "rootUri": uri(repo), "capabilities": {}})
        header, body = s.read_raw()
        expect("the header", header, b"Content-Length: %d" % len(body))
        expect("the initialize result", json.loads(body), {"jsonrpc": "2.0", "id": 1, "result": {
            "capabilities": {
                "positionEncoding": "utf-16",
                "definitionProvider": True,
                "referencesProvider": True,
                "renameProvider": True,
                "completionProvider": {"triggerCharacters": [":", "[", "#", "@", " "],
                                       "resolveProvider": False},
                "hoverProvider": True,
                "textDocumentSync": {"openClose": True, "change": 1, "save": {"includeText": False}},
                "documentSymbolProvider": True,
                "codeActionProvider": {"codeActionKinds": ["quickfix"]}},
            "serverInfo": {"name": "kam", "version": kam_version()}}})
        s.notify("initialized", {})
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        expect("stderr", s.finish(0), "")
    finally:
        s.kill()


def test_encoding(work):
    """the first position encoding the client offers is used: utf-32 counts characters"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        response = s.initialize(repo, ["utf-32", "utf-16"])
        expect("the encoding", response["result"]["capabilities"]["positionEncoding"], "utf-32")
        text = BROKEN_B.replace("See [[nope]].", "😀 é [[nope]].")
        open_doc(s, repo + "/accounts/b.md", text)
        s.expect("diagnostics in characters", published(repo + "/accounts/b.md", [
            BROKEN_B_DIAGNOSTICS[0], diag(11, 4, 12, "ref-unresolved",
                                          BROKEN_B_DIAGNOSTICS[1]["message"])], 1))
        s.finish(1)
    finally:
        s.kill()


def test_positions(work):
    """utf-8 positions count bytes; UTF-16 (the default) code units: an emoji is two, é one"""
    repo = make_repo(work)
    s, s2 = Server(repo), None
    try:
        s.initialize(repo, ["utf-8", "utf-16"])  # the client prefers utf-8: bytes
        text = BROKEN_B.replace("See [[nope]].", "😀 é [[nope]].")
        open_doc(s, repo + "/accounts/b.md", text)
        s.expect("diagnostics in bytes", published(repo + "/accounts/b.md", [
            BROKEN_B_DIAGNOSTICS[0], diag(11, 8, 16, "ref-unresolved",
                                          BROKEN_B_DIAGNOSTICS[1]["message"])], 1))
        s.finish(1)
        s2 = Server(repo)
        s2.initialize(repo)
        open_doc(s2, repo + "/accounts/b.md", text)
        s2.expect("diagnostics in UTF-16 units", published(repo + "/accounts/b.md", [
            BROKEN_B_DIAGNOSTICS[0], diag(11, 5, 13, "ref-unresolved",
                                          BROKEN_B_DIAGNOSTICS[1]["message"])], 1))
        s2.finish(1)
    finally:
        s.kill()
        if s2:
            s2.kill()


def test_diagnostics(work):
    """didOpen of a broken plan publishes kam check's findings; didChange fixing it clears them"""
    repo = make_repo(work, {"accounts/b.md": VALID_B})
    s = Server(repo)
    try:
        s.initialize(repo)
        path = repo + "/accounts/b.md"
        open_doc(s, path, BROKEN_B, 3)
        s.expect("diagnostics of the buffer", published(path, BROKEN_B_DIAGNOSTICS, 3))
        change_doc(s, path, VALID_B, 4)
        s.expect("no diagnostics once fixed", published(path, [], 4))
        change_doc(s, path, VALID_B.replace("name: B Corp", "name: [B Corp"), 5)
        s.expect("a YAML error", published(path, [diag(
            2, 6, 8, "yaml-syntax", "the '[' opened here is never closed\n"
            "hint: close it with ']' after its last item, on the same line")], 5))
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(path)}})
        s.expect("checked again on save", published(path, [diag(
            2, 6, 8, "yaml-syntax", "the '[' opened here is never closed\n"
            "hint: close it with ']' after its last item, on the same line")], 5))
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(path)}})
        s.expect("closing clears its diagnostics", published(path, []))
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_related_information(work):
    """a client that takes related information gets the hint there too, at the finding's place"""
    repo = make_repo(work, {"accounts/b.md": VALID_B})
    s = Server(repo)
    try:
        s.initialize(repo, capabilities={"textDocument": {"publishDiagnostics": {
            "relatedInformation": True}}})
        path = repo + "/accounts/b.md"
        open_doc(s, path, BROKEN_B, 3)
        want = []
        for d in BROKEN_B_DIAGNOSTICS:
            hint = d["message"].split("\n")[1]
            want.append(dict(d, relatedInformation=[{
                "location": {"uri": uri(path), "range": d["range"]}, "message": hint}]))
        s.expect("the hints as related information", published(path, want, 3))
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_same_as_check(work):
    """the diagnostics are kam check --stdin-filename's findings, one for one"""
    repo = make_repo(work)
    path = repo + "/accounts/b.md"
    check = subprocess.run([KAM, "--color", "never", "check", "--format", "json",
                            "--stdin-filename", "accounts/b.md", "-"], cwd=repo, input=BROKEN_B,
                           capture_output=True, text=True,
                           env=dict(os.environ, KAM_TODAY="2026-11-20"))
    findings = json.loads(check.stdout)["diagnostics"]
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, path, BROKEN_B)
        got = s.read()["params"]["diagnostics"]
        expect("the findings", [(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                                 d["code"], d["message"]) for d in got],
               [(f["line"], f["column"], f["rule"], f["message"] + "\nhint: " + f["hint"])
                for f in findings])
        s.finish(1)
    finally:
        s.kill()


def test_buffer_not_disk(work):
    """the open buffer is checked, not the file on disk, which may be broken or absent"""
    repo = make_repo(work, {"accounts/b.md": "---\nid: b\nname: [unclosed\n---\n"})
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, repo + "/accounts/b.md", VALID_B)
        s.expect("a valid buffer over a broken file", published(repo + "/accounts/b.md", [], 1))
        new = repo + "/accounts/new.md"
        open_doc(s, new, VALID_B.replace("id: b", "id: new").replace("# B Corp", "[[b#c.mueller]] [[b#c.x]]"))
        # every open document of the repository is checked again, in URI order
        s.expect("b.md again", published(repo + "/accounts/b.md", [], 1))
        s.expect("a file not on disk yet", published(new, [diag(
            9, 16, 25, "ref-unresolved",
            "[[b#c.x]]: 'c.x' names nothing in 'b'\n"
            "hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]")], 1))
        expect("the file is not written", os.path.exists(new), False)
        s.finish(1)
    finally:
        s.kill()


def test_cross_file(work):
    """renaming a contact in one buffer updates the diagnostics of an open plan that uses it"""
    c_text = VALID_B.replace("id: b", "id: c").replace("B Corp", "C").replace(
        "contacts:\n  - {id: c.mueller, name: Claudia Mueller, title: CFO}\n", "") + "\nMet [[b#c.mueller]].\n"
    repo = make_repo(work, {"accounts/b.md": VALID_B, "accounts/c.md": c_text})
    b, c = repo + "/accounts/b.md", repo + "/accounts/c.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, c, c_text)
        s.expect("c.md", published(c, [], 1))
        open_doc(s, b, VALID_B)
        s.expect("b.md", published(b, [], 1))
        s.expect("c.md", published(c, [], 1))
        change_doc(s, b, VALID_B.replace("c.mueller", "c.muller"), 2)
        s.expect("b.md", published(b, [], 2))
        s.expect("c.md sees the renamed contact", published(c, [diag(
            9, 4, 19, "ref-unresolved",
            "[[b#c.mueller]]: 'c.mueller' names nothing in 'b'; did you mean 'c.muller'?\n"
            "hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]")], 1))
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(b)}})
        s.expect("c.md sees b.md on disk again", published(c, [], 1))
        s.finish(1)
    finally:
        s.kill()


def test_kam_yaml_findings(work):
    """findings in kam.yaml are published on kam.yaml, cleared when fixed"""
    repo = make_repo(work)
    with open(repo + "/kam.yaml", "a") as f:
        f.write("colour: blue\n")
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, repo + "/accounts/b.md", VALID_B)
        s.expect("b.md", published(repo + "/accounts/b.md", [], 1))
        s.expect("kam.yaml", published(repo + "/kam.yaml", [diag(
            6, 0, 6, "schema-unknown-key", "unknown key 'colour'\n"
            "hint: the keys allowed here are: kam, organization, currency, fiscal_year_start, timezone, "
            "accounts, schema, team, tiers, competitors, offerings, health, stages, rules, render")]))
        with open(repo + "/kam.yaml") as f:
            fixed = f.read().replace("colour: blue\n", "")
        with open(repo + "/kam.yaml", "w") as f:
            f.write(fixed)
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(repo + "/accounts/b.md")}})
        s.expect("b.md", published(repo + "/accounts/b.md", [], 1))
        s.expect("kam.yaml cleared", published(repo + "/kam.yaml", []))
        s.finish(1)
    finally:
        s.kill()


def test_kam_yaml_broken(work):
    """a kam.yaml that is not YAML: its finding on kam.yaml, the plans wait until it is fixed"""
    repo = make_repo(work)
    b = repo + "/accounts/b.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, b, BROKEN_B)
        s.expect("b.md", published(b, BROKEN_B_DIAGNOSTICS, 1))
        with open(repo + "/kam.yaml") as f:
            good = f.read()
        with open(repo + "/kam.yaml", "w") as f:
            f.write(good.replace("currency: EUR", "currency: [EUR"))
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(b)}})
        s.expect("b.md is not checked", published(b, []))
        s.expect("kam.yaml", published(repo + "/kam.yaml", [diag(
            2, 10, 14, "yaml-syntax", "the '[' opened here is never closed\n"
            "hint: close it with ']' after its last item, on the same line")]))
        with open(repo + "/kam.yaml", "w") as f:
            f.write(good)
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(b)}})
        s.expect("b.md", published(b, BROKEN_B_DIAGNOSTICS, 1))
        s.expect("kam.yaml cleared", published(repo + "/kam.yaml", []))
        err = s.finish(1)
        expect("stderr", err.splitlines()[0], "kam: lsp: %s: kam.yaml is not valid YAML (yaml-syntax at 3:11): its plans are not checked" % repo)
    finally:
        s.kill()


def test_meeting_note(work):
    """a meeting note (in a folder not created yet) is checked against its account's plan on disk"""
    repo = make_repo(work, {"accounts/b.md": VALID_B})
    note = repo + "/accounts/b/meetings/call.md"
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, note, "---\nkind: meeting\ntitle: Call\ndate: 2026-10-03\n"
                 "attendees: [c.mueller, c.ghost]\n---\nNotes.\n")
        s.expect("the note", published(note, [diag(
            4, 23, 30, "ref-unresolved", "attendees[1] 'c.ghost' is not a contact or a team member of 'b'\n"
            "hint: fix the id, or add what it names to the plan")], 1))
        s.finish(1)
    finally:
        s.kill()


def test_outside_workspace(work):
    """documents outside the workspace folders, or not plans, get nothing and nothing is read"""
    repo = make_repo(work)
    other = make_repo(os.path.join(work, "other"), {"accounts/x.md": BROKEN_B})
    s = Server(repo)
    try:
        s.initialize(repo + "/accounts")  # the workspace is the accounts folder
        open_doc(s, other + "/accounts/x.md", BROKEN_B)
        open_doc(s, "/etc/x.md", BROKEN_B)
        open_doc(s, repo + "/README.md", "no frontmatter")
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "untitled:Untitled-1", "languageId": "markdown", "version": 1, "text": "x"}}})
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri(repo + "/accounts/../../other/repo/accounts/x.md"), "version": 1, "text": "x"}}})
        id = s.request("textDocument/semanticTokens/full", {})
        s.expect_error(id, -32601, "kam lsp does not serve 'textDocument/semanticTokens/full'")
        # every request about them, or about a plan never opened, answers
        # the method's empty result: no error for the editor to show
        nothing = [("textDocument/hover", None), ("textDocument/definition", None),
                   ("textDocument/references", []), ("textDocument/documentSymbol", []),
                   ("textDocument/codeAction", []), ("textDocument/prepareRename", None),
                   ("textDocument/rename", None),
                   ("textDocument/completion", {"isIncomplete": False, "items": []})]
        at = {"line": 0, "character": 0}
        for doc in [uri(other + "/accounts/x.md"), "file:///etc/x.md", uri(repo + "/README.md"),
                    "untitled:Untitled-1", uri(repo + "/accounts/b.md")]:
            for method, result in nothing:
                id = s.request(method, {"textDocument": {"uri": doc}, "position": at, "newName": "x",
                                        "range": {"start": at, "end": at},
                                        "context": {"diagnostics": [], "includeDeclaration": True}})
                s.expect_result(id, result)
        err = s.finish(1)
        expect("stderr", err,
               "kam: lsp: '%s' is outside the workspace folders: not checked\n" % uri(other + "/accounts/x.md") +
               "kam: lsp: 'file:///etc/x.md' is outside the workspace folders: not checked\n" +
               "kam: lsp: '%s' is outside the workspace folders: not checked\n" % uri(repo + "/README.md") +
               "kam: lsp: 'untitled:Untitled-1' does not name a local file (file:///path): not checked\n" +
               "kam: lsp: '%s' does not name a local file (file:///path): not checked\n" % uri(repo + "/accounts/../../other/repo/accounts/x.md") +
               "kam: lsp: the client closed the connection without shutdown\n")
    finally:
        s.kill()


def test_not_a_plan(work):
    """a Markdown file of the workspace that is not a plan or note (README.md) gets no diagnostics"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        open_doc(s, repo + "/README.md", "no frontmatter\n")
        open_doc(s, repo + "/accounts/README.md", "no frontmatter\n")
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        expect("stderr", s.finish(0), "")
    finally:
        s.kill()


def test_unknown_method(work):
    """an unknown request answers MethodNotFound; unknown notifications are ignored"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.notify("workspace/didChangeConfiguration", {"settings": {}})
        s.notify("$/cancelRequest", {"id": 7})
        s.send({"jsonrpc": "2.0", "id": "str-id", "method": "textDocument/inlayHint", "params": {}})
        s.expect_error("str-id", -32601, "kam lsp does not serve 'textDocument/inlayHint'")
        id = s.request("$/unknown")
        s.expect_error(id, -32601, "kam lsp does not serve '$/unknown'")
        s.send({"jsonrpc": "2.0", "id": 99, "result": None})  # a response: ignored
        id = s.request("initialize", {"capabilities": {}})
        s.expect_error(id, -32600, "'initialize' was already sent")
        s.finish(1)
    finally:
        s.kill()


def test_invalid_requests(work):
    """messages that are JSON but not JSON-RPC requests answer InvalidRequest or InvalidParams"""
    repo = make_repo(work)
    s = Server(repo)
    invalid = ('not a JSON-RPC 2.0 request or notification (one object with "jsonrpc": "2.0", '
               'a "method" and an integer or string "id" for a request)')
    try:
        s.initialize(repo)
        s.send([{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}])
        s.expect_error(None, -32600, invalid)
        s.send({"id": 6, "method": "shutdown"})
        s.expect_error(6, -32600, invalid)
        s.send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
        s.expect_error(None, -32600, invalid)
        s.send({"jsonrpc": "2.0", "id": 7, "method": 12})
        s.expect_error(7, -32600, invalid)
        s.send({"jsonrpc": "2.0", "id": 8, "method": "shutdown", "params": "x"})
        s.expect_error(8, -32602, '"params" is an object or an array')
        s.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
        s.notify("textDocument/didChange", "not an object")
        id = s.request("shutdown")
        s.expect_result(id, None)
        id = s.request("shutdown")
        s.expect_error(id, -32600, "the server is shutting down: only 'exit' is left")
        s.notify("exit")
        expect("stderr", s.finish(0),
               "kam: lsp: textDocument/didOpen without a uri and a text: ignored\n")
    finally:
        s.kill()


def test_malformed_json(work):
    """malformed JSON answers ParseError with id null, and the server reads on"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.send_raw(frame(b'{"jsonrpc": "2.0", "id": 3, "method": '))
        s.expect_error(None, -32700, "the message is not JSON: unexpected token at byte 38")
        s.send_raw(frame(b'{"jsonrpc": "2.0", "method": "x\xff"}'))
        s.expect_error(None, -32700, "the message is not JSON: unable to decode byte 0xff at byte 31")
        s.send_raw(frame(b'{"jsonrpc": "2.0", "id": 4, "method": "a\\u0000b"}'))
        s.expect_error(None, -32700, "the message is not JSON: a string holds \\u0000 at byte 48")
        s.send_raw(frame(b"[" * 5000 + b"]" * 5000))
        s.expect_error(None, -32700, "the message is not JSON: maximum parsing depth reached at byte 2049")
        s.send_raw(frame(b""))
        s.expect_error(None, -32700, "the message is not JSON: '[' or '{' expected at byte 0")
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_bad_headers(work):
    """a header without Content-Length, or a bad one, answers ParseError; the server finds the next message"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.send_raw(b'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc": "2.0"}')
        s.expect_error(None, -32700, "a message has no Content-Length header")
        id = s.request("shutdown-not")
        s.expect_error(id, -32601, "kam lsp does not serve 'shutdown-not'")
        bad = [(b"Content-Length: twelve\r\n\r\n{}", "the Content-Length header is not a number of bytes"),
               (b"Content-Length: 99999999999999999999\r\n\r\n{}",
                "the Content-Length header is not a number of bytes"),
               (b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "two Content-Length headers disagree"),
               (b"garbage without a colon\r\n\r\n", "a header line is not 'Name: value'"),
               (b"X-Long: " + b"x" * 5000 + b"\r\n\r\n", "a header line is too long"),
               (b"".join(b"X-%d: y\r\n" % i for i in range(40)) + b"\r\n",
                "more header lines than a message has")]
        for data, message in bad:
            s.send_raw(data)
            s.expect_error(None, -32700, message)
            # what follows a bad header up to the next Content-Length is skipped
            s.send_raw(b"skipped")
            id = s.request("ping")
            s.expect_error(id, -32601, "kam lsp does not serve 'ping'")
        # blank lines between messages and a lower-case name are fine
        body = b'{"jsonrpc":"2.0","id":"after","method":"nope"}'
        s.send_raw(b"\r\n\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
        s.expect_error("after", -32601, "kam lsp does not serve 'nope'")
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        err = s.finish(0)
        expect("the first line of stderr", err.splitlines()[0],
               "kam: lsp: a message has no Content-Length header: skipping to the next Content-Length header")
    finally:
        s.kill()


def test_wrong_length(work):
    """a Content-Length too short or too long loses that message only: the next one is answered"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)

        def req(id):
            return b'{"jsonrpc":"2.0","id":"%s","method":"nope"}' % id.encode()
        # too short: the body's tail has no line end, the next header follows it on its line
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(req("a")) - 10) + req("a") + frame(req("b")))
        s.expect_error(None, -32700, "the message is not JSON: premature end of input at byte 32")
        s.expect_error(None, -32700, "bytes that are not a header come before a Content-Length header")
        s.expect_error("b", -32601, "kam lsp does not serve 'nope'")
        # the same with a lower-case header, the tail longer than a header line
        tail = b'{"jsonrpc":"2.0","id":"c","method":"nope","params":{"x":"%s"}}' % (b"y" * 3000)
        s.send_raw(b"Content-Length: 20\r\n\r\n" + tail + b"content-length: %d\r\n\r\n" % len(req("d")) + req("d"))
        s.expect_error(None, -32700, "the message is not JSON: premature end of input at byte 20")
        s.expect_error(None, -32700, "a header line is too long")
        s.expect_error("d", -32601, "kam lsp does not serve 'nope'")
        # too long: the body takes the start of the next message's header, which is read again
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(req("e")) + 5) + req("e") + frame(req("f")) + frame(req("g")))
        s.expect_error(None, -32700, "the message is not JSON: end of file expected at byte 47")
        s.expect_error("f", -32601, "kam lsp does not serve 'nope'")
        s.expect_error("g", -32601, "kam lsp does not serve 'nope'")
        # longer still: a whole message and part of the next one are in the body
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(req("h")) + 80) + req("h") + frame(req("i")) + frame(req("j")))
        s.expect_error(None, -32700, "the message is not JSON: end of file expected at byte 49")
        s.expect_error("i", -32601, "kam lsp does not serve 'nope'")
        s.expect_error("j", -32601, "kam lsp does not serve 'nope'")
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        err = s.finish(0)
        expect("stderr", err.splitlines()[-1],
               "kam: lsp: a message's Content-Length was too long: reading the next message from byte 42 of it")
    finally:
        s.kill()


def test_null_params(work):
    """"params": null is no params: shutdown and exit take it, a request that needs params says so"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.send({"jsonrpc": "2.0", "method": "initialized", "params": None})
        s.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": None})
        s.expect_error(2, -32602, "'textDocument/hover' takes an object of parameters")
        s.send({"jsonrpc": "2.0", "id": "sd", "method": "shutdown", "params": None})
        s.expect_result("sd", None)
        s.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        expect("stderr", s.finish(0), "")
    finally:
        s.kill()
    s = Server(repo)
    try:
        s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": None})
        s.expect_error(1, -32602, "'initialize' takes an object of parameters")
        s.finish(1)
    finally:
        s.kill()


def test_garbage(work):
    """random bytes in place of messages: one ParseError, then the next message is found"""
    import random
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        rng = random.Random(18)
        for size in (1, 100, 5000, 300000):
            garbage = bytes(rng.randrange(256) for _ in range(size)).replace(b"Content-Length:", b"")
            s.send_raw(garbage + b"\r\n\r\n")
            reply = s.read()
            expect("a ParseError with id null", (reply["id"], reply["error"]["code"]), (None, -32700))
            id = s.request("ping")
            s.expect_error(id, -32601, "kam lsp does not serve 'ping'")
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_oversized(work):
    """a message over the 16 MiB limit is answered with an error and skipped unread"""
    repo = make_repo(work)
    s = Server(repo)
    limit = 16 << 20
    try:
        s.initialize(repo)
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (limit + 1))
        s.expect_error(None, -32600, "a message of %d bytes is larger than the limit of %d bytes: skipped"
                       % (limit + 1, limit))
        s.send_raw(b" " * (limit + 1))
        id = s.request("shutdown")
        s.expect_result(id, None)
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_oversized_then_gone(work):
    """a client that announces a huge message and disappears ends the server with 1"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.send_raw(b"Content-Length: 999999999999\r\n\r\n")
        s.expect_error(None, -32600, "a message of 999999999999 bytes is larger than the limit of "
                       "16777216 bytes: skipped")
        s.finish(1, b"{}")
    finally:
        s.kill()


def test_before_initialize(work):
    """requests before initialize answer -32002, notifications are dropped, exit ends with 1"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        id = s.request("shutdown")
        s.expect_error(id, -32002, "the server is not initialized: send 'initialize' first")
        open_doc(s, repo + "/accounts/b.md", BROKEN_B)
        id = s.request("textDocument/hover", {})
        s.expect_error(id, -32002, "the server is not initialized: send 'initialize' first")
        s.notify("exit")
        s.finish(1)
    finally:
        s.kill()


def test_eof_without_shutdown(work):
    """a client that disappears ends the server with 1; mid-message too"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        expect("stderr", s.finish(1),
               "kam: lsp: the client closed the connection without shutdown\n")
    finally:
        s.kill()
    s = Server(repo)
    try:
        s.initialize(repo)
        err = s.finish(1, b'Content-Length: 100\r\n\r\n{"jsonrpc"')
        expect("stderr", err, "kam: lsp: the stream ended inside a message\n"
               "kam: lsp: the client closed the connection without shutdown\n")
    finally:
        s.kill()


def test_exit_without_shutdown(work):
    """exit without shutdown ends with 1; shutdown then end of input with 0"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.notify("exit")
        s.finish(1)
    finally:
        s.kill()
    s = Server(repo)
    try:
        s.initialize(repo)
        id = s.request("shutdown")
        s.expect_result(id, None)
        open_doc(s, repo + "/accounts/b.md", BROKEN_B)  # dropped after shutdown
        s.finish(0)
    finally:
        s.kill()


def test_client_gone_while_writing(work):
    """a client that stops reading and closes its end: the server ends, no signal kills it"""
    repo = make_repo(work)
    s = Server(repo)
    try:
        s.initialize(repo)
        s.proc.stdout.close()
        s.request("nothing")
        try:
            s.proc.stdin.close()
        except BrokenPipeError:
            pass
        code = s.proc.wait(TIMEOUT)
        expect("exit status", code, 1)
        expect("stderr", s.proc.stderr.read().decode(),
               "kam: lsp: cannot write to the client: it is gone\n")
    finally:
        s.kill()


def collect_tests():
    """The test_ functions of this file and of every tests/lsp/cases_*.py
    (one file per feature), by name without test_."""
    import glob
    import importlib
    sys.modules.setdefault("protocol", sys.modules[__name__])
    found = {name[5:]: f for name, f in globals().items() if name.startswith("test_")}
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    for path in sorted(glob.glob(os.path.join(here, "cases_*.py"))):
        module = importlib.import_module(os.path.basename(path)[:-3])
        for name, f in vars(module).items():
            if name.startswith("test_"):
                if name[5:] in found:
                    raise SystemExit("two protocol tests named %s" % name)
                found[name[5:]] = f
    return found


TESTS = collect_tests()


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    work, names = argv[1], argv[2:] or list(TESTS)
    failed = 0
    for i, name in enumerate(names, 1):
        folder = os.path.join(work, name)
        os.makedirs(folder, exist_ok=True)
        try:
            TESTS[name](folder)
            print("ok %d - %s" % (i, name))
        except Failure as e:
            failed += 1
            print("not ok %d - %s\n%s" % (i, name, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
