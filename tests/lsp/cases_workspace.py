"""The workspace behind kam lsp: after every kind of change (a value, a
broken reference, a meeting note's attendees, a tier, an id, a closed
buffer, files created and deleted on disk), the diagnostics the server has
published for every file of the repository are exactly what `kam check`
says of the same files written to disk. The example repository is the
subject: plans, a partner, a meeting note, the people and commerce fields."""

import json
import os
import shutil
import subprocess

import protocol
from protocol import Failure, Server, expect, open_doc, change_doc, uri

NOTE = "accounts/northwind-bank/meetings/2026-10-03-exec-briefing.md"
PLAN = "accounts/northwind-bank.md"


class Mirror:
    """The server's repository and a mirror on disk holding what the
    editor's buffers hold, for kam check to read."""

    def __init__(self, work):
        self.repo = os.path.realpath(os.path.join(work, "repo"))
        self.mirror = os.path.realpath(os.path.join(work, "mirror"))
        shutil.copytree(os.path.join(protocol.ROOT, "example-accounts"), self.repo)
        shutil.copytree(self.repo, self.mirror)
        self.published = {}  # uri -> the last diagnostics
        self.buffers = {}    # rel -> text

    def read_file(self, rel):
        with open(os.path.join(self.repo, rel)) as f:
            return f.read()

    def write(self, root, rel, text):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def settle(self, server):
        """Every publication up to the answer to a request sent now: the
        server answers a request only after checking what changed."""
        id = server.request("kam/nothing")
        while True:
            msg = server.read()
            if msg.get("id") == id:
                return
            if msg.get("method") == "textDocument/publishDiagnostics":
                self.published[msg["params"]["uri"]] = msg["params"]["diagnostics"]

    def served(self):
        found = set()
        for u, diags in self.published.items():
            rel = os.path.relpath(u[len("file://"):], self.repo)
            for d in diags:
                found.add((rel, d["range"]["start"]["line"] + 1, d["code"], d["message"]))
        return found

    def checked(self):
        env = dict(os.environ, KAM_TODAY="2026-11-20", TZ="UTC", LC_ALL="C")
        out = subprocess.run([protocol.KAM, "check", "--format", "json"], cwd=self.mirror,
                             env=env, capture_output=True, text=True).stdout
        found = set()
        for d in json.loads(out)["diagnostics"]:
            message = d["message"] + ("\nhint: " + d["hint"] if d.get("hint") else "")
            found.add((d["file"], d["line"], d["rule"], message))
        return found

    def compare(self, server, step):
        self.settle(server)
        served, checked = self.served(), self.checked()
        if served != checked:
            raise Failure("%s: the server and kam check disagree\n  only published: %s\n"
                          "  only kam check: %s" % (step, sorted(served - checked),
                                                    sorted(checked - served)))


def edit(m, server, rel, old, new, version):
    text = m.buffers[rel]
    if old not in text:
        raise Failure("the test's edit does not apply: %r" % old)
    text = text.replace(old, new, 1)
    m.buffers[rel] = text
    m.write(m.mirror, rel, text)
    change_doc(server, os.path.join(m.repo, rel), text, version)


