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


def session(work, name, text, capabilities=None):
    """A server with the document name (relative to the repository) open as text."""
    repo = repo_with(work)
    s = Server(repo)
    s.initialize(repo, capabilities=capabilities)
    path = os.path.join(repo, name)
    open_doc(s, path, text)
    return s, path


def rng(line, start, end):
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def labels(response):
    return [i["label"] for i in response["result"]["items"]]


L = PLAN.split("\n")
NOTE_NAME = "accounts/northwind/2026-11-02-kickoff.md"


def edit(n, new):
    """PLAN with line n replaced."""
    lines = list(L)
    lines[n] = new
    return "\n".join(lines)


def insert(n, new):
    """PLAN with a line inserted before line n."""
    lines = list(L)
    lines.insert(n, new)
    return "\n".join(lines)


# an unterminated flow list: kam cannot read the plan (its contacts are
# unknown while it is broken), and owner: has no value yet
BROKEN = edit(6, "reviewed: [2026-10-01").replace("owner: anna.petrova\ntier", "owner: \ntier")


def check(work, name, text, line, character, want, method="textDocument/completion",
          capabilities=None):
    """Open name as text, ask method at the position, compare the result."""
    s, path = session(work, name, text, capabilities)
    try:
        id = s.request(method, {"textDocument": {"uri": uri(path)},
                                "position": {"line": line, "character": character}})
        expect("the %s result" % method, answer(s, id).get("result"), want)
    finally:
        s.kill()


def check_error(work, method, params_of, code, message):
    s, path = session(work, "accounts/northwind.md", PLAN)
    try:
        id = s.request(method, params_of(path))
        response = answer(s, id)
        if callable(message):
            message = message(path)
        expect("the error", response.get("error"), {"code": code, "message": message})
    finally:
        s.kill()


def check_nothing(work, method, params_of, want):
    """A request about a document the server does not serve answers the
    method's empty result, not an error."""
    s, path = session(work, "accounts/northwind.md", PLAN)
    try:
        id = s.request(method, params_of(path))
        expect("the response", answer(s, id), {"jsonrpc": "2.0", "id": id, "result": want})
    finally:
        s.kill()


def past_end(path):
    return {"textDocument": {"uri": uri(path)}, "position": {"line": 40, "character": 0}}


def not_open(path):
    return {"textDocument": {"uri": uri(path.replace("northwind", "acme"))},
            "position": {"line": 0, "character": 0}}


def no_position(path):
    return {"textDocument": {"uri": uri(path)}}


def test_complete_past_end(work):
    """a line past the end of the document: InvalidParams"""
    check_error(work, "textDocument/completion", past_end, -32602,
                "line 40 is past the end of the document (34 lines)")


def test_complete_not_open(work):
    """a document the client has not opened: no items, no error"""
    check_nothing(work, "textDocument/completion", not_open, {"isIncomplete": False, "items": []})


def test_complete_no_position(work):
    """no position: InvalidParams"""
    check_error(work, "textDocument/completion", no_position, -32602,
                "the request has no position")


def test_complete_decision_leader_empty(work):
    """a contact id after decision_leader: with nothing yet: the plan's contacts, name and title"""
    check(work, 'accounts/northwind.md', edit(24, "    decision_leader: "), 24, 21, {   'isIncomplete': False,
            'items': [   {   'label': 'c.mueller',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 24, 'character': 21},
                                                          'end': {'line': 24, 'character': 21}},
                                             'newText': 'c.mueller'},
                             'detail': 'Claudia Müller, CIO',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the contact who decides this deal'}},
                         {   'label': 'j.doe',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 24, 'character': 21},
                                                          'end': {'line': 24, 'character': 21}},
                                             'newText': 'j.doe'},
                             'detail': 'J *Doe* <script>',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the contact who decides this deal'}}]})


