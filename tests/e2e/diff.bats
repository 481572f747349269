#!/usr/bin/env bats
# Facts a diff states in plan terms: deals reopened or withdrawn from won,
# health measured on comparable days (a quarter's two ends, a commit's
# day), body sections matched by heading and occurrence. Histories are
# built with the real git and fixed dates.

load helpers
bats_require_minimum_version 1.5.0

# write_deals W L R Q: four deals with these stages
write_deals() {
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-01
opportunities:
  - {id: o-w, title: Won deal, stage: $1, value: 400000, close: 2027-Q2}
  - {id: o-l, title: Lost deal, stage: $2, value: 300000, close: 2027-Q2}
  - {id: o-r, title: Renewal, stage: $3, value: 200000, close: 2027-Q2}
  - {id: o-q, title: Pilot, stage: $4, value: 100000, close: 2027-Q2}
---
# Acme Corp
PLAN
}

@test "a deal moved out of won or lost is reopened, not a stage forward; won -> lost withdraws its value from won" {
	git_repo
	write_deals won lost won lost
	commit_at "2026-11-02T10:00:00Z" "closed deals"
	write_deals lost won negotiate qualify
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 0 -> 300,000 EUR
1 account changed; 0 new opportunities; won 1 (300,000 EUR), lost 1; stages 0 forward, 0 back; 2 reopened; 2 withdrawn from won (600,000 EUR)

acme (Acme Corp) accounts/acme.md
  open pipeline 0 -> 300,000 EUR (+300,000)
  lost o-w (was won; 400,000 EUR withdrawn from won)
  won o-l (was lost; 300,000 EUR)
  o-r reopened (was won): now negotiate; 200,000 EUR withdrawn from won
  o-q reopened (was lost): now qualify (100,000 EUR)"
	run kam diff --format md
	assert_success
	assert_line "- 1 account changed; 0 new opportunities; won 1 (300,000 EUR), lost 1; stages 0 forward, 0 back; 2 reopened; 2 withdrawn from won (600,000 EUR)"
	assert_line "- o-r reopened (was won): now negotiate; 200,000 EUR withdrawn from won"
	run kam diff --format json
	assert_success
	assert_output --partial '"won": 1, "won_value": 300000.00, "lost": 1, "stage_forward": 0, "stage_back": 0, "reopened": 2, "withdrawn": 2, "withdrawn_value": 600000.00,'
	assert_output --partial '"by_currency": [{"currency": "EUR", "pipeline_before": 0.00, "pipeline_after": 300000.00, "won_value": 300000.00, "withdrawn_value": 600000.00}]'
	# open stages still move forward and back, and nothing is withdrawn
	git checkout -q accounts/acme.md
	write_deals won lost won lost
	sed -i 's/stage: won, value: 200000/stage: negotiate, value: 200000/' accounts/acme.md
	commit_at "2026-11-03T10:00:00Z" "reopened"
	sed -i 's/stage: negotiate, value: 200000/stage: propose, value: 200000/' accounts/acme.md
	run kam diff
	assert_line --index 2 "1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 1 back"
	assert_line "  o-r moved back: negotiate -> propose"
}

# write_plan REVIEWED STAGE ACTION_STATUS: a plan whose health depends on
# the day: reviewed (this quarter, overdue a quarter later) and one action
# due on 2026-08-15. Health on any day: buying-unit 1/3 of 20 (o-a's
# leader known and owned; no approver, no sponsor), deciders 0.75 of 15
# (c.a a supporter), freshness 0 (never met), revenue 0 (no row),
# relationships 10 (on plan), completeness 3/5 of 5: 30.92 without review
# and actions; review 10 this quarter, 5 the next, then 0; actions 10 on
# time, 0 overdue or none open.
write_plan() {
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: $1
contacts:
  - {id: c.a, name: Ann A, roles: [key-decision-leader], attitude: supporter, owner: anna.petrova, relationship: {level: 2, target: 2, by: 2027-Q1}}
opportunities:
  - {id: o-a, title: Platform, stage: $2, value: 100000, close: 2027-Q2, decision_leader: c.a}
actions:
  - {id: a-1, text: Workshop, owner: anna.petrova, due: 2026-08-15, status: $3}
---
# Acme Corp
PLAN
}

