#!/usr/bin/env bats
# The red flags of plan model v2 (issue 16): each rule on a plan that has
# its red flag and on one that has not (tests/fixtures/check/rule-*), the
# rules that need the whole repository (contact-stale) and kam.yaml options.

load helpers

@test "check fixture rule-no-sponsor-fires" {
	check_fixture rule-no-sponsor-fires
}

@test "check fixture rule-no-sponsor-passes" {
	check_fixture rule-no-sponsor-passes
}

@test "check fixture rule-buying-unit-gap-fires" {
	check_fixture rule-buying-unit-gap-fires
}

@test "check fixture rule-buying-unit-gap-passes" {
	check_fixture rule-buying-unit-gap-passes
}

@test "check fixture rule-decider-unfavourable-fires" {
	check_fixture rule-decider-unfavourable-fires
}

@test "check fixture rule-decider-unfavourable-passes" {
	check_fixture rule-decider-unfavourable-passes
}

@test "check fixture rule-attitude-unknown-fires" {
	check_fixture rule-attitude-unknown-fires
}

@test "check fixture rule-attitude-unknown-passes" {
	check_fixture rule-attitude-unknown-passes
}

@test "check fixture rule-contact-left-fires" {
	check_fixture rule-contact-left-fires
}

@test "check fixture rule-contact-left-passes" {
	check_fixture rule-contact-left-passes
}

@test "check fixture rule-relationship-behind-plan-fires" {
	check_fixture rule-relationship-behind-plan-fires
}

@test "check fixture rule-relationship-behind-plan-passes" {
	check_fixture rule-relationship-behind-plan-passes
}

@test "check fixture rule-goal-overdue-fires" {
	check_fixture rule-goal-overdue-fires
}

@test "check fixture rule-goal-overdue-passes" {
	check_fixture rule-goal-overdue-passes
}

@test "check fixture rule-stage-probability-fires" {
	check_fixture rule-stage-probability-fires
}

@test "check fixture rule-stage-probability-passes" {
	check_fixture rule-stage-probability-passes
}

@test "check fixture rule-partner-route-missing-fires" {
	check_fixture rule-partner-route-missing-fires
}

@test "check fixture rule-partner-route-missing-passes" {
	check_fixture rule-partner-route-missing-passes
}

@test "check fixture rule-phase-type-fires" {
	check_fixture rule-phase-type-fires
}

@test "check fixture rule-phase-type-passes" {
	check_fixture rule-phase-type-passes
}

@test "check fixture rule-key-renamed-fires" {
	check_fixture rule-key-renamed-fires
}

@test "check fixture rule-key-renamed-passes" {
	check_fixture rule-key-renamed-passes
}

# A complete plan of a must-win whose people are all known, met and managed.
healthy_plan() {
	cat > accounts/healthy.md <<'EOF'
---
id: healthy
name: Healthy Bank
type: customer
tier: key
phase: service
owner: anna.petrova
reviewed: 2026-11-02
validated: {date: 2026-10-14, with: [c.cio]}
strategy: {current: Core on premises, target: Core in the cloud}
routes:
  - {route: direct, share: 60}
  - {route: partner, share: 40}
initiatives:
  - {id: i-core, title: Core renewal, owner: c.cio, value: Faster releases}
contacts:
  - id: c.cio
    name: Ivo Cio
    owner: anna.petrova
    attitude: supporter
    influence: high
    relationship:
      level: 3
      target: 4
      by: 2027-Q2
      steps:
        - {quarter: 2026-Q3, level: 3, how: joint workshop}
        - {quarter: 2027-Q2, level: 4, how: board dinner}
  - {id: c.cfo, name: Fina Cfo, owner: ivan.sidorov, attitude: skeptic, influence: high}
  - {id: c.spo, name: Spo Nsor, owner: anna.petrova, attitude: advocate}
  - {id: c.old, name: Old Timer, status: left, since: 2026-06-30, successor: c.cio}
touches:
  - {date: 2026-10-20, kind: visit, contacts: [c.cfo]}
opportunities:
  - id: o-core
    title: Core banking
    stage: propose
    value: 500000
    close: 2027-Q1
    probability: 60
    must_win: true
    route: partner
    partner: partner-co
    decision_leader: c.cio
    buying_unit:
      - {contact: c.cio, role: key-decision-leader}
      - {contact: c.cfo, role: approver}
      - {contact: c.spo, role: sponsor}
  - {id: o-old, title: Old deal, stage: won, value: 10, close: 2026-Q2, probability: 100, decision_leader: c.old}
goals:
  - {id: g-sponsor, text: Win an executive sponsor, quarter: 2026-Q3, status: achieved}
  - {id: g-pilot, text: Run the pilot, quarter: 2026-Q4}
actions:
  - {id: a-cfo, text: Business case with the CFO, owner: ivan.sidorov, due: 2026-12-10, contact: c.cfo}
revenue:
  - {quarter: 2026-Q4, target: 100, actual: 60}
---
EOF
	printf -- '---\nid: partner-co\nname: Partner Co\ntype: partner\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n' > accounts/partner-co.md
	mkdir -p accounts/healthy
	printf -- '---\nkind: meeting\ndate: 2026-11-02\ntitle: Steering\nattendees: [c.cio, anna.petrova]\n---\nNotes.\n' > accounts/healthy/2026-11-02-steering.md
}