def test_complete_decision_leader_partial(work):
    """the partial id is replaced and filters the contacts"""
    check(work, 'accounts/northwind.md', edit(24, "    decision_leader: c."), 24, 23, {   'isIncomplete': True,
            'items': [   {   'label': 'c.mueller',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 24, 'character': 21},
                                                          'end': {'line': 24, 'character': 23}},
                                             'newText': 'c.mueller'},
                             'detail': 'Claudia Müller, CIO',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the contact who decides this deal'}}]})


def test_complete_owner_team(work):
    """a contact's owner: the team of kam.yaml"""
    check(work, 'accounts/northwind.md', edit(14, "    owner: "), 14, 11, {   'isIncomplete': False,
            'items': [   {   'label': 'anna.petrova',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 14, 'character': 11},
                                                          'end': {'line': 14, 'character': 11}},
                                             'newText': 'anna.petrova'},
                             'detail': 'Anna Petrova',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'who on our side owns the '
                                                           'relationship with this person'}},
                         {   'label': 'ivan.sidorov',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 14, 'character': 11},
                                                          'end': {'line': 14, 'character': 11}},
                                             'newText': 'ivan.sidorov'},
                             'detail': 'Ivan Sidorov',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'who on our side owns the '
                                                           'relationship with this person'}}]})


def test_complete_partner_accounts(work):
    """an opportunity's partner: the accounts"""
    check(work, 'accounts/northwind.md', insert(25, "    partner: "), 25, 13, {   'isIncomplete': False,
            'items': [   {   'label': 'acme',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 25, 'character': 13},
                                                          'end': {'line': 25, 'character': 13}},
                                             'newText': 'acme'},
                             'detail': 'Acme Partners',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the partner account (type partner) '
                                                           'when the route goes through a '
                                                           'partner'}},
                         {   'label': 'northwind',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 25, 'character': 13},
                                                          'end': {'line': 25, 'character': 13}},
                                             'newText': 'northwind'},
                             'detail': 'Northwind Bank',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the partner account (type partner) '
                                                           'when the route goes through a '
                                                           'partner'}}]})


def test_complete_competitor_item(work):
    """a new item of a competitors list: the competitors of kam.yaml"""
    check(work, 'accounts/northwind.md', insert(25, "    competitors:\n      - "), 26, 8, {   'isIncomplete': False,
            'items': [   {   'label': 'globex',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 26, 'character': 8},
                                                          'end': {'line': 26, 'character': 8}},
                                             'newText': 'globex'},
                             'detail': 'Globex Corp',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'who else is in this deal (competitor '
                                                           'ids of kam.yaml)'}}]})


def test_complete_stage_enum(work):
    """stage: the schema's enum, with the field's description"""
    check(work, 'accounts/northwind.md', edit(21, "    stage: "), 21, 11, {   'isIncomplete': False,
            'items': [   {   'label': 'identify',
                             'kind': 20,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'identify'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'validate',
                             'kind': 20,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'validate'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'qualify',
                             'kind': 20,
                             'sortText': '000002',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'qualify'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'propose',
                             'kind': 20,
                             'sortText': '000003',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'propose'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'negotiate',
                             'kind': 20,
                             'sortText': '000004',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'negotiate'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'won',
                             'kind': 20,
                             'sortText': '000005',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'won'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}},
                         {   'label': 'lost',
                             'kind': 20,
                             'sortText': '000006',
                             'textEdit': {   'range': {   'start': {'line': 21, 'character': 11},
                                                          'end': {'line': 21, 'character': 11}},
                                             'newText': 'lost'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'sales stage: identify, validate, '
                                                           'qualify, propose, negotiate, then '
                                                           'won or lost'}}]})


