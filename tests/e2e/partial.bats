#!/usr/bin/env bats
# One broken plan stays in its own file: the plans, notes and reports
# around it keep working and say what they could not see.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
}

# tests/fixtures/partial: nordtel.md is referred to by alpha, beta and gamma
# (partner:, [[nordtel]], [[nordtel#c.berg]], a link to its heading) and by
# a meeting note in its folder.
partial_repo() {
	cp -r "$FIXTURES/partial" "$WORK/repo"
	cd "$WORK/repo"
}

# Replace the first occurrence of $1 with $2 in nordtel.md.
break_nordtel() {
	python3 - "$1" "$2" <<'PY'
import sys
p = 'accounts/nordtel.md'
s = open(p, encoding='utf-8').read()
assert sys.argv[1] in s, sys.argv[1]
open(p, 'w', encoding='utf-8').write(s.replace(sys.argv[1], sys.argv[2], 1))
PY
}

# Every finding of the last run is in accounts/nordtel.md, and there is one.
findings_only_in_nordtel() {
	local findings others
	findings=$(printf '%s\n' "$output" | grep -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning)\[' || true)
	others=$(printf '%s\n' "$findings" | grep -v '^accounts/nordtel\.md:' || true)
	[ -n "$findings" ] || { echo "no finding at all: $output"; return 1; }
	[ -z "$others" ] || { echo "findings outside the broken plan: $others"; return 1; }
}

# The broken plan is reported in itself only; a check of a file that needs
# it says what was not checked, and passes.
assert_contained() {
	run kam check
	assert_failure 2
	findings_only_in_nordtel
	run --separate-stderr kam check accounts/alpha.md
	assert_success
	assert_output "no problems in 1 plan"
	[[ "$stderr" =~ ^kam:\ note:\ accounts/nordtel\.md\ could\ not\ be\ read\ \((yaml-[a-z-]+|utf8-invalid|frontmatter-unclosed)\ at\ [0-9]+:[0-9]+\):\ references\ to\ it\ were\ not\ checked$ ]] ||
		{ echo "stderr: $stderr"; return 1; }
	run --separate-stderr kam check accounts/nordtel/meetings/2026-10-03-kickoff.md
	assert_success
	assert_output "no problems in 1 document"
}

@test "the partial fixture is valid" {
	partial_repo
	run kam check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "a tab in the broken plan: findings in that plan only" {
	partial_repo
	break_nordtel "    name: Ola Berg" $'\tname: Ola Berg'
	assert_contained
}

@test "an unquoted colon in block style: findings in that plan only" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	assert_contained
}

@test "an unquoted colon in flow style: findings in that plan only" {
	partial_repo
	break_nordtel "title: CTO}" "title: CTO: networks}"
	assert_contained
}

@test "an unclosed quote: findings in that plan only" {
	partial_repo
	break_nordtel 'title: "Phase 2: resale"' 'title: "Phase 2: resale'
	assert_contained
}

@test "a duplicate key: findings in that plan only" {
	partial_repo
	break_nordtel "tier: growth" $'tier: growth\ntier: key'
	assert_contained
}

@test "a wrong indentation: findings in that plan only" {
	partial_repo
	break_nordtel "owner: ivan.sidorov" "  owner: ivan.sidorov"
	assert_contained
}

@test "a plan that is not UTF-8 or never closes its frontmatter: findings in that plan only" {
	partial_repo
	sed -i 's/^name: Nordtel Partners/name: Nordtel \xff Partners/' accounts/nordtel.md
	assert_contained
	cp "$FIXTURES/partial/accounts/nordtel.md" accounts/
	break_nordtel $'initiatives:' $'---\ninitiatives:'
	sed -i '0,/^---$/!{/^---$/d}' accounts/nordtel.md
	assert_contained
}

@test "the single-file note names the broken plan and where its problem is" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	run --separate-stderr kam check accounts/alpha.md accounts/beta.md
	assert_success
	assert_output "no problems in 2 plans"
	assert_equal "$stderr" "kam: note: accounts/nordtel.md could not be read (yaml-syntax at 6:18): references to it were not checked"
}

