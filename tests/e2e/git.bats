#!/usr/bin/env bats
# Plans from git (index, revisions), semantic diffs, quarters. Histories are
# built with the real git and fixed dates, like git's own test_tick.

load helpers
bats_require_minimum_version 1.5.0

write_acme() { # write_acme STAGE VALUE ATTITUDE
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-07-10
routes:
  - {route: direct, share: 100}
contacts:
  - {id: c.a, name: Ann A, roles: [key-decision-leader], attitude: $3, owner: anna.petrova, relationship: {level: 1, target: 2, by: 2027-Q1}}
opportunities:
  - {id: o-a, title: Platform, stage: $1, value: $2, close: 2027-Q1, decision_leader: c.a}
revenue:
  - {quarter: 2026-Q3, target: 50000}
goals:
  - {id: g-1, text: First order, status: open}
touches:
  - {date: 2026-11-02, kind: meeting, contacts: [c.a]}
---
# Acme Corp

## Opportunities

The platform deal.
PLAN
}

change_acme() {
	write_acme propose 120000 supporter
	sed -i 's/^  - {id: o-a, title: Platform/  - {id: o-b, title: Training, stage: identify, value: 30000, close: 2027-Q2}\n  - {id: o-a, title: Platform/' accounts/acme.md
	sed -i 's/^contacts:$/contacts:\n  - {id: c.b, name: Bo B, title: CFO, roles: [approver], owner: ivan.sidorov}/' accounts/acme.md
	sed -i 's/relationship: {level: 1, target: 2/relationship: {level: 2, target: 2/' accounts/acme.md
	sed -i 's/{quarter: 2026-Q3, target: 50000}/{quarter: 2026-Q3, target: 50000, actual: 60000}/' accounts/acme.md
	sed -i 's/status: open}/status: achieved}/' accounts/acme.md
	sed -i 's/^The platform deal.$/The platform deal, now with training./' accounts/acme.md
}

@test "check --staged checks what the next commit holds; --rev a commit" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "acme"
	sed -i 's/stage: qualify/stage: qualifyy/' accounts/acme.md
	run kam check -q --rev HEAD
	assert_success
	run kam check -q --staged
	assert_success
	git add accounts/acme.md
	run kam check -q --staged
	assert_failure 1
	assert_output --partial "accounts/acme.md:12:39: error[schema-enum]: opportunities[0].stage: 'qualifyy' is not a stage; did you mean 'qualify'?"
	run kam check --rev no-such-rev
	assert_failure 2
	assert_output "kam: 'no-such-rev' names no commit of this git repository"
}

@test "plans in a subfolder of a bigger git repository" {
	mkdir big && cd big && git init -q -b main .
	cp -r "$FIXTURES/repo" plans
	mkdir src && echo "int main;" > src/main.c
	git add -A && GIT_COMMITTER_DATE="2026-07-01T10:00:00Z" GIT_AUTHOR_DATE="2026-07-01T10:00:00Z" \
		git -c user.name=T -c user.email=t@x commit -q -m one
	sed -i 's/^type: customer/type: custmer/' plans/accounts/valid-minimal.md
	cd plans/accounts
	run kam check -q --rev HEAD
	assert_success
	run kam check -q
	assert_failure 1
	run kam diff
	assert_success
	assert_line "  type customer -> custmer"
}

# Health on 2026-11-20 of write_acme qualify 100000 neutral: buying-unit 1/3
# of 20 (o-a's leader), deciders 0.5 of 15 (neutral), relationships 10,
# completeness 4, freshness 10 (c.a, o-a's leader, met on 2026-11-02); no
# revenue row for 2026-Q4, review overdue, no action: 38.17 = 38. After
# change_acme: buying-unit 3/6 (c.b approves both deals, o-b has no leader,
# neither a sponsor), deciders 0.75 (a supporter): 45.25 = 45.
@test "diff of HEAD against the work tree, as text" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "acme"
	change_acme
	run kam diff
	assert_success
	assert_output "$(cat "$FIXTURES/git/diff.txt")"
}

