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

# write_beta B Z Y: beta, in USD, with the close of o-b and the stages of o-z and o-y
write_beta() {
	cat > accounts/beta.md <<PLAN
---
id: beta
name: Beta Inc
type: customer
owner: ivan.sidorov
currency: USD
reviewed: 2026-09-01
opportunities:
  - {id: o-b, title: Bundle, stage: qualify, value: 70000, close: $1}
  - {id: o-z, title: Zone, stage: $2, value: 20000, close: 2026-Q4}
  - {id: o-y, title: Yard, stage: $3, value: 10000, close: 2026-Q4}
---
# Beta Inc
PLAN
}

@test "diff --quarter: slipped value out of the quarter per currency, lost value by reason with the competitors named" {
	commerce_repo
	write_acme 2026-Q4 2026-Q4 2027-Q1 negotiate
	write_beta 2026-Q4 negotiate qualify
	commit_at "2026-09-20T10:00:00Z" "Q3 plans"
	write_acme 2027-Q1 2027-Q2 2027-Q2 lost
	sed -i -e 's/stage: lost, value: 300000, close: 2026-Q4}/stage: lost, value: 300000, close: 2026-Q4, lost_reason: price, lost_to: globex}/' \
		-e 's/stage: propose, value: 400000, close: 2027-Q2,/stage: lost, value: 400000, close: 2027-Q2, lost_reason: competitor, lost_to: initech,/' accounts/acme.md
	commit_at "2026-10-10T10:00:00Z" "acme: cloud and support slip, licences and renewal lost"
	write_beta 2027-Q1 lost lost
	sed -i 's/stage: lost, value: 20000, close: 2026-Q4}/stage: lost, value: 20000, close: 2026-Q4, lost_reason: competitor, lost_to: initech}/' accounts/beta.md
	commit_at "2026-11-05T10:00:00Z" "beta: bundle slips, zone and yard lost"
	# Slipped out of 2026-Q4 (close 2026-Q4 before, later now, still open):
	#   o-c 250,000 + o-s 100,000 = 350,000 EUR; o-b 70,000 USD: 2 + 1 = 3 deals.
	#   o-p (2027-Q1 -> 2027-Q2) slipped too, but not out of 2026-Q4: all
	#   slips are 3 + 1 = 4 deals, 350,000 + 50,000 = 400,000 EUR and 70,000 USD.
	# Lost, by reason in the reasons' order, then currency:
	#   price: o-l 300,000 EUR to globex;
	#   competitor: o-r 400,000 EUR to initech; o-z 20,000 USD to initech;
	#   not given: o-y 10,000 USD.
	run kam diff --quarter 2026-Q4
	assert_success
	assert_equal "$(sed -E 's/[0-9a-f]{7} /XXXXXXX /g' <<<"$output")" "2026-Q4 (so far, as of 2026-11-20): XXXXXXX (2026-09-20) -> XXXXXXX (2026-11-05)
2 commits by Anna Petrova
  XXXXXXX 2026-10-10 Anna Petrova: acme: cloud and support slip, licences and renewal lost
  XXXXXXX 2026-11-05 Anna Petrova: beta: bundle slips, zone and yard lost
open pipeline of the changed accounts 1,100,000 -> 400,000 EUR, 100,000 -> 70,000 USD
2 accounts changed; 0 new opportunities; won 0, lost 4; stages 0 forward, 0 back
4 slipped (400,000 EUR, 70,000 USD)
slipped out of 2026-Q4: 3 deals (350,000 EUR, 70,000 USD)
lost by reason: price 300,000 EUR (1 deal, to globex); competitor 400,000 EUR (1 deal, to initech); competitor 20,000 USD (1 deal, to initech); not given 10,000 USD (1 deal)

acme (Acme Corp) accounts/acme.md
  open pipeline 1,100,000 -> 400,000 EUR (-700,000)
  o-c slipped from 2026-Q4 to 2027-Q1 (250,000 EUR)
  o-s slipped from 2026-Q4 to 2027-Q2 (100,000 EUR)
  o-p slipped from 2027-Q1 to 2027-Q2 (50,000 EUR)
  lost o-l (300,000 EUR; price, to globex)
  lost o-r (400,000 EUR; competitor, to initech)
  health 7 -> 12

beta (Beta Inc) accounts/beta.md
  open pipeline 100,000 -> 70,000 USD (-30,000)
  o-b slipped from 2026-Q4 to 2027-Q1 (70,000 USD)
  lost o-z (20,000 USD; competitor, to initech)
  lost o-y (10,000 USD)
  health 11 -> 6"
	run kam diff --quarter 2026-Q4 --format md
	assert_success
	assert_line "- slipped out of 2026-Q4: 3 deals (350,000 EUR, 70,000 USD)"
	assert_line "- lost by reason: price 300,000 EUR (1 deal, to globex); competitor 400,000 EUR (1 deal, to initech); competitor 20,000 USD (1 deal, to initech); not given 10,000 USD (1 deal)"
	run kam diff --quarter 2026-Q4 --format json
	assert_success
	assert_line '   "slipped": {"deals": 4, "by_currency": [{"currency": "EUR", "value": 400000.00}, {"currency": "USD", "value": 70000.00}]},'
	assert_line '   "slipped_out": {"quarter": "2026-Q4", "deals": 3, "by_currency": [{"currency": "EUR", "value": 350000.00}, {"currency": "USD", "value": 70000.00}]},'
	assert_line '   "lost_by_reason": [{"reason": "price", "currency": "EUR", "deals": 1, "value": 300000.00, "lost_to": ["globex"]}, {"reason": "competitor", "currency": "EUR", "deals": 1, "value": 400000.00, "lost_to": ["initech"]}, {"reason": "competitor", "currency": "USD", "deals": 1, "value": 20000.00, "lost_to": ["initech"]}, {"reason": null, "currency": "USD", "deals": 1, "value": 10000.00, "lost_to": []}]},'
	# the quarter before had no commit in it that changed a close
	run kam diff --quarter 2026-Q3
	assert_line "slipped out of 2026-Q3: none"
	refute_output --partial "lost by reason"
}

