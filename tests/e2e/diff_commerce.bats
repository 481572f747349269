#!/usr/bin/env bats
# The commerce fields of plan model v2 (issue 17) in history: forecast
# categories as the forecast counts them ("moved to commit", given or by
# the stage's default in kam.yaml), close quarters that slip or are
# pulled in, why deals were lost and to whom, and the quarter report's
# slipped value and lost value by reason; competitors, contracts,
# whitespace cells, units, deals' and goals' new fields, each told as a
# sales director would say it, in text, Markdown, JSON, kam log and kam
# commit's message. Histories are built with the real git and fixed dates.

load helpers
bats_require_minimum_version 1.5.0

# commerce_repo: kam.yaml with competitors and offerings
commerce_repo() {
	git_repo
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: Globex}
  - {id: initech, name: Initech}
offerings:
  - {id: cloud, name: Cloud}
  - {id: support, name: Support}
YAML
}

# write_acme C S P L: acme with the close quarters of o-c, o-s and o-p and
# the stage of o-l
write_acme() {
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-01
units:
  - {id: u-retail, name: Retail}
competitors:
  - {competitor: globex, position: challenger, share: 20}
contracts:
  - {id: k-core, title: Core licence, value: 400000, start: 2024-07-01, end: 2027-06-30, notice_months: 3}
whitespace:
  - {unit: u-retail, offering: cloud, status: open, potential: 200000}
  - {unit: u-retail, offering: support, status: competitor, competitor: globex}
opportunities:
  - {id: o-c, title: Cloud, stage: propose, value: 250000, close: $1}
  - {id: o-s, title: Support, stage: qualify, value: 100000, close: $2}
  - {id: o-p, title: Pilot, stage: qualify, value: 50000, close: $3}
  - {id: o-l, title: Licences, stage: $4, value: 300000, close: 2026-Q4}
  - {id: o-r, title: Renewal, stage: propose, value: 400000, close: 2027-Q2, renews: k-core, type: renewal}
goals:
  - {id: g-1, text: Win the cloud, quarter: 2026-Q4}
---
# Acme Corp
PLAN
}

@test "diff: moved to commit, slipped, pulled in, lost with its reason, in text, Markdown and JSON" {
	commerce_repo
	write_acme 2026-Q4 2026-Q4 2027-Q1 negotiate
	commit_at "2026-11-02T10:00:00Z" "plan"
	write_acme 2026-Q4 2027-Q1 2026-Q4 lost
	# o-c is written into commit (propose is best case by default); o-l
	# lost on price to globex
	sed -i -e 's/value: 250000, close: 2026-Q4}/value: 250000, close: 2026-Q4, forecast: commit}/' \
		-e 's/stage: lost, value: 300000, close: 2026-Q4}/stage: lost, value: 300000, close: 2026-Q4, lost_reason: price, lost_to: globex}/' \
		accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 1,100,000 -> 800,000 EUR
1 account changed; 0 new opportunities; won 0, lost 1; stages 0 forward, 0 back
1 moved to commit (250,000 EUR); 1 slipped (100,000 EUR); 1 pulled in (50,000 EUR)

acme (Acme Corp) accounts/acme.md
  open pipeline 1,100,000 -> 800,000 EUR (-300,000)
  o-c moved to commit (was best case; 250,000 EUR)
  o-s slipped from 2026-Q4 to 2027-Q1 (100,000 EUR)
  o-p pulled in from 2027-Q1 to 2026-Q4 (50,000 EUR)
  lost o-l (300,000 EUR; price, to globex)"
	run kam diff --format md
	assert_success
	assert_line "- 1 moved to commit (250,000 EUR); 1 slipped (100,000 EUR); 1 pulled in (50,000 EUR)"
	assert_line "- o-s slipped from 2026-Q4 to 2027-Q1 (100,000 EUR)"
	refute_output --partial "more change"
	run kam diff --format json
	assert_success
	assert_line '   "moved_to_commit": {"deals": 1, "by_currency": [{"currency": "EUR", "value": 250000.00}]},'
	assert_line '   "slipped": {"deals": 1, "by_currency": [{"currency": "EUR", "value": 100000.00}]},'
	assert_line '   "pulled_in": {"deals": 1, "by_currency": [{"currency": "EUR", "value": 50000.00}]},'
	assert_line '   "slipped_out": null,'
	assert_line '   "lost_by_reason": [{"reason": "price", "currency": "EUR", "deals": 1, "value": 300000.00, "lost_to": ["globex"]}]},'
	assert_output --partial '{"kind": "modified", "collection": "opportunities", "entity": "o-s", "field": "close", "old": "2026-Q4", "new": "2027-Q1", "line": 18}'
}

