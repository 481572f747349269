#!/usr/bin/env bats
# Hostile output, JSON and SARIF: every --format json output and SARIF over
# the repository of tests/hostile/make_repo.py (a payload in every field,
# an escaped NUL, file names with spaces, "%", non-ASCII and bytes that are
# not UTF-8) is one strict JSON document (json_check.py), values come out
# exactly neutralised, and SARIF passes the official OASIS SARIF 2.1.0
# schema with an independent validator, format checking on
# (sarif_validate.py, Debian's python3-jsonschema and python3-rfc3987).

load ../e2e/helpers
bats_require_minimum_version 1.5.0

HOSTILE="$ROOT/tests/hostile"
SARIF_SCHEMA="${SARIF_SCHEMA:-$ROOT/build/sarif-2.1.0.json}"

# strict JSON in $output, then each Python expression over it as JSON
json() {
	run python3 "$HOSTILE/json_check.py" "$@" <<<"$output"
}

# commit_at DATE MESSAGE: commit everything, authored by a hostile name
commit_at() {
	git add -A
	GIT_AUTHOR_NAME=$'Mallory <script>x</script> \e]0;PWNED\a' GIT_AUTHOR_EMAIL=m@example.com \
		GIT_AUTHOR_DATE="$1" GIT_COMMITTER_NAME=Mallory GIT_COMMITTER_EMAIL=m@example.com \
		GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
}

# The hostile repository in $WORK/h, with more file names no URI may hold
# raw: spaces and non-ASCII, "%", ":", "#" and "?", and bytes that are not
# UTF-8 in the name of a plan that is otherwise valid.
hostile_repo() {
	python3 "$HOSTILE/make_repo.py" "$WORK/h" >/dev/null
	cd "$WORK/h"
	local plan=$'---\nid: x\nname: X\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n# X\n'
	printf '%s' "$plan" > "accounts/café société.md"
	printf '%s' "$plan" > "accounts/a:b #c?d%41.md"
	printf '%s' "$plan" > "$(printf 'accounts/lat\xe9.md')"
}

# hostile_history: the hostile repository committed in two steps in 2026-Q4
# (the evil plan and the named ones second), so diffs and logs carry it
hostile_history() {
	hostile_repo
	git init -q -b main .
	mkdir -p "$WORK/later"
	mv accounts/evil.md accounts/café* "$WORK/later/"
	commit_at "2026-10-05T10:00:00Z" "base"
	mv "$WORK/later/"* accounts/
	commit_at "2026-10-06T10:00:00Z" $'evil \e]0;PWNED\a\n::error::PWNED'
}

@test "check --format json: strict JSON, the NUL and the non-UTF-8 names reported" {
	hostile_repo
	run kam check --format json
	assert_failure 2
	assert_line '    {"file": "accounts/nul-value.md", "line": 3, "column": 7, "severity": "error", "rule": "yaml-nul", "path": null, "message": "value '"'Null'"' is cut short by an escaped NUL (\\0)", "hint": "remove the \\0 (or \\x00, \\u0000) escape from the value"},'
	assert_line --partial '{"file": "accounts/bad-\ufffd name %20.md", "line": 7, "column": 14, "severity": "error", "rule": "utf8-invalid",'
	assert_line '    {"file": "accounts/lat\ufffd.md", "uri": "accounts/lat%E9.md", "message": "the file name is not valid UTF-8: \"file\" shows each invalid byte as U+FFFD, \"uri\" has the exact bytes percent-encoded"}'
	json 'len(d["warnings"])' '[w["uri"] for w in d["warnings"]]' \
		'[x["message"] for x in d["diagnostics"] if x["rule"] == "schema-enum" and x["path"] == "opportunities[0].stage"]'
	assert_success
	assert_line --index 0 '2'
	assert_line --index 1 '["accounts/bad-%FF%20name%20%2520.md", "accounts/lat%E9.md"]'
	assert_line --index 2 '["opportunities[0].stage: '"'"'\"><img src=x onerror=\"document.title='"'PWNED'"'\">'"'"' is not a stage"]'
}