# acme after a quarter of commerce changes in every new field
write_acme_changed() {
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-01
units:
  - {id: u-retail, name: Retail banking}
  - {id: u-web, name: Web shop}
competitors:
  - {competitor: globex, position: incumbent, share: 35}
  - {competitor: initech, position: niche}
contracts:
  - {id: k-core, title: Core licence, value: 420000, start: 2024-07-01, end: 2028-06-30, notice_months: 6}
  - {id: k-sup, title: Support, value: 60000, start: 2027-01-01, end: 2027-12-31, auto_renew: true}
whitespace:
  - {unit: u-web, offering: cloud, status: open, potential: 150000}
  - {unit: u-retail, offering: cloud, status: ours, potential: 200000}
opportunities:
  - {id: o-c, title: Cloud, stage: propose, value: 250000, close: 2026-Q4, type: upsell, offering: cloud, unit: u-retail, opened: 2026-09-01, sole_source: true}
  - {id: o-s, title: Support, stage: qualify, value: 100000, close: 2026-Q4, competitors: [globex, initech]}
  - {id: o-p, title: Pilot, stage: qualify, value: 50000, close: 2027-Q1, renews: k-sup, competitors: [initech]}
  - {id: o-l, title: Licences, stage: lost, value: 300000, close: 2026-Q4, lost_reason: timing, lost_to: globex}
  - {id: o-r, title: Renewal, stage: won, value: 400000, close: 2027-Q2, renews: k-core, type: renewal}
goals:
  - {id: g-1, text: Win the cloud, quarter: 2026-Q4, owner: anna.petrova, measure: Cloud contract signed}
---
# Acme Corp
PLAN
}

