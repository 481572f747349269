#!/usr/bin/env bats
# kam check --stdin-filename PATH -: standard input checked as if it were
# the file PATH of its repository (what editors and linters send).

load helpers

# A repository with a second plan b.md whose contact c.mueller others use.
stdin_repo() {
	make_repo
	cat > accounts/b.md <<'EOF'
---
id: b
name: B Corp
type: customer
owner: anna.petrova
reviewed: 2026-10-01
contacts:
  - {id: c.mueller, name: Claudia Mueller, title: CFO}
---
# B Corp
EOF
}

@test "standard input is checked in place of the file, whose findings name it" {
	stdin_repo
	run kam check accounts/b.md
	assert_success
	printf -- '---\nid: b\nname: B Corp\ntype: customer\nowner: anna.petrov\nreviewed: 2026-10-01\n---\n# B\n\nSee [[valid-minimal#x]] and [[nope]].\n' > "$WORK/buffer"
	run kam check --stdin-filename accounts/b.md - < "$WORK/buffer"
	assert_failure 1
	assert_output "accounts/b.md:5:8: error[single-owner]: owner 'anna.petrov' is not in kam.yaml's team: the account has no single window; did you mean 'anna.petrova'?
    hint: add the account manager to team: in kam.yaml, or fix the id
accounts/b.md:10:5: error[ref-unresolved]: [[valid-minimal#x]]: 'x' names nothing in 'valid-minimal'
    hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]
accounts/b.md:10:29: error[ref-unresolved]: [[nope]]: 'nope' is not an account of this repository
    hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]
3 errors in 1 plan"
}

@test "the file on disk is not read: a broken file with a fixed buffer passes" {
	stdin_repo
	cp accounts/b.md "$WORK/buffer"
	printf -- '---\nid: b\nname: [unclosed\n---\n' > accounts/b.md
	run kam check accounts/b.md
	assert_failure 2
	run kam check --stdin-filename accounts/b.md - < "$WORK/buffer"
	assert_success
	assert_output "no problems in 1 plan"
	# the buffer claims another plan's id: found as kam check finds it in a file
	run kam check --stdin-filename accounts/b.md - < "$FIXTURES/repo/accounts/valid-minimal.md"
	assert_failure 1
	assert_output "accounts/b.md:2:5: error[id-duplicate]: account id 'valid-minimal' is already claimed by accounts/valid-minimal.md
    hint: each plan has its own id, its file name: write id: b
1 error in 1 plan"
}

@test "the source line under a finding is the buffer's, not the file's" {
	stdin_repo
	sed 's/owner: anna.petrova/owner: zed.nobody/' accounts/b.md > "$WORK/buffer"
	run "$KAM" --color always check -q --stdin-filename accounts/b.md - < "$WORK/buffer"
	assert_failure 1
	assert_line --index 1 --partial "  5 | owner: zed.nobody"
	assert_line --index 2 --partial "    |        "
	assert_line --index 2 --partial "^"
}

@test "a file that does not exist yet: its references into the plans on disk resolve" {
	stdin_repo
	printf -- '---\nid: new\nname: N\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n# N\n\nMet [[b#c.mueller]], not [[b#c.x]].\n' > "$WORK/buffer"
	run kam check --stdin-filename accounts/new.md - < "$WORK/buffer"
	assert_failure 1
	assert_output "accounts/new.md:10:26: error[ref-unresolved]: [[b#c.x]]: 'c.x' names nothing in 'b'
    hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]
1 error in 1 plan"
	assert [ ! -e accounts/new.md ]
}

@test "references from the other plans resolve into the buffer, not the file" {
	stdin_repo
	printf -- '---\nid: c\nname: C\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n# C\n\n[[b#c.mueller]]\n' > "$WORK/buffer"
	run kam check --stdin-filename accounts/c.md - < "$WORK/buffer"
	assert_success
	assert_output "no problems in 1 plan"
	# the buffer of b.md renames the contact: the plan c.md on disk is not reported
	cp "$WORK/buffer" accounts/c.md
	sed 's/c\.mueller/c.muller/' accounts/b.md > "$WORK/b-buffer"
	run kam check --stdin-filename accounts/b.md - < "$WORK/b-buffer"
	assert_success
	assert_output "no problems in 1 plan"
}

@test "a meeting note from standard input, json names the path as given" {
	stdin_repo
	mkdir -p accounts/b/meetings
	cd accounts/b/meetings
	printf -- '---\nkind: meeting\ntitle: Call\ndate: 2026-10-03\nattendees: [c.mueller, c.ghost]\n---\nNotes.\n' > "$WORK/buffer"
	run kam check --format json --stdin-filename call.md - < "$WORK/buffer"
	assert_failure 1
	assert_output '{
  "version": 1,
  "summary": {"plans": 0, "documents": 1, "errors": 1, "warnings": 0},
  "diagnostics": [
    {"file": "call.md", "line": 5, "column": 24, "severity": "error", "rule": "ref-unresolved", "path": "attendees[1]", "message": "attendees[1] '"'"'c.ghost'"'"' is not a contact or a team member of '"'"'b'"'"'", "hint": "fix the id, or add what it names to the plan"}
  ]
}'
}

@test "standard input larger than the size limit is file-too-large, read no further" {
	stdin_repo
	run bash -c "head -c 9000000 /dev/zero | '$KAM' check --stdin-filename accounts/b.md -"
	assert_failure 2
	assert_output "accounts/b.md:1:1: error[file-too-large]: file is larger than 8388608 bytes
    hint: split the plan: meeting notes and other documents can live under accounts/<id>/
1 error in 1 plan"
}

@test "--stdin-filename: usage errors" {
	stdin_repo
	run kam check -
	assert_failure 2
	assert_output "kam: check: '-' (standard input) needs --stdin-filename PATH"
	run kam check --stdin-filename accounts/b.md
	assert_failure 2
	assert_output "kam: check: --stdin-filename takes one argument, '-'"
	run kam check --stdin-filename accounts/b.md - accounts/valid-minimal.md
	assert_failure 2
	assert_output "kam: check: --stdin-filename takes one argument, '-'"
	run kam check --staged --stdin-filename accounts/b.md -
	assert_failure 2
	assert_output "kam: check: --stdin-filename checks against the work tree, not with --staged"
	run kam check --stdin-filename accounts - < /dev/null
	assert_failure 2
	assert_output "kam: --stdin-filename: 'accounts' is a folder"
	run kam check --stdin-filename nowhere/x.md - < /dev/null
	assert_failure 2
	assert_output "kam: 'nowhere' does not exist"
	cd "$WORK"
	run kam check --stdin-filename x.md - < /dev/null
	assert_failure 2
	assert_output "kam: not a plans repository (no kam.yaml in '.' or any folder above it)"
}
