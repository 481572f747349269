#!/usr/bin/env bats
# kam lsp's document symbols and code actions: the cases of
# tests/lsp/cases_symbols.py and tests/lsp/cases_actions.py (exact responses
# over stdio), one bats test per case.

load helpers

# Run one case of the suite in this test's folder.
protocol() {
	run /usr/bin/python3 "$ROOT/tests/lsp/protocol.py" "$WORK" "$1"
	assert_success
	assert_output "ok 1 - $1"
}

@test "lsp symbols: a plan's outline: parts by their schema titles, contacts, opportunities, goals, headings" {
	protocol symbols_outline
}

@test "lsp symbols: a client without hierarchical symbols gets SymbolInformation, each with its container" {
	protocol symbols_flat
}

@test "lsp symbols: a frontmatter that does not parse: the body's headings, nothing of the YAML" {
	protocol symbols_broken_frontmatter
}

@test "lsp symbols: a meeting note: its parts by the meeting schema's titles, its actions" {
	protocol symbols_meeting
}

@test "lsp symbols: a plan with no parts and no headings has no symbols; an unknown document has none either" {
	protocol symbols_empty_and_unknown
}

@test "lsp symbols: a byte order mark, CRLF line ends, an item repeated by an alias, a heading in a block quote" {
	protocol symbols_bom_crlf_alias
}

@test "lsp code action: each 'did you mean' finding (owner, unknown key, [[ref#id]], [[account]]) offers its fix" {
	protocol action_did_you_mean
}

@test "lsp code action: a value that is not one of the schema's (a stage) is replaced with kam's guess" {
	protocol action_enum
}

@test "lsp code action: a value with ': ' in it: quote the value" {
	protocol action_quote_colon
}

@test "lsp code action: a value with ': ' inside { }: quote it there" {
	protocol action_quote_flow
}

@test "lsp code action: a value that starts with '@' (which YAML reserves): quote the value" {
	protocol action_quote_reserved
}

@test "lsp code action: text after a closing quote: the whole value in quotes, the inner quotes escaped" {
	protocol action_quote_after_quote
}

@test "lsp code action: a plain value cut at ' #' (a warning): quote the whole value" {
	protocol action_quote_comment
}

@test "lsp code action: a value YAML 1.1 reads as a boolean: quote it" {
	protocol action_quote_ambiguous
}

@test "lsp code action: a quote never closed: close it at the end of the value" {
	protocol action_close_quote
}

@test "lsp code action: a list item written without '- ': add it, and indent the item's other keys under it (not a comment)" {
	protocol action_add_dash
}

@test "lsp code action: a { } list item without '- ': add it" {
	protocol action_add_dash_flow
}

@test "lsp code action: an amount written with a thousands separator: write its digits" {
	protocol action_thousands
}

@test "lsp code action: ranges are in the client's encoding: after an emoji a UTF-16 client counts two units" {
	protocol action_utf16
}

@test "lsp code action: a broken link's fix is the file relative to the linking file, with its #anchor and ?query; a link text with blanks is covered whole" {
	protocol action_link_relative
}

@test "lsp code action: a missing anchor's fix changes what follows '#' and keeps it, in a link to another file or to its own" {
	protocol action_anchor
}

@test "lsp code action: no fix: a finding kam cannot fix, context.only without quickfix, an unknown document" {
	protocol action_nothing
}
