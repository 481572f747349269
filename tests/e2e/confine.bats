#!/usr/bin/env bats
# Reads stay inside the repository: a link out, a '..' or a kam.yaml setting
# that leads out is never followed, whatever the command.

bats_require_minimum_version 1.5.0
load helpers

# A repository with links out: a plan, a meeting note and a body link.
linked_repo() {
	cp -r "$FIXTURES/partial" "$WORK/repo"
	cd "$WORK/repo"
	printf 'SECRET-CONTENT\n' > "$WORK/secret.md"
	ln -s "$WORK/secret.md" accounts/leak.md
	ln -s "$WORK/secret.md" accounts/nordtel/meetings/leak.md
}

@test "check reports links out of the repository and never reads them" {
	linked_repo
	run kam check
	assert_failure 2
	assert_output "accounts/leak.md:1:1: error[file-unreadable]: file is a link to '$WORK/secret.md', outside the repository
    hint: kam reads only files inside the repository; copy the plan in
accounts/nordtel/meetings/leak.md:1:1: error[file-unreadable]: file is a link to '$WORK/secret.md', outside the repository
    hint: kam reads only files inside the repository; copy the plan in
2 errors in 5 plans and 2 documents"
	refute_output --partial "SECRET"
}

@test "render publishes nothing read through a link out of the repository" {
	linked_repo
	run --separate-stderr kam render -o "$WORK/site"
	assert_failure 1
	run grep -rl SECRET "$WORK/site"
	assert_failure 1
}

@test "diff, status and links never show what a link out points at" {
	linked_repo
	git init -q -b main .
	git add -A
	git -c user.name=T -c user.email=t@example.com commit -q -m plans
	run --separate-stderr kam diff
	refute_output --partial "SECRET"
	run --separate-stderr kam status
	refute_output --partial "SECRET"
	assert_line "leak                   ?         ?                             ?     ?  ?                      ?                ?  unreadable: accounts/leak.md (file-unreadable at 1:1); run kam check"
	assert_equal "$stderr" "kam: status: accounts/leak.md could not be read (file-unreadable at 1:1): left out; run kam check"
	run --separate-stderr kam links
	refute_output --partial "SECRET"
}

@test "accounts: that leads out of the repository stops every command with one error" {
	linked_repo
	printf 'accounts: ../../../..\n' >> kam.yaml
	run kam check
	assert_failure 2
	assert_output "kam: kam.yaml:7:11: accounts '../../../..' is outside the repository"
	run kam status
	assert_failure 2
	assert_output "kam: status: kam.yaml:7:11: accounts '../../../..' is outside the repository"
	sed -i 's|^accounts: .*|accounts: out|' kam.yaml
	ln -s / out
	run kam check
	assert_failure 2
	assert_output "kam: kam.yaml:7:11: accounts 'out' is outside the repository"
}

@test "a schema: that is a link out of the repository is refused" {
	linked_repo
	mkdir -p schema
	printf '{}' > "$WORK/outside.json"
	ln -s "$WORK/outside.json" schema/plan.json
	printf 'schema: schema/plan.json\n' >> kam.yaml
	run kam check
	assert_failure 2
	assert_output "kam: kam.yaml:7:9: schema 'schema/plan.json' is outside the repository"
}

@test "a FIFO named like a plan is reported without blocking" {
	cp -r "$FIXTURES/partial" "$WORK/repo"
	cd "$WORK/repo"
	mkfifo accounts/pipe.md
	run timeout 10 "$KAM" --color never check accounts/pipe.md
	assert_failure 2
	assert_output --partial "accounts/pipe.md:1:1: error[file-unreadable]: cannot read the file:"
}

@test "render links a body's links to plans and notes, and leaves links to other files of the repository as their text" {
	cp -r "$FIXTURES/partial" "$WORK/repo"
	cd "$WORK/repo"
	printf '\nSee [secret](../../../etc/passwd), [config](../kam.yaml), [root](/etc/passwd), ![chart](chart.png), [out](../../x.md), [plan](nordtel.md#top), [web](https://example.com/x) and [here](#top).\n' >> accounts/alpha.md
	run --separate-stderr kam render -q -o "$WORK/site"
	run grep -F 'See ' "$WORK/site/accounts/alpha.html"
	assert_output '<p>See secret, config, root, chart, out, <a href="nordtel.html#top">plan</a>, <a href="https://example.com/x">web</a> and <a href="#top">here</a>.</p>'
}