@test "diff before the first commit: every plan is new" {
	git_repo
	write_acme qualify 100000 neutral
	run kam diff
	assert_success
	assert_line --index 0 "(no commit yet) -> the work tree"
	assert_line --index 2 "2 accounts changed; 1 new opportunity; won 0, lost 0; stages 0 forward, 0 back"
	assert_line "  new plan: Acme Corp, 1 open opportunity (100,000 EUR)"
	git add -A
	run kam diff --staged
	assert_success
	assert_line --index 0 "(no commit yet) -> the index"
	run kam diff HEAD
	assert_failure 2
	assert_output "kam: diff: 'HEAD' names no commit of this git repository"
}

@test "diff as markdown and json" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "acme"
	change_acme
	run kam diff --format md
	assert_success
	assert_output "$(cat "$FIXTURES/git/diff.md")"
	run kam diff --format json
	assert_success
	assert_output "$(cat "$FIXTURES/git/diff.json")"
}

@test "diff between two commits, A B and A..B, and reordering is no change" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "one"
	change_acme
	commit_at "2026-07-11T10:00:00+02:00" "two"
	run kam diff HEAD~1 HEAD
	assert_success
	local both="$output"
	run kam diff HEAD~1..HEAD
	assert_equal "$output" "$both"
	assert_line --index 0 "HEAD~1 -> HEAD"
	# swap the two opportunities: same content, no change
	sed -i '/id: o-b,/{h;d};/id: o-a,/{G}' accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
no change to any plan"
}

@test "diff totals keep each currency apart" {
	git_repo
	write_acme qualify 100000 neutral
	sed -i 's/^owner: anna.petrova$/owner: anna.petrova\ncurrency: USD/' accounts/acme.md
	sed 's/^id: acme$/id: beta/; s/^currency: USD$/currency: EUR/' accounts/acme.md > accounts/beta.md
	commit_at "2026-07-10T10:00:00+02:00" "one"
	sed -i 's/stage: qualify, value: 100000/stage: won, value: 100000, probability: 100/' accounts/acme.md
	sed -i 's/stage: qualify, value: 100000/stage: propose, value: 70000/' accounts/beta.md
	run kam diff
	assert_success
	assert_line --index 1 "open pipeline of the changed accounts 100,000 -> 70,000 EUR, 100,000 -> 0 USD"
	assert_line --index 2 "2 accounts changed; 0 new opportunities; won 1 (100,000 USD), lost 0; stages 1 forward, 0 back"
	run kam diff --format json
	assert_output --partial '"by_currency": [{"currency": "EUR", "pipeline_before": 100000.00, "pipeline_after": 70000.00, "won_value": 0.00, "withdrawn_value": 0.00}, {"currency": "USD", "pipeline_before": 100000.00, "pipeline_after": 0.00, "won_value": 100000.00, "withdrawn_value": 0.00}]'
}

@test "a diff of many plans tells every deal's value, the same on any number of threads" {
	git_repo
	write_acme qualify 100000 neutral
	for i in $(seq 1 80); do
		sed "s/^id: acme$/id: p$i/; s/value: 100000/value: ${i}000/" accounts/acme.md > "accounts/p$i.md"
	done
	commit_at "2026-07-10T10:00:00+02:00" "eighty plans"
	sed -i 's/stage: qualify, value: \([0-9]*\)/stage: won, value: \1, probability: 100/' accounts/p*.md
	KAM_THREADS=1 run kam diff --format json
	assert_success
	local one="$output"
	KAM_THREADS=2 run kam diff --format json
	assert_equal "$output" "$one"
	assert_equal "$(grep -c '"won o-a (' <<< "$output")" 80
	assert_output --partial '"won o-a (1,000 EUR)"'
	assert_output --partial '"won o-a (80,000 EUR)"'
	refute_output --partial '(? EUR)'
	# 1 + 2 + ... + 80 thousand
	assert_output --partial '"won": 80, "won_value": 3240000.00, "lost": 0'
}

@test "a renamed id is a removal and an addition" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "one"
	sed -i 's/id: o-a,/id: o-platform,/; s/decision_leader: c.a}/decision_leader: c.a}/' accounts/acme.md
	run kam diff
	assert_line "  new opportunity o-platform: Platform (qualify, 100,000 EUR)"
	assert_line "  opportunity o-a removed (was qualify, 100,000 EUR)"
}

