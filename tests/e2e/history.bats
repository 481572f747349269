#!/usr/bin/env bats
# Meeting notes are first-class in history (issue 16): their creation,
# changes and removal, and their actions, are told in kam diff (text,
# Markdown, JSON), kam log and kam commit's message, in the story of the
# account of their folder; the new plan fields (buying units, people who
# leave, influence, relationship steps, touches, focus, validation,
# initiative owners) are told in plan terms.

load helpers
bats_require_minimum_version 1.5.0

# write_acme: a small plan of plan model v2
write_acme() {
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-01
contacts:
  - {id: c.a, name: Ann A, title: CIO, roles: [key-decision-leader], attitude: supporter, influence: medium, owner: anna.petrova, relationship: {level: 1, target: 3, by: 2027-Q2, steps: [{quarter: 2027-Q1, level: 2, how: workshop}, {quarter: 2027-Q2, level: 3}]}}
  - {id: c.n, name: Nils N, title: CFO, roles: [approver], attitude: neutral, owner: anna.petrova}
  - {id: c.j, name: Jan J, title: Controller, attitude: neutral, owner: anna.petrova}
opportunities:
  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q2, decision_leader: c.a, buying_unit: [{contact: c.a, role: key-decision-leader}, {contact: c.j, role: evaluator}]}
initiatives:
  - {id: i-1, title: Cloud, sponsor: c.a}
---
# Acme Corp
PLAN
}

# write_kickoff: a meeting note with one open action
write_kickoff() {
	mkdir -p accounts/acme/meetings
	cat > accounts/acme/meetings/2026-11-03-kickoff.md <<'NOTE'
---
kind: meeting
title: Kickoff
date: 2026-11-03
attendees: [c.a, anna.petrova]
actions:
  - {id: a-pricing, text: Send pricing, owner: anna.petrova, due: 2026-11-10}
---
# Kickoff

We met.
NOTE
}

write_steering() {
	cat > accounts/acme/meetings/2026-11-18-steering.md <<'NOTE'
---
kind: meeting
title: CIO steering
date: 2026-11-18
attendees: [c.a, c.j, anna.petrova, ivan.sidorov]
actions:
  - {id: a-x, text: Draft the proposal, owner: anna.petrova, due: 2026-11-30}
---
Notes.
NOTE
}

# A repository with acme and its kickoff note committed on 2026-11-04.
acme_repo() {
	git_repo
	write_acme
	write_kickoff
	commit_at "2026-11-04T10:00:00Z" "first"
}

# The kickoff note edited: title, attendees, an action done, a new one, text.
edit_kickoff() {
	sed -i -e 's/^title: Kickoff$/title: Kickoff call/' \
		-e 's/^attendees: \[c.a, anna.petrova\]/attendees: [c.a, c.j, anna.petrova]/' \
		-e 's/due: 2026-11-10}/due: 2026-11-10, status: done}\n  - {id: a-demo, text: Demo, owner: ivan.sidorov, due: 2026-12-01}/' \
		-e 's/^We met.$/We met.\nAgain./' accounts/acme/meetings/2026-11-03-kickoff.md
}

@test "diff: a new meeting note, changes to one and its actions, in the account's story" {
	acme_repo
	edit_kickoff
	write_steering
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back
1 meeting noted

acme (Acme Corp) accounts/acme.md
  meeting 2026-11-03 Kickoff call: title Kickoff -> Kickoff call
  meeting 2026-11-03 Kickoff call: attendees added c.j
  action a-pricing done
  new action a-demo: Demo (ivan.sidorov, due 2026-12-01)
  meeting 2026-11-03 Kickoff call: notes +1 -0 lines
  meeting 2026-11-18 CIO steering with c.a, c.j (us: anna.petrova, ivan.sidorov)
  new action a-x: Draft the proposal (anna.petrova, due 2026-11-30)"
}

@test "diff: a meeting note's date moved and a field the story does not tell stay visible" {
	acme_repo
	sed -i -e 's/^date: 2026-11-03$/date: 2026-11-04/' -e 's/due: 2026-11-10}/due: 2026-11-12}/' \
		accounts/acme/meetings/2026-11-03-kickoff.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  meeting 2026-11-04 Kickoff: date 2026-11-03 -> 2026-11-04
  meeting meetings/2026-11-03-kickoff.md: actions[a-pricing].due 2026-11-10 -> 2026-11-12"
}