@test "status --format json: payloads are escaped text, numbers stay numbers" {
	hostile_repo
	run --separate-stderr kam status --format json
	assert_failure 1
	[[ "$output" == *'\r[click](javascript:document.title='"'PWNED'"')\n# Approved by the security team\u001b]0;PWNED\u0007\u001b[8mhidden\u001b[0m\n::error file=evil.md'* ]]
	json '[a["name"] for a in d["accounts"] if a["account"] == "nul-value"]' \
		'[a["file"] for a in d["accounts"] if "counted" in a]' \
		'[type(a.get("open_pipeline", 0)).__name__ for a in d["accounts"]]' \
		'[w["file"] for w in d["warnings"]]'
	assert_success
	# the value an escaped NUL cut short; kam check reports it (above)
	assert_line --index 0 '["Null"]'
	assert_line --index 1 '["accounts/caf\u00e9 soci\u00e9t\u00e9.md", "accounts/lat\ufffd.md", "accounts/bad-\ufffd name %20.md"]'
	assert_line --index 2 '["float", "float", "float", "float", "float", "float", "float", "int"]'
	# in the order met: the partner's row names the plans it could not see first
	assert_line --index 3 '["accounts/bad-\ufffd name %20.md", "accounts/lat\ufffd.md"]'
}

@test "links and rules --format json over the hostile repository are strict JSON" {
	hostile_repo
	run --separate-stderr kam links --format json 'evil#c.one'
	json 'd["subject"]["ref"]' 'd["subject"]["name"][:20]' 'len(d["backlinks"]) > 0'
	assert_success
	assert_output $'"evil#c.one"\n"Ann <script>document"\ntrue'
	run --separate-stderr kam links --format json evil
	json 'd["subject"]["kind"]'
	assert_success
	run --separate-stderr kam links --format json
	json 'd["subject"]'
	assert_output 'null'
	run --separate-stderr kam rules --format json
	json '[r["id"] for r in d["rules"] if r["id"] == "yaml-nul"]'
	assert_success
	assert_output '["yaml-nul"]'
}

@test "diff, log and the quarter report --format json carry the payloads as text" {
	hostile_history
	run --separate-stderr kam diff HEAD~1 HEAD --format json
	json '[a["account"] for a in d["accounts"]]' \
		'[a["name"][:12] for a in d["accounts"] if a["account"] == "evil"]' \
		'[c["new"] for a in d["accounts"] for c in a["changes"] if c["field"] == "tier"]'
	assert_success
	assert_line --index 0 '["caf\u00e9 soci\u00e9t\u00e9", "evil"]'
	assert_line --index 1 '["Evil <script"]'
	run --separate-stderr kam log --format json
	json 'len(d["commits"])' 'd["commits"][0]["commits"]'
	assert_success
	assert_line --index 0 '2'
	# git drops < and > from names and joins the subject's lines
	assert_line --index 1 --regexp '^\["[0-9a-f]{7} 2026-10-06 Mallory scriptx/script \\u001b\]0;PWNED: evil \\u001b\]0;PWNED\\u0007 ::error::PWNED"\]$'
	run --separate-stderr kam log --by-quarter --format json
	json 'd["quarters"][0]["title"]' 'd["quarters"][0]["authors"]'
	assert_success
	assert_output $'"2026-Q4"\n["Mallory scriptx/script \\u001b]0;PWNED"]'
	run --separate-stderr kam diff --quarter 2026-Q4 --format json
	json 'd["title"]' 'd["in_progress"]' 'len(d["accounts"]) >= 2'
	assert_success
	assert_output $'"2026-Q4"\ntrue\ntrue'
}