@test "diff --staged compares HEAD with the index" {
	git_repo
	write_acme qualify 100000 neutral
	commit_at "2026-07-10T10:00:00+02:00" "one"
	write_acme propose 100000 neutral
	run kam diff --staged
	assert_output "HEAD -> the index
no change to any plan"
	git add accounts/acme.md
	run kam diff --staged
	assert_line "  o-a moved forward: qualify -> propose"
}

# commits around the Q2/Q3 boundary, Berlin time. Health on 2026-09-30:
# buying-unit 1/3 of 20, relationships 10, review 10 (2026-07-10), completeness
# 4/5 of 5, revenue 0 (nothing booked), and deciders: c.a neutral 0.5 or a
# supporter 0.75 of 15: 38.17 = 38 and 41.92 = 42
quarter_repo() {
	git_repo
	printf 'timezone: Europe/Berlin\n' >> kam.yaml
	write_acme identify 100000 neutral
	commit_at "2026-06-15T10:00:00+02:00" "Q2 start" "Anna Petrova"
	write_acme validate 100000 neutral
	commit_at "2026-06-30T23:59:00+02:00" "last minute of Q2" "Anna Petrova"
	write_acme qualify 100000 neutral
	commit_at "2026-07-01T00:00:00+02:00" "first minute of Q3" "Ivan Sidorov"
	write_acme propose 100000 supporter
	commit_at "2026-09-30T23:59:59+02:00" "last second of Q3" "Jonas Berger"
}

@test "diff --quarter: boundaries at midnight in kam.yaml's time zone" {
	quarter_repo
	run kam diff --quarter 2026-Q3
	assert_success
	assert_line --index 0 --regexp '^2026-Q3: [0-9a-f]{7} \(2026-06-30\) -> [0-9a-f]{7} \(2026-09-30\)$'
	assert_line --index 1 "2 commits by Ivan Sidorov, Jonas Berger"
	assert_line --index 2 --regexp '^  [0-9a-f]{7} 2026-07-01 Ivan Sidorov: first minute of Q3$'
	assert_line --index 3 --regexp '^  [0-9a-f]{7} 2026-09-30 Jonas Berger: last second of Q3$'
	assert_line "  o-a moved forward: validate -> propose"
	assert_line "  c.a: attitude neutral -> supporter (warmer)"
}

@test "diff --quarter in UTC puts the Berlin midnight commit in the earlier quarter" {
	quarter_repo
	sed -i 's/^timezone: Europe\/Berlin$/timezone: UTC/' kam.yaml
	run kam diff --quarter 2026-Q3
	assert_success
	# 2026-07-01 00:00 in Berlin is 2026-06-30 22:00 UTC: still Q2
	assert_line --index 1 "1 commit by Jonas Berger"
	assert_line "  o-a moved forward: qualify -> propose"
}

@test "diff --quarter honours the fiscal year" {
	quarter_repo
	printf 'fiscal_year_start: 7\n' >> kam.yaml
	# with the fiscal year starting in July, 2027-Q1 is July to September 2026
	run kam diff --quarter 2027-Q1
	assert_line --index 1 "2 commits by Ivan Sidorov, Jonas Berger"
}

@test "a quarter without commits, and one before the first commit" {
	quarter_repo
	run kam diff --quarter 2026-Q4
	assert_success
	# today (2026-11-20) is inside 2026-Q4: the report is of the quarter so far
	assert_line --index 0 --regexp '^2026-Q4 \(so far, as of 2026-11-20\): ([0-9a-f]{7}) \(2026-09-30\) -> \1 \(2026-09-30\)$'
	assert_line --index 1 "no change to any plan"
	run kam diff --quarter 2025-Q3
	assert_success
	assert_output "2025-Q3: no commit before the quarter ended"
	run kam diff --quarter 2027-Q1
	assert_success
	assert_output "2027-Q1: the quarter starts on 2027-01-01; today is 2026-11-20"
	run kam diff --quarter 2026-Q5
	assert_failure 2
	assert_output "kam: diff: --quarter takes a quarter such as 2026-Q3, not '2026-Q5'"
}

