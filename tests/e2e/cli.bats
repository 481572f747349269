#!/usr/bin/env bats
# kam init, kam new, help and version.

load helpers

@test "kam --version" {
	run kam --version
	assert_success
	assert_output --regexp '^kam [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "kam help lists the commands" {
	run kam help
	assert_success
	assert_line "  check       check plans: files, schema, references and links, plan rules"
	assert_line "  init        create a plans repository (kam.yaml, accounts/)"
	assert_line "  new         scaffold a new account plan that passes kam check"
}

@test "kam help CMD and kam CMD --help print the same usage" {
	run kam help check
	assert_success
	local help_output="$output"
	run kam check --help
	assert_success
	assert_equal "$output" "$help_output"
	assert_line --index 0 "usage: kam check [--format text|json|github|sarif|gitlab] [--strict] [--staged | --rev REV] [PATH...]"
}

@test "an unknown command suggests the closest one" {
	run kam chek
	assert_failure 2
	assert_output "kam: 'chek' is not a kam command; did you mean 'check'?"
}

@test "an unknown global option is a usage error" {
	run kam --frobnicate check
	assert_failure 2
	assert_output "kam: unknown option '--frobnicate'; see 'kam --help'"
}

@test "--today must be a date" {
	run kam --today 2026-02-30 help
	assert_failure 2
	assert_output "kam: --today takes a date YYYY-MM-DD, not '2026-02-30'"
}

@test "--today, --color and -q also work after the command" {
	make_repo
	run kam --today 2026-01-05 status
	local before="$output"
	run kam status --today 2026-01-05
	assert_success
	assert_equal "$output" "$before"
	assert_line --index 0 --partial " on 2026-01-05 (2026-Q1)"
	run kam status --today=2026-01-05 --color=never
	assert_equal "$output" "$before"
	run kam check --today 2026-02-30
	assert_failure 2
	assert_output "kam: --today takes a date YYYY-MM-DD, not '2026-02-30'"
}

@test "kam with no command prints usage and exits 2" {
	run kam
	assert_failure 2
	assert_line --index 0 --partial "usage: kam"
}

@test "init creates kam.yaml and accounts/, and the result checks clean" {
	run kam init plans --organization "Acme Sales"
	assert_success
	assert_output "created plans/kam.yaml and plans/accounts/
to see plan changes in plan terms in git diff:
  git config diff.kam.textconv 'kam textconv'
next: kam new ACCOUNT-ID --name \"Client Name\""
	assert_equal "$(cat plans/.gitattributes)" "accounts/**/*.md diff=kam"
	assert_equal "$(cat plans/.gitignore)" "/site/"
	[ -d plans/accounts ]
	run grep -c 'organization: "Acme Sales"' plans/kam.yaml
	assert_output "1"
	run kam check plans
	assert_success
	assert_output "no problems in 0 plans"
}

@test "init takes the first team member from git's user.name" {
	git config --global user.name "Anna Petrova"
	git config --global user.email "anna@example.com"
	run kam init
	assert_success
	run grep -A4 '^team:' kam.yaml
	assert_output --partial "  - id: anna.petrova"
	assert_output --partial "    email: \"anna@example.com\""
}

@test "init keeps an existing .gitignore and adds /site/ once" {
	mkdir plans
	printf 'build/' > plans/.gitignore
	kam init -q plans
	assert_equal "$(cat plans/.gitignore)" "build/
/site/"
	rm plans/kam.yaml
	kam init -q plans
	assert_equal "$(cat plans/.gitignore)" "build/
/site/"
}

@test "init never overwrites an existing kam.yaml" {
	echo "kam: 1  # mine" > kam.yaml
	run kam init
	assert_failure 2
	assert_output "kam: init: './kam.yaml' already exists; nothing was changed"
	assert_equal "$(cat kam.yaml)" "kam: 1  # mine"
}

@test "init rejects a bad currency" {
	run kam init --currency euro
	assert_failure 2
	assert_output "kam: init: --currency takes a code of three capital letters such as EUR"
	[ ! -e kam.yaml ]
}

@test "new writes a plan that passes kam check" {
	kam init -q
	run kam --today 2026-11-20 new northwind-bank --name 'Northwind "Bank" AG' --type customer --tier key
	assert_success
	assert_output "created $WORK/accounts/northwind-bank.md"
	run kam check
	assert_success
	assert_output "no problems in 1 plan"
	run head -n 8 accounts/northwind-bank.md
	assert_output '---
id: northwind-bank
name: "Northwind \"Bank\" AG"
type: customer
tier: key
owner: account.manager
phase: service
reviewed: 2026-11-20'
}

