#!/usr/bin/env bats
# References and links: schema-declared ids and references, [[refs]],
# relative links with GitHub anchors, duplicates, backlinks (kam links).

load helpers

refs_repo() {
	cp -r "$FIXTURES/refs" "$WORK/refs"
	cd "$WORK/refs"
}

@test "every broken reference, link, anchor and id of a repository is found" {
	refs_repo
	run kam check
	assert_equal "$status" "$(tail -n 1 "$FIXTURES/refs-check.expected" | sed 's/^exit //')"
	assert_output "$(head -n -1 "$FIXTURES/refs-check.expected")"
}

@test "a single file is checked against the whole repository, only it is reported" {
	refs_repo
	run kam check accounts/globex-partner.md
	assert_success
	assert_output "no problems in 1 plan"
	run kam check accounts/acme/meetings/kickoff.md
	assert_failure 1
	assert_output "accounts/acme/meetings/kickoff.md:5:34: error[ref-unresolved]: attendees[2] 'c.ghost' is not a contact or a team member of 'acme'
    hint: fix the id, or add what it names to the plan
accounts/acme/meetings/kickoff.md:8:10: error[id-duplicate]: id 'a-1' is already used by the action in accounts/acme.md:21
    hint: an id names exactly one thing in an account: rename one of them
2 errors in 1 document"
}

@test "a document in the folder of an account that has no plan is reported" {
	make_repo
	sed 's/^id: valid-minimal$/id: acme-corp/' accounts/valid-minimal.md > accounts/acme-corp.md
	mkdir -p accounts/acme-crop/meetings
	printf -- '---\nkind: meeting\ndate: 2026-11-02\n---\nNotes.\n' > accounts/acme-crop/meetings/call.md
	printf -- '# plain notes, not a document\n' > accounts/acme-crop/notes.md
	run kam check
	assert_failure 1
	assert_output "accounts/acme-crop/meetings/call.md:1:1: error[ref-unresolved]: this document is in the folder of account 'acme-crop', which has no plan; did you mean 'acme-corp'?
    hint: move it to the folder of its account, or write the plan accounts/acme-crop.md
1 error in 2 plans and 1 document"
	mv accounts/acme-crop accounts/acme-corp
	run kam check
	assert_success
}

@test "a note in the folder of an account that has no plan is that one finding, not also each contact it names" {
	make_repo
	mkdir -p accounts/acme-crop
	printf -- '---\nkind: meeting\ndate: 2026-11-02\nattendees: [c.cio]\n---\nMet [[#c.cio]] and [[@nobody]].\n' > accounts/acme-crop/call.md
	run kam check accounts/acme-crop/call.md
	assert_failure 1
	assert_line --index 0 "accounts/acme-crop/call.md:1:1: error[ref-unresolved]: this document is in the folder of account 'acme-crop', which has no plan"
	assert_line --index 2 --partial "accounts/acme-crop/call.md:6:"
	assert_line --index 2 --partial "[[@nobody]]: 'nobody' is not in kam.yaml's team"
	assert_line --index 4 "2 errors in 1 document"
}

@test "a reference after an e-mail address is reported where it is written" {
	make_repo
	printf '\nWrite to ana@example.com, or see [[no-such-account]] and [[#no-id]].\n' >> accounts/valid-minimal.md
	line=$(grep -n 'ana@example.com' accounts/valid-minimal.md | cut -d: -f1)
	run kam check accounts/valid-minimal.md
	assert_failure 1
	assert_line --partial "accounts/valid-minimal.md:$line:34: error[ref-unresolved]: [[no-such-account]]:"
	assert_line --partial "accounts/valid-minimal.md:$line:58: error[ref-unresolved]: [[#no-id]]:"
}

@test "a renamed contact id is caught at every place it was used" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	sed -i 's/^  - id: c.mueller$/  - id: c.muller/' accounts/northwind-bank.md
	run kam check
	assert_failure 1
	assert_line "accounts/northwind-bank.md:26:38: error[ref-unresolved]: with[0] 'c.mueller' is not a contact of 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "accounts/northwind-bank.md:29:100: error[ref-unresolved]: owner 'c.mueller' is not a contact of 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "accounts/northwind-bank.md:48:19: error[ref-unresolved]: contact 'c.mueller' is not a contact of 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "accounts/northwind-bank.md:122:22: error[ref-unresolved]: decision_leader 'c.mueller' is not a contact of 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "accounts/northwind-bank.md:379:53: error[ref-unresolved]: [[#c.mueller]]: 'c.mueller' names nothing in 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "accounts/northwind-bank/meetings/2026-10-03-exec-briefing.md:5:13: error[ref-unresolved]: attendees[0] 'c.mueller' is not a contact or a team member of 'northwind-bank'; did you mean 'c.muller'?"
	assert_line "13 errors in 4 plans and 1 document"
}