@test "a complete, healthy plan has no red flag, also with validation-overdue on" {
	make_repo
	healthy_plan
	printf 'rules:\n  validation-overdue: warning\n' >> kam.yaml
	run kam check
	assert_success
	assert_output "no problems in 3 plans and 1 document"
}

@test "decision-leader-role: with a buying unit, the leader must be in it as key-decision-leader" {
	make_repo
	healthy_plan
	# account-wide roles do not count once a buying unit is given
	sed -i 's/  - id: c.cio$/  - id: c.cio\n    roles: [key-decision-leader]/; s/{contact: c.cio, role: key-decision-leader}/{contact: c.cio, role: evaluator}/' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:45:22: warning[decision-leader-role]: decision leader 'c.cio' of 'o-core' is in its buying unit as evaluator, not key-decision-leader
    hint: add {contact: c.cio, role: key-decision-leader} to the buying unit of o-core, or name the one who decides"
	sed -i '/{contact: c.cio, role: evaluator}/d' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:45:22: warning[decision-leader-role]: decision leader 'c.cio' of 'o-core' is not in its buying unit
    hint: add {contact: c.cio, role: key-decision-leader} to the buying unit of o-core, or name the one who decides"
}

@test "opponent-unmanaged covers every opponent of high influence, once per contact" {
	make_repo
	healthy_plan
	sed -i 's/  - {id: c.spo, name: Spo Nsor, owner: anna.petrova, attitude: advocate}/&\n  - {id: c.lob, name: Lo Bby, roles: [influencer], attitude: opponent, influence: high}\n  - {id: c.mid, name: Mid Dle, attitude: opponent, influence: medium}\n  - {id: c.ske, name: Ske Ptic, attitude: skeptic, influence: high}/' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:31:62: warning[opponent-unmanaged]: 'c.lob' is an opponent of high influence, and nobody manages the relationship
    hint: give c.lob an owner, or plan an open action with contact: c.lob"
}

@test "decider-unfavourable leaves a decider nobody manages to opponent-unmanaged" {
	make_repo
	healthy_plan
	sed -i 's/{id: c.cfo, name: Fina Cfo, owner: ivan.sidorov,/{id: c.cfo, name: Fina Cfo,/; s/due: 2026-12-10, contact: c.cfo}/due: 2026-12-10, contact: c.cfo, status: done}/' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:29:43: warning[opponent-unmanaged]: 'c.cfo' is a skeptic who decides, and nobody manages the relationship
    hint: give c.cfo an owner, or plan an open action with contact: c.cfo"
	printf 'rules:\n  opponent-unmanaged: off\n' >> kam.yaml
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:47:19: warning[decider-unfavourable]: 'c.cfo', approver of must-win 'o-core', is a skeptic of high influence, and no open action is planned with them
    hint: plan an open action with contact: c.cfo to win them over"
}

@test "decider-unfavourable: an open action with the person in a meeting note manages them too" {
	make_repo
	healthy_plan
	sed -i 's/due: 2026-12-10, contact: c.cfo}/due: 2026-12-10, contact: c.cfo, status: done}/' accounts/healthy.md
	run kam check -q
	assert_output "accounts/healthy.md:47:19: warning[decider-unfavourable]: 'c.cfo', approver of must-win 'o-core', is a skeptic of high influence, and no open action is planned with them
    hint: plan an open action with contact: c.cfo to win them over"
	# a done action of a note does not count; an open one does
	printf -- '---\nkind: meeting\ndate: 2026-11-10\ntitle: Budget\nattendees: [c.cfo]\nactions:\n  - {id: a-old, text: Old, owner: ivan.sidorov, contact: c.cfo, status: done}\n---\n' > accounts/healthy/budget.md
	run kam check -q
	assert_output --partial "warning[decider-unfavourable]: 'c.cfo'"
	sed -i 's/status: done}/due: 2026-12-15}/' accounts/healthy/budget.md
	run kam check
	assert_success
	assert_output "no problems in 3 plans and 2 documents"
	# a note of another account does not manage this account's CFO
	mkdir -p accounts/partner-co
	mv accounts/healthy/budget.md accounts/partner-co/
	run kam check -q accounts/healthy.md
	assert_output --partial "warning[decider-unfavourable]: 'c.cfo'"
}