@test "the broken plan's own body is still checked: its links and references to others" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	printf '\nSee [[alpha#o-nothing]] and [the plan](alpha.md#no-such-heading); [[#c.lind]] is unknown to kam now.\n' >> accounts/nordtel.md
	run kam check accounts/nordtel.md
	assert_failure 2
	assert_line --partial "accounts/nordtel.md:25:5: error[ref-unresolved]: [[alpha#o-nothing]]: 'o-nothing' names nothing in 'alpha'"
	assert_line --partial "accounts/nordtel.md:25:29: error[anchor-missing]: link 'alpha.md#no-such-heading': 'accounts/alpha.md' has no heading '#no-such-heading'"
	refute_line --partial "c.lind"
	assert_line "3 errors in 1 plan"
	# SARIF says it in the invocation's notifications
	run --separate-stderr kam check --format sarif accounts/alpha.md accounts/beta.md
	assert_success
	run python3 -c 'import json,sys; i=json.load(sys.stdin)["runs"][0]["invocations"][0]; print(i["exitCode"], i["executionSuccessful"], [n["message"]["text"] for n in i["toolExecutionNotifications"]])' <<<"$output"
	assert_output "0 True ['accounts/nordtel.md could not be read (yaml-syntax at 6:18): references to it were not checked']"
}

@test "kam status keeps a row for the plan it could not read, names it on stderr and exits 1" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	run --separate-stderr kam --today 2026-11-20 status
	assert_failure 1
	assert_output "$(cat <<'OUT'
Test Systems portfolio on 2026-11-20 (2026-Q4), amounts in EUR

account                tier      owner             open pipeline  must  revenue 2026-Q4        review due  health
alpha                  key       anna.petrova            100,000     0  -                      2027-01-01      12
  weakest buying-unit 0/20: o-core has no key decision leader (and 2 more gaps)
beta                   key       anna.petrova            100,000     0  -                      2027-01-01      12
  weakest buying-unit 0/20: o-core has no key decision leader (and 2 more gaps)
gamma                  key       anna.petrova            100,000     0  -                      2027-01-01      12
  weakest buying-unit 0/20: o-core has no key decision leader (and 2 more gaps)
nordtel                ?         ?                             ?     ?  ?                      ?                ?  unreadable: accounts/nordtel.md (yaml-syntax at 6:18); run kam check

4 accounts (1 unreadable, left out of the totals), open pipeline 300,000 EUR; revenue is actual / target for 2026-Q4
OUT
)"
	assert_equal "$stderr" "kam: status: accounts/nordtel.md could not be read (yaml-syntax at 6:18): left out; run kam check"
	run --separate-stderr kam status --format json
	assert_failure 1
	python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = [a for a in d["accounts"] if a.get("unreadable")]
assert rows == [{"account": "nordtel", "file": "accounts/nordtel.md", "unreadable": "yaml-syntax at 6:18", "counted": False}], rows
assert len(d["accounts"]) == 4
' <<<"$output"
}

@test "two files claiming one account id: shown with their files, counted once, one finding" {
	partial_repo
	cp accounts/alpha.md accounts/alpha-copy.md
	run kam check
	assert_failure 1
	assert_output "$(cat <<'OUT'
accounts/alpha-copy.md:2:5: error[id-duplicate]: account id 'alpha' is already claimed by accounts/alpha.md
    hint: each plan has its own id, its file name: write id: alpha-copy
1 error in 5 plans and 1 document
OUT
)"
	run --separate-stderr kam --today 2026-11-20 status
	assert_failure 1
	# health 12: review 10 (this quarter), completeness 2 (opportunities, routes)
	assert_line --index 2 "alpha (accounts/alpha.md)      key       anna.petrova            100,000     0  -                      2027-01-01      12"
	assert_line --index 3 "  weakest buying-unit 0/20: o-core has no key decision leader (and 2 more gaps)"
	assert_line --index 4 "alpha (accounts/alpha-copy.md) key       anna.petrova            100,000     0  -                      2027-01-01      12  not counted: another plan's file is named after this id"
	assert_line "4 accounts, open pipeline 300,000 EUR; revenue is actual / target for 2026-Q4"
	assert_equal "$stderr" "kam: status: accounts/alpha-copy.md claims the account id 'alpha' of another plan: not counted; run kam check"
}

