#!/usr/bin/env bats
# Plan rules across plans, severities, kam rules, kam status and health.
# Per-plan rules have a firing and a passing fixture each in fixtures.bats.

load helpers

key_plan() { # key_plan ID OWNER
	printf -- '---\nid: %s\nname: %s\ntype: customer\ntier: key\nowner: %s\nreviewed: 2026-10-01\n---\n' \
		"$1" "$1" "$2" > "accounts/$1.md"
}

@test "key-account-limit fires on each key plan of a manager over the limit" {
	make_repo
	rm accounts/valid-minimal.md
	for id in k1 k2 k3 k4; do key_plan "$id" anna.petrova; done
	key_plan k5 ivan.sidorov
	run kam check
	assert_success
	assert_output "accounts/k1.md:5:7: warning[key-account-limit]: anna.petrova manages 4 key accounts, more than 3 (k1, k2, k3, k4)
    hint: hand a key account to another manager, or change its tier
accounts/k2.md:5:7: warning[key-account-limit]: anna.petrova manages 4 key accounts, more than 3 (k1, k2, k3, k4)
    hint: hand a key account to another manager, or change its tier
accounts/k3.md:5:7: warning[key-account-limit]: anna.petrova manages 4 key accounts, more than 3 (k1, k2, k3, k4)
    hint: hand a key account to another manager, or change its tier
accounts/k4.md:5:7: warning[key-account-limit]: anna.petrova manages 4 key accounts, more than 3 (k1, k2, k3, k4)
    hint: hand a key account to another manager, or change its tier
4 warnings in 5 plans"
}

@test "key-account-limit takes its max from kam.yaml" {
	make_repo
	for id in k1 k2 k3 k4; do key_plan "$id" anna.petrova; done
	printf 'rules:\n  key-account-limit: {severity: error, max: 4}\n' >> kam.yaml
	run kam check
	assert_success
	assert_output "no problems in 5 plans"
	sed -i 's/max: 4/max: 2/' kam.yaml
	run kam check -q accounts/k1.md
	assert_failure 1
	assert_output "accounts/k1.md:5:7: error[key-account-limit]: anna.petrova manages 4 key accounts, more than 2 (k1, k2, k3, k4)
    hint: hand a key account to another manager, or change its tier"
}

@test "partner-route: an opportunity's partner must be a partner account" {
	make_repo
	printf -- '---\nid: acme\nname: Acme\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\nopportunities:\n  - {id: o-a, title: A, stage: qualify, value: 1, close: 2027-Q1, partner: valid-minimal}\n---\n' > accounts/acme.md
	run kam check
	assert_failure 1
	assert_output "accounts/acme.md:8:76: error[partner-route]: partner 'valid-minimal' is a customer account, not a partner
    hint: name a partner account (type: partner), or fix valid-minimal's type
1 error in 2 plans"
	sed -i 's/^type: customer$/type: partner/' accounts/valid-minimal.md
	run kam check
	assert_success
}

@test "single-owner replaces the unknown-reference finding for the owner" {
	check_fixture rule-single-owner-fires
	refute_output --partial "ref-unresolved"
}

@test "a warning rule set to error fails the check; off silences it" {
	make_repo
	cp "$FIXTURES/check/rule-stale-close-fires.md" accounts/
	printf 'rules:\n  stale-close: error\n' >> kam.yaml
	run kam check -q
	assert_failure 1
	assert_output --partial "error[stale-close]"
	sed -i 's/stale-close: error/stale-close: off/' kam.yaml
	run kam check
	assert_success
	assert_output "no problems in 2 plans"
}

@test "time-based rules follow --today" {
	make_repo
	cp "$FIXTURES/check/rule-review-overdue-passes.md" accounts/
	run kam --today 2026-11-21 check -q accounts/rule-review-overdue-passes.md
	assert_output --partial "warning[review-overdue]: plan last reviewed 2026-08-20, more than one quarter ago (review by 2026-11-20)"
	run kam --today 2026-11-20 check -q accounts/rule-review-overdue-passes.md
	assert_output ""
}

@test "the quarter follows the fiscal year start of kam.yaml" {
	make_repo
	cp "$FIXTURES/check/rule-stale-close-passes.md" accounts/
	# with the fiscal year starting in October, 2026-11-20 is in 2027-Q1: 2026-Q4 has passed
	printf 'fiscal_year_start: 10\n' >> kam.yaml
	run kam check -q accounts/rule-stale-close-passes.md
	assert_output "accounts/rule-stale-close-passes.md:9:72: warning[stale-close]: opportunity 'o-now' was to close in 2026-Q4 and is still at stage propose
    hint: move close: to the quarter it will close in, or mark it won or lost"
}

@test "the example accounts have no finding on the day they describe" {
	cd "$ROOT/example-accounts"
	run kam --today 2026-11-20 check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "kam rules lists every rule with this repository's severity" {
	make_repo
	printf 'rules:\n  stale-close: error\n  key-account-limit: {max: 5}\n' >> kam.yaml
	run kam rules
	assert_success
	assert_line --index 0 "rule                      severity why"
	assert_line "stale-close               error    an open opportunity whose close quarter passed (default warning)"
	assert_line "key-account-limit         warning  nobody manages more than a few key accounts well (max: 5)"
	assert_line "review-overdue            warning  plans are reviewed at least quarterly"
	assert_line "money-thousands-separator warning  YAML reads 150.000 as 150: numbers have no thousands separator"
	[ "${#lines[@]}" -eq 67 ]
}

@test "kam rules --format json" {
	run kam rules --format json
	assert_success
	assert_line --index 3 '    {"id": "file-unreadable", "severity": "error", "default": "error", "configurable": false, "why": "a plan file cannot be read"},'
	assert_line '    {"id": "anchor-missing", "severity": "error", "default": "error", "configurable": true, "why": "a link'"'"'s #heading must exist in its target"}'
}

@test "kam status shows the portfolio with hand-computed health" {
	cp -r "$FIXTURES/health" "$WORK/health"
	cd "$WORK/health"
	run kam status
	assert_success
	assert_output "$(cat "$FIXTURES/health-status.txt")"
}

@test "kam status widens a column for a long id instead of shifting the rest" {
	cp -r "$FIXTURES/health" "$WORK/health"
	cd "$WORK/health"
	sed -i 's/^id: valid-minimal$/id: a-very-long-account-identifier/' accounts/valid-minimal.md
	mv accounts/valid-minimal.md accounts/a-very-long-account-identifier.md
	run kam status
	assert_success
	assert_line --index 1 "account                        tier      owner             open pipeline  must  revenue 2026-Q4        review due  health"
	assert_line --index 5 "a-very-long-account-identifier -         anna.petrova                  0     0  -                      2027-01-01      10"
	assert_line --index 6 "  weakest buying-unit 0/20: no open deal to measure"
}

@test "kam status json" {
	cp -r "$FIXTURES/health" "$WORK/health"
	cd "$WORK/health"
	run kam status --format json
	assert_success
	assert_output "$(cat "$FIXTURES/health-status.json")"
}

@test "kam status outside a repository exits 2" {
	run kam status
	assert_failure 2
	assert_output "kam: status: not a plans repository (no kam.yaml in '.' or any folder above it)"
}
