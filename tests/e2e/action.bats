#!/usr/bin/env bats
# kam's GitHub Action (action.yml): its steps, .github/action/run.sh, run
# against a fake runner: the files GitHub gives a step (GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, GITHUB_PATH, the event payload) and a checkout of a
# bigger repository whose plans live in plans/, cloned as actions/checkout
# does it: one commit deep, the base branch not fetched.

load helpers

RUN="$ROOT/.github/action/run.sh"

# $WORK/origin.git: main has src/ and plans/ (the test repository);
# branch feature adds a plan with an error and moves the valid plan's
# review date. $WORK/ws: the pull request's checkout.
fake_runner() {
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
	git clone -q --bare . "$WORK/origin.git"
	cd "$WORK"
	git clone -q --depth=1 --branch feature "file://$WORK/origin.git" ws
	BASE_SHA=$(git -C "$WORK/origin.git" rev-parse main)
	mkdir runner
	: > runner/output; : > runner/summary; : > runner/path
	printf '{"number": 7, "pull_request": {"number": 7, "base": {"ref": "main", "sha": "%s"}, "head": {"ref": "feature"}}}\n' \
		"$BASE_SHA" > runner/event.json
	export GITHUB_WORKSPACE="$WORK/ws" GITHUB_OUTPUT="$WORK/runner/output" \
		GITHUB_STEP_SUMMARY="$WORK/runner/summary" GITHUB_PATH="$WORK/runner/path" \
		GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$WORK/runner/event.json" \
		GITHUB_BASE_REF=main RUNNER_OS=Linux RUNNER_TEMP="$WORK/runner" INPUT_PATH=plans
	kam_on_path
	cd "$WORK"
}

@test "action: the check annotates the plans in their subfolder, writes SARIF and fails with kam's status" {
	fake_runner
	run "$RUN" check
	assert_failure 1
	assert_output "::error file=plans/accounts/enum-attitude.md,line=8,col=38,title=schema-enum::contacts[0].attitude: 'supportive' is not an attitude; did you mean 'supporter'?%0Ahint: attitude is one of: advocate, supporter, neutral, skeptic, opponent"
	run cat runner/output
	assert_output "sarif-file=$WORK/runner/kam.sarif
exit-code=1"
	run jq -r '.runs[0].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.artifactLocation.uriBaseId] | join(" ")' runner/kam.sarif
	assert_output "schema-enum plans/accounts/enum-attitude.md %SRCROOT%"
}

@test "action: the summary fetches the base branch one commit deep and writes the plan-terms diff, also after a failed check" {
	fake_runner
	run git -C ws rev-parse --verify -q origin/main
	assert_failure
	run "$RUN" check
	assert_failure 1
	run "$RUN" summary
	assert_success
	run cat runner/summary
	assert_output "## account plans, origin/main → HEAD

- open pipeline of the changed accounts 0 → 0 EUR
- 1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back

### Attitude (\`enum-attitude\`)

- new plan: Attitude"
	run cat runner/output
	assert_output "sarif-file=$WORK/runner/kam.sarif
exit-code=1
base=origin/main"
	run git -C ws rev-list --count origin/main
	assert_output 1
}

@test "action: a base branch fetched by the workflow is used as it is" {
	fake_runner
	git -C ws fetch -q --depth=1 origin +refs/heads/main:refs/remotes/origin/main
	git -C ws remote set-url origin "file://$WORK/nowhere.git"
	run "$RUN" summary
	assert_success
	run head -n 1 runner/summary
	assert_output "## account plans, origin/main → HEAD"
}