@test "contact-left: an open action of a meeting note with someone who left, reported in the note" {
	make_repo
	healthy_plan
	printf -- '---\nkind: meeting\ndate: 2026-11-10\ntitle: Handover\nattendees: [c.cio]\nactions:\n  - {id: a-bye, text: Farewell, owner: anna.petrova, due: 2026-12-20, contact: c.old}\n  - {id: a-done, text: Done, owner: anna.petrova, contact: c.old, status: done}\n---\n' > accounts/healthy/handover.md
	run kam check
	assert_failure 1
	assert_output "accounts/healthy/handover.md:7:80: error[contact-left]: 'c.old' left the client (2026-06-30) and is still the contact of open action 'a-bye'
    hint: replace c.old with their successor c.cio
1 error in 3 plans and 2 documents"
	# checking only the plan does not report the note's finding
	run kam check accounts/healthy.md
	assert_success
}

@test "contact-stale: a decider not met for 90 days, or never, once per contact naming the deals" {
	make_repo
	healthy_plan
	# the CFO's last touch is 2026-08-20, 92 days ago; a second deal names the CIO again
	sed -i 's/{date: 2026-10-20, kind: visit, contacts: \[c.cfo\]}/{date: 2026-08-20, kind: visit, contacts: [c.cfo]}/' accounts/healthy.md
	sed -i 's/^  - {id: o-old,/  - {id: o-next, title: Next, stage: qualify, value: 10, close: 2027-Q2, sponsor: c.spo, decision_leader: c.cio, buying_unit: [{contact: c.cio, role: key-decision-leader}, {contact: c.new, role: approver}]}\n&/' accounts/healthy.md
	sed -i 's/^  - {id: c.spo,/  - {id: c.new, name: New Comer, owner: anna.petrova, attitude: neutral}\n&/' accounts/healthy.md
	rm accounts/healthy/2026-11-02-steering.md
	run kam check -q
	assert_output "accounts/healthy.md:45:22: warning[contact-stale]: 'c.cio' of open deals 'o-core', 'o-next' was never met: no meeting note or touch names them
    hint: meet c.cio, then record it: a meeting note with c.cio among its attendees, or a touch in touches:
accounts/healthy.md:48:19: warning[contact-stale]: 'c.cfo' of open deal 'o-core' was last met 2026-08-20, 92 days ago (more than 90)
    hint: meet c.cfo, then record it: a meeting note with c.cfo among its attendees, or a touch in touches:
accounts/healthy.md:50:183: warning[contact-stale]: 'c.new' of open deal 'o-next' was never met: no meeting note or touch names them
    hint: meet c.new, then record it: a meeting note with c.new among its attendees, or a touch in touches:"
	# a meeting note counts; a note dated after today does not
	mkdir -p accounts/healthy
	printf -- '---\nkind: meeting\ndate: 2026-10-01\ntitle: Steering\nattendees: [c.cio, c.new]\n---\n' > accounts/healthy/steering.md
	printf -- '---\nkind: meeting\ndate: 2026-12-01\ntitle: Later\nattendees: [c.cfo]\n---\n' > accounts/healthy/later.md
	printf 'rules:\n  contact-stale: {days: 100}\n' >> kam.yaml
	run kam check -q
	assert_output ""
	sed -i 's/days: 100/days: 30, roles: [sponsor]/' kam.yaml
	run kam check -q
	assert_output "accounts/healthy.md:49:19: warning[contact-stale]: 'c.spo' of open deal 'o-core' was never met: no meeting note or touch names them
    hint: meet c.spo, then record it: a meeting note with c.spo among its attendees, or a touch in touches:"
}

@test "contact-stale and health over more plans than one run of the pool: the same on 1 and 4 threads" {
	make_repo
	healthy_plan
	rm accounts/healthy/2026-11-02-steering.md
	for i in $(seq 1 600); do sed 's/^id: healthy$/id: h'"$i"'/' accounts/healthy.md > "accounts/h$i.md"; done
	rm -r accounts/healthy.md accounts/healthy
	KAM_THREADS=1 kam check --format json > one.json || true
	KAM_THREADS=4 kam check --format json > four.json || true
	cmp one.json four.json
	[ "$(grep -c '"rule": *"contact-stale"' one.json)" -eq 600 ]
	grep -q '"file": *"accounts/h600.md"' one.json
	KAM_THREADS=1 kam status --format json > one.json
	KAM_THREADS=4 kam status --format json > four.json
	cmp one.json four.json
}