@test "diff: a removed meeting note names the open actions that went with it; a plain note is no meeting" {
	acme_repo
	write_steering
	commit_at "2026-11-19T10:00:00Z" "steering"
	git rm -q accounts/acme/meetings/2026-11-18-steering.md
	echo "a plain note" > accounts/acme/ideas.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  meeting 2026-11-18 CIO steering removed (with its open action a-x)"
	# a plain note alone is no change to any plan
	git stash -q
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
no change to any plan"
}

@test "diff: a meeting note kam cannot read is left out by name, the rest is still told, exit 1" {
	acme_repo
	edit_kickoff
	printf -- '---\nkind: meeting\ntitle: "broken\n---\nx\n' > accounts/acme/meetings/2026-11-19-bad.md
	run --separate-stderr kam diff
	assert_failure 1
	assert_output "HEAD -> the work tree
left out: accounts/acme/meetings/2026-11-19-bad.md in the work tree could not be read (yaml-syntax at 3:8)
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  meeting 2026-11-03 Kickoff call: title Kickoff -> Kickoff call
  meeting 2026-11-03 Kickoff call: attendees added c.j
  action a-pricing done
  new action a-demo: Demo (ivan.sidorov, due 2026-12-01)
  meeting 2026-11-03 Kickoff call: notes +1 -0 lines"
	assert_equal "$stderr" "kam: diff: accounts/acme/meetings/2026-11-19-bad.md in the work tree could not be read (yaml-syntax at 3:8): left out; run kam check"
	run kam diff --format json
	assert_failure 1
	assert_line '  "left_out": ["accounts/acme/meetings/2026-11-19-bad.md in the work tree could not be read (yaml-syntax at 3:8)"]'
}

@test "diff --format md and json: meeting notes in the story and as changes of the collection meetings" {
	acme_repo
	edit_kickoff
	write_steering
	run kam diff --format md
	assert_success
	assert_output "## account plans, HEAD → the work tree

- open pipeline of the changed accounts 100,000 → 100,000 EUR
- 1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back
- 1 meeting noted

### Acme Corp (\`acme\`)

- meeting 2026-11-03 Kickoff call: title Kickoff → Kickoff call
- meeting 2026-11-03 Kickoff call: attendees added c.j
- action a-pricing done
- new action a-demo: Demo (ivan.sidorov, due 2026-12-01)
- meeting 2026-11-03 Kickoff call: notes +1 -0 lines
- meeting 2026-11-18 CIO steering with c.a, c.j (us: anna.petrova, ivan.sidorov)
- new action a-x: Draft the proposal (anna.petrova, due 2026-11-30)"
	run kam diff --format json
	assert_success
	assert_output --partial '"levels_moved": 0, "meetings": 1, "people_left": 0, "by_currency"'
	assert_line '       {"kind": "modified", "collection": "meetings", "entity": "meetings/2026-11-03-kickoff.md", "field": "title", "old": "Kickoff", "new": "Kickoff call", "line": 3},'
	assert_line '       {"kind": "added", "collection": "meetings", "entity": "meetings/2026-11-03-kickoff.md", "field": "attendees", "old": null, "new": "c.j", "line": 5},'
	assert_line '       {"kind": "added", "collection": "meetings", "entity": "meetings/2026-11-03-kickoff.md", "field": "actions[a-pricing].status", "old": null, "new": "done", "line": 7},'
	assert_line '       {"kind": "added", "collection": "meetings", "entity": "meetings/2026-11-03-kickoff.md", "field": "actions[a-demo]", "old": null, "new": "Demo", "line": 8},'
	assert_line '       {"kind": "modified", "collection": "meetings", "entity": "meetings/2026-11-03-kickoff.md", "field": "text under \"# Kickoff\"", "old": null, "new": "+1 -0", "line": 10},'
	assert_line '       {"kind": "added", "collection": "meetings", "entity": "meetings/2026-11-18-steering.md", "field": null, "old": null, "new": "CIO steering", "line": 2}'
}

