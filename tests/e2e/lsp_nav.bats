#!/usr/bin/env bats
# kam lsp: go to definition and find references (tests/lsp/cases_nav.py),
# rename and prepareRename (tests/lsp/cases_rename.py),
# one bats test per case of the protocol suite.

load helpers

# Run one case of the suite in this test's folder.
protocol() {
	run /usr/bin/python3 "$ROOT/tests/lsp/protocol.py" "$WORK" "$1"
	assert_success
	assert_output "ok 1 - $1"
}

@test "lsp: definition goes from a field, [[#local]], [[@member]], [[acct#id]], links and attendees to the id" {
	protocol definition_kinds
}

@test "lsp: references list every reference to a contact across files, with and without its declaration" {
	protocol references
}

@test "lsp: prepareRename gives the id under the cursor and its placeholder, or says there is none" {
	protocol prepare_rename
}

@test "lsp: rename of a contact edits its declaration, fields, [[refs]] and attendees; kam check stays clean" {
	protocol rename_contact
}

@test "lsp: rename of a team member edits kam.yaml, owners, [[@member]] and attendees" {
	protocol rename_member
}

@test "lsp: rename of an account: versioned edits, [[acct#id]] and links, its plan and folder renamed" {
	protocol rename_account_files
}

@test "lsp: rename of an account is refused for a client that cannot rename files: its plan would keep the old name" {
	protocol rename_account_text_only
}

@test "lsp: rename is refused for an invalid id, a taken id, nothing under the cursor, a position past the end; an unknown document gets null" {
	protocol rename_refused
}

@test "lsp: rename is refused while a plan of the repository cannot be read, naming it" {
	protocol rename_broken_plan
}
