#!/usr/bin/env bats
# The kam-check hook of .pre-commit-hooks.yaml, run by the real pre-commit
# framework (Debian's pre-commit), offline: the hook repository is this
# checkout's .pre-commit-hooks.yaml in a local git repository, pinned by
# commit as docs/ci.md tells (kam has no release tag to name).

load helpers

# $WORK/hooks: a git repository holding .pre-commit-hooks.yaml; $WORK/big:
# a repository with code in src/ and the plans in plans/, where plans/
# accounts/other.md links to valid-minimal.md, and pre-commit installed
# with the hook pinned to the hooks repository's commit.
setup_hook() {
	command -v pre-commit >/dev/null || skip "pre-commit is not installed (tools/deps.sh)"
	kam_on_path
	mkdir "$WORK/hooks"
	cp "$ROOT/.pre-commit-hooks.yaml" "$WORK/hooks/"
	cd "$WORK/hooks"
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	commit_at "2026-11-01T10:00:00Z" "hooks"
	local rev
	rev=$(git rev-parse HEAD)
	make_repo
	cd "$WORK"
	mkdir big big/src
	mv repo big/plans
	echo 'int main(void) { return 0; }' > big/src/main.c
	printf -- '---\nid: other\nname: Other\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n# Other\n\nSee [the minimal one](valid-minimal.md).\n' \
		> big/plans/accounts/other.md
	cd big
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: kam-check\n        args: [plans]\n' \
		"$WORK/hooks" "$rev" > .pre-commit-config.yaml
	commit_at "2026-11-01T10:00:00Z" "plans and code"
	pre-commit install >/dev/null
}

@test "pre-commit: the hook checks the plans in their subfolder and refuses an error" {
	setup_hook
	sed -i 's/^type: customer$/type: custommer/' plans/accounts/other.md
	git add -A
	run git commit -qm "a typo"
	assert_failure
	assert_output "[INFO] Initializing environment for $WORK/hooks.
kam check (account plans)................................................Failed
- hook id: kam-check
- exit code: 1

plans/accounts/other.md:4:7: error[schema-enum]: type: 'custommer' is not an account type; did you mean 'customer'?
    hint: account type is one of: customer, prospect, partner"
}

@test "pre-commit: the hook runs on a commit that only deletes a plan, and refuses a deletion that breaks a link" {
	setup_hook
	git rm -q plans/accounts/valid-minimal.md
	run git commit -qm "delete a plan others link to"
	assert_failure
	assert_output "[INFO] Initializing environment for $WORK/hooks.
kam check (account plans)................................................Failed
- hook id: kam-check
- exit code: 1

plans/accounts/other.md:10:5: error[link-broken]: link 'valid-minimal.md': there is no file 'accounts/valid-minimal.md'
    hint: links are relative to the file they are in"
	git reset -q --hard
	git rm -q plans/accounts/other.md
	run git commit -qm "delete a plan no one links to"
	assert_success
	assert_line "kam check (account plans)................................................Passed"
}

@test "pre-commit: a commit of code only still passes through the hook" {
	setup_hook
	echo '/* more */' >> src/main.c
	git add -A
	run git commit -qm "code"
	assert_success
	assert_line "kam check (account plans)................................................Passed"
}

@test "pre-commit: .pre-commit-hooks.yaml is a valid manifest" {
	command -v pre-commit >/dev/null || skip "pre-commit is not installed (tools/deps.sh)"
	run pre-commit validate-manifest "$ROOT/.pre-commit-hooks.yaml"
	assert_success
	assert_output ""
}
