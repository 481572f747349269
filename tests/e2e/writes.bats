#!/usr/bin/env bats
# What kam writes: review and commit check what they commit and commit
# nothing else; init --hooks installs only a hook of its own; render never
# replaces a folder of plans. Verified with git itself.

load helpers
bats_require_minimum_version 1.5.0

git_repo() {
	make_repo
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
}

commit_env() {
	export GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com \
		GIT_COMMITTER_NAME="Anna Petrova" GIT_COMMITTER_EMAIL=anna@example.com \
		GIT_AUTHOR_DATE="2026-11-20T10:00:00+01:00" GIT_COMMITTER_DATE="2026-11-20T10:00:00+01:00"
}

write_acme() { # write_acme STAGE
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-07-10   # after the QBR
contacts:
  - {id: c.a, name: Ann A, roles: [key-decision-leader], attitude: neutral, owner: anna.petrova}
opportunities:
  - {id: o-a, title: Platform, stage: $1, value: 100000, close: 2027-Q1, decision_leader: c.a}
---
# Acme Corp

The platform deal.
PLAN
}

# A repository with acme committed, and the commit count.
acme_committed() {
	git_repo
	commit_env
	write_acme qualify
	kam commit -q -m "Acme" >/dev/null
}

# sha1 of every file below DIR (hidden ones too), to show nothing changed.
fingerprint() {
	(cd "$1" && find . -type f -not -path './.git/*' -print0 | sort -z | xargs -0 sha1sum)
}

@test "review commits only the reviewed: line; the other edits stay in the work tree, unstaged" {
	acme_committed
	# a half-finished edit and a YAML slip: neither may reach HEAD
	sed -i 's/stage: qualify/stage: Proposal/' accounts/acme.md
	sed -i 's/^name: Acme Corp$/name: Acme: the platform/' accounts/acme.md
	cp accounts/acme.md "$WORK/edited.md"
	run kam review acme
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	assert_line --index 1 "only the 'reviewed:' line was committed: your other edits of accounts/acme.md stay uncommitted"
	run git show HEAD:accounts/acme.md
	assert_line --index 2 "name: Acme Corp"
	assert_line --index 5 "reviewed: 2026-11-20   # after the QBR"
	assert_line --index 9 "  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git show --stat --format=%s HEAD
	assert_output "Review Acme Corp plan (2026-Q4)

 accounts/acme.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)"
	# the work tree: the user's edits, with the new date
	run diff "$WORK/edited.md" accounts/acme.md
	assert_output "6c6
< reviewed: 2026-07-10   # after the QBR
---
> reviewed: 2026-11-20   # after the QBR"
	run git diff --no-color -U0 accounts/acme.md
	assert_output --partial "-name: Acme Corp
+name: Acme: the platform"
	assert_output --partial "-  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}
+  - {id: o-a, title: Platform, stage: Proposal, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git diff --cached --stat
	assert_output ""
	run git status --porcelain
	assert_output " M accounts/acme.md"
}

@test "review gives staged edits the new date too and keeps them staged, uncommitted" {
	acme_committed
	sed -i 's/stage: qualify/stage: propose/' accounts/acme.md
	git add accounts/acme.md
	sed -i 's/^The platform deal.$/The platform deal, staged and then edited./' accounts/acme.md
	run kam review acme
	assert_success
	run git show HEAD:accounts/acme.md
	assert_line --index 5 "reviewed: 2026-11-20   # after the QBR"
	assert_line --index 9 "  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git diff --cached --no-color -U0
	assert_line "+  - {id: o-a, title: Platform, stage: propose, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	refute_line --partial "reviewed:"
	run git diff --no-color -U0
	assert_line "+The platform deal, staged and then edited."
	refute_line --partial "reviewed:"
	run git status --porcelain
	assert_output "MM accounts/acme.md"
}

@test "review after review --no-commit commits the date it set" {
	acme_committed
	run kam review --no-commit acme
	assert_output "accounts/acme.md: reviewed: 2026-11-20"
	run git status --porcelain
	assert_output " M accounts/acme.md"
	run kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	run git status --porcelain
	assert_output ""
}

@test "review refuses what kam commit refuses, prints the errors and changes nothing" {
	acme_committed
	sed -i 's/stage: qualify/stage: Proposal/' accounts/acme.md
	kam commit -q --no-verify -m "broken on purpose" >/dev/null
	cp accounts/acme.md "$WORK/before.md"
	run --separate-stderr kam review acme
	assert_equal "$status" 1
	assert_output "accounts/acme.md:10:39: error[schema-enum]: opportunities[0].stage: 'Proposal' is not a stage; did you mean 'propose'?
    hint: stage is one of: identify, validate, qualify, propose, negotiate, won, lost"
	assert_equal "$stderr" "kam: review refused: 1 error in the plans as they would be committed (HEAD's plans with the new date); fix and commit them first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/acme.md "$WORK/before.md"
	run git log --format=%s
	assert_output "broken on purpose
Acme"
	run git status --porcelain
	assert_output ""
}

