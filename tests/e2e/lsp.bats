#!/usr/bin/env bats
# kam lsp, the language server: the protocol suite tests/lsp/protocol.py
# (framed JSON-RPC over stdio, exact responses), one bats test per case.

load helpers

# Run one case of the suite in this test's folder.
protocol() {
	run /usr/bin/python3 "$ROOT/tests/lsp/protocol.py" "$WORK" "$1"
	assert_success
	assert_output "ok 1 - $1"
}

@test "lsp: initialize answers the capabilities, exactly; shutdown and exit end with 0" {
	protocol initialize
}

@test "lsp: the first position encoding the client offers is used: utf-32 counts characters" {
	protocol encoding
}

@test "lsp: utf-8 positions count bytes; UTF-16 (the default) code units: an emoji is two, é one" {
	protocol positions
}

@test "lsp: didOpen of a broken plan publishes kam check's findings; didChange fixing it clears them" {
	protocol diagnostics
}

@test "lsp: a client that takes related information gets the hint there too, at the finding's place" {
	protocol related_information
}

@test "lsp: the diagnostics are kam check --stdin-filename's findings, one for one" {
	protocol same_as_check
}

@test "lsp: the open buffer is checked, not the file on disk, which may be broken or absent" {
	protocol buffer_not_disk
}

@test "lsp: renaming a contact in one buffer updates the diagnostics of an open plan that uses it" {
	protocol cross_file
}

@test "lsp: findings in kam.yaml are published on kam.yaml, cleared when fixed" {
	protocol kam_yaml_findings
}

@test "lsp: a kam.yaml that is not YAML: its finding on kam.yaml, the plans wait until it is fixed" {
	protocol kam_yaml_broken
}

@test "lsp: a meeting note (in a folder not created yet) is checked against its account's plan on disk" {
	protocol meeting_note
}

@test "lsp: documents outside the workspace folders, or not plans, get nothing and nothing is read" {
	protocol outside_workspace
}

@test "lsp: a Markdown file of the workspace that is not a plan or note (README.md) gets no diagnostics" {
	protocol not_a_plan
}

@test "lsp: an unknown request answers MethodNotFound; unknown notifications are ignored" {
	protocol unknown_method
}

@test "lsp: messages that are JSON but not JSON-RPC requests answer InvalidRequest or InvalidParams" {
	protocol invalid_requests
}

@test "lsp: malformed JSON answers ParseError with id null, and the server reads on" {
	protocol malformed_json
}

@test "lsp: a header without Content-Length, or a bad one, answers ParseError; the server finds the next message" {
	protocol bad_headers
}

@test "lsp: a Content-Length too short or too long loses that message only: the next one is answered" {
	protocol wrong_length
}

@test "lsp: params null is no params: shutdown and exit take it, a request that needs params says so" {
	protocol null_params
}

@test "lsp: random bytes in place of messages: one ParseError, then the next message is found" {
	protocol garbage
}

@test "lsp: a message over the 16 MiB limit is answered with an error and skipped unread" {
	protocol oversized
}

@test "lsp: a client that announces a huge message and disappears ends the server with 1" {
	protocol oversized_then_gone
}

@test "lsp: requests before initialize answer -32002, notifications are dropped, exit ends with 1" {
	protocol before_initialize
}

@test "lsp: a client that disappears ends the server with 1; mid-message too" {
	protocol eof_without_shutdown
}

@test "lsp: exit without shutdown ends with 1; shutdown then end of input with 0" {
	protocol exit_without_shutdown
}

@test "lsp: a client that stops reading and closes its end: the server ends, no signal kills it" {
	protocol client_gone_while_writing
}

@test "lsp: options and help" {
	run kam lsp --stdio --tcp
	assert_failure 2
	assert_output "kam: lsp: unknown option '--tcp'; see 'kam lsp --help'"
	run kam lsp --help
	assert_success
	assert_line --index 0 "usage: kam lsp [--stdio]"
	run kam help
	assert_line "  lsp         a language server for editors: kam check's findings as you type"
}

@test "lsp: a client that sends nothing and closes: exit 1, nothing written" {
	make_repo
	run bash -c "'$KAM' lsp < /dev/null 2>'$WORK/err'"
	assert_failure 1
	assert_output ""
	assert_equal "$(cat "$WORK/err")" "kam: lsp: the client closed the connection without shutdown"
}

@test "lsp: after every kind of change the published diagnostics of every file are kam check's (example repository)" {
	protocol workspace_agrees_with_check
}

@test "lsp: forty seeded random edits: after each, the published diagnostics are kam check's" {
	protocol workspace_random_edits
}