def test_workspace_agrees_with_check(work):
    """after every kind of change, what the server published equals kam check of the same files"""
    m = Mirror(work)
    s = Server(m.repo)
    try:
        s.initialize(m.repo)
        s.notify("workspace/didChangeConfiguration", {"settings": {}})
        for rel in (PLAN, NOTE):
            m.buffers[rel] = m.read_file(rel)
            open_doc(s, os.path.join(m.repo, rel), m.buffers[rel])
        m.compare(s, "opened")
        edit(m, s, PLAN, "attitude: advocate", "attitude: opponent", 2)
        m.compare(s, "an attitude changed")
        edit(m, s, PLAN, "decision_leader: c.weber", "decision_leader: c.nobody", 3)
        m.compare(s, "a broken reference")
        edit(m, s, NOTE, "attendees: [c.mueller, c.braun,", "attendees: [c.braun,", 2)
        m.compare(s, "a meeting note's attendees")
        edit(m, s, NOTE, "date: 2026-10-03", "date: 2025-01-03", 3)
        m.compare(s, "a meeting note's date")
        edit(m, s, PLAN, "tier: key", "tier: growth", 4)
        m.compare(s, "a tier")
        edit(m, s, PLAN, "  - id: c.schmidt", "  - id: c.schmid", 5)
        m.compare(s, "an id renamed in one place")
        edit(m, s, PLAN, "  - id: c.schmid", "  - id: c.schmidt", 6)
        m.compare(s, "the id back")
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(os.path.join(m.repo, PLAN))}})
        m.write(m.mirror, PLAN, m.read_file(PLAN))
        m.compare(s, "the plan closed: the file on disk again")
        other = "accounts/contoso-steelworks.md"
        text = m.read_file(other).replace("tier: strategic", "tier: key")
        for root in (m.repo, m.mirror):
            m.write(root, other, text)
        s.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": uri(os.path.join(m.repo, other)), "type": 2}]})
        m.compare(s, "a plan changed on disk")
        copy = m.read_file(other).replace("id: contoso-steelworks", "id: contoso-two")
        for root in (m.repo, m.mirror):
            m.write(root, "accounts/contoso-two.md", copy)
        s.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": uri(os.path.join(m.repo, "accounts/contoso-two.md")), "type": 1}]})
        m.compare(s, "a plan created on disk")
        for root in (m.repo, m.mirror):
            os.remove(os.path.join(root, "accounts/fabrikam-partners.md"))
        s.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": uri(os.path.join(m.repo, "accounts/fabrikam-partners.md")), "type": 3}]})
        m.compare(s, "a partner plan deleted on disk")
        s.request("shutdown")
        s.read()
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()


def test_workspace_random_edits(work):
    """forty edits drawn at random (seeded) over a plan and a note: after each, the server agrees with kam check"""
    import random
    rng = random.Random(18)
    m = Mirror(work)
    s = Server(m.repo)
    words = ["c.mueller", "c.weber", "c.nobody", "anna.petrova", "opponent", "advocate", "neutral",
             "qualify", "propose", "won", "lost", "key", "growth", "2026-Q1", "2025-12-01", "[[#c.weber]]",
             "[[contoso-steelworks]]", "[[nowhere]]", "high", "low", "x: y", ""]
    versions = {}
    try:
        s.initialize(m.repo)
        for rel in (PLAN, NOTE):
            m.buffers[rel] = m.read_file(rel)
            versions[rel] = 1
            open_doc(s, os.path.join(m.repo, rel), m.buffers[rel])
        m.compare(s, "opened")
        for step in range(40):
            rel = rng.choice((PLAN, PLAN, PLAN, NOTE))
            lines = m.buffers[rel].split("\n")
            i = rng.randrange(1, len(lines) - 1)
            line = lines[i]
            kind = rng.randrange(4)
            if kind == 0 and ": " in line:  # a value replaced
                key = line.split(": ", 1)[0]
                lines[i] = key + ": " + rng.choice(words)
            elif kind == 1:  # a line deleted
                del lines[i]
            elif kind == 2:  # a line repeated
                lines.insert(i, line)
            else:  # a word of the body or a value
                lines[i] = line + " " + rng.choice(words)
            text = "\n".join(lines)
            m.buffers[rel] = text
            m.write(m.mirror, rel, text)
            versions[rel] += 1
            change_doc(s, os.path.join(m.repo, rel), text, versions[rel])
            m.compare(s, "edit %d (%s line %d: %r -> %r)" % (step, rel, i + 1, line,
                                                              lines[i] if i < len(lines) else None))
        s.request("shutdown")
        s.read()
        s.notify("exit")
        s.finish(0)
    finally:
        s.kill()
