#!/usr/bin/env bats
# kam lsp: go to definition and find references (tests/lsp/cases_nav.py),
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