@test "a shallow clone whose history starts inside the quarter is said to be one" {
	quarter_repo
	cd "$WORK"
	git clone -q --depth 2 "file://$WORK/repo" shallow
	cd shallow
	run --separate-stderr kam diff --quarter 2026-Q3
	assert_success
	assert_equal "$stderr" "kam: diff: warning: this is a shallow clone whose history starts on 2026-07-01, after 2026-Q3 began: its plans count as new (fetch the whole history with git fetch --unshallow)"
	assert_line --index 0 --regexp '^2026-Q3: \(before the first commit\) -> [0-9a-f]{7} \(2026-09-30\)$'
	assert_line --index 1 "2 commits by Ivan Sidorov, Jonas Berger"
	# a quarter the shallow history covers whole needs no warning
	git fetch -q --deepen 1
	run --separate-stderr kam diff --quarter 2026-Q3
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^2026-Q3: [0-9a-f]{7} \(2026-06-30\) -> [0-9a-f]{7} \(2026-09-30\)$'
}

@test "quarters follow the first-parent line through merges" {
	quarter_repo
	git checkout -q -b feature
	printf -- '---\nid: beta\nname: Beta\ntype: prospect\nowner: ivan.sidorov\nreviewed: 2026-08-01\n---\n' > accounts/beta.md
	commit_at "2026-08-01T10:00:00+02:00" "feature work" "Marco Rossi"
	git checkout -q main
	GIT_AUTHOR_DATE="2026-09-30T23:59:59+02:00" GIT_COMMITTER_DATE="2026-09-30T23:59:59+02:00" \
		git merge -q --no-ff --no-edit -m "merge feature" feature
	run kam diff --quarter 2026-Q3
	assert_success
	assert_line --index 1 "3 commits by Ivan Sidorov, Jonas Berger, Test"
	assert_line --regexp '^  [0-9a-f]{7} 2026-09-30 Test: merge feature$'
	assert_line "  new plan: Beta"
	refute_output --partial "feature work"
}

@test "log --by-quarter: a section per quarter with plan commits" {
	quarter_repo
	run kam log --by-quarter
	assert_success
	assert_line --index 0 --regexp '^2026-Q2: \(before the first commit\) -> [0-9a-f]{7} \(2026-06-30\)$'
	assert_line --regexp '^2026-Q3: [0-9a-f]{7} \(2026-06-30\) -> [0-9a-f]{7} \(2026-09-30\)$'
	run kam log --by-quarter acme --format json
	assert_success
	assert_line --index 1 '  "version": 1,'
	assert_line --index 2 '  "quarters": ['
	assert_line '      "title": "2026-Q3",'
}

@test "log: each commit that changed the plans, newest first, in plan terms" {
	quarter_repo
	echo "not a plan" > notes.txt
	commit_at "2026-10-02T09:00:00+02:00" "notes only" "Anna Petrova"
	run kam log -n 2
	assert_success
	assert_equal "$(sed -E 's/^[0-9a-f]{7} /XXXXXXX /' <<<"$output")" "$(cat <<'LOG'
XXXXXXX 2026-09-30 Jonas Berger: last second of Q3
  acme: c.a: attitude neutral -> supporter (warmer)
  acme: o-a moved forward: qualify -> propose
  acme: health 38 -> 42

XXXXXXX 2026-07-01 Ivan Sidorov: first minute of Q3
  acme: o-a moved forward: validate -> qualify
LOG
)"
	run kam log --format md -n 1 acme
	assert_success
	assert_equal "$(sed -E 's/^### [0-9a-f]{7} /### XXXXXXX /' <<<"$output")" "$(cat <<'LOG'
### XXXXXXX 2026-09-30 Jonas Berger: last second of Q3

- `acme`: c.a: attitude neutral → supporter (warmer)
- `acme`: o-a moved forward: qualify → propose
- `acme`: health 38 → 42
LOG
)"
	run kam log --format json
	assert_success
	[ "$(grep -c '"title": null,' <<<"$output")" -eq 4 ]
	assert_line --index 1 '  "version": 1,'
	assert_line --index 2 '  "commits": ['
	run kam log nobody
	assert_output "no commit changed nobody"
	run kam log -n 0
	assert_failure 2
	assert_output "kam: log: -n takes a whole number of commits, not '0'"
}

