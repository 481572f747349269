#!/usr/bin/env bats
# kam brief: the one-page sheet of an account or a person, text and
# Markdown, on a small repository made here (two deals, a buying unit with
# an override and a contact who left, touches, two meeting notes).

bats_require_minimum_version 1.5.0
load helpers

brief_repo() {
	mkdir -p "$WORK/r/accounts/acme/meetings"
	cd "$WORK/r"
	cat >kam.yaml <<'EOF'
kam: 1
organization: Test Systems
currency: EUR
team:
  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}
  - {id: ivan.sidorov, name: Ivan Sidorov, role: solution-architect}
EOF
	cat >accounts/acme.md <<'EOF'
---
id: acme
name: Acme Bank
type: customer
tier: key
owner: anna.petrova
reviewed: 2026-11-02
focus: Become the bank's cloud partner
opportunities:
  - id: o-core
    title: Core banking
    stage: propose
    value: 1200000
    close: 2027-Q1
    probability: 60
    must_win: true
    route: direct
    decision_leader: c.berg
    owner: anna.petrova
    buying_unit:
      - {contact: c.berg, role: key-decision-leader}
      - {contact: c.lind, role: approver, attitude: skeptic}
      - {contact: c.novak, role: sponsor}
  - {id: o-kiosk, title: Kiosks, stage: qualify, value: 50000, close: 2027-Q2, probability: 40, route: direct, decision_leader: c.lind, owner: ivan.sidorov}
  - {id: o-old, title: Old deal, stage: won, value: 1000, close: 2026-Q1, probability: 100, route: direct, decision_leader: c.berg, owner: anna.petrova}
routes:
  - {route: direct, share: 100}
contacts:
  - id: c.berg
    name: Eva Berg
    title: Chief Information Officer
    roles: [key-decision-leader]
    attitude: supporter
    influence: high
    owner: anna.petrova
    relationship:
      level: 2
      target: 3
      by: 2027-Q2
      steps:
        - {quarter: 2026-Q3, level: 2, how: Workshop}
        - {quarter: 2027-Q1, level: 3, how: Executive briefing with our CTO}
  - {id: c.lind, name: Jon Lind, title: CFO, roles: [approver], influence: medium, owner: ivan.sidorov}
  - {id: c.novak, name: Petra Novak, title: Head of IT, roles: [sponsor], attitude: advocate, status: left, since: 2026-10-31, successor: c.berg}
touches:
  - {date: 2026-11-05, contacts: [c.lind], kind: call, by: [ivan.sidorov]}
  - {date: 2026-12-24, contacts: [c.lind], kind: hospitality}
actions:
  - {id: a-deck, text: Send the deck, owner: anna.petrova, due: 2026-11-10, contact: c.berg, opportunity: o-core}
  - {id: a-done, text: Old thing, owner: anna.petrova, due: 2026-10-01, status: done, contact: c.berg}
  - {id: a-price, text: Price list, owner: ivan.sidorov, due: 2026-12-15}
---
# Acme Bank
EOF
	cat >accounts/acme/meetings/2026-10-03-kickoff.md <<'EOF'
---
kind: meeting
title: Kick-off
date: 2026-10-03
attendees: [c.berg, anna.petrova]
actions:
  - {id: a-notes, text: Share the notes, owner: anna.petrova, due: 2026-10-10, status: done}
---
# Kick-off
EOF
	cat >accounts/acme/meetings/2026-11-18-steering.md <<'EOF'
---
kind: meeting
title: Steering
date: 2026-11-18
attendees: [c.berg, c.lind, ivan.sidorov]
actions:
  - {id: a-plan, text: Draft the migration plan, owner: ivan.sidorov, due: 2026-12-01, contact: c.lind}
---
# Steering
EOF
}

# The repository carries on purpose one contact who left and is still in a
# buying unit (what brief shows), a decision leader without the role on a
# deal that is not a must-win, and an overdue action; c.lind, a skeptic
# approver of the must-win, is managed by the open action of the meeting note.
check_output='accounts/acme.md:23:19: error[contact-left]: '"'"'c.novak'"'"' left the client (2026-10-31) and is still in the buying unit of '"'"'o-core'"'"' as sponsor
    hint: replace c.novak with their successor c.berg
accounts/acme.md:24:129: warning[decision-leader-role]: decision leader '"'"'c.lind'"'"' of '"'"'o-kiosk'"'"' lacks the key-decision-leader role
    hint: add key-decision-leader to the roles of c.lind, or name the one who decides