@test "a repository's own schema declares new kinds of ids and references" {
	cp -r "$FIXTURES/custom-ns" "$WORK/custom"
	cd "$WORK/custom"
	run kam check
	assert_failure 1
	assert_output "accounts/acme.md:9:37: error[ref-unresolved]: against[1] 'k.umbrela' is not a competitor of 'acme'; did you mean 'k.umbrella'?
    hint: fix the id, or add what it names to the plan
1 error in 1 plan"
	run kam links acme#k.initrode
	assert_success
	assert_output "acme#k.initrode (competitor): Initrode
  declared at accounts/acme.md:6:10
outgoing (0):
backlinks (2):
  accounts/acme.md:9:25  deals[0].against[0] from acme#d-1
  accounts/acme.md:11:12  [[#k.initrode]] from acme
broken (0):"
}

@test "links shows an entity's outgoing references and backlinks with positions" {
	refs_repo
	run kam links acme#c.ceo
	assert_success
	assert_output "acme#c.ceo (contact): Carla Ceo
  declared at accounts/acme.md:11:10
  last met 2026-10-03 (meeting, accounts/acme/meetings/kickoff.md)
outgoing (1):
  accounts/acme.md:11:60  contacts[0].owner -> @anna.petrova
backlinks (4):
  accounts/acme.md:12:44  contacts[1].reports_to from acme#c.cio
  accounts/acme.md:21:57  actions[0].contact from acme#a-1
  accounts/acme/meetings/kickoff.md:5:13  attendees[0] from acme
  accounts/acme/meetings/kickoff.md:10:5  [[#c.ceo]] from acme
broken (0):"
}

@test "an account's backlinks include links to its plan; a twice-claimed id is its own file's" {
	refs_repo
	run kam links globex-partner
	assert_success
	assert_output "globex-partner (account): Globex Partners
  declared at accounts/globex-partner.md:2:5
outgoing (2):
  accounts/globex-partner.md:5:8  owner -> @ivan.sidorov
  accounts/globex-partner.md:14:12  [[acme]] -> acme
backlinks (5):
  accounts/acme.md:15:121  opportunities[0].partner from acme#o-one
  accounts/acme.md:25:12  [[globex-partner]] from acme
  accounts/acme.md:25:39  [[globex-partner#c.sales]] from acme
  accounts/acme.md:31:5  link globex-partner.md#overview from acme
  accounts/acme.md:42:18  link globex%2Dpartner.md from acme
broken (0):"
}

@test "a team member's backlinks" {
	refs_repo
	run kam links @anna.petrova
	assert_success
	assert_line --index 0 "@anna.petrova (team): Anna Petrova"
	assert_line "  accounts/acme.md:26:13  [[@anna.petrova]] from acme"
	assert_line "backlinks (7):"
}

@test "a team member is declared at their id's line and column in kam.yaml, as a contact is" {
	refs_repo
	run kam links @anna.petrova
	assert_success
	assert_line --index 1 "  declared at kam.yaml:4:10"
	# a member written as a block mapping, the id not on its first line
	printf '  - name: Bo Brandt\n    id: bo.brandt\n' >> kam.yaml
	run kam links @bo.brandt
	assert_success
	assert_line --index 0 "@bo.brandt (team): Bo Brandt"
	assert_line --index 1 "  declared at kam.yaml:7:9"
}

@test "links names a tier, competitor or offering of kam.yaml as kam.yaml#id, never (null)" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	run kam links tailspin-retail
	assert_success
	assert_line "  accounts/tailspin-retail.md:5:7  tier -> kam.yaml#strategic"
	assert_line "  accounts/tailspin-retail.md:53:19  opportunities[0].competitors[0] -> kam.yaml#umbrella"
	refute_output --partial "(null)"
	run kam links northwind-bank
	assert_line "  accounts/northwind-bank.md:157:14  opportunities[6].lost_to -> kam.yaml#initrode"
	assert_line "  accounts/northwind-bank.md:60:15  opportunities[0].offering -> kam.yaml#core-platform"
	refute_output --partial "(null)"
	run kam links --format json tailspin-retail
	assert_success
	assert_line '    {"file": "accounts/tailspin-retail.md", "line": 5, "column": 7, "kind": "field", "field": "tier", "text": "strategic", "source": "tailspin-retail", "target": "kam.yaml#strategic", "broken": false},'
	refute_output --partial "(null)"
	# the name a target is shown by is a subject too
	run kam links kam.yaml#initrode
	assert_success
	assert_line --index 0 "kam.yaml#initrode (competitor): Initrode Analytics"
	assert_line --index 1 "  declared at kam.yaml:21:10"
	assert_line "  accounts/northwind-bank.md:157:14  opportunities[6].lost_to from northwind-bank#o-esg-scoring"
	run kam links kam.yaml#initrod
	assert_failure 2
	assert_output "kam: links: 'kam.yaml#initrod' names no account, entity or team member; did you mean 'kam.yaml#initrode'?"
}

@test "links with no subject lists every broken reference and exits 1" {
	refs_repo
	run kam links
	assert_failure 1
	assert_line --index 0 "broken (13):"
	assert_line --index 1 "  accounts/acme.md:13:45  contacts[2].reports_to -> (nothing)"
	assert_line "  accounts/acme.md:40:1  link #risk -> accounts/acme.md"
}

@test "links json is exact" {
	refs_repo
	run kam links --format json acme#c.cio
	assert_success
	assert_output "$(cat "$FIXTURES/refs-links-cio.json")"
}

@test "links dot draws accounts, partners and people" {
	refs_repo
	run kam links --format dot globex-partner
	assert_success
	assert_output "$(cat "$FIXTURES/refs-links-globex.dot")"
}

@test "links on an unknown subject suggests the closest" {
	refs_repo
	run kam links acme#c.ce
	assert_failure 2
	assert_output "kam: links: 'acme#c.ce' names no account, entity or team member; did you mean 'acme#c.ceo'?"
}

@test "the example accounts have no broken references" {
	cd "$ROOT/example-accounts"
	run kam links
	assert_success
	assert_output "broken (0):"
	run kam links northwind-bank#c.mueller
	assert_success
	assert_line "backlinks (13):"
}
