#!/usr/bin/env bats
# kam check --format gitlab: GitLab's Code Quality report (docs/ci.md).

load helpers

# validate FILE: FILE holds a report GitLab reads (the documented fields, in
# tests/e2e/gitlab-codequality.schema.json), and no two issues share a
# fingerprint (GitLab would keep only one of them).
validate() {
	/usr/bin/python3 - "$ROOT/tests/e2e/gitlab-codequality.schema.json" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.validate(report, schema)
prints = [issue["fingerprint"] for issue in report]
assert len(prints) == len(set(prints)), prints
print(len(report), "issues")
PY
}

@test "gitlab format: no findings is an empty report" {
	make_repo
	run kam check --format gitlab
	assert_success
	assert_output "[]"
}

@test "gitlab format: one issue per finding, severities mapped, exact report" {
	make_repo
	cp "$FIXTURES/check/enum-attitude.md" accounts/
	cp "$FIXTURES/check/enum-attitude.md" accounts/enum-attitude2.md
	run kam check --format gitlab
	assert_failure 1
	assert_output '[
  {"description": "contacts[0].attitude: '"'"'supportive'"'"' is not an attitude; did you mean '"'"'supporter'"'"'? (hint: attitude is one of: advocate, supporter, neutral, skeptic, opponent)", "check_name": "schema-enum", "fingerprint": "55f49b0e1a872d4700000001", "severity": "critical",
   "location": {"path": "accounts/enum-attitude.md", "lines": {"begin": 8}}},
  {"description": "account id '"'"'enum-attitude'"'"' is already claimed by accounts/enum-attitude.md (hint: each plan has its own id, its file name: write id: enum-attitude2)", "check_name": "id-duplicate", "fingerprint": "d87a0fbf0843463800000001", "severity": "critical",
   "location": {"path": "accounts/enum-attitude2.md", "lines": {"begin": 2}}},
  {"description": "contacts[0].attitude: '"'"'supportive'"'"' is not an attitude; did you mean '"'"'supporter'"'"'? (hint: attitude is one of: advocate, supporter, neutral, skeptic, opponent)", "check_name": "schema-enum", "fingerprint": "e039320a14990dbf00000001", "severity": "critical",
   "location": {"path": "accounts/enum-attitude2.md", "lines": {"begin": 8}}}
]'
	kam check --format gitlab > gl-code-quality.json || true
	run validate gl-code-quality.json
	assert_success
	assert_output "3 issues"
}

@test "gitlab format: a warning is minor, a file kam cannot read a blocker" {
	make_repo
	cp "$FIXTURES/check/enum-typo-stage.md" accounts/
	printf 'rules:\n  schema-enum: warning\n' >> kam.yaml
	cp "$FIXTURES/check/frontmatter-missing.md" accounts/broken.md
	run kam check --format gitlab
	assert_failure 2
	assert_line --partial '"check_name": "frontmatter-missing", "fingerprint": '
	assert_line --regexp '"check_name": "frontmatter-missing", "fingerprint": "[0-9a-f]{24}", "severity": "blocker",$'
	assert_line --regexp '"check_name": "schema-enum", "fingerprint": "[0-9a-f]{24}", "severity": "minor",$'
}

@test "gitlab format: the fingerprint does not change when the finding moves down" {
	make_repo
	cp "$FIXTURES/check/enum-attitude.md" accounts/
	kam check --format gitlab > before.json || true
	# two lines more above the finding
	sed -i 's/^owner: anna.petrova$/owner: anna.petrova\n# moved\n# down/' accounts/enum-attitude.md
	kam check --format gitlab > after.json || true
	run /usr/bin/python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); print(a[0]["location"]["lines"]["begin"], b[0]["location"]["lines"]["begin"], a[0]["fingerprint"] == b[0]["fingerprint"])' before.json after.json
	assert_output "8 10 True"
}

@test "gitlab format: hostile file names are escaped by the JSON writer" {
	make_repo
	cp "$FIXTURES/check/frontmatter-missing.md" "accounts/a \"b\"\\c"$'\t'".md"
	run kam check --format gitlab
	assert_failure 2
	assert_line '   "location": {"path": "accounts/a \"b\"\\c\t.md", "lines": {"begin": 1}}}'
	kam check --format gitlab > gl.json || true
	run validate gl.json
	assert_success
	assert_output "1 issues"
	run /usr/bin/python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))[0]["location"]["path"]))' gl.json
	assert_output "'accounts/a \"b\"\\\\c\\t.md'"
}

# The GitLab job of docs/ci.md, its lines after kam's install, run as the
# runner does (sh -e, one line after the other) in a one-commit clone of the
# merge request's branch whose plans live in plans/ of a bigger repository.
run_gitlab_job() {
	/usr/bin/python3 - "$ROOT/docs/ci.md" > job.sh <<'PY'
import re, sys, yaml
text = open(sys.argv[1]).read()
section = text[text.index("## GitLab CI"):text.index("## pre-commit")]
job = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))["kam"]
lines = [l for l in job["before_script"] if l.startswith("git fetch")] + job["script"]
print("set -e")
print("\n".join(lines))
PY
	sh job.sh
}

gitlab_repo() {
	make_repo
	cd "$WORK"
	mkdir big big/src
	mv repo big/plans
	echo 'int main(void) { return 0; }' > big/src/main.c
	cd big
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	commit_at "2026-11-01T10:00:00Z" "plans and code"
	git checkout -q -b feature
	cp "$FIXTURES/check/enum-attitude.md" plans/accounts/
	commit_at "2026-11-02T10:00:00Z" "a new plan"
	cd "$WORK"
	git clone -q --depth=1 --branch feature "file://$WORK/big" job
	cd job
	export CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main
	kam_on_path
}

@test "gitlab: the documented job fetches the target branch, writes the report and the plan changes, fails on errors" {
	gitlab_repo
	run run_gitlab_job
	assert_failure 1
	run cat gl-code-quality.json
	assert_output '[
  {"description": "contacts[0].attitude: '"'"'supportive'"'"' is not an attitude; did you mean '"'"'supporter'"'"'? (hint: attitude is one of: advocate, supporter, neutral, skeptic, opponent)", "check_name": "schema-enum", "fingerprint": "15c8d999c7f544b400000001", "severity": "critical",
   "location": {"path": "plans/accounts/enum-attitude.md", "lines": {"begin": 8}}}
]'
	run cat plan-changes.md
	assert_output "## account plans, origin/main → HEAD

- open pipeline of the changed accounts 0 → 0 EUR
- 1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

### Attitude (\`enum-attitude\`)

- new plan: Attitude"
}

@test "gitlab: without the target branch the documented job fails instead of an empty diff" {
	gitlab_repo
	export CI_MERGE_REQUEST_TARGET_BRANCH_NAME=gone
	git rm -q plans/accounts/enum-attitude.md
	run run_gitlab_job
	assert_failure
	assert_output --partial "couldn't find remote ref refs/heads/gone"
	[ ! -e plan-changes.md ]
}