def test_complete_quarters(work):
    """a quarter field: this quarter and the next ones (KAM_TODAY 2026-11-20)"""
    check(work, 'accounts/northwind.md', edit(23, "    close: 2027"), 23, 15, {   'isIncomplete': True,
            'items': [   {   'label': '2027-Q1',
                             'kind': 12,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 23, 'character': 11},
                                                          'end': {'line': 23, 'character': 15}},
                                             'newText': '2027-Q1'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the quarter the deal is expected to '
                                                           'close (or closed)'}},
                         {   'label': '2027-Q2',
                             'kind': 12,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 23, 'character': 11},
                                                          'end': {'line': 23, 'character': 15}},
                                             'newText': '2027-Q2'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the quarter the deal is expected to '
                                                           'close (or closed)'}},
                         {   'label': '2027-Q3',
                             'kind': 12,
                             'sortText': '000002',
                             'textEdit': {   'range': {   'start': {'line': 23, 'character': 11},
                                                          'end': {'line': 23, 'character': 15}},
                                             'newText': '2027-Q3'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the quarter the deal is expected to '
                                                           'close (or closed)'}},
                         {   'label': '2027-Q4',
                             'kind': 12,
                             'sortText': '000003',
                             'textEdit': {   'range': {   'start': {'line': 23, 'character': 11},
                                                          'end': {'line': 23, 'character': 15}},
                                             'newText': '2027-Q4'},
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the quarter the deal is expected to '
                                                           'close (or closed)'}}]})


def test_complete_keys_partial(work):
    """a half-written key in a contact: the keys not yet there"""
    check(work, 'accounts/northwind.md', insert(15, "    em"), 15, 6, {   'isIncomplete': True,
            'items': [   {   'label': 'email',
                             'kind': 10,
                             'sortText': '100000',
                             'textEdit': {   'range': {   'start': {'line': 15, 'character': 4},
                                                          'end': {'line': 15, 'character': 6}},
                                             'newText': 'email: '},
                             'detail': 'Email',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's email address"}}]})


def test_complete_keys_new_item(work):
    """'  - ' on a new line of contacts: a contact's keys, required first"""
    check(work, 'accounts/northwind.md', insert(18, "  - "), 18, 4, {   'isIncomplete': False,
            'items': [   {   'label': 'id',
                             'kind': 10,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'id: '},
                             'detail': 'Contact id',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'unique within the account across '
                                                           'initiatives, opportunities, '
                                                           'contacts, goals, risks, actions, '
                                                           'contracts and units'}},
                         {   'label': 'name',
                             'kind': 10,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'name: '},
                             'detail': 'Name',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's full name"}},
                         {   'label': 'title',
                             'kind': 10,
                             'sortText': '100002',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'title: '},
                             'detail': 'Job title',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's job title"}},
                         {   'label': 'unit',
                             'kind': 10,
                             'sortText': '100003',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'unit: '},
                             'detail': 'Business unit',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's unit or department; "
                                                           'when the plan declares units, one of '
                                                           'their ids'}},
                         {   'label': 'reports_to',
                             'kind': 10,
                             'sortText': '100004',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'reports_to: '},
                             'detail': 'Reports to',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the contact this person reports to; '
                                                           'draws the org chart'}},
                         {   'label': 'roles',
                             'kind': 10,
                             'sortText': '100005',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'roles: '},
                             'detail': 'Buying roles',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's roles in the buying "
                                                           'decision unit; one person can hold '
                                                           'several'}},
                         {   'label': 'attitude',
                             'kind': 10,
                             'sortText': '100006',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'attitude: '},
                             'detail': 'Attitude',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's attitude towards us"}},
                         {   'label': 'influence',
                             'kind': 10,
                             'sortText': '100007',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'influence: '},
                             'detail': 'Influence',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'how much the person weighs in buying '
                                                           'decisions'}},
                         {   'label': 'owner',
                             'kind': 10,
                             'sortText': '100008',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'owner: '},
                             'detail': 'Relationship owner',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'who on our side owns the '
                                                           'relationship with this person'}},
                         {   'label': 'status',
                             'kind': 10,
                             'sortText': '100009',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'status: '},
                             'detail': 'Status',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'whether the person is still in their '
                                                           'role: active (default), left the '
                                                           'client, or moved to another role'}},
                         {   'label': 'since',
                             'kind': 10,
                             'sortText': '100010',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'since: '},
                             'detail': 'Since',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the day the status took effect'}},
                         {   'label': 'successor',
                             'kind': 10,
                             'sortText': '100011',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'successor: '},
                             'detail': 'Successor',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "who took over the person's role (a "
                                                           'contact id)'}},
                         {   'label': 'relationship',
                             'kind': 10,
                             'sortText': '100012',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'relationship: '},
                             'detail': 'Relationship',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'how close we are to this person, and '
                                                           'the plan to get closer quarter by '
                                                           'quarter'}},
                         {   'label': 'external',
                             'kind': 10,
                             'sortText': '100013',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'external: '},
                             'detail': 'External organisation',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the organisation of an influencer '
                                                           'outside the client (consultant, '
                                                           'analyst)'}},
                         {   'label': 'email',
                             'kind': 10,
                             'sortText': '100014',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'email: '},
                             'detail': 'Email',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's email address"}},
                         {   'label': 'phone',
                             'kind': 10,
                             'sortText': '100015',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'phone: '},
                             'detail': 'Phone',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's phone number"}},
                         {   'label': 'notes',
                             'kind': 10,
                             'sortText': '100016',
                             'textEdit': {   'range': {   'start': {'line': 18, 'character': 4},
                                                          'end': {'line': 18, 'character': 4}},
                                             'newText': 'notes: '},
                             'detail': 'Notes',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'anything else about the person'}}]})


