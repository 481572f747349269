#!/usr/bin/env bats
# Health v2: eight weighted parts, each explained in words; a part with
# nothing to measure scores 0; meeting notes count (their attendees were
# met, their open actions are the account's); kam.yaml weighs the parts.
# The scores are computed by hand in the comments of the fixtures.

load helpers

health_repo() {
	cp -r "$FIXTURES/health-v2" "$WORK/repo"
	cd "$WORK/repo"
}

@test "an empty kam new plan scores 11, below 50: only its review and its routes count" {
	mkdir -p "$WORK/repo/accounts"
	cp "$FIXTURES/health-v2/kam.yaml" "$WORK/repo/"
	cd "$WORK/repo"
	run kam new fresh --name "Fresh Co"
	assert_success
	# review 10 of 10 (reviewed today), completeness 1 of 5 (routes, one
	# part of five); every other part has nothing to measure and scores 0
	run kam status
	assert_success
	assert_output "Test Systems portfolio on 2026-11-20 (2026-Q4), amounts in EUR

account                tier      owner             open pipeline  must  revenue 2026-Q4        review due  health
fresh                  growth    anna.petrova                  0     0  -                      2027-02-20      11
  weakest buying-unit 0/20: no open deal to measure

1 account, open pipeline 0 EUR; revenue is actual / target for 2026-Q4"
	run kam status --format json
	assert_success
	python3 -c '
import json, sys
h = json.load(sys.stdin)["accounts"][0]["health"]
assert h["score"] == 11, h
got = [(p["part"], p["points"], p["max"]) for p in h["parts"]]
assert got == [("buying-unit", 0, 20), ("deciders", 0, 15), ("freshness", 0, 10), ("revenue", 0, 20),
               ("relationships", 0, 10), ("actions", 0, 10), ("review", 10, 10), ("completeness", 1, 5)], got
assert h["weakest"] == {"part": "buying-unit", "why": "no open deal to measure"}, h["weakest"]
' <<<"$output"
}

@test "an empty buying unit and a missed target score 40, below the complete, healthy plan's 99" {
	health_repo
	run kam status
	assert_success
	assert_output "$(cat "$FIXTURES/health-v2-status.txt")"
	run kam status --format json
	assert_success
	assert_output "$(cat "$FIXTURES/health-v2-status.json")"
}

@test "a meeting note's overdue action is the account's, and its attendees were met" {
	health_repo
	sed -i 's/due: 2026-12-15/due: 2026-11-01/' accounts/healthy/2026-10-15-steering.md
	# actions: a-demo on time, a-follow overdue: 5 of 10; 99.06 - 5 = 94
	run kam status
	assert_line --index 4 "healthy                strategic anna.petrova            500,000     1  60,000 / 100,000       2027-02-02      94"
	assert_line --index 5 "  weakest actions 5/10: 1 of 2 open actions on time; a-follow was due 2026-11-01"
	# without the note, c.ap was never met (freshness 5 of 10) and a-demo is
	# the one open action (10 of 10): 99.06 - 5 = 94
	rm -r accounts/healthy
	run kam status
	assert_line --index 4 "healthy                strategic anna.petrova            500,000     1  60,000 / 100,000       2027-02-02      94"
	assert_line --index 5 "  weakest freshness 5/10: 1 of 2 deciders met in the last 90 days; c.ap never met"
	assert_line --index 6 "  oldest decider contact: c.ap, never met"
	run kam status --format json
	assert_output --partial '"oldest_decider_contact": {"contact": "c.ap", "last_met": null, "days": null},'
}

@test "a contact who left holds no seat of the buying unit" {
	health_repo
	sed -i 's/{id: c.sp, name: Sam Sponsor, /{id: c.sp, name: Sam Sponsor, status: left, since: 2026-11-01, /' accounts/healthy.md
	# buying-unit 2 of 3 seats: 13.33 of 20; 99.06 - 6.67 = 92.4
	run kam status
	assert_line --index 4 "healthy                strategic anna.petrova            500,000     1  60,000 / 100,000       2027-02-02      92"
	assert_line --index 5 "  weakest buying-unit 13/20: o-core's sponsor c.sp left the client"
}

@test "kam.yaml weighs the parts; a weight of 0 leaves a part out" {
	health_repo
	printf 'health:\n  weights: {revenue: 0, completeness: 0, deciders: 30}\n' >> kam.yaml
	run kam check
	assert_success
	# the weights add up to 90: buying-unit 22.22, deciders 33.33, the four
	# others 11.11 each. healthy: 22.22 + 0.9375 x 33.33 + 4 x 11.11 = 97.92;
	# hollow: relationships, actions and review, 3 x 11.11 = 33.33
	run kam status
	assert_line --index 2 "hollow                 key       anna.petrova            500,000     1  13,000 / 100,000       2027-02-02      33"
	assert_line --index 3 "  weakest deciders 0/33: no decider named for must-win o-core"
	assert_line --index 4 "healthy                strategic anna.petrova            500,000     1  60,000 / 100,000       2027-02-02      98"
	assert_line --index 5 "  weakest deciders 31/33: c.ap decides o-core, supporter of low influence"
	run kam status --format json
	python3 -c '
import json, sys
for a in json.load(sys.stdin)["accounts"]:
    parts = [(p["part"], p["weight"], p["max"]) for p in a["health"]["parts"]]
    assert parts == [("buying-unit", 20, 22.2), ("deciders", 30, 33.3), ("freshness", 10, 11.1),
                     ("relationships", 10, 11.1), ("actions", 10, 11.1), ("review", 10, 11.1)], parts
' <<<"$output"
}

@test "kam status ranks tiers in kam.yaml's order" {
	health_repo
	printf 'tiers: [strategic, key]\n' >> kam.yaml
	run kam status
	assert_success
	assert_line --index 2 --regexp '^healthy +strategic '
	assert_line --index 5 --regexp '^hollow +key '
}

@test "kam links says when a contact was last met: a touch, a meeting note, or never" {
	health_repo
	run kam links healthy#c.kdl
	assert_success
	assert_line --index 1 "  declared at accounts/healthy.md:23:10"
	assert_line --index 2 "  last met 2026-11-10 (visit, touches in accounts/healthy.md)"
	run kam links healthy#c.ap
	assert_line --index 2 "  last met 2026-10-15 (meeting, accounts/healthy/2026-10-15-steering.md)"
	run kam links healthy#c.sp
	assert_line --index 2 "  last met: never (no meeting note or touch names them)"
	# only meetings on or before today count
	KAM_TODAY=2026-11-05 run kam links healthy#c.kdl
	assert_line --index 2 "  last met: never (no meeting note or touch names them)"
	run kam links --format json healthy#c.ap
	assert_line '  "subject": {"ref": "healthy#c.ap", "kind": "contact", "name": "Alex Approver", "file": "accounts/healthy.md", "line": 24, "column": 10, "last_met": {"date": "2026-10-15", "kind": "meeting", "file": "accounts/healthy/2026-10-15-steering.md", "in": "meeting-note"}},'
	# accounts and team members have no last meeting
	run kam links --format json healthy
	refute_output --partial '"last_met"'
}
