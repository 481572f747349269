#!/usr/bin/env bats
# Manual pages from the command table and the usage texts (kam help --man),
# and kam-format(5), kam-rules(7) from the docs: every section, mandoc lint
# clean.

load helpers

@test "every command's page has every section and is mandoc lint clean" {
	for c in "" $(kam completion --values commands); do
		kam help --man $c > "$WORK/page"
		for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
			if [ "$c" = textconv ] && [ "$section" = OPTIONS ]; then continue; fi
			grep -q -x ".SH $section" "$WORK/page" || { echo "kam-$c: no $section"; return 1; }
		done
		run mandoc -T lint "$WORK/page"
		assert_output ""
	done
}

@test "a page is the command's --help: options and exit status from the usage text" {
	run kam help --man check
	assert_success
	assert_line --index 0 ".TH KAM-CHECK 1 2026-12-02 \"kam 0.1.0\" \"kam manual\""
	assert_line ".SH OPTIONS"
	assert_line '.B \-\-strict'
	assert_line "warnings fail the check too"
	assert_line '.B KAM_THREADS'
	assert_line '.B NO_COLOR'
	assert_line ".BR kam\-rules (7) ,"
	run bash -c "'$KAM' help --man check | mandoc -T utf8 | col -bx"
	assert_line "       kam check [--format text|json|github|sarif|gitlab] [--strict] [--staged"
	assert_line "              warnings fail the check too"
	assert_line "       0 no errors, 1 errors found (or warnings with --strict), 2 a file or"
}

@test "kam-format(5) and kam-rules(7) from the docs are mandoc lint clean" {
	[ -x "$ROOT/build/tools/md2man" ] || make -s -C "$ROOT" build/tools/md2man >/dev/null
	"$ROOT/build/tools/md2man" kam-format 5 "the plan format" 2026-12-02 "kam(1), kam-rules(7)" \
		< "$ROOT/docs/format.md" > "$WORK/kam-format.5"
	"$ROOT/build/tools/md2man" kam-rules 7 "the plan rules" 2026-12-02 "kam(1)" \
		< "$ROOT/docs/rules.md" > "$WORK/kam-rules.7"
	run mandoc -T lint -W warning "$WORK/kam-format.5"
	assert_output ""
	run mandoc -T lint -W warning "$WORK/kam-rules.7"
	assert_output ""
	run bash -c "mandoc -T utf8 '$WORK/kam-rules.7' | col -bx"
	assert_line --index 0 --regexp '^KAM-RULES\(7\) +kam manual +KAM-RULES\(7\)$'
	assert_line "       kam-rules - the plan rules"
	# an @ in a table cell stays an @ (cmark separates cells with @)
	run bash -c "mandoc -T utf8 '$WORK/kam-format.5' | col -bx | grep -c '\"@home\"'"
	assert_output "1"
}

@test "kam help --man names an unknown command" {
	run kam help --man chek
	assert_failure 2
	assert_output "kam: no manual page for 'chek': it is not a kam command"
}