# The plan changed in every new field of plan model v2.
edit_acme_v2() {
	sed -i -e 's/influence: medium/influence: high/' -e 's/relationship: {level: 1,/relationship: {level: 2,/' \
		-e 's/{id: c.n, name: Nils N, title: CFO, roles: \[approver\], attitude: neutral, owner: anna.petrova}/{id: c.n, name: Nils N, title: CFO, roles: [approver], attitude: neutral, owner: anna.petrova, status: left, since: 2026-11-15, successor: c.j}/' \
		-e 's/{contact: c.j, role: evaluator}/{contact: c.j, role: approver, attitude: skeptic}, {contact: c.n, role: influencer, influence: low}/' \
		-e 's/{contact: c.a, role: key-decision-leader}, //' \
		-e 's/{quarter: 2027-Q2, level: 3}/{quarter: 2027-Q2, level: 4}, {quarter: 2027-Q3, level: 4}/' \
		-e 's/sponsor: c.a/owner: c.a/' \
		-e 's/^---$/XX/' accounts/acme.md
	# the closing line of the frontmatter gets the new top-level fields
	awk 'BEGIN{n=0} /^XX$/{n++; if (n==2) {print "focus: Win the platform, then the rollout"; print "validated: {date: 2026-11-14, with: [c.a]}"; print "touches:"; print "  - {date: 2026-11-05, kind: hospitality, contacts: [c.a], note: dinner}"} print "---"; next} {print}' \
		accounts/acme.md > accounts/acme.tmp && mv accounts/acme.tmp accounts/acme.md
}

@test "diff: the new plan fields in plan terms: buying units, people who left, influence, steps, touches, focus, validation, owners" {
	acme_repo
	edit_acme_v2
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back
relationship targets reached: 0 of 1 levels moved
1 contact left or moved

acme (Acme Corp) accounts/acme.md
  c.a: influence medium -> high
  relationship with c.a: level 1 -> 2 (target 3)
  relationship with c.a: step 2027-Q1 reached (level 2, credible)
  relationship with c.a: step 2027-Q2 level 3 -> 4
  relationship with c.a: step 2027-Q3 to level 4 (trusted adviser) planned
  c.n left on 2026-11-15 (successor c.j)
  c.j: role in o-a evaluator -> approver
  c.j: attitude in o-a not set -> skeptic
  c.n joined o-a as influencer (low influence)
  c.a left the buying unit of o-a
  initiative i-1: owner c.a (written as sponsor before)
  focus set: Win the platform, then the rollout
  plan validated with c.a on 2026-11-14
  touch 2026-11-05 hospitality with c.a
  health 41 -> 50"
	run kam diff --format json
	assert_output --partial '"levels_moved": 1, "meetings": 0, "people_left": 1, "by_currency"'
	assert_line '       {"kind": "added", "collection": "opportunities", "entity": "o-a", "field": "buying_unit[c.n]", "old": null, "new": "c.n", "line": 12},'
}

@test "diff: touches edited and removed, a relationship step dropped, a contact back, focus changed" {
	acme_repo
	edit_acme_v2
	commit_at "2026-11-10T10:00:00Z" "v2"
	sed -i -e 's/, status: left, since: 2026-11-15, successor: c.j}/, status: active}/' \
		-e 's/note: dinner}/note: dinner and a concert}\n  - {date: 2026-11-12, kind: call, contacts: [c.j]}/' \
		-e 's/, {quarter: 2027-Q3, level: 4}//' -e 's/^focus: .*/focus: Win the platform first/' accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  relationship with c.a: step 2027-Q3 dropped
  c.n active again (was left)
  focus changed: Win the platform first
  touch 2026-11-05 hospitality with c.a changed
  touch 2026-11-12 call with c.j
  health 50 -> 55"
}

@test "log and the commit message tell meeting notes and the new fields" {
	acme_repo
	edit_kickoff
	write_steering
	commit_at "2026-11-19T10:00:00Z" "meetings"
	run kam log
	assert_success
	assert_output --regexp "^[0-9a-f]{7} 2026-11-19 Anna Petrova: meetings
  acme: meeting 2026-11-03 Kickoff call: title Kickoff -> Kickoff call
  acme: meeting 2026-11-03 Kickoff call: attendees added c.j
  acme: action a-pricing done
  acme: new action a-demo: Demo \(ivan.sidorov, due 2026-12-01\)
  acme: meeting 2026-11-03 Kickoff call: notes \+1 -0 lines
  acme: meeting 2026-11-18 CIO steering with c.a, c.j \(us: anna.petrova, ivan.sidorov\)
  acme: new action a-x: Draft the proposal \(anna.petrova, due 2026-11-30\)

[0-9a-f]{7} 2026-11-04 Anna Petrova: first
  acme: new plan: Acme Corp, 1 open opportunity \(100,000 EUR\)
  acme: meeting 2026-11-03 Kickoff with c.a \(us: anna.petrova\)
  acme: new action a-pricing: Send pricing \(anna.petrova, due 2026-11-10\)
  valid-minimal: new plan: Minimal Customer$"
	run kam log --format md -n 1
	assert_success
	assert_line "- \`acme\`: meeting 2026-11-18 CIO steering with c.a, c.j (us: anna.petrova, ivan.sidorov)"
	run kam log --format json -n 1
	assert_success
	assert_output --partial '"entity": "meetings/2026-11-18-steering.md", "field": null, "old": null, "new": "CIO steering"'
	# kam commit writes the story of a note and of the plan into its message
	export GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com \
		GIT_COMMITTER_NAME="Anna Petrova" GIT_COMMITTER_EMAIL=anna@example.com
	sed -i 's/due: 2026-11-30}/due: 2026-11-30, status: done}/' accounts/acme/meetings/2026-11-18-steering.md
	sed -i 's/influence: medium/influence: high/' accounts/acme.md
	run kam commit -m "After the steering"
	assert_success
	run git log -1 --format=%B
	assert_output "After the steering

acme: c.a: influence medium -> high
acme: action a-x done"
}