@test "contact-stale is reported only for the plans checked" {
	make_repo
	healthy_plan
	rm accounts/healthy/2026-11-02-steering.md
	run kam check -q accounts/partner-co.md
	assert_output ""
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:44:22: warning[contact-stale]: 'c.cio' of open deal 'o-core' was never met: no meeting note or touch names them
    hint: meet c.cio, then record it: a meeting note with c.cio among its attendees, or a touch in touches:"
}

@test "validation-overdue is off by default; on, it wants a validation within months" {
	make_repo
	healthy_plan
	sed -i 's/validated: {date: 2026-10-14/validated: {date: 2025-11-19/' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_output ""
	printf 'rules:\n  validation-overdue: warning\n' >> kam.yaml
	run kam check -q accounts/healthy.md
	assert_output "accounts/healthy.md:9:19: warning[validation-overdue]: the client last validated the plan on 2025-11-19, more than 12 months ago (validate by 2026-11-19)
    hint: review the plan with the client, then set validated: to that day and who took part"
	sed -i 's/validation-overdue: warning/validation-overdue: {severity: error, months: 13}/' kam.yaml
	run kam check -q accounts/healthy.md
	assert_output ""
	# a plan of the first tier that was never validated
	sed -i '/^validated:/d' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_failure 1
	assert_output "accounts/healthy.md:5:7: error[validation-overdue]: key account 'healthy' was never validated with the client
    hint: review the plan with the client, then add validated: {date: <that day>, with: [<contact ids>]}"
	sed -i 's/^tier: key$/tier: growth/' accounts/healthy.md
	run kam check -q accounts/healthy.md
	assert_success
	assert_output ""
}

@test "stage-probability takes its ranges from kam.yaml's stages" {
	make_repo
	cp "$FIXTURES/check/rule-stage-probability-passes.md" accounts/
	printf 'stages:\n  propose: {probability: [40, 70]}\n' >> kam.yaml
	run kam check -q accounts/rule-stage-probability-passes.md
	assert_output "accounts/rule-stage-probability-passes.md:8:84: warning[stage-probability]: opportunity 'o-a' at stage propose has probability 80, outside 40-70
    hint: set a probability from 40 to 70, or move it to the stage it is at (kam.yaml's stages: sets the ranges)"
}

key_plan() { # key_plan ID OWNER TIER
	printf -- '---\nid: %s\nname: %s\ntype: customer\ntier: %s\nowner: %s\nreviewed: 2026-10-01\n---\n' \
		"$1" "$1" "$3" "$2" > "accounts/$1.md"
}

@test "key-account-limit counts kam.yaml's first tier, or the tiers it is given" {
	make_repo
	rm accounts/valid-minimal.md
	printf 'tiers: [enterprise, strategic, growth]\n' >> kam.yaml
	key_plan e1 anna.petrova enterprise
	key_plan e2 anna.petrova enterprise
	key_plan s1 anna.petrova strategic
	key_plan s2 anna.petrova strategic
	run kam check -q
	assert_output ""
	printf 'rules:\n  key-account-limit: {max: 3, tiers: [enterprise, strategic]}\n' >> kam.yaml
	run kam check -q accounts/e1.md
	assert_output "accounts/e1.md:5:7: warning[key-account-limit]: anna.petrova manages 4 enterprise or strategic accounts, more than 3 (e1, e2, s1, s2)
    hint: hand an enterprise or strategic account to another manager, or change its tier"
	sed -i 's/max: 3, tiers: \[enterprise, strategic\]/max: 1/' kam.yaml
	run kam check -q accounts/e2.md
	assert_output "accounts/e2.md:5:7: warning[key-account-limit]: anna.petrova manages 2 enterprise accounts, more than 1 (e1, e2)
    hint: hand an enterprise account to another manager, or change its tier"
}

@test "rule options are checked against kam.yaml's schema" {
	make_repo
	printf 'rules:\n  contact-stale: {days: 0, roles: [boss]}\n' >> kam.yaml
	run kam check
	assert_failure
	assert_output --partial "contact-stale"
}

@test "kam rules shows the options of the new rules, lists too" {
	make_repo
	printf 'rules:\n  contact-stale: {days: 60, roles: [key-decision-leader, sponsor]}\n  validation-overdue: {severity: warning, months: 6}\n  key-account-limit: {tiers: [key, strategic]}\n' >> kam.yaml
	run kam rules
	assert_success
	assert_line "contact-stale             warning  a decider of an open deal not met for months is a relationship gone cold (days: 60, roles: [key-decision-leader, sponsor])"
	assert_line "validation-overdue        warning  the client reviews its plan with us at least once a year (months: 6, default off)"
	assert_line "key-account-limit         warning  nobody manages more than a few key accounts well (tiers: [key, strategic])"
}