@test "a copy named so that its file name is no id: the hint asks for a new, valid id" {
	partial_repo
	cp accounts/alpha.md "accounts/Alpha Copy.md"
	run kam check
	assert_failure 1
	assert_output "$(cat <<'OUT'
accounts/Alpha Copy.md:2:5: error[id-duplicate]: account id 'alpha' is already claimed by accounts/alpha.md
    hint: each plan has its own id, its file name: rename the file to <new-id>.md and write id: <new-id> (lower-case letters, digits, '.' and '-')
1 error in 5 plans and 1 document
OUT
)"
}

@test "a wrong id: in the plan is one finding there, not one in every file naming it" {
	partial_repo
	break_nordtel "id: nordtel" "id: nortel"
	run kam check
	assert_failure 1
	assert_output "$(cat <<'OUT'
accounts/nordtel.md:2:5: error[id-filename]: id 'nortel' differs from the file name 'nordtel.md'
    hint: write id: nordtel (a plan's id is its file name), or rename the file to nortel.md
1 error in 4 plans and 1 document
OUT
)"
}

@test "a wrong id whose file name is no valid id: the hint never suggests an invalid one" {
	partial_repo
	mv accounts/gamma.md "accounts/Gamma Bank.md"
	run kam check "accounts/Gamma Bank.md"
	assert_failure 1
	assert_output "$(cat <<'OUT'
accounts/Gamma Bank.md:2:5: error[id-filename]: id 'gamma' differs from the file name 'Gamma Bank.md'
    hint: rename the file to gamma.md (a plan's id is its file name)
1 error in 1 plan
OUT
)"
}

@test "a broken team list in kam.yaml is reported there, not as unknown owners in every plan" {
	partial_repo
	sed -i 's/{id: anna.petrova, name/{nam: anna.petrova, name/' kam.yaml
	run kam check
	assert_failure 1
	assert_output "$(cat <<'OUT'
kam.yaml:5:5: error[schema-required]: team[0]: missing required key 'id'
    hint: add 'id:' with its value
kam.yaml:5:6: error[schema-unknown-key]: team[0]: unknown key 'nam'; did you mean 'name'?
    hint: the keys allowed here are: id, name, role, email
2 errors in 4 plans and 1 document
OUT
)"
}

@test "kam render lists the unreadable plan on the dashboard, gives it no page, and exits 1" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	run --separate-stderr kam render -o "$WORK/site"
	assert_failure 1
	assert_output "wrote the site of 3 plans to $WORK/site/index.html"
	assert_equal "$stderr" "kam: render: accounts/nordtel.md could not be read (yaml-syntax at 6:18): left out; run kam check"
	grep -q '<tr><td>nordtel</td><td>accounts/nordtel.md</td><td class="bad">unreadable: yaml-syntax at 6:18 (run kam check)</td></tr>' "$WORK/site/index.html"
	[ ! -e "$WORK/site/accounts/nordtel.html" ]
	[ -e "$WORK/site/accounts/alpha.html" ]
}

@test "kam links shows the unreadable account and leaves references into it unchecked" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	run --separate-stderr kam links nordtel
	assert_failure 1
	assert_line --index 0 "nordtel (account)"
	assert_line --index 1 "  could not be read: accounts/nordtel.md (yaml-syntax at 6:18); run kam check"
	assert_line "  accounts/nordtel.md:23:25  [[#c.berg]] -> (not checked: that plan could not be read)"
	assert_line "  accounts/alpha.md:9:129  opportunities[0].partner from alpha#o-core"
	refute_line --partial "broken (1"
	assert_equal "$stderr" "kam: links: accounts/nordtel.md could not be read (yaml-syntax at 6:18): left out; run kam check"
}

# A history: the fixture; nordtel broken while alpha changes; nordtel fixed.
partial_history() {
	partial_repo
	git init -q -b main .
	commit_at 2026-10-05T10:00:00Z "Plans"
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	sed -i 's/value: 100000/value: 150000/' accounts/alpha.md
	commit_at 2026-10-12T10:00:00Z "Alpha grows; Nordtel half-edited"
	cp "$FIXTURES/partial/accounts/nordtel.md" accounts/
	commit_at 2026-10-19T10:00:00Z "Nordtel fixed"
}