@test "diff --quarter counts the meetings noted and the people who left in the quarter" {
	git_repo
	write_acme
	commit_at "2026-09-20T10:00:00Z" "Q3"
	write_kickoff
	commit_at "2026-11-04T10:00:00Z" "kickoff"
	edit_acme_v2
	write_steering
	commit_at "2026-11-19T10:00:00Z" "steering"
	run kam diff --quarter 2026-Q4
	assert_success
	assert_line --index 1 "2 commits by Anna Petrova"
	assert_line --index 6 "slipped out of 2026-Q4: none"
	assert_line --index 8 "2 meetings noted; 1 contact left or moved"
	assert_line "  meeting 2026-11-03 Kickoff with c.a (us: anna.petrova)"
	assert_line "  meeting 2026-11-18 CIO steering with c.a, c.j (us: anna.petrova, ivan.sidorov)"
	assert_line "  c.n left on 2026-11-15 (successor c.j)"
	run kam diff --quarter 2026-Q4 --format md
	assert_success
	assert_line "- 2 meetings noted; 1 contact left or moved"
	run kam diff --quarter 2026-Q4 --format json
	assert_output --partial '"meetings": 2, "people_left": 1,'
	# the quarter before has neither
	run kam diff --quarter 2026-Q3
	refute_output --partial "noted"
}

@test "diff: a whole buying unit and relationship plan given at once; a note in the folder of an account with no plan" {
	git_repo
	write_acme
	sed -i -e 's/, buying_unit: \[.*\]}/}/' -e 's/, steps: \[.*\]}}/}}/' accounts/acme.md
	commit_at "2026-11-04T10:00:00Z" "first"
	write_acme
	mkdir -p accounts/ghost
	printf -- '---\nkind: meeting\ntitle: Intro\ndate: 2026-11-10\nattendees: [c.z, anna.petrova]\n---\nx\n' >accounts/ghost/intro.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 100,000 EUR
2 accounts changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back
1 meeting noted

acme (Acme Corp) accounts/acme.md
  relationship with c.a: step 2027-Q1 to level 2 (credible) planned
  relationship with c.a: step 2027-Q2 to level 3 (trusted) planned
  c.a joined o-a as key decision leader
  c.j joined o-a as evaluator
  health 48 -> 41

ghost accounts/ghost/
  meeting 2026-11-10 Intro with c.z (us: anna.petrova)"
	run kam diff --format json
	assert_line '    {"account": "ghost", "name": null, "file": "accounts/ghost/", "status": "changed",'
	assert_line '     "pipeline": {"before": null, "after": null}, "health": {"before": null, "after": null},'
}

@test "diff: a removed plan's notes are removed with it; kam log ACCOUNT keeps the account's notes" {
	acme_repo
	write_steering
	commit_at "2026-11-19T10:00:00Z" "steering"
	git rm -q -r accounts/acme.md accounts/acme
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 100,000 -> 0 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  plan removed
  meeting 2026-11-03 Kickoff removed (with its open action a-pricing)
  meeting 2026-11-18 CIO steering removed (with its open action a-x)"
	run kam log -n 1 valid-minimal
	assert_success
	assert_output --regexp '^[0-9a-f]{7} 2026-11-04 Anna Petrova: first
  valid-minimal: new plan: Minimal Customer$'
	run kam log -n 1 acme
	assert_output --regexp '^[0-9a-f]{7} 2026-11-19 Anna Petrova: steering
  acme: meeting 2026-11-18 CIO steering with c.a, c.j \(us: anna.petrova, ivan.sidorov\)
  acme: new action a-x: Draft the proposal \(anna.petrova, due 2026-11-30\)$'
}