def test_complete_keys_buying_unit(work):
    """a new buying_unit member: the member's keys not yet given"""
    check(work, 'accounts/northwind.md', insert(27, "        "), 27, 8, {   'isIncomplete': False,
            'items': [   {   'label': 'role',
                             'kind': 10,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 27, 'character': 8},
                                                          'end': {'line': 27, 'character': 8}},
                                             'newText': 'role: '},
                             'detail': 'Role in this deal',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's buying role in this "
                                                           'deal'}},
                         {   'label': 'influence',
                             'kind': 10,
                             'sortText': '100001',
                             'textEdit': {   'range': {   'start': {'line': 27, 'character': 8},
                                                          'end': {'line': 27, 'character': 8}},
                                             'newText': 'influence: '},
                             'detail': 'Influence in this deal',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'how much the person weighs in this '
                                                           'deal, when it differs from the '
                                                           "contact's"}},
                         {   'label': 'attitude',
                             'kind': 10,
                             'sortText': '100002',
                             'textEdit': {   'range': {   'start': {'line': 27, 'character': 8},
                                                          'end': {'line': 27, 'character': 8}},
                                             'newText': 'attitude: '},
                             'detail': 'Attitude in this deal',
                             'documentation': {   'kind': 'markdown',
                                                  'value': "the person's attitude to us in this "
                                                           'deal, when it differs from the '
                                                           "contact's"}}]})


def test_complete_wiki_accounts(work):
    """[[ in the body: the accounts, closing brackets added"""
    check(work, 'accounts/northwind.md', edit(32, "See [["), 32, 6, {   'isIncomplete': False,
            'items': [   {   'label': 'acme',
                             'kind': 9,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 6}},
                                             'newText': 'acme]]'},
                             'detail': 'Acme Partners'},
                         {   'label': 'northwind',
                             'kind': 9,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 6}},
                                             'newText': 'northwind]]'},
                             'detail': 'Northwind Bank'}]})


def test_complete_wiki_entity(work):
    """[[account# : that account's ids"""
    check(work, 'accounts/northwind.md', edit(32, "See [[northwind#"), 32, 16, {   'isIncomplete': True,
            'items': [   {   'label': 'northwind#c.mueller',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'northwind#c.mueller]]'},
                             'detail': 'Claudia Müller'},
                         {   'label': 'northwind#j.doe',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'northwind#j.doe]]'},
                             'detail': 'J *Doe* <script>'},
                         {   'label': 'northwind#opp-core',
                             'kind': 18,
                             'sortText': '000002',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'northwind#opp-core]]'},
                             'detail': 'Core renewal'}]})


def test_complete_wiki_member(work):
    """[[@ : the team"""
    check(work, 'accounts/northwind.md', edit(32, "See [[@"), 32, 7, {   'isIncomplete': True,
            'items': [   {   'label': '@anna.petrova',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 7}},
                                             'newText': '@anna.petrova]]'},
                             'detail': 'Anna Petrova'},
                         {   'label': '@ivan.sidorov',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 7}},
                                             'newText': '@ivan.sidorov]]'},
                             'detail': 'Ivan Sidorov'}]})