@test "check --format sarif over the hostile repository passes the OASIS schema" {
	[ -s "$SARIF_SCHEMA" ] # make test fetches it (tools/sarif-schema.sh)
	hostile_repo
	run kam check --format sarif
	assert_failure 2
	sarif="$output"
	run /usr/bin/python3 "$HOSTILE/sarif_validate.py" "$SARIF_SCHEMA" <<<"$sarif"
	assert_success
	assert_output --regexp '^valid SARIF 2.1.0: [0-9]+ results$'
	output="$sarif"
	json 'sorted({l["physicalLocation"]["artifactLocation"]["uri"] for r in d["runs"][0]["results"] for l in r["locations"]})' \
		'{k: v for k, v in d["runs"][0]["invocations"][0].items() if k != "toolExecutionNotifications"}' \
		'[n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in d["runs"][0]["invocations"][0]["toolExecutionNotifications"]]'
	assert_success
	assert_line --index 0 '["accounts/a%3Ab%20%23c%3Fd%2541.md", "accounts/bad-%FF%20name%20%2520.md", "accounts/caf%C3%A9%20soci%C3%A9t%C3%A9.md", "accounts/escaped-plan.md", "accounts/evil.md", "accounts/evil/meetings/2026-10-03-kickoff.md", "accounts/lat%E9.md", "accounts/nul-value.md", "kam.yaml"]'
	assert_line --index 1 '{"exitCode": 2, "executionSuccessful": false}'
	assert_line --index 2 '["accounts/bad-%FF%20name%20%2520.md", "accounts/lat%E9.md"]'
}

@test "sarif: fingerprints survive line moves, levels follow kam.yaml, help comes from docs/rules.md" {
	hostile_repo
	printf 'rules:\n  yaml-ambiguous: warning\n  review-overdue: off\n' >> kam.yaml
	run kam check --format sarif accounts/evil.md
	output=$(sed -n '/"results"/,$p' <<<"$output" | grep -o '"kam/v1": "[0-9a-f]*:[0-9]*"' | sort)
	before="$output"
	[ "$(wc -l <<<"$before")" -gt 10 ]
	sed -i '2i # three lines\n# pushed in\n# at the top' accounts/evil.md
	run kam check --format sarif accounts/evil.md
	assert_equal "$(sed -n '/"results"/,$p' <<<"$output" | grep -o '"kam/v1": "[0-9a-f]*:[0-9]*"' | sort)" "$before"
	json '[(r["id"], r["defaultConfiguration"]) for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] in ("yaml-ambiguous", "review-overdue", "yaml-nul")]' \
		'[r["helpUri"].split("/docs/")[1] for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] in ("yaml-nul", "routes-sum")]' \
		'[r["help"]["markdown"].split("\n")[0] for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "routes-sum"]'
	assert_success
	assert_line --index 0 '[["yaml-ambiguous", {"level": "warning"}], ["yaml-nul", {"level": "error"}], ["review-overdue", {"enabled": false, "level": "none"}]]'
	assert_line --index 1 '["rules.md#schema-yaml-pitfalls-and-documents", "rules.md#routes-sum"]'
	assert_line --index 2 --partial '["'
}

@test ".inf and .nan never reach status or diff --format json: they are findings, not numbers" {
	make_repo
	cat > accounts/inf.md <<'PLAN'
---
id: inf
name: Inf
type: customer
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-a, title: A, stage: qualify, value: .inf, close: 2027-Q1, probability: 50, owner: anna.petrova}
  - {id: o-b, title: B, stage: qualify, value: .nan, close: 2027-Q1, probability: 50, owner: anna.petrova}
revenue:
  - {quarter: 2026-Q4, target: .inf, actual: -.inf}
---
# Inf
PLAN
	run kam check accounts/inf.md
	assert_failure 1
	assert_line --index 0 "accounts/inf.md:8:48: error[number-not-finite]: opportunities[0].value: '.inf' is infinity to YAML, and a number here must be finite"
	run --separate-stderr kam status --format json
	assert_line --index 7 '     "open_pipeline": 0.00, "open_opportunities": 2, "must_wins": 0, "revenue": {"quarter": "2026-Q4", "target": 0.00, "actual": 0.00}, "review_due": "2027-01-01", "oldest_decider_contact": null,'
	json 'd["accounts"][0]["open_pipeline"]'
	assert_success
	git init -q -b main . && git add -A && git -c user.name=T -c user.email=t@example.com commit -q -m base
	sed -i 's/value: .nan/value: -.inf/' accounts/inf.md
	run --separate-stderr kam diff --format json
	json 'd["totals"]["pipeline_before"]' 'd["accounts"][0]["pipeline"]'
	assert_success
	assert_output $'0.0\n{"before": 0.0, "after": 0.0}'
}
