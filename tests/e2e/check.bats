#!/usr/bin/env bats
# kam check: whole repositories, formats, exit codes, configuration.

load helpers

@test "the example accounts pass with no finding" {
	cd "$ROOT"
	run kam check example-accounts
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "check with no path checks the repository around the current folder" {
	cd "$ROOT/example-accounts/accounts/northwind-bank"
	run kam check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "-C runs as if started in another folder" {
	run kam -C "$ROOT/example-accounts" check accounts/tailspin-retail.md
	assert_success
	assert_output "no problems in 1 plan"
}

@test "findings are sorted by file, line and column with a summary" {
	make_repo
	cp "$FIXTURES/check/enum-typo-stage.md" "$FIXTURES/check/required-missing.md" accounts/
	run kam check
	assert_failure 1
	assert_output "accounts/enum-typo-stage.md:10:12: error[schema-enum]: opportunities[0].stage: 'proposal' is not a stage; did you mean 'propose'?
    hint: stage is one of: identify, validate, qualify, propose, negotiate, won, lost
accounts/required-missing.md:2:1: error[schema-required]: missing required key 'owner'
    hint: add 'owner:' with its value
accounts/required-missing.md:2:1: error[schema-required]: missing required key 'reviewed'
    hint: add 'reviewed:' with its value
3 errors in 3 plans"
}

@test "a file kam cannot parse makes the exit code 2 even beside other errors" {
	make_repo
	cp "$FIXTURES/check/enum-typo-stage.md" "$FIXTURES/check/yaml-duplicate-key.md" accounts/
	run kam check -q
	assert_failure 2
	assert_line --index 0 --partial "accounts/enum-typo-stage.md:10:12: error[schema-enum]"
	assert_line --index 2 --partial "accounts/yaml-duplicate-key.md:7:1: error[yaml-duplicate-key]"
}

@test "json format is one JSON document with exact fields" {
	make_repo
	cp "$FIXTURES/check/probability-range.md" accounts/
	run kam check --format json
	assert_failure 1
	assert_output '{
  "version": 1,
  "summary": {"plans": 2, "documents": 0, "errors": 1, "warnings": 0},
  "diagnostics": [
    {"file": "accounts/probability-range.md", "line": 8, "column": 88, "severity": "error", "rule": "schema-range", "path": "opportunities[0].probability", "message": "opportunities[0].probability: 120 is more than the maximum 100", "hint": null}
  ]
}'
}

@test "json format with no findings" {
	make_repo
	run kam check --format json
	assert_success
	assert_output '{
  "version": 1,
  "summary": {"plans": 1, "documents": 0, "errors": 0, "warnings": 0},
  "diagnostics": []
}'
}

@test "github format gives workflow commands" {
	make_repo
	cp "$FIXTURES/check/enum-attitude.md" accounts/
	run kam check --format github
	assert_failure 1
	assert_output "::error file=accounts/enum-attitude.md,line=8,col=38,title=schema-enum::contacts[0].attitude: 'supportive' is not an attitude; did you mean 'supporter'?%0Ahint: attitude is one of: advocate, supporter, neutral, skeptic, opponent"
}

@test "github format escapes file names so they cannot forge annotations" {
	make_repo
	cp "$FIXTURES/check/frontmatter-missing.md" "accounts/a,b:c%d.md"
	run kam check --format github
	assert_failure 2
	assert_output "::error file=accounts/a%2Cb%3Ac%25d.md,line=1,col=1,title=frontmatter-missing::file does not start with a '---' frontmatter line%0Ahint: start the file with a line ---, the plan's YAML keys, and another line ---"
}

@test "a rule set to warning in kam.yaml no longer fails the check; --strict does" {
	make_repo
	cp "$FIXTURES/check/enum-typo-stage.md" accounts/
	printf 'rules:\n  schema-enum: warning\n' >> kam.yaml
	run kam check
	assert_success
	assert_output --partial "warning[schema-enum]"
	assert_line "1 warning in 2 plans"
	run kam check --strict
	assert_failure 1
}

@test "a rule set to off is not reported" {
	make_repo
	cp "$FIXTURES/check/ambiguous-no.md" accounts/
	printf 'rules:\n  yaml-ambiguous: {severity: off}\n' >> kam.yaml
	run kam check
	assert_success
	assert_output "no problems in 2 plans"
}

@test "an unknown rule in kam.yaml is an error naming the closest rule" {
	make_repo
	printf 'rules:\n  review-overdu: error\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output "kam.yaml:8:3: error[config-rule]: rules: unknown rule 'review-overdu'; did you mean 'review-overdue'?
    hint: 'kam rules' lists every rule id
1 error in 1 plan"
}

@test "rule settings in kam.yaml: severity typos, option types and unknown options" {
	make_repo
	printf 'rules:\n  routes-sum: {severity: warn}\n  key-account-limit: {max: many}\n  stale-close: {severity: off, maximum: 2}\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output "kam.yaml:8:26: error[schema-enum]: rules.routes-sum.severity: 'warn' is not a severity; did you mean 'warning'?
    hint: severity is one of: error, warning, off
kam.yaml:9:28: error[schema-type]: rules.key-account-limit.max: expected a whole number, got text 'many'
    hint: write a plain number without quotes, units or separators, such as 250000
kam.yaml:10:32: error[schema-unknown-key]: rules.stale-close: unknown key 'maximum'
    hint: the keys allowed here are: severity
3 errors in 1 plan"
}