accounts/acme.md:49:65: warning[action-overdue]: action '"'"'a-deck'"'"' was due 2026-11-10 and is still open
    hint: mark it done or dropped, or set a new due date
1 error, 2 warnings in 1 plan and 2 documents'

@test "brief: the test repository has only the findings it carries on purpose" {
	brief_repo
	run kam check
	assert_failure 1
	assert_output "$check_output"
}

@test "brief: an account as text: deals with buying units, open actions, newest meeting notes" {
	brief_repo
	run --separate-stderr kam brief acme
	assert_success
	assert_equal "$stderr" ""
	assert_output "Acme Bank (acme)
  tier: key
  owner: Anna Petrova
  focus: Become the bank's cloud partner
  reviewed: 2026-11-02

Open deals (2)
  o-core: Core banking (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)
    Eva Berg (c.berg): key decision leader; supporter, influence high; our owner Anna Petrova; last met 2026-11-18 (meeting)
    Jon Lind (c.lind): approver; skeptic, influence medium; our owner Ivan Sidorov; last met 2026-11-18 (meeting)
    Petra Novak (c.novak): sponsor; advocate, influence unknown; our owner none; never met; left the client since 2026-10-31, successor Eva Berg (c.berg)
  o-kiosk: Kiosks (qualify, 50,000 EUR, close 2027-Q2, our owner Ivan Sidorov)
    Jon Lind (c.lind): key decision leader; attitude unknown, influence medium; our owner Ivan Sidorov; last met 2026-11-18 (meeting)

Goals (0)
  none

Open actions (3)
  a-deck: Send the deck; owner Anna Petrova; due 2026-11-10 (overdue); with Eva Berg (c.berg); deal o-core; in accounts/acme.md
  a-price: Price list; owner Ivan Sidorov; due 2026-12-15; in accounts/acme.md
  a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (c.lind); in accounts/acme/meetings/2026-11-18-steering.md

Latest meeting notes (2)
  2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
    attendees: Eva Berg (c.berg), Jon Lind (c.lind), Ivan Sidorov
    open actions: 1
      a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (c.lind)
  2026-10-03 Kick-off (accounts/acme/meetings/2026-10-03-kickoff.md)
    attendees: Eva Berg (c.berg), Anna Petrova
    open actions: 0"
}

@test "brief: a person as text: status, roles, relationship and its next step, last met, deals, actions, notes" {
	brief_repo
	run kam brief acme#c.berg
	assert_success
	assert_output "Eva Berg (acme#c.berg)
  account: Acme Bank
  title: Chief Information Officer
  status: active
  roles across the account: key decision leader
  attitude: supporter; influence: high
  relationship: level 2 (credible), target 3 (trusted) by 2027-Q2
  next step: 2027-Q1 level 3 (trusted): Executive briefing with our CTO
  our owner: Anna Petrova
  last met: 2026-11-18, meeting, accounts/acme/meetings/2026-11-18-steering.md

Open deals they are in (1)
  o-core: Core banking (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)
    role: key decision leader; supporter, influence high

Open actions with them (1)
  a-deck: Send the deck; owner Anna Petrova; due 2026-11-10 (overdue); with Eva Berg (c.berg); deal o-core; in accounts/acme.md

Latest meeting notes they attended (2)
  2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
    attendees: Eva Berg (c.berg), Jon Lind (c.lind), Ivan Sidorov
    open actions: 1
      a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (c.lind)
  2026-10-03 Kick-off (accounts/acme/meetings/2026-10-03-kickoff.md)
    attendees: Eva Berg (c.berg), Anna Petrova
    open actions: 0"
}

@test "brief: a person who left shows since when and the successor; empty sections say none" {
	brief_repo
	run kam brief acme#c.novak
	assert_success
	assert_output "Petra Novak (acme#c.novak)
  account: Acme Bank
  title: Head of IT
  status: left the client since 2026-10-31, successor Eva Berg (c.berg)
  roles across the account: sponsor
  attitude: advocate; influence: unknown
  relationship: level not given
  next step: none planned
  our owner: none
  last met: never

Open deals they are in (1)
  o-core: Core banking (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)
    role: sponsor; advocate, influence unknown

Open actions with them (0)
  none

Latest meeting notes they attended (0)
  none"
}

@test "brief: --today decides last met (touches of the plan count), overdue and the next step" {
	brief_repo
	run kam --today 2026-11-10 brief acme#c.lind
	assert_success
	assert_line "  last met: 2026-11-05, call, accounts/acme.md"
	run kam --today 2026-12-31 brief acme#c.lind
	assert_line "  last met: 2026-12-24, hospitality, accounts/acme.md"
	assert_line "  a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01 (overdue); with Jon Lind (c.lind); in accounts/acme/meetings/2026-11-18-steering.md"
	run kam --today 2026-07-01 brief acme#c.berg
	assert_line "  next step: 2026-Q3 level 2 (credible): Workshop"
	run kam --today 2027-04-01 brief acme#c.berg
	assert_line "  next step: none planned"
}

