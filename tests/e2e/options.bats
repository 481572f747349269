#!/usr/bin/env bats
# Option errors name the option, say when a value is missing, suggest the
# option meant; quarters are taken in lower case too.

load helpers

@test "an unknown short option in a cluster is named alone" {
	run kam check -qz
	assert_failure 2
	assert_output "kam: check: unknown option '-z'; see 'kam check --help'"
}

@test "an unknown long option suggests the closest one" {
	run kam check --fromat json
	assert_failure 2
	assert_output "kam: check: unknown option '--fromat'; did you mean '--format'?"
}

@test "an unknown long option with no close one points to --help" {
	run kam status --frobnicate
	assert_failure 2
	assert_output "kam: status: unknown option '--frobnicate'; see 'kam status --help'"
}

@test "an option missing its value says so" {
	run kam check --format
	assert_failure 2
	assert_output "kam: check: option '--format' needs a value"
	run kam forecast --quarter
	assert_failure 2
	assert_output "kam: forecast: option '--quarter' needs a value"
	run kam commit -m
	assert_failure 2
	assert_output "kam: commit: option '-m' needs a value"
}

@test "a flag given a value says it takes none" {
	run kam check --strict=yes
	assert_failure 2
	assert_output "kam: check: option '--strict' takes no value"
}

@test "an abbreviation of two options is ambiguous" {
	run kam check --st
	assert_failure 2
	assert_output "kam: check: option '--st' is ambiguous; see 'kam check --help'"
}

@test "global options: missing value and did you mean" {
	run kam -C
	assert_failure 2
	assert_output "kam: option '-C' needs a value"
	run kam --today
	assert_failure 2
	assert_output "kam: option '--today' needs a value"
	run kam --colour never status
	assert_failure 2
	assert_output "kam: unknown option '--colour'; did you mean '--color'?"
}

@test "a quarter is taken in lower case" {
	make_repo
	run kam forecast --quarter 2026-Q4
	local upper="$output" upper_status="$status"
	run kam forecast --quarter 2026-q4
	assert_equal "$status" "$upper_status"
	assert_equal "$output" "$upper"
	run kam forecast --quarter=2026-q4
	assert_equal "$output" "$upper"
}

@test "every option in a command's --help is in the command table, and back" {
	for cmd in $(kam completion --values commands); do
		local listed in_help
		listed=$(kam completion bash | sed -n "s/^\t$cmd) echo '\(.*\) --help' ;;\$/\1/p" | tr ' ' '\n' | grep -- '^--' | sort -u)
		in_help=$( { kam "$cmd" --help | grep -E '^(usage: |       kam)' | grep -o -- '--[a-z][a-z-]*'
			kam "$cmd" --help | sed -n -E 's/^ {2,4}(-[a-zA-Z], )?(--[a-z][a-z-]*).*/\2/p'; } |
			grep -v -x -- '--help\|--quiet\|--today\|--color' | sort -u)
		for o in $in_help; do
			echo "$listed" | grep -q -x -- "$o" || { echo "$cmd: $o in --help, not in the table"; return 1; }
		done
		for o in $listed; do
			kam "$cmd" --help | grep -q -- "$o" || { echo "$cmd: $o in the table, not in --help"; return 1; }
		done
	done
}