def test_complete_wiki_local_closed(work):
    """[[#c inside closed brackets: this account's ids, no brackets added"""
    check(work, 'accounts/northwind.md', edit(32, "See [[#c.m]] x"), 32, 8, {   'isIncomplete': True,
            'items': [   {   'label': '#c.mueller',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 6},
                                                          'end': {'line': 32, 'character': 10}},
                                             'newText': '#c.mueller'},
                             'detail': 'Claudia Müller'}]})


def test_complete_anchor_other_file(work):
    """(acme.md# : the headings of acme.md"""
    check(work, 'accounts/northwind.md', edit(32, "See [x](acme.md#"), 32, 16, {   'isIncomplete': False,
            'items': [   {   'label': 'acme-partners',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 16},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'acme-partners'}},
                         {   'label': 'overview',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 16},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'overview'}},
                         {   'label': 'joint-deals',
                             'kind': 18,
                             'sortText': '000002',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 16},
                                                          'end': {'line': 32, 'character': 16}},
                                             'newText': 'joint-deals'}}]})


def test_complete_anchor_same_file(work):
    """(# : the headings of this file"""
    check(work, 'accounts/northwind.md', edit(32, "See [x](#"), 32, 9, {   'isIncomplete': False,
            'items': [   {   'label': 'northwind-bank',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 9},
                                                          'end': {'line': 32, 'character': 9}},
                                             'newText': 'northwind-bank'}},
                         {   'label': 'strategy',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 32, 'character': 9},
                                                          'end': {'line': 32, 'character': 9}},
                                             'newText': 'strategy'}}]})


def test_complete_broken_yaml(work):
    """YAML broken above the cursor: the team still completes owner:"""
    check(work, 'accounts/northwind.md', BROKEN, 4, 7, {   'isIncomplete': False,
            'items': [   {   'label': 'anna.petrova',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 4, 'character': 7},
                                                          'end': {'line': 4, 'character': 7}},
                                             'newText': 'anna.petrova'},
                             'detail': 'Anna Petrova',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the one account manager: the single '
                                                           'window to the client (a team id from '
                                                           'kam.yaml)'}},
                         {   'label': 'ivan.sidorov',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 4, 'character': 7},
                                                          'end': {'line': 4, 'character': 7}},
                                             'newText': 'ivan.sidorov'},
                             'detail': 'Ivan Sidorov',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'the one account manager: the single '
                                                           'window to the client (a team id from '
                                                           'kam.yaml)'}}]})


def test_complete_body_text(work):
    """plain body text: nothing"""
    check(work, 'accounts/northwind.md', PLAN, 30, 5, {'isIncomplete': False, 'items': []})


def test_complete_attendees_flow(work):
    """meeting attendees in a flow list: the account's contacts and the team"""
    check(work, 'accounts/northwind/2026-11-02-kickoff.md', NOTE.replace("[c.mueller]", "[c.mueller, "), 3, 23, {   'isIncomplete': False,
            'items': [   {   'label': 'c.mueller',
                             'kind': 18,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 3, 'character': 23},
                                                          'end': {'line': 3, 'character': 23}},
                                             'newText': 'c.mueller'},
                             'detail': 'Claudia Müller, CIO',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'contact ids of the account and team '
                                                           'ids from kam.yaml'}},
                         {   'label': 'j.doe',
                             'kind': 18,
                             'sortText': '000001',
                             'textEdit': {   'range': {   'start': {'line': 3, 'character': 23},
                                                          'end': {'line': 3, 'character': 23}},
                                             'newText': 'j.doe'},
                             'detail': 'J *Doe* <script>',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'contact ids of the account and team '
                                                           'ids from kam.yaml'}},
                         {   'label': 'anna.petrova',
                             'kind': 18,
                             'sortText': '100002',
                             'textEdit': {   'range': {   'start': {'line': 3, 'character': 23},
                                                          'end': {'line': 3, 'character': 23}},
                                             'newText': 'anna.petrova'},
                             'detail': 'Anna Petrova',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'contact ids of the account and team '
                                                           'ids from kam.yaml'}},
                         {   'label': 'ivan.sidorov',
                             'kind': 18,
                             'sortText': '100003',
                             'textEdit': {   'range': {   'start': {'line': 3, 'character': 23},
                                                          'end': {'line': 3, 'character': 23}},
                                             'newText': 'ivan.sidorov'},
                             'detail': 'Ivan Sidorov',
                             'documentation': {   'kind': 'markdown',
                                                  'value': 'contact ids of the account and team '
                                                           'ids from kam.yaml'}}]})