@test "brief: an account and a person as Markdown" {
	brief_repo
	run kam brief --format md acme
	assert_success
	assert_output "# Acme Bank (\`acme\`)

- tier: key
- owner: Anna Petrova
- focus: Become the bank's cloud partner
- reviewed: 2026-11-02

## Open deals (2)

- \`o-core\`: Core banking (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)
  - Eva Berg (\`c.berg\`): key decision leader; supporter, influence high; our owner Anna Petrova; last met 2026-11-18 (meeting)
  - Jon Lind (\`c.lind\`): approver; skeptic, influence medium; our owner Ivan Sidorov; last met 2026-11-18 (meeting)
  - Petra Novak (\`c.novak\`): sponsor; advocate, influence unknown; our owner none; never met; left the client since 2026-10-31, successor Eva Berg (\`c.berg\`)
- \`o-kiosk\`: Kiosks (qualify, 50,000 EUR, close 2027-Q2, our owner Ivan Sidorov)
  - Jon Lind (\`c.lind\`): key decision leader; attitude unknown, influence medium; our owner Ivan Sidorov; last met 2026-11-18 (meeting)

## Goals (0)

- none

## Open actions (3)

- \`a-deck\`: Send the deck; owner Anna Petrova; due 2026-11-10 (overdue); with Eva Berg (\`c.berg\`); deal \`o-core\`; in accounts/acme.md
- \`a-price\`: Price list; owner Ivan Sidorov; due 2026-12-15; in accounts/acme.md
- \`a-plan\`: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (\`c.lind\`); in accounts/acme/meetings/2026-11-18-steering.md

## Latest meeting notes (2)

- 2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
  - attendees: Eva Berg (\`c.berg\`), Jon Lind (\`c.lind\`), Ivan Sidorov
  - open actions: 1
    - \`a-plan\`: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (\`c.lind\`)
- 2026-10-03 Kick-off (accounts/acme/meetings/2026-10-03-kickoff.md)
  - attendees: Eva Berg (\`c.berg\`), Anna Petrova
  - open actions: 0"
	run kam brief --format md acme#c.lind
	assert_success
	assert_output "# Jon Lind (\`acme#c.lind\`)

- account: Acme Bank
- title: CFO
- status: active
- roles across the account: approver
- attitude: unknown; influence: medium
- relationship: level not given
- next step: none planned
- our owner: Ivan Sidorov
- last met: 2026-11-18, meeting, accounts/acme/meetings/2026-11-18-steering.md

## Open deals they are in (2)

- \`o-core\`: Core banking (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)
  - role: approver; skeptic, influence medium
- \`o-kiosk\`: Kiosks (qualify, 50,000 EUR, close 2027-Q2, our owner Ivan Sidorov)
  - role: key decision leader; attitude unknown, influence medium

## Open actions with them (1)

- \`a-plan\`: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (\`c.lind\`); in accounts/acme/meetings/2026-11-18-steering.md

## Latest meeting notes they attended (1)

- 2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
  - attendees: Eva Berg (\`c.berg\`), Jon Lind (\`c.lind\`), Ivan Sidorov
  - open actions: 1
    - \`a-plan\`: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with Jon Lind (\`c.lind\`)"
}

@test "brief: the three newest meeting notes only" {
	brief_repo
	for d in 2026-09-01 2026-09-15; do
		printf -- '---\nkind: meeting\ntitle: Call %s\ndate: %s\nattendees: [c.berg]\n---\n' "$d" "$d" \
			>"accounts/acme/meetings/$d.md"
	done
	run kam brief acme
	assert_success
	assert_line "Latest meeting notes (3)"
	assert_line "  2026-09-15 Call 2026-09-15 (accounts/acme/meetings/2026-09-15.md)"
	refute_line --partial "2026-09-01"
}

@test "brief: unknown account or contact: exit 2 with did you mean" {
	brief_repo
	run --separate-stderr kam brief acm
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "kam: brief: 'acm' names no account; did you mean 'acme'?"
	run --separate-stderr kam brief acme#c.bergg
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "kam: brief: 'acme#c.bergg' names no contact of acme; did you mean 'acme#c.berg'?"
	run --separate-stderr kam brief acme#o-core
	assert_failure 2
	assert_equal "$stderr" "kam: brief: 'acme#o-core' names no contact of acme"
	run --separate-stderr kam brief zzzzzz
	assert_failure 2
	assert_equal "$stderr" "kam: brief: 'zzzzzz' names no account"
}

@test "brief: usage errors exit 2" {
	brief_repo
	run --separate-stderr kam brief
	assert_failure 2
	assert_equal "$stderr" "kam: brief: one account or account#contact; see 'kam brief --help'"
	run --separate-stderr kam brief --format html acme
	assert_failure 2
	assert_equal "$stderr" "kam: --format takes text or md, not 'html'"
	run --separate-stderr kam brief --bogus acme
	assert_failure 2
	assert_equal "$stderr" "kam: brief: unknown option '--bogus'; see 'kam brief --help'"
	run kam brief --help
	assert_success
	assert_line --index 0 "usage: kam brief [--format text|md] ACCOUNT[#CONTACT]"
}

@test "brief: a broken plan: the sheet says what it could not read, shows the meeting notes, exits 1" {
	brief_repo
	sed -i 's/^name: Acme Bank/name: [Acme Bank/' accounts/acme.md
	run kam brief acme
	assert_failure 1
	assert_output "acme (acme)
  could not read accounts/acme.md (yaml-syntax at 3:7): its deals, people and actions are not shown; run kam check

Latest meeting notes (2)
  2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
    attendees: c.berg, c.lind, Ivan Sidorov
    open actions: 1
      a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with c.lind
  2026-10-03 Kick-off (accounts/acme/meetings/2026-10-03-kickoff.md)
    attendees: c.berg, Anna Petrova
    open actions: 0"
	run kam brief acme#c.lind
	assert_failure 1
	assert_output "c.lind (acme#c.lind)
  could not read accounts/acme.md (yaml-syntax at 3:7): their roles, deals and actions are not shown; run kam check
  account: acme
  last met: 2026-11-18, meeting, accounts/acme/meetings/2026-11-18-steering.md

Latest meeting notes they attended (1)
  2026-11-18 Steering (accounts/acme/meetings/2026-11-18-steering.md)
    attendees: c.berg, c.lind, Ivan Sidorov
    open actions: 1
      a-plan: Draft the migration plan; owner Ivan Sidorov; due 2026-12-01; with c.lind"
}

@test "brief: a broken meeting note is named; the rest of the sheet stands; exit 1" {
	brief_repo
	printf -- '---\nkind: meeting\ntitle: [broken\n---\n' >accounts/acme/meetings/2026-11-19-broken.md
	run kam brief acme#c.berg
	assert_failure 1
	assert_line "  next step: 2027-Q1 level 3 (trusted): Executive briefing with our CTO"
	assert_line "Latest meeting notes they attended (2)"
	assert_line "  could not read accounts/acme/meetings/2026-11-19-broken.md (yaml-syntax at 3:8); run kam check"
}

@test "brief: values from plans cannot change the sheet's structure (text and Markdown)" {
	brief_repo
	python3 - <<'PY'
p = 'accounts/acme.md'
s = open(p).read()
s = s.replace('name: Eva Berg', 'name: "Eva\\n# Forged heading\\n- forged item [x](javascript:alert(1)) <b>bold</b> \\u001b[31mred"', 1)
s = s.replace('title: Core banking', 'title: "Core\\n## Forged section (9)\\n  o-x: forged deal"', 1)
open(p, 'w').write(s)
PY
	run kam check
	assert_failure 1
	assert_output "$check_output"
	run kam brief acme
	assert_success
	assert_line '    Eva\n# Forged heading\n- forged item [x](javascript:alert(1)) <b>bold</b> \e[31mred (c.berg): key decision leader; supporter, influence high; our owner Anna Petrova; last met 2026-11-18 (meeting)'
	assert_line '  o-core: Core\n## Forged section (9)\n  o-x: forged deal (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)'
	refute_line --regexp '^(#|-|## Forged|  o-x)'
	[[ "$output" != *$'\e'* ]]
	run kam brief --format md acme#c.berg
	assert_success
	assert_line --index 0 '# Eva # Forged heading - forged item \[x\](javascript:alert(1)) &lt;b&gt;bold&lt;/b&gt;  \[31mred (`acme#c.berg`)'
	assert_line '- `o-core`: Core ## Forged section (9)   o-x: forged deal (propose, 1,200,000 EUR, close 2027-Q1, must-win, our owner Anna Petrova)'
	# one heading of the title and three of the sections, nothing else starts a block
	run grep -cE '^#' <<<"$output"
	assert_output 4
}