@test "a rule that reports unreadable files cannot be configured" {
	make_repo
	printf 'rules:\n  yaml-syntax: off\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output --partial "kam.yaml:8:3: error[config-rule]: rules: 'yaml-syntax' reports a file kam cannot read, and cannot be changed"
}

@test "kam.yaml is checked against its schema" {
	make_repo
	printf 'fiscal_year_start: 13\ncurency: USD\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output "kam.yaml:7:20: error[schema-range]: fiscal_year_start: 13 is more than the maximum 12
kam.yaml:8:1: error[schema-unknown-key]: unknown key 'curency'; did you mean 'currency'?
    hint: the keys allowed here are: kam, organization, currency, fiscal_year_start, timezone, accounts, schema, team, tiers, competitors, offerings, health, stages, rules, render
2 errors in 1 plan"
}

@test "invalid YAML in kam.yaml is exit 2 with its position" {
	make_repo
	printf 'timezone: [\n' >> kam.yaml
	run kam check
	assert_failure 2
	assert_output --partial "kam.yaml:7:11: error[yaml-syntax]: the '[' opened here is never closed
    hint: close it with ']' after its last item, on the same line"
	refute_output --partial "kam: kam.yaml is not valid YAML" # the finding says it, once
}

@test "outside a plans repository check exits 2" {
	run kam check
	assert_failure 2
	assert_output "kam: not a plans repository (no kam.yaml in '.' or any folder above it)"
}

@test "a path that does not exist exits 2" {
	make_repo
	run kam check accounts/nothing.md
	assert_failure 2
	assert_output "kam: 'accounts/nothing.md' does not exist"
}

@test "meeting notes are checked against the meeting schema" {
	make_repo
	mkdir -p accounts/valid-minimal/meetings
	printf -- '---\nkind: meeting\ntitle: Kick-off\nattendees: [anna.petrova]\n---\nNotes\n' \
		> accounts/valid-minimal/meetings/kickoff.md
	run kam check
	assert_failure 1
	assert_output "accounts/valid-minimal/meetings/kickoff.md:2:1: error[schema-required]: missing required key 'date'
    hint: add 'date:' with its value
1 error in 1 plan and 1 document"
}

@test "a document with an unknown kind gets a suggestion" {
	make_repo
	mkdir -p accounts/valid-minimal
	printf -- '---\nkind: meating\ndate: 2026-10-03\n---\n' > accounts/valid-minimal/note.md
	run kam check
	assert_failure 1
	assert_output "accounts/valid-minimal/note.md:2:7: error[doc-kind]: 'meating' is not a kind of document this repository defines; did you mean 'meeting'?
    hint: documents under accounts/<id>/ say 'kind: ' and one of: meeting
1 error in 1 plan and 1 document"
}

@test "plain Markdown notes and README files beside the plans are not plans" {
	make_repo
	mkdir -p accounts/valid-minimal
	printf '# Notes without frontmatter\n' > accounts/valid-minimal/notes.md
	printf '# About this folder\n' > accounts/README.md
	run kam check
	assert_success
	assert_output "no problems in 1 plan"
}

@test "a repository's own schema replaces the built-in one" {
	make_repo
	mkdir -p schema
	cat > schema/custom.schema.json <<'JSON'
{"type": "object", "required": ["id", "segment"],
 "properties": {"segment": {"enum": ["enterprise", "mid-market"]}}}
JSON
	printf 'schema: schema/custom.schema.json\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output "accounts/valid-minimal.md:2:1: error[schema-required]: missing required key 'segment'
    hint: add 'segment:' with its value
1 error in 1 plan"
}

@test "a schema path outside the repository is refused" {
	make_repo
	printf 'schema: ../outside.json\n' >> kam.yaml
	echo '{}' > ../outside.json
	run kam check
	assert_failure 2
	assert_output "kam: kam.yaml:7:9: schema '../outside.json' is outside the repository"
}

@test "a plan that is a symlink to a file outside the repository is not read" {
	make_repo
	cp "$FIXTURES/repo/accounts/valid-minimal.md" "$WORK/outside.md"
	ln -s "$WORK/outside.md" accounts/linked.md
	run kam check
	assert_failure 2
	assert_output "accounts/linked.md:1:1: error[file-unreadable]: file is a link to '$WORK/outside.md', outside the repository
    hint: kam reads only files inside the repository; copy the plan in
1 error in 2 plans"
}

@test "an unknown format is a usage error" {
	make_repo
	run kam check --format xml
	assert_failure 2
	assert_output "kam: --format takes text, json, github, sarif or gitlab, not 'xml'"
}

@test "on a terminal the text format shows the source line and a caret" {
	make_repo
	cp "$FIXTURES/check/enum-typo-stage.md" accounts/
	run "$KAM" --color always check -q accounts/enum-typo-stage.md
	assert_failure 1
	assert_line --index 1 --partial "  10 |     stage: proposal"
	assert_line --index 2 --partial "     |            "
	assert_line --index 2 --partial "^"
}

@test "an unknown time zone in kam.yaml is reported" {
	make_repo
	printf 'timezone: Europe/Atlantis\n' >> kam.yaml
	run kam check
	assert_failure 1
	assert_output "kam.yaml:7:11: error[schema-format]: timezone: 'Europe/Atlantis' is not a time zone this machine knows
    hint: write an IANA time zone such as Europe/Berlin, America/New_York or UTC
1 error in 1 plan"
}
