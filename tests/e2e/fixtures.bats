#!/usr/bin/env bats
# kam check on single plans: each fixture in tests/fixtures/check/NAME.md is
# checked alone (on 2026-11-20) and must give exactly NAME.expected.

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

@test "check fixture rule-action-overdue-fires" {
	check_fixture rule-action-overdue-fires
}

@test "check fixture rule-action-overdue-passes" {
	check_fixture rule-action-overdue-passes
}

@test "check fixture rule-decision-leader-role-fires" {
	check_fixture rule-decision-leader-role-fires
}

@test "check fixture rule-decision-leader-role-passes" {
	check_fixture rule-decision-leader-role-passes
}

@test "check fixture rule-must-win-coverage-fires" {
	check_fixture rule-must-win-coverage-fires
}

@test "check fixture rule-must-win-coverage-passes" {
	check_fixture rule-must-win-coverage-passes
}

@test "check fixture rule-opponent-unmanaged-fires" {
	check_fixture rule-opponent-unmanaged-fires
}

@test "check fixture rule-opponent-unmanaged-passes" {
	check_fixture rule-opponent-unmanaged-passes
}

@test "check fixture rule-relationship-target-fires" {
	check_fixture rule-relationship-target-fires
}

@test "check fixture rule-relationship-target-passes" {
	check_fixture rule-relationship-target-passes
}

@test "check fixture rule-revenue-duplicate-fires" {
	check_fixture rule-revenue-duplicate-fires
}

@test "check fixture rule-revenue-duplicate-passes" {
	check_fixture rule-revenue-duplicate-passes
}

@test "check fixture rule-review-overdue-fires" {
	check_fixture rule-review-overdue-fires
}

@test "check fixture rule-review-overdue-passes" {
	check_fixture rule-review-overdue-passes
}

@test "check fixture rule-route-unplanned-fires" {
	check_fixture rule-route-unplanned-fires
}

@test "check fixture rule-route-unplanned-passes" {
	check_fixture rule-route-unplanned-passes
}

@test "check fixture rule-routes-sum-fires" {
	check_fixture rule-routes-sum-fires
}

@test "check fixture rule-routes-sum-passes" {
	check_fixture rule-routes-sum-passes
}

@test "check fixture rule-single-owner-fires" {
	check_fixture rule-single-owner-fires
}

@test "check fixture rule-stale-close-fires" {
	check_fixture rule-stale-close-fires
}

@test "check fixture rule-stale-close-passes" {
	check_fixture rule-stale-close-passes
}

@test "check fixture rule-won-lost-probability-fires" {
	check_fixture rule-won-lost-probability-fires
}

@test "check fixture rule-won-lost-probability-passes" {
	check_fixture rule-won-lost-probability-passes
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

@test "check fixture money-thousands-separator" {
	check_fixture money-thousands-separator
}

@test "check fixture number-not-finite" {
	check_fixture number-not-finite
}

@test "check fixture rule-reports-to-cycle-fires" {
	check_fixture rule-reports-to-cycle-fires
}

@test "check fixture rule-reports-to-cycle-passes" {
	check_fixture rule-reports-to-cycle-passes
}

@test "check fixture rule-reviewed-future-fires" {
	check_fixture rule-reviewed-future-fires
}

@test "check fixture rule-reviewed-future-passes" {
	check_fixture rule-reviewed-future-passes
}

@test "check fixture yaml-comment-in-flow" {
	check_fixture yaml-comment-in-flow
}

@test "check fixture yaml-comment-in-value" {
	check_fixture yaml-comment-in-value
}