@test "review refuses, changing nothing, when its line has edits of its own or the plan is new" {
	acme_committed
	sed -i 's/^reviewed: 2026-07-10   # after the QBR$/reviewed: 2026-11-02   # after the QBR/' accounts/acme.md
	sed -i 's/stage: qualify/stage: propose/' accounts/acme.md
	cp accounts/acme.md "$WORK/before.md"
	run kam review acme
	assert_failure 1
	assert_output "kam: review: accounts/acme.md has uncommitted edits of its 'reviewed:' line: commit or stash your edits first (kam commit, git stash), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/acme.md "$WORK/before.md"
	run git status --porcelain
	assert_output " M accounts/acme.md"
	# the same edit staged, the work tree as HEAD has it
	git add accounts/acme.md
	git show HEAD:accounts/acme.md > accounts/acme.md
	local index_before; index_before=$(sha1sum .git/index)
	run kam review acme
	assert_failure 1
	assert_output "kam: review: accounts/acme.md has staged edits of its 'reviewed:' line: commit or unstage them first (kam commit, git restore --staged), or use --no-commit to only edit the file; nothing was changed"
	assert_equal "$(sha1sum .git/index)" "$index_before"
	run git status --porcelain
	assert_output "MM accounts/acme.md"
	# a plan that was never committed
	git reset -q --hard
	cp accounts/acme.md accounts/beta.md
	sed -i 's/^id: acme$/id: beta/; s/^name: Acme Corp$/name: Beta/' accounts/beta.md
	cp accounts/beta.md "$WORK/beta.md"
	run kam review beta
	assert_failure 1
	assert_output "kam: review: accounts/beta.md is not committed yet: commit it first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/beta.md "$WORK/beta.md"
	run git log --format=%s
	assert_output "Acme"
	run git status --porcelain
	assert_output "?? accounts/beta.md"
}

@test "review on a branch without commits refuses: the plan is not committed yet" {
	git_repo
	run kam review valid-minimal
	assert_failure 1
	assert_output "kam: review: accounts/valid-minimal.md is not committed yet: commit it first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	run git rev-parse --verify -q HEAD
	assert_failure
}

# acme with N open actions due in October (overdue on 2026-11-20)
add_overdue_actions() {
	local i
	printf 'actions:\n' > "$WORK/actions"
	for i in $(seq 1 "$1"); do
		printf '  - {id: a-%s, text: Call %s, owner: anna.petrova, due: 2026-10-0%s, status: open}\n' "$i" "$i" "$i" >> "$WORK/actions"
	done
	sed -i "/^opportunities:\$/e cat $WORK/actions" accounts/acme.md
}

@test "commit and review say how many warnings they let through, and show the first three" {
	acme_committed
	add_overdue_actions 5
	run --separate-stderr kam commit -m "Actions"
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] Actions$'
	assert_equal "$stderr" "kam: committed with 6 warnings:
accounts/acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)
accounts/acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open
accounts/acme.md:11:55: warning[action-overdue]: action 'a-2' was due 2026-10-02 and is still open
... and 3 more warnings; run kam check"
	run git log -1 --format=%s
	assert_output "Actions"
	run --separate-stderr kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	assert_equal "$stderr" "kam: committed with 5 warnings:
accounts/acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open
accounts/acme.md:11:55: warning[action-overdue]: action 'a-2' was due 2026-10-02 and is still open
accounts/acme.md:12:55: warning[action-overdue]: action 'a-3' was due 2026-10-03 and is still open
... and 2 more warnings; run kam check"
	# warnings of plans the commit leaves alone are not its own
	sed -i 's/^name: Minimal Customer$/name: Minimal Customer Ltd/' accounts/valid-minimal.md
	run --separate-stderr kam commit -m "Name"
	assert_success
	assert_equal "$stderr" ""
}

@test "warnings let through are all shown when few, from a subfolder with paths as kam check shows them" {
	acme_committed
	add_overdue_actions 1
	cd accounts
	run --separate-stderr kam commit
	assert_success
	assert_equal "$stderr" "kam: committed with 2 warnings:
acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)
acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open"
	run kam check
	assert_line --index 0 "acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)"
	assert_line --index 2 "acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open"
}