@test "diff --quarter judges the base as the previous quarter ended and the head as this one ended" {
	git_repo
	write_plan 2026-06-10 qualify open
	commit_at "2026-06-15T10:00:00Z" "Q2 plan"
	write_plan 2026-06-10 propose open
	commit_at "2026-07-20T10:00:00Z" "proposal sent"
	run kam diff --quarter 2026-Q3
	assert_success
	# 2026-06-30: reviewed this quarter, the action not yet due; 2026-09-30:
	# the review overdue (due 2026-09-10) and the action too
	assert_equal "$(sed -E 's/[0-9a-f]{7} /XXXXXXX /g' <<<"$output")" "2026-Q3: XXXXXXX (2026-06-15) -> XXXXXXX (2026-07-20)
1 commit by Anna Petrova
  XXXXXXX 2026-07-20 Anna Petrova: proposal sent
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 1 forward, 0 back
slipped out of 2026-Q3: none

acme (Acme Corp) accounts/acme.md
  o-a moved forward: qualify -> propose
  health 51 -> 31"
	local q3="$output"
	# a finished quarter reads the same on any later day
	KAM_TODAY=2027-03-01 run kam diff --quarter 2026-Q3
	assert_equal "$output" "$q3"
	run kam diff --quarter 2026-Q3 --format json
	assert_line '  "as_of": {"before": "2026-06-30", "after": "2026-09-30"},'
	assert_line '  "in_progress": false,'
	assert_output --partial '"health": {"before": 51, "after": 31},'
}

@test "diff --quarter for the quarter in progress is so far, as of today" {
	git_repo
	write_plan 2026-09-20 qualify open
	sed -i 's/due: 2026-08-15/due: 2026-11-25/' accounts/acme.md
	commit_at "2026-09-25T10:00:00Z" "Q3 plan"
	write_plan 2026-09-20 propose open
	sed -i 's/due: 2026-08-15/due: 2026-11-25/' accounts/acme.md
	commit_at "2026-10-05T10:00:00Z" "proposal sent"
	# today is 2026-11-20: the action (due 2026-11-25) is not overdue yet,
	# and the review (due 2026-12-20) is not either
	run kam diff --quarter 2026-Q4
	assert_success
	assert_equal "$(sed -E 's/[0-9a-f]{7} /XXXXXXX /g' <<<"$output")" "2026-Q4 (so far, as of 2026-11-20): XXXXXXX (2026-09-25) -> XXXXXXX (2026-10-05)
1 commit by Anna Petrova
  XXXXXXX 2026-10-05 Anna Petrova: proposal sent
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 1 forward, 0 back
slipped out of 2026-Q4: none

acme (Acme Corp) accounts/acme.md
  o-a moved forward: qualify -> propose
  health 51 -> 46"
	run kam diff --quarter 2026-Q4 --format md
	assert_line --index 0 --regexp '^## 2026-Q4 \(so far, as of 2026-11-20\): account plans, [0-9a-f]{7} \(2026-09-25\) → [0-9a-f]{7} \(2026-10-05\)$'
	run kam diff --quarter 2026-Q4 --format json
	assert_line '  "title": "2026-Q4",'
	assert_line '  "as_of": {"before": "2026-09-30", "after": "2026-11-20"},'
	assert_line '  "in_progress": true,'
	# a quarter in progress with no commit at all has none yet
	rm -rf .git
	git init -q -b main .
	run kam diff --quarter 2026-Q4
	assert_success
	assert_output "2026-Q4: no commit yet"
	run kam diff --quarter 2026-Q3
	assert_output "2026-Q3: no commit before the quarter ended"
}