@test "diff: every commerce field told in plan terms: competitors, contracts, whitespace, units, deals, goals" {
	commerce_repo
	write_acme 2026-Q4 2026-Q4 2027-Q1 lost
	sed -i 's/stage: qualify, value: 50000, close: 2027-Q1}/stage: qualify, value: 50000, close: 2027-Q1, competitors: [globex]}/' accounts/acme.md
	commit_at "2026-11-02T10:00:00Z" "plan"
	write_acme_changed
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 800,000 -> 400,000 EUR
1 account changed; 0 new opportunities; won 1 (400,000 EUR), lost 0; stages 0 forward, 0 back

acme (Acme Corp) accounts/acme.md
  open pipeline 800,000 -> 400,000 EUR (-400,000)
  unit u-retail renamed: Retail -> Retail banking
  new unit u-web: Web shop
  competitor globex: challenger -> incumbent
  competitor globex: share 20% -> 35%
  new competitor initech: niche
  contract k-core: value 400,000 -> 420,000 EUR
  contract k-core renewed: ends 2027-06-30 -> 2028-06-30 (o-r won)
  contract k-core: notice 3 -> 6 months
  new contract k-sup: Support (60,000 EUR, ends 2027-12-31)
  whitespace u-web/cloud assessed: open (potential 150,000 EUR)
  whitespace u-retail/cloud: open -> ours
  whitespace u-retail/support removed (was competitor (globex))
  o-c: type not set -> upsell
  o-c: offering not set -> cloud
  o-c: unit not set -> u-retail
  o-c: opened not set -> 2026-09-01
  o-c: sole source (nobody else in the race)
  o-s: up against globex, initech
  o-p renews contract k-sup
  o-p: up against initech
  o-p: no longer up against globex
  o-l: lost on timing (was not given)
  o-l: lost to globex
  won o-r (400,000 EUR)
  goal g-1: owner not set -> anna.petrova
  goal g-1: measured by Cloud contract signed"
	run kam diff --format md
	assert_success
	assert_line "- competitor globex: challenger → incumbent"
	assert_line "- whitespace u-retail/cloud: open → ours"
	refute_output --partial "more change"
	run kam diff --format json
	assert_success
	assert_output --partial '{"kind": "modified", "collection": "whitespace", "entity": "u-retail/cloud", "field": "status", "old": "open", "new": "ours", "line": 18}'
	assert_output --partial '{"kind": "modified", "collection": "competitors", "entity": "globex", "field": "position", "old": "challenger", "new": "incumbent", "line": 11}'
	# the same changes, each once, in kam commit's message
	export GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com \
		GIT_COMMITTER_NAME="Anna Petrova" GIT_COMMITTER_EMAIL=anna@example.com
	run kam commit -m "Q4 commerce"
	assert_success
	run git log -1 --format=%B
	assert_line "acme: contract k-core renewed: ends 2027-06-30 -> 2028-06-30 (o-r won)"
	assert_line "acme: whitespace u-retail/cloud: open -> ours"
	assert_line "acme: competitor globex: challenger -> incumbent"
	assert_line "acme: o-l: lost on timing (was not given)"
	assert_equal "$(grep -c '^acme: ' <<<"$output")" 27
	# and back: each change the other way round
	run kam diff HEAD HEAD~1
	assert_success
	assert_output "HEAD -> HEAD~1
open pipeline of the changed accounts 400,000 -> 800,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back; 1 reopened; 1 withdrawn from won (400,000 EUR)

acme (Acme Corp) accounts/acme.md
  open pipeline 400,000 -> 800,000 EUR (+400,000)
  unit u-retail renamed: Retail banking -> Retail
  unit u-web removed (was Web shop)
  competitor globex: incumbent -> challenger
  competitor globex: share 35% -> 20%
  competitor initech removed (was niche)
  contract k-core: value 420,000 -> 400,000 EUR
  contract k-core shortened: ends 2028-06-30 -> 2027-06-30
  contract k-core: notice 6 -> 3 months
  contract k-sup removed (was Support)
  whitespace u-retail/cloud: ours -> open
  whitespace u-retail/support assessed: competitor (globex)
  whitespace u-web/cloud removed (was open)
  o-c: type upsell -> not set
  o-c: offering cloud -> not set
  o-c: unit u-retail -> not set
  o-c: opened 2026-09-01 -> not set
  o-c: no longer sole source
  o-s: no longer up against globex, initech
  o-p: up against globex
  o-p: no longer up against initech
  o-p no longer renews contract k-sup
  o-l: lost reason removed (was timing)
  o-l: no longer recorded as lost to globex
  o-r reopened (was won): now propose; 400,000 EUR withdrawn from won
  goal g-1: owner anna.petrova -> not set
  goal g-1: measure removed (was Cloud contract signed)"
}

@test "diff: the rest of the commerce fields: auto-renewal, a contract's title, a cell taken by a competitor, notes, a closed deal's close and forecast" {
	commerce_repo
	write_acme_changed
	commit_at "2026-11-02T10:00:00Z" "plan"
	sed -i -e 's/{id: k-sup, title: Support,/{id: k-sup, title: Premium support,/' -e 's/auto_renew: true}/auto_renew: false}/' \
		-e 's/{unit: u-web, offering: cloud, status: open, potential: 150000}/{unit: u-web, offering: cloud, status: competitor, competitor: initech, potential: 180000}/' \
		-e 's/{competitor: initech, position: niche}/{competitor: initech, position: niche, notes: cheap}/' \
		-e 's/stage: lost, value: 300000, close: 2026-Q4,/stage: lost, value: 300000, close: 2026-Q3,/' \
		-e 's/close: 2027-Q2, renews: k-core, type: renewal}/close: 2027-Q2, renews: k-core, type: renewal, forecast: commit}/' \
		-e 's/type: upsell, offering: cloud,/type: cross-sell, offering: support,/' \
		-e 's/{id: o-s, title: Support, stage: qualify, value: 100000, close: 2026-Q4,/{id: o-s, title: Support, stage: qualify, value: 100000, close: 2027-Q1, forecast: omitted,/' \
		-e 's/measure: Cloud contract signed}/measure: Cloud contract signed by March}/' accounts/acme.md
	run kam diff
	assert_success
	assert_output "HEAD -> the work tree
open pipeline of the changed accounts 400,000 -> 400,000 EUR
1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back
1 slipped (100,000 EUR)

acme (Acme Corp) accounts/acme.md
  competitor initech: notes changed
  contract k-sup: title Support -> Premium support
  contract k-sup no longer renews automatically
  whitespace u-web/cloud: open -> competitor (initech)
  whitespace u-web/cloud: potential 150,000 -> 180,000 EUR
  o-c: type upsell -> cross-sell
  o-c: offering cloud -> support
  o-s left out of the forecast (was pipeline; 100,000 EUR)
  o-s slipped from 2026-Q4 to 2027-Q1 (100,000 EUR)
  o-l: close 2026-Q4 -> 2026-Q3
  o-r: forecast not set -> commit
  goal g-1: measured by Cloud contract signed by March"
}