def test_complete_meeting_kind(work):
    """a meeting note's kind: its const"""
    check(work, 'accounts/northwind/2026-11-02-kickoff.md', NOTE.replace("kind: meeting", "kind: "), 1, 6, {   'isIncomplete': False,
            'items': [   {   'label': 'meeting',
                             'kind': 20,
                             'sortText': '000000',
                             'textEdit': {   'range': {   'start': {'line': 1, 'character': 6},
                                                          'end': {'line': 1, 'character': 6}},
                                             'newText': 'meeting'},
                             'documentation': {'kind': 'markdown', 'value': 'meeting'}}]})


def test_complete_plaintext(work):
    """a client that takes plain text documentation only, or first, gets plaintext"""
    for i, formats in enumerate([["plaintext"], ["plaintext", "markdown"]]):
        caps = {"textDocument": {"completion": {"completionItem": {"documentationFormat": formats}}}}
        s, path = session(os.path.join(work, str(i)), "accounts/northwind.md", edit(21, "    stage: neg"),
                          caps)
        try:
            expect("the items", complete(s, path, 21, 14)["result"], {
                "isIncomplete": True,
                "items": [{"label": "negotiate", "kind": 20, "sortText": "000000",
                           "textEdit": {"range": rng(21, 11, 14), "newText": "negotiate"},
                           "documentation": {"kind": "plaintext",
                                             "value": "sales stage: identify, validate, qualify, propose, "
                                                      "negotiate, then won or lost"}}]})
        finally:
            s.kill()


def test_complete_flow_mapping(work):
    """in a { } mapping as in block style: a buying unit's contact and role, a contact's attitude, an initiative's owner, the keys left"""
    bu = "      - {contact: c.m, role: spo}"
    contact = "  - {id: c.x, name: X, roles: [spo], attitude: sup, influence: hi}"
    text = "\n".join(L[:7] + ["initiatives:", "  - {id: i.a, title: A, owner: c.m}"] + L[7:18] + [contact]
                     + L[18:27] + [bu] + L[27:])
    at = text.split("\n")
    i_line, c_line, b_line = at.index("  - {id: i.a, title: A, owner: c.m}"), at.index(contact), at.index(bu)
    s, path = session(work, "accounts/northwind.md", text)
    try:
        reply = complete(s, path, b_line, len("      - {contact: c.m"))
        expect("a buying unit's contact", reply["result"], {
            "isIncomplete": True,
            "items": [{"label": "c.mueller", "kind": 18, "sortText": "000000",
                       "textEdit": {"range": rng(b_line, 18, 21), "newText": "c.mueller"},
                       "detail": "Claudia Müller, CIO",
                       "documentation": {"kind": "markdown", "value": "who (a contact id)"}}]})
        cases = [(b_line, "      - {contact: c.m, role: spo", ["sponsor"]),
                 (c_line, "  - {id: c.x, name: X, roles: [spo", ["sponsor"]),
                 (c_line, "  - {id: c.x, name: X, roles: [spo], attitude: sup", ["supporter"]),
                 (c_line, "  - {id: c.x, name: X, roles: [spo], attitude: sup, influence: hi", ["high"]),
                 (i_line, "  - {id: i.a, title: A, owner: c.m", ["c.mueller"]),
                 (b_line, "      - {contact: c.m, ", ["role", "influence", "attitude"]),
                 (b_line, "      - {contact: c.m, role: spo}", [])]
        for line, before, want in cases:
            expect("the labels after %r" % before, labels(complete(s, path, line, len(before))), want)
    finally:
        s.kill()