@test "the quarter in progress is judged today: an action falls overdue as the days pass" {
	git_repo
	write_plan 2026-09-20 qualify open
	sed -i 's/due: 2026-08-15/due: 2026-11-25/' accounts/acme.md
	commit_at "2026-09-25T10:00:00Z" "Q3 plan"
	write_plan 2026-09-20 propose open
	sed -i 's/due: 2026-08-15/due: 2026-11-25/' accounts/acme.md
	commit_at "2026-10-05T10:00:00Z" "proposal sent"
	KAM_TODAY=2026-11-20 run kam diff --quarter 2026-Q4
	assert_line "  health 51 -> 46"
	# on 2026-11-26 the action is overdue
	KAM_TODAY=2026-11-26 run kam diff --quarter 2026-Q4
	assert_line --index 0 --regexp '^2026-Q4 \(so far, as of 2026-11-26\): '
	assert_line "  health 51 -> 36"
}

@test "kam commit, kam diff and kam log give a commit the same health, on its day and later" {
	git_repo
	write_plan 2026-06-10 qualify open
	commit_at "2026-06-15T10:00:00Z" "Q2 plan"
	# on 2026-11-20 the review and the action are overdue; the commit fixes both
	write_plan 2026-11-20 qualify done
	GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com GIT_AUTHOR_DATE=2026-11-20T10:00:00Z \
		GIT_COMMITTER_NAME="Anna Petrova" GIT_COMMITTER_EMAIL=anna@example.com \
		GIT_COMMITTER_DATE=2026-11-20T10:00:00Z run kam commit -m "Q4 review"
	assert_success
	run git log -1 --format=%B
	assert_output "Q4 review

acme: plan reviewed on 2026-11-20
acme: action a-1 done (was open)
acme: health 31 -> 41"
	run kam log -n 1
	assert_line "  acme: health 31 -> 41"
	run kam diff HEAD~1 HEAD
	assert_line "  health 31 -> 41"
	run kam diff HEAD~1 HEAD --format json
	assert_output --partial '"health": {"before": 31, "after": 41},'
	assert_line '  "as_of": {"before": "2026-11-20", "after": "2026-11-20"},'
	# a later day: the commit is still judged on the day it was made
	KAM_TODAY=2027-05-01 run kam log -n 1
	assert_line "  acme: health 31 -> 41"
	KAM_TODAY=2027-05-01 run kam diff HEAD~1 HEAD
	assert_line "  health 31 -> 41"
	KAM_TODAY=2027-05-01 run kam log -n 1 --format json
	assert_line '      "as_of": {"before": "2026-11-20", "after": "2026-11-20"},'
	# the work tree is judged today
	KAM_TODAY=2027-05-01 run kam diff HEAD~1 --format json
	assert_line '  "as_of": {"before": "2027-05-01", "after": "2027-05-01"},'
}

# write_steps FIRST SECOND: a body with two "### Next steps"
write_steps() {
	cat > accounts/acme.md <<PLAN
---
id: acme
name: $3
type: customer
owner: anna.petrova
reviewed: 2026-11-01
---
# Acme Corp

## Goals

### Next steps

$1

## Opportunities

### Next steps

$2
PLAN
}

@test "repeated headings are matched by occurrence: no phantom change, a change in the second is in the second" {
	git_repo
	write_steps "Call Ann." "Send the offer." "Acme Corp"
	commit_at "2026-11-02T10:00:00Z" "steps"
	write_steps "Call Ann." "Send the offer." "Acme AG"
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 0 -> 0 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme AG) accounts/acme.md
  name Acme Corp -> Acme AG"
	write_steps "Call Ann." "Send the new offer." "Acme Corp"
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 0 -> 0 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  text under \"### Next steps (2nd)\": +1 -1 lines"
	run kam diff --format json
	assert_output --partial '{"kind": "modified", "collection": "body", "entity": "### Next steps (2nd)", "field": null, "old": null, "new": "+1 -1", "line": 18}'
}