@test "diff: a stage move into negotiate is a move to commit; kam.yaml's stage defaults decide; a written forecast that changes nothing says so" {
	commerce_repo
	write_acme 2026-Q4 2026-Q4 2027-Q1 negotiate
	commit_at "2026-11-02T10:00:00Z" "plan"
	sed -i -e 's/stage: qualify, value: 100000/stage: negotiate, value: 100000/' \
		-e 's/stage: negotiate, value: 300000, close: 2026-Q4/stage: negotiate, value: 300000, close: 2026-Q4, forecast: commit/' \
		-e 's/stage: propose, value: 400000/stage: propose, value: 400000, forecast: omitted/' accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 1,100,000 -> 1,100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 1 forward, 0 back
1 moved to commit (100,000 EUR)

acme (Acme Corp) accounts/acme.md
  o-s moved forward: qualify -> negotiate
  o-s moved to commit (was pipeline; 100,000 EUR)
  o-l stays in commit (forecast not set -> commit)
  o-r left out of the forecast (was best case; 400,000 EUR)"
	# with propose in commit by kam.yaml, o-c is in commit before and after:
	# no move; o-r comes back into the forecast as commit
	git checkout -q accounts/acme.md
	printf 'stages:\n  propose: {forecast: commit}\n' >> kam.yaml
	commit_at "2026-11-03T10:00:00Z" "propose is commit"
	sed -i -e 's/stage: propose, value: 250000/stage: negotiate, value: 250000/' \
		-e 's/stage: qualify, value: 50000/stage: propose, value: 50000/' accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 1,100,000 -> 1,100,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 2 forward, 0 back
1 moved to commit (50,000 EUR)

acme (Acme Corp) accounts/acme.md
  o-c moved forward: propose -> negotiate
  o-p moved forward: qualify -> propose
  o-p moved to commit (was pipeline; 50,000 EUR)"
}

@test "log: a deal that slips and slips back reads slipped, then pulled in; the quarter shows no slip" {
	commerce_repo
	write_acme 2026-Q4 2026-Q4 2027-Q1 negotiate
	commit_at "2026-09-20T10:00:00Z" "Q3 plan"
	write_acme 2026-Q4 2027-Q1 2027-Q1 negotiate
	commit_at "2026-10-05T10:00:00Z" "support slips"
	write_acme 2026-Q4 2026-Q4 2027-Q1 negotiate
	commit_at "2026-10-20T10:00:00Z" "support back"
	run kam log -n 2
	assert_success
	assert_output --regexp "^[0-9a-f]{7} 2026-10-20 Anna Petrova: support back
  acme: o-s pulled in from 2027-Q1 to 2026-Q4 \(100,000 EUR\)

[0-9a-f]{7} 2026-10-05 Anna Petrova: support slips
  acme: o-s slipped from 2026-Q4 to 2027-Q1 \(100,000 EUR\)$"
	run kam diff --quarter 2026-Q4
	assert_success
	assert_line --index 4 "no change to any plan"
	# slipped twice: from where it was to where it is
	write_acme 2026-Q4 2027-Q2 2027-Q1 negotiate
	commit_at "2026-11-10T10:00:00Z" "support slips again"
	write_acme 2026-Q4 2027-Q3 2027-Q1 negotiate
	commit_at "2026-11-12T10:00:00Z" "and again"
	run kam diff --quarter 2026-Q4
	assert_success
	assert_line "slipped out of 2026-Q4: 1 deal (100,000 EUR)"
	assert_line "  o-s slipped from 2026-Q4 to 2027-Q3 (100,000 EUR)"
}
