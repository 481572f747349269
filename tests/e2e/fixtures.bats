#!/usr/bin/env bats
# kam check on broken plans: each fixture in tests/fixtures/check/NAME.md is
# checked alone and must give exactly NAME.expected (exit code and output).

load helpers

@test "check fixture ambiguous-leading-zero" {
	check_fixture ambiguous-leading-zero
}

@test "check fixture ambiguous-no" {
	check_fixture ambiguous-no
}

@test "check fixture currency-lowercase" {
	check_fixture currency-lowercase
}

@test "check fixture date-invalid-month" {
	check_fixture date-invalid-month
}

@test "check fixture date-not-leap-year" {
	check_fixture date-not-leap-year
}

@test "check fixture enum-account-type" {
	check_fixture enum-account-type
}

@test "check fixture enum-attitude" {
	check_fixture enum-attitude
}

@test "check fixture enum-typo-stage" {
	check_fixture enum-typo-stage
}

@test "check fixture flow-mapping-comma" {
	check_fixture flow-mapping-comma
}

@test "check fixture frontmatter-empty" {
	check_fixture frontmatter-empty
}

@test "check fixture frontmatter-list" {
	check_fixture frontmatter-list
}

@test "check fixture frontmatter-missing" {
	check_fixture frontmatter-missing
}

@test "check fixture frontmatter-unclosed" {
	check_fixture frontmatter-unclosed
}

@test "check fixture id-pattern-contact" {
	check_fixture id-pattern-contact
}

@test "check fixture kind-meeting-in-plans" {
	check_fixture kind-meeting-in-plans
}

@test "check fixture nul-byte" {
	check_fixture nul-byte
}

@test "check fixture probability-range" {
	check_fixture probability-range
}

@test "check fixture quarter-pattern" {
	check_fixture quarter-pattern
}

@test "check fixture relationship-level-range" {
	check_fixture relationship-level-range
}

@test "check fixture required-missing" {
	check_fixture required-missing
}

@test "check fixture roles-repeated" {
	check_fixture roles-repeated
}

@test "check fixture roles-unknown" {
	check_fixture roles-unknown
}

@test "check fixture type-contacts-mapping" {
	check_fixture type-contacts-mapping
}

@test "check fixture type-must-win-yes" {
	check_fixture type-must-win-yes
}

@test "check fixture type-value-text" {
	check_fixture type-value-text
}

@test "check fixture unknown-key-nested" {
	check_fixture unknown-key-nested
}

@test "check fixture unknown-key-typo" {
	check_fixture unknown-key-typo
}

@test "check fixture utf8-invalid" {
	check_fixture utf8-invalid
}

@test "check fixture valid-bom-crlf" {
	check_fixture valid-bom-crlf
}

@test "check fixture yaml-alias-bomb" {
	check_fixture yaml-alias-bomb
}

@test "check fixture yaml-depth" {
	check_fixture yaml-depth
}

@test "check fixture yaml-duplicate-key" {
	check_fixture yaml-duplicate-key
}

@test "check fixture yaml-syntax-tab" {
	check_fixture yaml-syntax-tab
}

@test "check fixture yaml-syntax-unclosed-flow" {
	check_fixture yaml-syntax-unclosed-flow
}