@test "the demo history tells the year of the example accounts" {
	"$ROOT/tools/demo-history.sh" "$WORK/history" >/dev/null
	cd "$WORK/history"
	run diff -r -q . "$ROOT/example-accounts" -x .git
	assert_success
	run kam diff --quarter 2026-Q3
	assert_line --index 1 "1 commit by Marco Rossi"
	assert_line "  won o-support-renewal (480,000 EUR)"
	assert_line "  c.schmidt: attitude neutral -> skeptic (cooler)"
	run kam log --by-quarter
	assert_success
	assert_line --regexp '^2026-Q2: '
}

commit_env() {
	export GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com \
		GIT_COMMITTER_NAME="Ivan Sidorov" GIT_COMMITTER_EMAIL=ivan@example.com \
		GIT_AUTHOR_DATE="2026-11-20T10:00:00+01:00" GIT_COMMITTER_DATE="@1795171200 +0100"
}

@test "commit: plan files only, names and dates from the environment, verified with git" {
	git_repo
	commit_env
	echo "draft" > notes.txt
	write_acme qualify 100000 neutral
	run kam commit -m "Plans for Acme"
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] Plans for Acme$'
	assert_line --index 1 " 3 files changed"
	assert_line --index 2 " A accounts/acme.md"
	assert_line --index 3 " A accounts/valid-minimal.md"
	assert_line --index 4 " A kam.yaml"
	run git log -1 --format='%an <%ae> %ad|%cn <%ce> %cd' --date=iso
	assert_output "Anna Petrova <anna@example.com> 2026-11-20 10:00:00 +0100|Ivan Sidorov <ivan@example.com> 2026-11-20 11:40:00 +0100"
	run git log -1 --format=%B
	assert_output "Plans for Acme

acme: new plan: Acme Corp, 1 open opportunity (100,000 EUR)
valid-minimal: new plan: Minimal Customer"
	run git status --porcelain
	assert_output "?? notes.txt"
}

@test "commit refuses plans with errors and leaves the index as it was" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	kam commit -q -m one >/dev/null
	echo "staged by hand" > notes.txt
	git add notes.txt
	sed -i 's/stage: qualify/stage: qualifyy/' accounts/acme.md
	run kam commit -m broken
	assert_failure 1
	assert_line --index 0 "accounts/acme.md:12:39: error[schema-enum]: opportunities[0].stage: 'qualifyy' is not a stage; did you mean 'qualify'?"
	assert_line "kam: commit refused: 1 error in the plans as they would be committed (--no-verify commits anyway)"
	run git log --format=%s
	assert_output "one"
	run git status --porcelain
	assert_output " M accounts/acme.md
A  notes.txt"
}

@test "commit keeps what the user staged out of the plan commit" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	kam commit -q -m one >/dev/null
	echo "staged by hand" > notes.txt
	git add notes.txt
	write_acme propose 100000 neutral
	run kam commit
	assert_success
	run git show --name-only --format=%B HEAD
	assert_output "Update account plans

acme: o-a moved forward: qualify -> propose


accounts/acme.md"
	run git status --porcelain
	assert_output "A  notes.txt"
	run kam commit
	assert_output "nothing to commit: the plans are as HEAD has them"
}

@test "commit PATH commits only those plans, checked as they will be committed; --no-verify" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	kam commit -q >/dev/null
	sed -i 's/stage: qualify/stage: qualifyy/' accounts/acme.md
	sed -i 's/^name: Minimal Customer$/name: Minimal Customer Ltd/' accounts/valid-minimal.md
	# the broken acme plan is not part of this commit: HEAD's acme is checked
	run kam commit -m "name only" accounts/valid-minimal.md
	assert_success
	run git show --name-only --format=%s HEAD
	assert_output "name only

accounts/valid-minimal.md"
	run kam commit
	assert_failure 1
	run kam commit --no-verify -m "broken on purpose"
	assert_success
	run git log -1 --format=%s
	assert_output "broken on purpose"
}

