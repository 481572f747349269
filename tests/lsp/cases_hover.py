"""Protocol tests of textDocument/hover: the card of the contact, team
member or account under the cursor (from a reference or the id itself),
the schema description of a frontmatter key, plan values escaped, and the
bad cases. The repository is cases_complete's."""
import os

from protocol import expect, uri
from cases_complete import (PLAN, BROKEN, answer, check, check_error, check_nothing, past_end,
                            not_open, edit, rng, session)


def test_hover_past_end(work):
    """a line past the end of the document: InvalidParams"""
    check_error(work, "textDocument/hover", past_end, -32602,
                "line 40 is past the end of the document (34 lines)")


def test_hover_not_open(work):
    """a document the client has not opened: null, no error"""
    check_nothing(work, "textDocument/hover", not_open, None)


def test_hover_contact_ref(work):
    """a [[account#contact]] reference: the contact's card"""
    check(work, 'accounts/northwind.md', PLAN, 32, 20, {   'contents': {   'kind': 'markdown',
                            'value': '**Claudia Müller** `c.mueller` contact of `northwind`\n'
                                     '\n'
                                     'title: CIO\n'
                                     '\n'
                                     'roles: key-decision-leader\n'
                                     '\n'
                                     'attitude: supporter\n'
                                     '\n'
                                     'influence: high\n'
                                     '\n'
                                     'owner: Anna Petrova\n'
                                     '\n'
                                     'last met: 2026-11-02 (meeting)'},
            'range': {   'start': {'line': 32, 'character': 4},
                         'end': {'line': 32, 'character': 27}}}, method="textDocument/hover")


def test_hover_contact_field(work):
    """decision_leader's value: the same card"""
    check(work, 'accounts/northwind.md', PLAN, 24, 22, {   'contents': {   'kind': 'markdown',
                            'value': '**Claudia Müller** `c.mueller` contact of `northwind`\n'
                                     '\n'
                                     'title: CIO\n'
                                     '\n'
                                     'roles: key-decision-leader\n'
                                     '\n'
                                     'attitude: supporter\n'
                                     '\n'
                                     'influence: high\n'
                                     '\n'
                                     'owner: Anna Petrova\n'
                                     '\n'
                                     'last met: 2026-11-02 (meeting)'},
            'range': {   'start': {'line': 24, 'character': 21},
                         'end': {'line': 24, 'character': 30}}}, method="textDocument/hover")


def test_hover_contact_escaped(work):
    """a name with * and <script>: shown literally; never met"""
    check(work, 'accounts/northwind.md', PLAN, 26, 20, {   'contents': {   'kind': 'markdown',
                            'value': '**J \\*Doe\\* &lt;script&gt;** `j.doe` contact of '
                                     '`northwind`\n'
                                     '\n'
                                     'last met: never'},
            'range': {   'start': {'line': 26, 'character': 17},
                         'end': {'line': 26, 'character': 22}}}, method="textDocument/hover")


def test_hover_team(work):
    """owner: the team member's card: role, accounts owned"""
    check(work, 'accounts/northwind.md', PLAN, 4, 10, {   'contents': {   'kind': 'markdown',
                            'value': '**Anna Petrova** `anna.petrova` team member\n'
                                     '\n'
                                     'role: key-account-manager\n'
                                     '\n'
                                     'accounts: northwind'},
            'range': {'start': {'line': 4, 'character': 7}, 'end': {'line': 4, 'character': 19}}}, method="textDocument/hover")


def test_hover_account(work):
    """the plan's id: the account card: type, tier, owner, pipeline, health"""
    check(work, 'accounts/northwind.md', PLAN, 1, 6, {   'contents': {   'kind': 'markdown',
                            'value': '**Northwind Bank** `northwind` account\n'
                                     '\n'
                                     'type: customer\n'
                                     '\n'
                                     'tier: key\n'
                                     '\n'
                                     'owner: Anna Petrova\n'
                                     '\n'
                                     'open pipeline: 100000 EUR in 1 open deal\n'
                                     '\n'
                                     'health: 40/100'},
            'range': {'start': {'line': 1, 'character': 4}, 'end': {'line': 1, 'character': 13}}}, method="textDocument/hover")


def test_hover_key(work):
    """a frontmatter key: its schema title and description"""
    check(work, 'accounts/northwind.md', PLAN, 21, 6, {   'contents': {   'kind': 'markdown',
                            'value': '**Stage** `stage`\n'
                                     '\n'
                                     'sales stage: identify, validate, qualify, propose, '
                                     'negotiate, then won or lost'},
            'range': {'start': {'line': 21, 'character': 4}, 'end': {'line': 21, 'character': 9}}}, method="textDocument/hover")


def test_hover_plaintext(work):
    """a client that takes plain text only, or first: the card without its marks"""
    for i, formats in enumerate([["plaintext"], ["plaintext", "markdown"]]):
        caps = {"textDocument": {"hover": {"contentFormat": formats}}}
        s, path = session(os.path.join(work, str(i)), "accounts/northwind.md", PLAN, caps)
        try:
            cases = [((26, 20), "J *Doe* <script> j.doe contact of northwind\nlast met: never",
                      rng(26, 17, 22)),
                     ((21, 6), "Stage stage\nsales stage: identify, validate, qualify, propose, "
                               "negotiate, then won or lost", rng(21, 4, 9)),
                     ((4, 10), "Anna Petrova anna.petrova team member\nrole: key-account-manager\n"
                               "accounts: northwind", rng(4, 7, 19))]
            for (line, character), value, where in cases:
                id = s.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                                      "position": {"line": line, "character": character}})
                expect("the hover", answer(s, id)["result"],
                       {"contents": {"kind": "plaintext", "value": value}, "range": where})
        finally:
            s.kill()


def test_hover_nothing(work):
    """a plain value: null"""
    check(work, 'accounts/northwind.md', PLAN, 9, 10, None, method="textDocument/hover")


def test_hover_body_text(work):
    """body text: null"""
    check(work, 'accounts/northwind.md', PLAN, 28, 2, None, method="textDocument/hover")
