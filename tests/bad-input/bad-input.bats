#!/usr/bin/env bats
# Hostile and broken input: every case gets a clear diagnostic and the
# documented exit code (2: the file cannot be processed), within a time and
# a memory bound this suite asserts, and never a crash or a hang.

load ../e2e/helpers

# bounded SECONDS MEGABYTES ARGS...: run kam with a time limit and (not under
# ASan, which reserves terabytes of address space) a memory limit
bounded() {
	local seconds=$1 megabytes=$2
	shift 2
	if [[ "$KAM" == *valgrind* ]]; then # memcheck is slow and maps a lot
		run timeout $((seconds * 20)) "$KAM" --color never "$@"
	elif [[ "$KAM" == *asan* ]]; then
		run timeout "$seconds" "$KAM" --color never "$@"
	else
		run bash -c 'ulimit -v $(($1 * 1024)); s=$2; shift 2; exec timeout "$s" "$@"' _ \
			"$megabytes" "$seconds" "$KAM" --color never "$@"
	fi
}

@test "an empty file" {
	make_repo
	: > accounts/empty.md
	bounded 5 200 check -q accounts/empty.md
	assert_failure 2
	assert_output "accounts/empty.md:1:1: error[frontmatter-missing]: file is empty
    hint: start the file with a line ---, the plan's YAML keys, and another line ---"
}

@test "a binary file" {
	make_repo
	printf '\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe' > accounts/binary.md
	head -c 4096 /dev/urandom >> accounts/binary.md
	bounded 5 200 check -q accounts/binary.md
	assert_failure 2
	assert_output --partial "accounts/binary.md:1:"
	assert_output --partial "error[utf8-invalid]"
}

@test "a 100 MB plan is refused without reading it all" {
	make_repo
	{ printf -- '---\nid: huge\nname: '; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '\n---\n'; } > accounts/huge.md
	bounded 10 300 check -q accounts/huge.md
	assert_failure 2
	assert_output "accounts/huge.md:1:1: error[file-too-large]: file is larger than 8388608 bytes
    hint: split the plan: meeting notes and other documents can live under accounts/<id>/"
}