@test "kam diff leaves out a plan it could not read, names it on stderr, and exits 1" {
	partial_history
	run --separate-stderr kam diff HEAD~2 HEAD~1
	assert_failure 1
	assert_output "$(cat <<'OUT'
HEAD~2 -> HEAD~1
left out: accounts/nordtel.md in HEAD~1 could not be read (yaml-syntax at 6:18)
open pipeline of the changed accounts 100,000 -> 150,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

alpha (Alpha Bank) accounts/alpha.md
  open pipeline 100,000 -> 150,000 EUR (+50,000)
  opportunities o-core: value 100000 -> 150000
OUT
)"
	assert_equal "$stderr" "kam: diff: accounts/nordtel.md in HEAD~1 could not be read (yaml-syntax at 6:18): left out; run kam check"
	run kam diff HEAD~2 HEAD
	assert_success
}

@test "kam log shows the commit that broke a plan and the one that mended it, names it once, exits 1" {
	partial_history
	run --separate-stderr kam log
	assert_failure 1
	broken=$(git rev-parse HEAD~1)
	assert_line --index 0 --regexp '^[0-9a-f]{7} 2026-10-19 Anna Petrova: Nordtel fixed$'
	assert_line --index 1 "  left out: accounts/nordtel.md in $broken could not be read (yaml-syntax at 6:18)"
	assert_line --index 2 --regexp '^[0-9a-f]{7} 2026-10-12 Anna Petrova: Alpha grows; Nordtel half-edited$'
	assert_line --index 3 "  alpha: open pipeline 100,000 -> 150,000 EUR (+50,000)"
	assert_equal "$stderr" "kam: log: accounts/nordtel.md in $broken could not be read (yaml-syntax at 6:18): left out; run kam check"
	run --separate-stderr kam log --format json
	assert_failure 1
	python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["commits"][0]["left_out"] == ["accounts/nordtel.md in %s could not be read (yaml-syntax at 6:18)" % sys.argv[1]], d["commits"][0]
assert "left_out" not in d["commits"][2]
' "$broken" <<<"$output"
	run --separate-stderr kam diff --quarter 2026-Q4
	assert_success
	assert_equal "$stderr" ""
}

@test "kam review refused by another plan's error says the errors are not in the plan it reviews" {
	partial_repo
	break_nordtel "industry: Telecommunications" "industry: Telecom: mobile and fixed"
	git init -q -b main .
	commit_at 2026-10-05T10:00:00Z "Plans, nordtel half-edited"
	run --separate-stderr kam review alpha
	assert_failure 1
	assert_output --partial "accounts/nordtel.md:6:18: error[yaml-syntax]:"
	assert_equal "$stderr" "kam: review refused: 1 error in other files of the repository, not in what is being committed (HEAD's plans with the new date); fix and commit them first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	run git log --format=%s
	assert_output "Plans, nordtel half-edited"
}

@test "a meeting note kam cannot read is reported in itself, named by status and render, and gets no page" {
	partial_repo
	printf -- '---\nkind: meeting\ntitle: Pricing\ndate: 2026-10-20\ndate: 2026-10-21\n---\n# Pricing\n' \
		> accounts/nordtel/meetings/2026-10-20-pricing.md
	run kam check
	assert_failure 2
	assert_output "accounts/nordtel/meetings/2026-10-20-pricing.md:5:1: error[yaml-duplicate-key]: key 'date' is given twice (first on line 4)
    hint: keep one 'date' and merge the values into it
1 error in 4 plans and 2 documents"
	run --separate-stderr kam --today 2026-11-20 status
	assert_failure 1
	assert_line "4 accounts, open pipeline 300,000 EUR; revenue is actual / target for 2026-Q4"
	assert_equal "$stderr" "kam: status: accounts/nordtel/meetings/2026-10-20-pricing.md could not be read (yaml-duplicate-key at 5:1): left out; run kam check"
	run --separate-stderr kam render -o "$WORK/site"
	assert_failure 1
	grep -qF '<h2>Notes kam could not read</h2>' "$WORK/site/index.html"
	grep -qF '<tr><td>nordtel</td><td>accounts/nordtel/meetings/2026-10-20-pricing.md</td><td class="bad">unreadable: yaml-duplicate-key at 5:1 (run kam check)</td></tr>' "$WORK/site/index.html"
	[ ! -e "$WORK/site/accounts/nordtel/meetings/2026-10-20-pricing.html" ]
	[ -e "$WORK/site/accounts/nordtel/meetings/2026-10-03-kickoff.html" ]
}
