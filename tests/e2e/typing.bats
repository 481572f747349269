#!/usr/bin/env bats
# Nothing is lost while typing: what YAML reads differently from what the
# author meant never flows into reports, and the org chart never hides a
# reports_to cycle. The findings themselves are fixtures in fixtures.bats.

load helpers

@test "non-finite numbers never reach kam status or the rendered page" {
	make_repo
	cp "$FIXTURES/check/number-not-finite.md" accounts/
	run kam status
	refute_output --regexp '[Ii]nf|[Nn]a[Nn]'
	assert_line --index 2 --regexp '^number-not-finite +- +anna.petrova +0 +0 +-'
	run kam status --format json
	refute_output --regexp '[Ii]nf\b|[Nn]a[Nn]\b'
	assert_output --partial '"account": "number-not-finite", "name": "Infinite Numbers"'
	assert_output --partial '"open_pipeline": 0.00, "open_opportunities": 1'
	run kam render -q -o "$WORK/site"
	# the opportunity row: no value, no probability
	run grep -c 'class="num">-</td><td>2026-Q4</td><td class="num">-</td>' "$WORK/site/accounts/number-not-finite.html"
	assert_output 1
	# the relationship level is not shown as a number
	run grep -c '? → 3' "$WORK/site/accounts/number-not-finite.html"
	assert_output 1
}

@test "the relationship map draws every contact of a reports_to cycle and marks the line that closes it" {
	make_repo
	cp "$FIXTURES/check/rule-reports-to-cycle-fires.md" accounts/
	run timeout 20 "$KAM" --color never render -q -o "$WORK/site"
	assert_success
	page="$WORK/site/accounts/rule-reports-to-cycle-fires.html"
	run grep -c '<g class="person">' "$page"
	assert_output 5
	run grep -o '<g class="person"><a href="#[a-z.]*"' "$page"
	assert_output '<g class="person"><a href="#c.analyst"
<g class="person"><a href="#c.ceo"
<g class="person"><a href="#c.cfo"
<g class="person"><a href="#c.coo"
<g class="person"><a href="#c.board"'
	run grep -o '<title>[^<]*</title>' "$page"
	assert_output --partial '<title>c.coo reports to c.ceo, which closes a reports_to cycle</title>'
	assert_output --partial '<title>c.board reports to c.board, which closes a reports_to cycle</title>'
}

@test "the example repository has no finding of the new rules" {
	run kam check "$ROOT/example-accounts"
	assert_success
	refute_output --regexp 'yaml-comment-in-value|money-thousands-separator|number-not-finite|reviewed-future|reports-to-cycle'
}

@test "rules: the new rules are listed and can be configured" {
	make_repo
	printf 'rules:\n  yaml-comment-in-value: off\n  money-thousands-separator: error\n' >> kam.yaml
	cp "$FIXTURES/check/yaml-comment-in-value.md" "$FIXTURES/check/money-thousands-separator.md" accounts/
	run kam check accounts/yaml-comment-in-value.md
	assert_success
	assert_output "no problems in 1 plan"
	run kam check accounts/money-thousands-separator.md
	assert_failure 1
	assert_line --index 0 --partial "error[money-thousands-separator]: opportunities[0].value: '150.000' is read as 150"
}
