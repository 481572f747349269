#!/usr/bin/env bats
# Two files claiming one account id: the commands that go through the plans
# once (competitors, export, agenda) count the plan named after the id and
# name the other as left out, as kam forecast and kam status do, so a deal
# is never counted twice.

bats_require_minimum_version 1.5.0
load helpers

dup_repo() {
	export KAM_TODAY=2026-12-01
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: rival, name: Rival}
YAML
	for f in y x; do
		cat > "accounts/$f.md" <<'PLAN'
---
id: x
name: X
type: customer
owner: anna.petrova
reviewed: 2026-11-01
opportunities:
  - {id: o1, title: Deal, stage: propose, value: 100, close: 2026-Q4, competitors: [rival]}
---
PLAN
	done
}

@test "duplicate plan: kam competitors counts the deal once and names the copy" {
	dup_repo
	run --separate-stderr kam competitors rival
	assert_failure 1
	assert_output "rival: Rival
  present in: no account
  open pipeline it contests: 1 deal, 100 EUR
    x#o1  propose    100 EUR  close 2026-Q4
  won from it: none
  lost to it: none

left out (1; run kam check):
  accounts/y.md could not be read (its id 'x' is also claimed by accounts/x.md)"
}

@test "duplicate plan: kam export writes the deal once and names the copy on stderr" {
	dup_repo
	run --separate-stderr kam export opportunities
	assert_failure 1
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[1]}" $'x,,o1,Deal,propose,100,EUR,2026-Q4,,,,,,,false,false,,,,rival,,,\r'
	assert_equal "$stderr" "kam: export: accounts/y.md: could not be read (its id 'x' is also claimed by accounts/x.md): its rows are missing; run kam check"
}

@test "duplicate plan: kam agenda lists the close once and the copy as not seen" {
	dup_repo
	run --separate-stderr kam agenda
	assert_failure 1
	assert_output "Agenda, 30 days from 2026-12-01 to 2026-12-31: 0 overdue, 1 due

Due
  2026-12-31  close   x  Deal: closes in 2026-Q4                    anna.petrova
                         stage propose, 100 EUR

Not seen (could not be read; run kam check)
  accounts/y.md: its id 'x' is also claimed by accounts/x.md"
}