@test "10,000 levels of nesting, flow and block" {
	make_repo
	{ printf -- '---\nid: deep\nx: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; printf '\n---\n'; } > accounts/deep.md
	bounded 10 300 check -q accounts/deep.md
	assert_failure 2
	assert_output "accounts/deep.md:3:67: error[yaml-depth]: nesting is deeper than 64 levels
    hint: flatten the structure"
	{ printf -- '---\nx:\n  '; for i in $(seq 1 10000); do printf -- '- '; done; printf 'deep\n---\n'; } > accounts/block.md
	bounded 10 300 check -q accounts/block.md
	assert_failure 2
	assert_output --partial "error[yaml-depth]: nesting is deeper than 64 levels"
}

@test "an alias bomb (billion laughs)" {
	make_repo
	cat > accounts/lol.md <<'PLAN'
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
PLAN
	bounded 5 200 check -q accounts/lol.md
	assert_failure 2
	assert_output --partial "error[yaml-alias-limit]: aliases expand to more than 10000 nodes"
}

@test "invalid UTF-8 in a key and in a value" {
	make_repo
	printf -- '---\nid: k\nna\xc3\x28me: x\n---\n' > accounts/key.md
	printf -- '---\nid: v\nname: caf\xe9\n---\n' > accounts/value.md
	bounded 5 200 check -q accounts/key.md accounts/value.md
	assert_failure 2
	assert_output "accounts/key.md:3:3: error[utf8-invalid]: invalid UTF-8 byte 0xc3
    hint: save the file as UTF-8 text
accounts/value.md:3:10: error[utf8-invalid]: invalid UTF-8 byte 0xe9
    hint: save the file as UTF-8 text"
}

@test "NUL bytes in the frontmatter and in the body" {
	make_repo
	printf -- '---\nid: n\nname: a\0b\n---\n' > accounts/fm.md
	printf -- '---\nid: n\n---\nbody \0 text\n' > accounts/body.md
	bounded 5 200 check -q accounts/fm.md accounts/body.md
	assert_failure 2
	assert_output "accounts/body.md:4:6: error[utf8-invalid]: file contains a NUL byte: is it a binary file?
    hint: save the file as UTF-8 text
accounts/fm.md:3:8: error[utf8-invalid]: file contains a NUL byte: is it a binary file?
    hint: save the file as UTF-8 text"
}

@test "CRLF line ends and a byte order mark are fine" {
	make_repo
	printf '\xef\xbb\xbf---\r\nid: win\r\nname: Windows\r\ntype: customer\r\nowner: anna.petrova\r\nreviewed: 2026-10-01\r\n---\r\n# Win\r\n\r\n[x](valid-minimal.md)\r\n' > accounts/win.md
	bounded 5 200 check accounts/win.md
	assert_success
	assert_output "no problems in 1 plan"
}

@test "a 1 MB line in the frontmatter and in the body" {
	make_repo
	{ printf -- '---\nid: wide\nname: '; head -c 1000000 /dev/zero | tr '\0' 'w'; printf '\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n'; head -c 1000000 /dev/zero | tr '\0' 'b'; printf '\n'; } > accounts/wide.md
	bounded 10 300 check accounts/wide.md
	assert_success
	assert_output "no problems in 1 plan"
}

@test "a symlink loop" {
	make_repo
	ln -s loop.md accounts/loop.md
	bounded 5 200 check -q
	assert_failure 2
	assert_output "accounts/loop.md:1:1: error[file-unreadable]: cannot resolve the file's path (a symlink loop?)
    hint: kam reads only files inside the repository; copy the plan in"
}

@test "a symlink pointing outside the repository is not followed" {
	make_repo
	ln -s /etc/passwd accounts/passwd.md
	bounded 5 200 check -q
	assert_failure 2
	assert_output "accounts/passwd.md:1:1: error[file-unreadable]: file is a link to '/etc/passwd', outside the repository
    hint: kam reads only files inside the repository; copy the plan in"
}

@test "an unreadable file: a FIFO does not hang kam; without permission" {
	make_repo
	mkfifo accounts/fifo.md
	bounded 5 200 check -q
	assert_failure 2
	assert_output "accounts/fifo.md:1:1: error[file-unreadable]: cannot read the file: it is not a regular file
    hint: check that it is a readable file, not a folder or a link"
	rm accounts/fifo.md
	cp accounts/valid-minimal.md accounts/locked.md
	chmod 000 accounts/locked.md
	if [ "$(id -u)" -ne 0 ]; then # root reads anything
		bounded 5 200 check -q accounts/locked.md
		assert_failure 2
		assert_output --partial "error[file-unreadable]: cannot read the file: Permission denied"
	fi
}

@test "a folder named like a plan" {
	make_repo
	mkdir accounts/folder.md
	bounded 5 200 check -q
	assert_failure 2
	assert_output "accounts/folder.md:1:1: error[file-unreadable]: cannot read the file: it is a folder
    hint: check that it is a readable file, not a folder or a link"
}

@test "links that escape the repository are reported and never followed" {
	make_repo
	printf -- '---\nid: esc\nname: Esc\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n[a](../../../../etc/passwd) [b](/../etc/shadow) [c](../kam.yaml#x)\n' > accounts/esc.md
	bounded 5 200 check -q accounts/esc.md
	assert_failure 1
	assert_output "accounts/esc.md:8:1: error[link-broken]: link '../../../../etc/passwd' points outside the repository
    hint: link to files of the repository only; kam never follows such a link
accounts/esc.md:8:29: error[link-broken]: link '/../etc/shadow' points outside the repository
    hint: link to files of the repository only; kam never follows such a link"
}

@test "many hostile files at once stay within bounds" {
	make_repo
	for i in $(seq 1 200); do
		printf -- '---\nid: p%s\nname: [\n---\n' "$i" > "accounts/p$i.md"
	done
	bounded 10 300 check -q
	assert_failure 2
	[ "${#lines[@]}" -eq 400 ]
}

# wide_plan N: a valid plan with N contacts and an x-map of N keys
wide_plan() {
	printf -- '---\nid: wide\nname: Wide\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\ncontacts:\n'
	seq 1 "$1" | sed 's/.*/  - {id: c&, name: N&, attitude: neutral}/'
	printf 'x-map:\n'
	seq 1 "$1" | sed 's/.*/  k&: v/'
	printf -- '---\nBody\n'
}

@test "a mapping of 200,000 keys with a duplicate among them is not quadratic" {
	make_repo
	{ printf -- '---\nid: keys\nx-wide:\n'; seq 1 200000 | sed 's/.*/  k&: 1/'; printf '  k7: 2\n---\n'; } > accounts/keys.md
	bounded 20 400 check -q accounts/keys.md
	assert_failure 2
	assert_output "accounts/keys.md:200004:3: error[yaml-duplicate-key]: key 'k7' is given twice (first on line 10)
    hint: keep one 'k7' and merge the values into it"
}

@test "a list of 100,000 repeated items is checked for uniqueness in linear time" {
	make_repo
	{ printf -- '---\nid: roles\nname: Roles\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n'
	  printf 'contacts:\n  - id: c.a\n    name: A\n    roles:\n'; seq 1 100000 | sed 's/.*/      - approver/'; printf -- '---\n'; } > accounts/roles.md
	bounded 30 800 check accounts/roles.md
	assert_failure 1
	assert_line --index 0 "accounts/roles.md:12:9: error[schema-items]: contacts[0].roles[1]: 'approver' is in the list twice"
	assert_line --index -1 "99999 errors in 1 plan"
}

@test "diff, log and textconv of a plan with 50,000 contacts and keys stay linear" {
	make_repo
	git init -q -b main .
	wide_plan 50000 > accounts/wide.md
	git add -A
	git -c user.name=T -c user.email=t@example.com commit -q -m one
	sed -i 's/^  - {id: c777, name: N777, attitude: neutral}$/  - {id: c777, name: N777, attitude: supporter}/; s/^  k9: v$/  k9: w/' accounts/wide.md
	bounded 30 800 diff
	assert_success
	assert_line --index 4 "  c777: attitude neutral -> supporter (warmer)"
	assert_line --index 5 "  x-map.k9 v -> w"
	git -c user.name=T -c user.email=t@example.com commit -q -a -m two
	bounded 30 800 log -n 1
	assert_success
	assert_line --index 1 "  wide: c777: attitude neutral -> supporter (warmer)"
	bounded 30 800 textconv accounts/wide.md
	assert_success
	assert_line --index 0 "contacts[c10000].attitude: neutral"
	assert_equal "${#lines[@]}" 200007
}

@test "rules and the relationship map of 25,000 contacts, deals and actions stay linear" {
	make_repo
	{ printf -- '---\nid: many\nname: Many\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\nroutes: [{route: direct, share: 100}]\ncontacts:\n'
	  seq 0 24999 | sed 's/.*/  - {id: c&, name: N, attitude: skeptic, roles: [approver], reports_to: cX}/' | awk '{ n = NR - 2; sub(/cX/, n < 0 ? "c24999" : "c" n); print }'
	  printf 'opportunities:\n'
	  seq 0 24999 | sed 's/.*/  - {id: o&, title: T, stage: propose, value: 1, close: 2027-Q1, decision_leader: c&}/'
	  printf 'actions:\n'
	  seq 0 24999 | sed 's/.*/  - {id: a&, text: T, owner: anna.petrova, due: 2027-01-01, contact: c&}/'
	  printf -- '---\n'; } > accounts/many.md
	bounded 30 800 check -q accounts/many.md
	assert_failure 1
	# a cycle of 25,000 (c0 reports to the last one): one finding, its names cut short
	assert_line --index 0 "accounts/many.md:10:73: error[reports-to-cycle]: reports_to goes round in a cycle: c0 -> c24999 -> c24998 -> c24997 -> c24996 -> c24995 -> c24994 -> c24993 -> c24992 -> c24991 -> c24990 -> c24989 -> ... (25000 contacts) -> c0"
	[ "$(printf '%s\n' "$output" | grep -c 'reports-to-cycle')" -eq 1 ]
	bounded 60 1500 render -q -o "$WORK/site"
	assert_success
	# the map opens the cycle where it closes: one root, and the closing line marked
	[ "$(grep -c 'class="reports"' "$WORK/site/accounts/many.html")" -eq 24999 ]
	[ "$(grep -c 'class="cycle"' "$WORK/site/accounts/many.html")" -eq 1 ]
}

@test "20,000 equal headings and 100,000 broken links and references stay linear" {
	make_repo
	{ printf -- '---\nid: links\nname: Links\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n'
	  seq 1 20000 | sed 's/.*/## Same/'
	  seq 1 20000 | sed 's/.*/[x](#same-&) [y](#nope-&) [z](nope&.md) [[#c&]] [[nobody&]]/'; } > accounts/links.md
	bounded 30 800 check accounts/links.md
	assert_failure 1
	assert_line --index 0 "accounts/links.md:20008:14: error[anchor-missing]: link '#nope-1': 'accounts/links.md' has no heading '#nope-1'; did you mean 'same-1'?"
	assert_line --index -1 "80001 errors in 1 plan"
}

# A repository schema from a pull request: combinators that multiply and
# patterns that backtrack cost a bounded amount (schema-budget), patterns
# that would compile to millions of states are refused with their place.
hostile_schema() {
	cd "$WORK" && rm -rf repo
	make_repo
	mkdir -p schema
	printf '%s\n' "$1" > schema/plan.json
	printf 'schema: schema/plan.json\n' >> kam.yaml
}

@test "a repository schema whose allOf or anyOf refer back to itself stops at its budget" {
	hostile_schema '{"allOf": [{"$ref": "#"}, {"$ref": "#"}]}'
	bounded 10 300 check accounts/valid-minimal.md
	assert_failure 1
	assert_output "accounts/valid-minimal.md:2:1: error[schema-budget]: checking this document against schema/plan.json needs more than kam allows (200 schema steps per value, \$ref 512 deep): stopped here
    hint: the schema's allOf, anyOf, oneOf or \$ref refer back to themselves: make each step descend into the data
1 error in 1 plan"
	hostile_schema '{"anyOf": [{"$ref": "#"}, {"$ref": "#"}, {"type": "string"}]}'
	bounded 10 300 check accounts/valid-minimal.md
	assert_failure 1
	assert_line --index 0 --partial "error[schema-budget]: checking this document against schema/plan.json"
}

@test "schema patterns with nested bounded repeats are refused where they are written" {
	hostile_schema '{"properties": {"name": {"pattern": "^((a{1,100}){1,100}){1,100}$"}}}'
	bounded 10 300 check accounts/valid-minimal.md
	assert_failure 2
	assert_output "kam: schema/plan.json:1:37: pattern '^((a{1,100}){1,100}){1,100}$' cannot be used: regular expression is too large (at character 29)"
	hostile_schema '{"properties": {"name": {"pattern": "(((a{0,50}){0,50}){0,50}){0,50}"}}}'
	bounded 10 300 check accounts/valid-minimal.md
	assert_failure 2
	assert_output --partial "cannot be used: regular expression is too large"
}

@test "a schema pattern that backtracks without end is a finding at the value, within bounds" {
	hostile_schema '{"properties": {"name": {"pattern": "^(a+)+$"}}}'
	{ printf -- '---\nid: evil\nname: '; printf 'a%.0s' $(seq 1 5000); printf '!\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n'; } > accounts/evil.md
	bounded 20 300 check accounts/evil.md
	assert_failure 1
	assert_line --index 0 "accounts/evil.md:3:7: error[schema-budget]: name: matching the pattern ^(a+)+\$ (schema/plan.json:1:37) against this text needs more backtracking than kam allows"
}

# (2 MB of [ cost cmark-gfm about 450 MB of bracket records, linear in the
# text; an 8 MiB plan of them took 697 s when kam counted columns from the
# start of the text for every [[)
@test "a plan of 2 MB of [[ and one of 80,000 [[refs]] in a paragraph stay linear in check and render" {
	make_repo
	{ printf -- '---\nid: opens\nname: Opens\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n'
	  head -c 2000000 /dev/zero | tr '\0' '['; printf '\n'; } > accounts/opens.md
	bounded 20 1200 check -q accounts/opens.md
	assert_success
	rm accounts/opens.md
	{ printf -- '---\nid: refs\nname: Refs\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n'
	  printf '[[refs]] %.0s' $(seq 1 80000); printf '\n'; } > accounts/refs.md
	bounded 60 1500 check -q accounts/refs.md
	assert_success
	bounded 60 1500 render -o "$WORK/site"
	assert_success
	[ "$(grep -o 'href="../accounts/refs.html"' "$WORK/site/accounts/refs.html" | wc -l)" -eq 80000 ]
}

@test "SARIF and GitLab reports of 60,000 equal findings stay linear, each fingerprint ranked" {
	make_repo
	{ printf -- '---\nid: broken\nname: Broken\ntype: prospect\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n'
	  printf '[[nowhere]] %.0s' $(seq 1 60000); printf '\n'; } > accounts/broken.md
	bounded 30 1500 check --format sarif accounts/broken.md
	assert_failure 1
	[ "$(grep -o '"kam/v1": "[0-9a-f]*:[0-9]*"' <<< "$output" | sort -u | wc -l)" -eq 60000 ]
	assert_output --partial ':60000"'
	bounded 30 1500 check --format gitlab accounts/broken.md
	assert_failure 1
	[ "$(grep -o '"fingerprint": "[0-9a-f]*"' <<< "$output" | sort -u | wc -l)" -eq 60000 ]
	assert_output --partial '0000ea60"' # the 60,000th: ranks are hexadecimal here
}

@test "kam commit of one changed plan among 100,000 stays linear in its file bookkeeping" {
	# checking 100,000 plans under memcheck takes most of an hour; the plain
	# and ASan runs measure this, valgrind the memory of every other case
	[[ "$KAM" != *valgrind* ]] || skip "100,000 plans are too slow under valgrind"
	make_repo
	awk 'BEGIN { for (i = 0; i < 100000; i++) { f = sprintf("accounts/a%d.md", i)
		printf "---\nid: a%d\nname: A %d\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n---\n# A\n", i, i > f
		close(f) } }'
	git init -q -b main .
	git add -A
	git -c user.name=T -c user.email=t@example.com commit -q -m many
	sed -i 's/^name: A 77777$/name: A seven/' accounts/a77777.md
	# 63 s and more when each file was looked up in a list of all the others
	GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T \
		GIT_COMMITTER_EMAIL=t@example.com bounded 60 1500 commit -m "one plan"
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] one plan$'
	assert_line --index 1 " 1 file changed"
	assert_line --index 2 " M accounts/a77777.md"
	run git show --name-only --format=%s HEAD
	assert_output "one plan

accounts/a77777.md"
}

@test "a one-line flow list of 100,000 items in a plan that is not all ASCII stays linear" {
	make_repo
	{
		printf -- '---\nid: cafe\nname: Café\ntype: customer\nowner: m1\nreviewed: 2026-09-01\nnotes: ['
		python3 -c "print(', '.join(['x'] * 100000), end='')"
		printf ']\n---\n# Café\n'
	} > accounts/cafe.md
	bounded 10 300 check -q accounts/cafe.md
	assert_failure 1
	assert_output --partial "accounts/cafe.md:7:1: error[schema-unknown-key]: unknown key 'notes'"
}
