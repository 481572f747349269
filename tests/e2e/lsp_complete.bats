#!/usr/bin/env bats
# kam lsp completion and hover: the cases of tests/lsp/cases_complete.py and
# cases_hover.py (exact responses), one bats test per case.

load helpers

# Run one case of the suite in this test's folder.
protocol() {
	run /usr/bin/python3 "$ROOT/tests/lsp/protocol.py" "$WORK" "$1"
	assert_success
	assert_output "ok 1 - $1"
}

@test "lsp complete: a line past the end of the document: InvalidParams" {
	protocol complete_past_end
}

@test "lsp complete: a document the client has not opened: no items, no error" {
	protocol complete_not_open
}

@test "lsp complete: no position: InvalidParams" {
	protocol complete_no_position
}

@test "lsp complete: a contact id after decision_leader: with nothing yet: the plan's contacts, name and title" {
	protocol complete_decision_leader_empty
}

@test "lsp complete: the partial id is replaced and filters the contacts" {
	protocol complete_decision_leader_partial
}

@test "lsp complete: a contact's owner: the team of kam.yaml" {
	protocol complete_owner_team
}

@test "lsp complete: an opportunity's partner: the accounts" {
	protocol complete_partner_accounts
}

@test "lsp complete: a new item of a competitors list: the competitors of kam.yaml" {
	protocol complete_competitor_item
}

@test "lsp complete: stage: the schema's enum, with the field's description" {
	protocol complete_stage_enum
}

@test "lsp complete: a quarter field: this quarter and the next ones (KAM_TODAY 2026-11-20)" {
	protocol complete_quarters
}

@test "lsp complete: a half-written key in a contact: the keys not yet there" {
	protocol complete_keys_partial
}

@test "lsp complete: ' - ' on a new line of contacts: a contact's keys, required first" {
	protocol complete_keys_new_item
}

@test "lsp complete: a new buying_unit member: the member's keys not yet given" {
	protocol complete_keys_buying_unit
}

@test "lsp complete: [[ in the body: the accounts, closing brackets added" {
	protocol complete_wiki_accounts
}

@test "lsp complete: [[account# : that account's ids" {
	protocol complete_wiki_entity
}

@test "lsp complete: [[@ : the team" {
	protocol complete_wiki_member
}

@test "lsp complete: [[#c inside closed brackets: this account's ids, no brackets added" {
	protocol complete_wiki_local_closed
}

@test "lsp complete: (acme.md# : the headings of acme.md" {
	protocol complete_anchor_other_file
}

@test "lsp complete: (# : the headings of this file" {
	protocol complete_anchor_same_file
}

@test "lsp complete: YAML broken above the cursor: the team still completes owner:" {
	protocol complete_broken_yaml
}

@test "lsp complete: plain body text: nothing" {
	protocol complete_body_text
}

@test "lsp complete: meeting attendees in a flow list: the account's contacts and the team" {
	protocol complete_attendees_flow
}

@test "lsp complete: a meeting note's kind: its const" {
	protocol complete_meeting_kind
}

@test "lsp hover: a line past the end of the document: InvalidParams" {
	protocol hover_past_end
}

@test "lsp hover: a document the client has not opened: null, no error" {
	protocol hover_not_open
}

@test "lsp hover: a [[account#contact]] reference: the contact's card" {
	protocol hover_contact_ref
}

@test "lsp hover: decision_leader's value: the same card" {
	protocol hover_contact_field
}

@test "lsp hover: a name with * and <script>: shown literally; never met" {
	protocol hover_contact_escaped
}

@test "lsp hover: owner: the team member's card: role, accounts owned" {
	protocol hover_team
}

@test "lsp hover: the plan's id: the account card: type, tier, owner, pipeline, health" {
	protocol hover_account
}

@test "lsp hover: a frontmatter key: its schema title and description" {
	protocol hover_key
}

@test "lsp hover: a plain value: null" {
	protocol hover_nothing
}

@test "lsp hover: body text: null" {
	protocol hover_body_text
}

@test "lsp complete: a client that takes plain text documentation only, or first, gets plaintext" {
	protocol complete_plaintext
}

@test "lsp hover: a client that takes plain text only, or first: the card without its marks" {
	protocol hover_plaintext
}

@test "lsp complete: in a { } mapping as in block style: a buying unit's contact and role, a contact's attitude, an initiative's owner, the keys left" {
	protocol complete_flow_mapping
}
