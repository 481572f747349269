#!/usr/bin/env bats
# A plan that other files refer to (a partner plan and a meeting note link
# to it and to ids inside it), broken in one way per fixture:
# tests/fixtures/broken-plan/NAME.md replaces accounts/nordtel.md, and the
# findings in that file must be exactly NAME.expected (first line: the exit
# status), at the cause and in the words of a plan. Findings in the other
# files are another test's business: only nordtel.md's lines are compared.

load helpers

# The diagnostics of one file in kam check's text output, with their hints.
diagnostics_of() {
	awk -v f="$1:" 'index($0, f) == 1 {keep = 1; print; next}
		keep && /^    hint: / {print; next} {keep = 0}'
}

check_broken() {
	local name="$1" fixtures="$FIXTURES/broken-plan"
	cp -r "$fixtures/repo" "$WORK/repo"
	cd "$WORK/repo"
	run kam check
	assert_success # the repository is valid before the slip
	cp "$fixtures/$name.md" accounts/nordtel.md
	run kam check accounts/nordtel.md
	local expected_status
	expected_status=$(head -n 1 "$fixtures/$name.expected" | sed 's/^exit //')
	assert_equal "$status" "$expected_status"
	assert_equal "$(printf '%s\n' "$output" | diagnostics_of accounts/nordtel.md)" \
		"$(tail -n +2 "$fixtures/$name.expected")"
	# no parser words reach the user
	refute_output --regexp 'scalar|block collection|stream|token|mapping values|simple key'
}

@test "broken plan: a tab says it is a tab, where it is" {
	check_broken tab
}

@test "broken plan: an unquoted ': ' in a block value quotes the line back fixed" {
	check_broken colon-block
}

@test "broken plan: an unquoted ': ' in a { } value names the value to quote" {
	check_broken colon-flow
}

@test "broken plan: an unclosed quote is reported where it opens" {
	check_broken unclosed-quote
}

@test "broken plan: a duplicate key" {
	check_broken duplicate-key
}

@test "broken plan: wrong indentation is told in indentation words" {
	check_broken indentation
}

@test "broken plan: a list item without '- ', at the keys' column, says to add '- '" {
	check_broken missing-dash
}

@test "broken plan: a list item without '- ', at the dash's column, says to add '- '" {
	check_broken missing-dash-outdented
}

@test "broken plan: a { } list item without '- ' says to add '- '" {
	check_broken missing-dash-flow
}

@test "broken plan: every duplicate key of a file is reported" {
	check_broken duplicate-keys
}

@test "an unclosed single quote at the end of the frontmatter is reported where it opens" {
	make_repo
	printf -- "---\nid: q\nname: x\nindustry: 'Telecom\n---\n" > accounts/q.md
	run kam check accounts/q.md
	assert_failure 2
	assert_line --index 0 "accounts/q.md:4:11: error[yaml-syntax]: the quote opened here is never closed"
	assert_line --index 1 "    hint: close the quote with ' at the end of the value: industry: 'Telecom'"
}

@test "the hint that quotes a line back escapes its double quotes" {
	make_repo
	printf -- '---\nid: q\nname: Said "yes": to us\n---\n' > accounts/q.md
	run kam check accounts/q.md
	assert_failure 2
	assert_line --index 0 "accounts/q.md:3:17: error[yaml-syntax]: the value of 'name' contains ': ', so it must be in quotes"
	assert_line --index 1 '    hint: write name: "Said \"yes\": to us"'
}

@test "a misspelled list key is the one finding: what it declares is not reported missing elsewhere" {
	cp -r "$FIXTURES/broken-plan/repo" "$WORK/repo"
	cd "$WORK/repo"
	sed -i 's/^contacts:/contacs:/' accounts/nordtel.md
	run kam check
	assert_failure 1
	assert_line --index 0 "accounts/nordtel.md:20:1: error[schema-unknown-key]: unknown key 'contacs'; did you mean 'contacts'?"
	assert_line --index 2 "1 error in 2 plans and 1 document"
	assert_equal "${#lines[@]}" 3
	# a note checked alone still says what it cannot resolve: the plan's finding is not shown
	run kam check accounts/nordtel/2026-10-kickoff.md
	assert_failure 1
	assert_line --index 0 "accounts/nordtel/2026-10-kickoff.md:5:13: error[ref-unresolved]: attendees[0] 'c.cio' is not a contact or a team member of 'nordtel'"
}

@test "a misspelled key that declares nothing leaves the other findings of the plan as they were" {
	cp -r "$FIXTURES/broken-plan/repo" "$WORK/repo"
	cd "$WORK/repo"
	sed -i 's/^tier:/tir:/' accounts/nordtel.md
	sed -i 's/\[\[nordtel#c.cio\]\]/[[nordtel#c.ceo]]/' accounts/globex.md
	run kam check
	assert_failure 1
	assert_line --index 0 --regexp "^accounts/globex.md:10:[0-9]+: error\[ref-unresolved\]: \[\[nordtel#c.ceo\]\]: 'c.ceo' names nothing in 'nordtel'"
	assert_line --index 2 "accounts/nordtel.md:5:1: error[schema-unknown-key]: unknown key 'tir'; did you mean 'tier'?"
}

@test "a misspelled required key is one finding, not also a missing one" {
	cp -r "$FIXTURES/broken-plan/repo" "$WORK/repo"
	cd "$WORK/repo"
	sed -i 's/^reviewed:/reviewd:/' accounts/nordtel.md
	run kam check accounts/nordtel.md
	assert_failure 1
	assert_line --index 0 "accounts/nordtel.md:7:1: error[schema-unknown-key]: unknown key 'reviewd'; did you mean 'reviewed'?"
	assert_line --index 2 "1 error in 1 plan"
}