@test "action: a base that cannot be had is said in the summary and fails the step, never an empty diff" {
	fake_runner
	printf '{"pull_request": {"base": {"ref": "gone", "sha": "0123"}}}\n' > runner/event.json
	run "$RUN" summary
	assert_failure 1
	assert_output --partial "kam: origin/gone is not in the checkout and could not be fetched"
	run cat runner/summary
	assert_output "## account plans

kam could not compare with \`origin/gone\`: it is not in the checkout and could not be fetched."
}

@test "action: a push compares with the commit before it" {
	fake_runner
	BEFORE=$(git -C ws rev-parse HEAD)
	printf '# Notes\n' >> ws/plans/accounts/valid-minimal.md
	git -C ws -c user.name=T -c user.email=t@e commit -qam "notes"
	export GITHUB_EVENT_NAME=push
	printf '{"before": "%s", "after": "x"}\n' "$BEFORE" > runner/event.json
	run "$RUN" summary
	assert_success
	run cat runner/output
	assert_output "base=$BEFORE"
	run grep -c "Notes" runner/summary
	assert_output 1
}

@test "action: a clean check succeeds; sarif false writes no SARIF" {
	fake_runner
	git -C ws rm -q plans/accounts/enum-attitude.md
	INPUT_SARIF=false run "$RUN" check
	assert_success
	assert_output ""
	run cat runner/output
	assert_output "exit-code=0"
	[ ! -e runner/kam.sarif ]
}

@test "action: the cache key names the runner, the ref, the version and the source" {
	fake_runner
	ACTION_REF=v1.2.0 run "$RUN" key
	assert_success
	ACTION_REF=main INPUT_VERSION=v1.3.0 "$RUN" key
	ACTION_REF=main "$RUN" key
	run sed 's/-[0-9a-f]\{16\}$/-HASH/' runner/output
	assert_output "key=kam-Linux-v1.2.0-1.2.0-HASH
key=kam-Linux-main-1.3.0-HASH
key=kam-Linux-main--HASH"
}

@test "action: install uses the cached kam and puts it on PATH" {
	fake_runner
	mkdir -p runner/kam-action/bin
	ln -s "$KAM" runner/kam-action/bin/kam
	KAM_DIR="$WORK/runner/kam-action" run "$RUN" install
	assert_success
	assert_line --index 0 "kam: using the cached build"
	assert_line --index 1 --regexp '^kam '
	run cat runner/path
	assert_output "$WORK/runner/kam-action/bin"
}

@test "action: with no release package for the version, install builds kam from the action's source" {
	fake_runner
	# no network: gh and curl find no release
	mkdir fakebin
	printf '#!/bin/sh\necho "$0 $*" >> %s/asked\nexit 1\n' "$WORK" > fakebin/gh
	cp fakebin/gh fakebin/curl
	chmod +x fakebin/gh fakebin/curl
	PATH="$WORK/fakebin:$PATH" ACTION_REPOSITORY=your-org/kam INPUT_VERSION=9.9.9 \
		KAM_DIR="$WORK/runner/kam-action" run "$RUN" install
	assert_success
	assert_line --index 0 "kam: building kam from the action's source ($ROOT)"
	run cat asked
	assert_output "$WORK/fakebin/gh release download v9.9.9 --repo your-org/kam --pattern kam_9.9.9_amd64.deb --dir $WORK/runner/kam-action
$WORK/fakebin/curl -fsSL -o $WORK/runner/kam-action/kam.deb https://github.com/your-org/kam/releases/download/v9.9.9/kam_9.9.9_amd64.deb"
	run runner/kam-action/bin/kam check ws/plans/accounts/valid-minimal.md
	assert_success
	run cat runner/path
	assert_output "$WORK/runner/kam-action/bin"
}

# validate SCHEMA FILE: FILE (YAML) against one of SchemaStore's schemas
# (tests/schemastore), read as GitHub reads it: YAML 1.2 booleans, so the
# key "on" stays a string.
validate() {
	/usr/bin/python3 - "$ROOT/tests/schemastore/$1.json" "$2" <<'PY'
import json, sys, yaml, jsonschema
class Loader(yaml.SafeLoader):
    pass
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|false)$"), list("tf"))
doc = yaml.load(open(sys.argv[2]), Loader=Loader)
jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(doc)
print("valid")
PY
}

@test "action: action.yml and the example workflows pass SchemaStore's schemas" {
	run validate github-action "$ROOT/action.yml"
	assert_success
	assert_output "valid"
	run validate github-workflow "$ROOT/docs/examples/github-workflow.yml"
	assert_success
	assert_output "valid"
	run validate github-workflow "$ROOT/example-accounts/.github/workflows/kam.yml"
	assert_success
	assert_output "valid"
}

@test "action: the schema check refuses a broken workflow" {
	sed 's/runs-on:/runs_on:/' "$ROOT/docs/examples/github-workflow.yml" > broken.yml
	run validate github-workflow broken.yml
	assert_failure
	assert_output --partial "ValidationError"
}

@test "action: the summary and SARIF steps run after a failed check, the check's step decides the job" {
	run /usr/bin/python3 -c '
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
for s in steps:
    print(s.get("id", "-"), s.get("uses", s.get("run")), "|", s.get("if", "always-unless-failed"))
' "$ROOT/action.yml"
	assert_output "key \"\$GITHUB_ACTION_PATH/.github/action/run.sh\" key | always-unless-failed
- actions/cache@v4 | always-unless-failed
- \"\$GITHUB_ACTION_PATH/.github/action/run.sh\" install | always-unless-failed
check \"\$GITHUB_ACTION_PATH/.github/action/run.sh\" check | always-unless-failed
- github/codeql-action/upload-sarif@v3 | \${{ !cancelled() && inputs.sarif == 'true' && steps.check.outputs.sarif-file != '' }}
- \"\$GITHUB_ACTION_PATH/.github/action/run.sh\" summary | \${{ !cancelled() && inputs.summary == 'true' }}"
}