@test "a commit that fails midway changes nothing (the branch is locked)" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	kam commit -q >/dev/null
	write_acme propose 100000 neutral
	local index_before; index_before=$(sha1sum .git/index)
	touch .git/refs/heads/main.lock
	run kam commit -m "cannot"
	assert_failure 2
	assert_output --partial "kam: commit: cannot commit: "
	assert_equal "$(sha1sum .git/index)" "$index_before"
	run git log --format=%s
	assert_output "Update account plans"
	grep -q "stage: propose" accounts/acme.md
	cp accounts/acme.md "$WORK/before-review.md"
	run kam review acme
	assert_failure 2
	assert_output --partial "; accounts/acme.md is unchanged"
	cmp accounts/acme.md "$WORK/before-review.md"
	rm .git/refs/heads/main.lock
}

@test "review sets reviewed: only, keeping comments, and commits that file" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	sed -i 's/^reviewed: 2026-07-10$/reviewed: 2026-07-10    # after the QBR/' accounts/acme.md
	kam commit -q >/dev/null
	echo "staged by hand" > notes.txt
	git add notes.txt
	cp accounts/acme.md "$WORK/before.md"
	run kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	run diff "$WORK/before.md" accounts/acme.md
	assert_output "6c6
< reviewed: 2026-07-10    # after the QBR
---
> reviewed: 2026-11-20    # after the QBR"
	run git show --name-only --format=%B HEAD
	assert_output "Review Acme Corp plan (2026-Q4)


accounts/acme.md"
	run git status --porcelain
	assert_output "A  notes.txt"
}

@test "review of a plan already reviewed today commits nothing and says so" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	sed -i 's/^reviewed: 2026-07-10$/reviewed: 2026-11-20/' accounts/acme.md
	kam commit -q >/dev/null
	run kam review acme
	assert_success
	assert_output "accounts/acme.md was reviewed today already: nothing to commit"
	run git log --format=%s
	assert_output "Update account plans"
}

@test "review adds reviewed: after owner when missing; --no-commit; CRLF kept" {
	git_repo
	printf -- '---\r\nid: crlf\r\nname: Crlf\r\ntype: customer\r\nowner: anna.petrova\r\n---\r\nBody\r\n' > accounts/crlf.md
	run kam review --no-commit crlf
	assert_success
	assert_output "accounts/crlf.md: reviewed: 2026-11-20"
	run cat -A accounts/crlf.md
	assert_output "---^M\$
id: crlf^M\$
name: Crlf^M\$
type: customer^M\$
owner: anna.petrova^M\$
reviewed: 2026-11-20^M\$
---^M\$
Body^M\$"
	run kam review nosuch
	assert_failure 2
	assert_output "kam: review: 'nosuch' is not an account of this repository (no accounts/nosuch.md)"
	run kam review crfl
	assert_failure 2
	assert_output "kam: review: 'crfl' is not an account of this repository (no accounts/crfl.md); did you mean 'crlf'?"
}

@test "textconv gives git diff the plan view" {
	git_repo
	commit_env
	write_acme qualify 100000 neutral
	kam init -q . 2>/dev/null || true
	echo 'accounts/**/*.md diff=kam' > .gitattributes
	git config diff.kam.textconv "$KAM textconv"
	kam commit -q >/dev/null
	# reorder the routes and contacts lists and change one stage: one line changes
	write_acme propose 100000 neutral
	run git diff --no-color -U0 accounts/acme.md
	assert_success
	assert_line "-opportunities[o-a].stage: qualify"
	assert_line "+opportunities[o-a].stage: propose"
	run kam textconv accounts/acme.md
	assert_line --index 0 "contacts[c.a].attitude: neutral"
	assert_line "routes[direct].share: 100"
	assert_line "---"
}

@test "init --hooks installs a pre-commit hook that runs kam check --staged" {
	mkdir -p big/plans && cd big && git init -q -b main .
	run kam init --hooks plans
	assert_success
	assert_line "installed the pre-commit hook $WORK/big/.git/hooks/pre-commit"
	run cat .git/hooks/pre-commit
	assert_line "cd 'plans' && exec kam check --staged -q"
	[ -x .git/hooks/pre-commit ]
	rm plans/kam.yaml
	echo "#!/bin/sh" > .git/hooks/pre-commit
	run kam init --hooks plans
	assert_failure 2
	assert_line --index 0 "kam: init: '$WORK/big/.git/hooks/pre-commit' exists and kam did not write it; nothing was changed"
	[ ! -e plans/kam.yaml ]
}