@test "new: the default tier, the examples in the template's comments, an unknown tier" {
	kam init -q
	run kam new acme --name Acme
	assert_success
	run grep -E '^tier:|stage:|roles:|buying_unit:|kind:' accounts/acme.md
	assert_output "tier: growth
#  - {id: o-example, title: The deal, stage: identify, value: 100000, close: 2027-Q1, must_win: false,
#     buying_unit: [{contact: c.example, role: key-decision-leader}]}
#  - {id: c.example, name: Full Name, title: CIO, roles: [key-decision-leader], attitude: neutral, influence: medium, owner: account.manager}
#  - {date: 2026-11-20, contacts: [c.example], kind: call, note: What was said}"
	run kam new beta --name Beta --tier gold
	assert_failure 2
	assert_output "kam: new: --tier is key, strategic, growth or maintain (kam.yaml's tiers), not 'gold'"
	[ ! -e accounts/beta.md ]
}

@test "new: tiers come from kam.yaml, growth by default when declared, else the lowest" {
	kam init -q
	printf 'tiers: [platinum, gold, silver]\n' >> kam.yaml
	run kam new beta --name Beta --tier gld
	assert_failure 2
	assert_output "kam: new: --tier is platinum, gold or silver (kam.yaml's tiers), not 'gld'; did you mean 'gold'?"
	run kam new acme --name Acme
	assert_success
	run grep '^tier:' accounts/acme.md
	assert_output "tier: silver"
	run kam new gamma --name Gamma --tier platinum
	assert_success
	run kam check
	assert_success
	run kam new delta --name Delta --tier key
	assert_failure 2
	printf -- '---\nid: delta\nname: Delta\ntype: customer\ntier: key\nowner: account.manager\nreviewed: 2026-11-01\n---\n' > accounts/delta.md
	run kam check accounts/delta.md
	assert_failure 1
	assert_output "accounts/delta.md:5:7: error[ref-unresolved]: tier 'key' is not one of kam.yaml's tiers (platinum, gold, silver)
    hint: use one of the tiers, or declare it in tiers: in kam.yaml
1 error in 1 plan"
}

@test "new honours KAM_TODAY" {
	kam init -q
	KAM_TODAY=2027-01-05 run kam new acme --name Acme
	assert_success
	run grep '^reviewed:' accounts/acme.md
	assert_output "reviewed: 2027-01-05"
}

@test "new never overwrites an existing plan" {
	kam init -q
	echo "my plan" > accounts/acme.md
	run kam new acme --name Acme
	assert_failure 2
	assert_output "kam: new: '$WORK/accounts/acme.md' already exists"
	assert_equal "$(cat accounts/acme.md)" "my plan"
}

@test "new rejects an id that is not a slug" {
	kam init -q
	run kam new "Acme Corp" --name Acme
	assert_failure 2
	assert_output "kam: new: 'Acme Corp' is not an account id: use lower-case letters, digits, '.' and '-', starting with a letter or digit"
}

@test "new needs a name" {
	kam init -q
	run kam new acme
	assert_failure 2
	assert_output "kam: new: --name NAME is required (the client's display name)"
}

@test "new checks the owner against the team" {
	make_repo
	run kam new acme --name Acme --owner anna.petrov
	assert_failure 2
	assert_output "kam: new: 'anna.petrov' is not in kam.yaml's team; did you mean 'anna.petrova'?"
	run kam new acme --name Acme --owner ivan.sidorov --type partner
	assert_success
	run grep -E '^(owner|type|phase):' accounts/acme.md
	assert_output "type: partner
owner: ivan.sidorov
phase: service"
}

@test "new outside a plans repository exits 2" {
	run kam new acme --name Acme
	assert_failure 2
	assert_output "kam: new: not a plans repository (no kam.yaml in '.' or any folder above it)"
}

@test "every example in docs/json.md is what kam prints" {
	local doc="$ROOT/docs/json.md" count=0
	while IFS= read -r marker; do
		local cmd dir expected
		cmd=$(printf '%s' "$marker" | sed 's/^<!-- output of: kam \(.*\), in \(.*\) -->$/\1/')
		dir=$(printf '%s' "$marker" | sed 's/^<!-- output of: kam \(.*\), in \(.*\) -->$/\2/')
		expected=$(awk -v m="$marker" '$0 == m {on = 1; next} on && /^```json$/ {grab = 1; next}
			grab && /^```$/ {exit} grab {print}' "$doc")
		run sh -c "cd '$ROOT/$dir' && '$KAM' --color never $cmd"
		assert_equal "$output" "$expected"
		count=$((count + 1))
	done < <(grep '^<!-- output of: kam ' "$doc")
	[ "$count" -eq 4 ]
	local file expected
	file=$(sed -n 's/^<!-- same as: \([^ ]*\) .*/\1/p' "$doc")
	expected=$(awk '/^<!-- same as:/ {on = 1; next} on && /^```json$/ {grab = 1; next} grab && /^```$/ {exit} grab {print}' "$doc")
	assert_equal "$(cat "$ROOT/$file")" "$expected"
}
