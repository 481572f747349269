#!/usr/bin/env bats
# The sales director's four questions on the example repository
# (example-accounts/, on 2026-11-20, 2026-Q4), each number worked out by hand
# in the comments; then the cases a director checks by hand, on small
# repositories made here: two currencies, a quarter without a target, a
# renewal routed through a partner. Only this file may depend on the content
# of example-accounts/: change both together.

load helpers
bats_require_minimum_version 1.5.0

# The example deals by quarter (probability as given; category: the deal's
# forecast:, else kam.yaml's stages.<stage>.forecast):
#   2026-Q4  tailspin o-store-rollout-pl  negotiate commit    1,300,000  80%
#            northwind o-change-requests  negotiate commit      170,000  85%
#   2027-Q1  northwind o-hub-licence-renewal negotiate commit   390,000  80% (renewal)
#            northwind o-core-banking     propose   best-case 2,400,000  60%
#            tailspin o-store-licences    propose   commit      180,000  60%
#            fabrikam o-reseller-agreement propose  best-case   400,000  55%
#            contoso o-energy-pilot       validate  pipeline    350,000  35% (through fabrikam)
# Targets (revenue:): 2026-Q4 fabrikam 80,000, northwind 380,000, tailspin
# 700,000, contoso none; 2027-Q1 contoso 120,000, northwind 900,000.
# No deal was won in either quarter (o-support-renewal was won in 2026-Q3).

@test "example: forecast for the current quarter, 2026-Q4" {
	cd "$ROOT/example-accounts"
	run kam forecast
	assert_success
	# northwind: commit 170,000, weighted 170,000 x 0.85 = 144,500;
	#   gap 380,000 - 0 - 170,000 = 210,000; coverage (170,000 - 170,000) / 210,000 = 0.0x
	# tailspin: commit 1,300,000, weighted x 0.80 = 1,040,000;
	#   gap 700,000 - 1,300,000 = -600,000: met
	# fabrikam: nothing closes: gap 80,000, coverage 0 / 80,000 = 0.0x
	# contoso: no target: gap and coverage -
	# total: target 1,160,000, commit 1,470,000, gap -310,000 (met),
	#   weighted 144,500 + 1,040,000 = 1,184,500
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
contoso-steelworks                   -             0             0             -
fabrikam-partners               80,000             0             0        80,000
northwind-bank                 380,000             0       170,000       210,000
tailspin-retail                700,000             0     1,300,000      -600,000
total                        1,160,000             0     1,470,000      -310,000

EUR: what could still close
account                      best case      pipeline      weighted      coverage
contoso-steelworks                   0             0             0             -
fabrikam-partners                    0             0             0          0.0x
northwind-bank                 170,000       170,000       144,500          0.0x
tailspin-retail              1,300,000     1,300,000     1,040,000           met
total                        1,470,000     1,470,000     1,184,500           met

won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."
}

@test "example: forecast for the next quarter, 2027-Q1, and the renewal in it" {
	cd "$ROOT/example-accounts"
	run kam forecast --quarter 2027-Q1
	assert_success
	# northwind: commit 390,000 (the licence renewal; the contract it renews,
	#   k-hub-licence 360,000, adds nothing); best case + 2,400,000 = 2,790,000;
	#   weighted 390,000 x 0.8 + 2,400,000 x 0.6 = 312,000 + 1,440,000 = 1,752,000;
	#   gap 900,000 - 390,000 = 510,000; coverage 2,400,000 / 510,000 = 4.71 -> 4.7x
	# contoso: pipeline 350,000 (counted here, not in fabrikam, the partner it
	#   goes through); weighted x 0.35 = 122,500; gap 120,000; 350,000 / 120,000 = 2.9x
	# fabrikam: best case 400,000, weighted x 0.55 = 220,000; no target: -
	# tailspin: commit 180,000 (propose, but the owner commits it), x 0.6 = 108,000; no target: -
	# total: target 120,000 + 900,000 = 1,020,000; commit 390,000 + 180,000 = 570,000;
	#   gap 1,020,000 - 570,000 = 450,000 (tailspin's commit counts though it has no target);
	#   best case 570,000 + 2,400,000 + 400,000 = 3,370,000; pipeline + 350,000 = 3,720,000;
	#   weighted 122,500 + 220,000 + 1,752,000 + 108,000 = 2,202,500;
	#   coverage (3,720,000 - 570,000) / 450,000 = 7.0x
	assert_output "Forecast 2027-Q1 (2027-01-01 to 2027-03-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
contoso-steelworks             120,000             0             0       120,000
fabrikam-partners                    -             0             0             -
northwind-bank                 900,000             0       390,000       510,000
tailspin-retail                      -             0       180,000             -
total                        1,020,000             0       570,000       450,000

EUR: what could still close
account                      best case      pipeline      weighted      coverage
contoso-steelworks                   0       350,000       122,500          2.9x
fabrikam-partners              400,000       400,000       220,000             -
northwind-bank               2,790,000     2,790,000     1,752,000          4.7x
tailspin-retail                180,000       180,000       108,000             -
total                        3,370,000     3,720,000     2,202,500          7.0x

won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."
	run kam forecast --quarter 2027-Q1 --format json
	assert_success
	assert_line '        {"account": "northwind-bank", "target": 900000.00, "won": 0.00, "commit": 390000.00, "best_case": 2790000.00,'
	assert_line '         "pipeline": 2790000.00, "weighted": 1752000.00, "omitted": 0.00, "renewals": 390000.00,'
	assert_line '         "gap": 510000.00, "coverage": 4.71, "met": false, "deals": 2, "accounts": 1},'
}

@test "example: forecast by owner for 2027-Q1 and the omitted loyalty deal" {
	cd "$ROOT/example-accounts"
	run kam forecast --quarter 2027-Q1 --by owner
	assert_success
	# jonas.berger owns contoso (target 120,000, pipeline 350,000) and tailspin
	#   (no target, commit 180,000): gap 120,000 - 180,000 = -60,000 (met);
	#   pipeline 530,000; weighted 122,500 + 108,000 = 230,500
	assert_line "jonas.berger                   120,000             0       180,000       -60,000"
	assert_line "jonas.berger                   180,000       530,000       230,500           met"
	assert_line "anna.petrova                   900,000             0       390,000       510,000"
	assert_line "marco.rossi                    400,000       400,000       220,000             -"
	# tailspin's loyalty platform (900,000, 2027-Q4) is forecast: omitted
	run kam forecast --quarter 2027-Q4 --format json
	assert_success
	assert_line --partial '"account": "tailspin-retail", "target": null, "won": 0.00, "commit": 0.00, "best_case": 0.00,'
	assert_line --partial '"pipeline": 0.00, "weighted": 0.00, "omitted": 900000.00, "renewals": 0.00,'
}

@test "example: who we are up against" {
	cd "$ROOT/example-accounts"
	run kam competitors
	assert_success
	# globex: contests the core migration (2,400,000); we won the payments
	#   hub support (480,000) against it in 2026-Q3
	# initrode: the energy pilot 350,000 + the reporting platform 850,000 =
	#   1,200,000; we lost the ESG pilot (150,000) to it on price
	# umbrella: the Poland roll-out, 1,300,000
	# A deal id too long for its column has a line of its own: no amount and
	# no close quarter is cut.
	assert_output "$(cat <<'OUT'
globex: Globex Banking Systems
  present in: 1 account
    northwind-bank      incumbent      70%  Runs the core banking system since …
  open pipeline it contests: 1 deal, 2,400,000 EUR
    northwind-bank#o-core-banking
                               propose    2,400,000 EUR  must-win, close 2027-Q1
  won from it: 1 deal, 480,000 EUR
    northwind-bank#o-support-renewal
                               won          480,000 EUR
  lost to it: none

initrode: Initrode Analytics
  present in: 2 accounts
    contoso-steelworks  niche          10%  Energy dashboards at the Bochum pla…
    northwind-bank      challenger      5%  Won the ESG scoring pilot on price;…
  open pipeline it contests: 2 deals, 1,200,000 EUR
    contoso-steelworks#o-energy-pilot
                               validate     350,000 EUR  must-win, close 2027-Q1
    northwind-bank#o-reporting-platform
                               qualify      850,000 EUR  must-win, close 2027-Q2
  won from it: none
  lost to it: 1 deal, 150,000 EUR
    northwind-bank#o-esg-scoring
                               lost         150,000 EUR  price

umbrella: Umbrella Retail Solutions
  present in: 1 account
    tailspin-retail     challenger     15%  Runs the point of sale in Hungary a…
  open pipeline it contests: 1 deal, 1,300,000 EUR
    tailspin-retail#o-store-rollout-pl
                               negotiate  1,300,000 EUR  must-win, close 2026-Q4
  won from it: none
  lost to it: none
OUT
)"
	run kam competitors initrode --format json
	assert_success
	assert_line '        "value": [{"currency": "EUR", "amount": 150000.00, "deals": 1}],'
	assert_line '           "value": 150000.00, "currency": "EUR", "must_win": false, "close": "2026-Q2", "lost_reason": "price"}'
}

@test "example: where else we could sell in the bank" {
	cd "$ROOT/example-accounts"
	run kam whitespace northwind-bank
	assert_success
	# open potential: the cells shown open: retail self-service 620,000 + risk
	#   reporting 850,000 + finance reporting 120,000 = 1,590,000 in 3 cells
	#   (payments in Group IT is ours: o-support-renewal was won there)
	# open deals in cells: o-core-banking 2,400,000 + o-hub-licence-renewal 390,000
	#   + o-change-requests 170,000 + o-branch-kiosks 620,000
	#   + o-reporting-platform 850,000 = 4,430,000 in 5 deals (the lost ESG
	#   pilot is not one)
	# 5 units x 4 offerings = 20 cells, 12 assessed: 8 not assessed
	# A deal and its value wider than the column: the value on its own line.
	assert_output "$(cat <<'OUT'
whitespace of Northwind Bank AG (northwind-bank), amounts in EUR

unit                 Core platform        Payments               Regulatory reporting  Self-service
-------------------  -------------------  ---------------------  --------------------  -----------------
Group IT             competitor globex    ours (won)             no-fit                no-fit
                     potential 2,400,000  potential 390,000
                     o-core-banking       won o-support-renewal
                       2,400,000          o-hub-licence-renewal
                                            390,000

Retail banking       no-fit               ours                   competitor initrode   open
                                          potential 250,000      potential 150,000     potential 620,000
                                          o-change-requests                            o-branch-kiosks
                                            170,000                                      620,000

Corporate banking    ?                    competitor globex      ?                     no-fit
                                          potential 300,000

Risk and compliance  ?                    ?                      open                  ?
                                                                 potential 850,000
                                                                 o-reporting-platform
                                                                   850,000

Finance              ?                    ?                      open                  ?
                                                                 potential 120,000

open potential: 1,590,000 EUR in 3 open cells
open deals in the matrix: 5, 4,430,000 EUR
not assessed (?): 8 of 20 cells
OUT
)"
	run kam whitespace tailspin-retail
	assert_success
	assert_output "whitespace of Tailspin Retail Group (tailspin-retail), amounts in EUR

the plan declares no units (the client's buying centres, the rows):
add them as units: [{id, name}] to the plan"
}

@test "example: the licence renewal comes due and is covered" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	# k-hub-licence ends 2027-06-30 with 3 months' notice: notice date
	# 2027-03-30, within two quarters of 2026-12-01 (up to 2027-06-01)
	run kam --today 2026-12-01 check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
	# without the deal that renews it, the rule fires at the contract's end
	sed -i 's/^    renews: k-hub-licence$//' accounts/northwind-bank.md
	run kam --today 2026-12-01 check
	assert_success
	assert_output "accounts/northwind-bank.md:162:93: warning[renewal-uncovered]: contract 'k-hub-licence' ends 2027-06-30 (notice by 2027-03-30) and no deal renews it
    hint: open a renewal deal with renews: k-hub-licence (or set auto_renew: true if it renews unless notice is given)
1 warning in 4 plans and 1 document"
}

# --- the cases a director checks by hand, on small repositories -------------

# plans: write kam.yaml (EUR, anna.petrova and marco.rossi) and the plans given
# as NAME=FRONTMATTER pairs into $WORK/repo
plans() {
	mkdir -p "$WORK/repo/accounts"
	cd "$WORK/repo"
	cat > kam.yaml <<'YAML'
kam: 1
organization: Test Systems
currency: EUR
competitors:
  - {id: globex, name: Globex Banking Systems}
team:
  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}
  - {id: marco.rossi, name: Marco Rossi, role: partner-manager}
YAML
	local pair
	for pair in "$@"; do
		printf -- '---\n%s\n---\n' "${pair#*=}" > "accounts/${pair%%=*}.md"
	done
}

@test "director: a deal in the accounts of two currencies is counted once, in its client's, and no sum adds EUR to USD" {
	plans "contoso=id: contoso
name: Contoso
type: customer
owner: anna.petrova
currency: USD
reviewed: 2026-10-01
opportunities:
  - {id: o-plant, title: Plant analytics through Fabrikam, stage: negotiate, value: 80000, close: 2026-Q4, probability: 75, partner: fabrikam, competitors: [globex]}
  - {id: o-usd, title: Direct, stage: propose, value: 50000, close: 2026-Q4, probability: 40, competitors: [globex]}
revenue:
  - {quarter: 2026-Q4, target: 150000}" \
		"fabrikam=id: fabrikam
name: Fabrikam
type: partner
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-plant, title: Contoso plant analytics as Fabrikam books it, stage: negotiate, value: 74000, close: 2026-Q4, probability: 75}
  - {id: o-eur, title: Reseller licence, stage: won, value: 60000, close: 2026-Q4, competitors: [globex]}
  - {id: o-lic, title: Licences, stage: negotiate, value: 30000, close: 2026-Q4, probability: 70, competitors: [globex]}
revenue:
  - {quarter: 2026-Q4, target: 100000}"
	run kam check
	assert_success
	assert_output "no problems in 2 plans"
	run kam forecast
	assert_success
	# EUR, fabrikam: won 60,000, commit 30,000 (o-lic; its copy of o-plant,
	#   74,000 EUR, is contoso's deal and not counted again), weighted
	#   30,000 x 0.7 = 21,000; gap 100,000 - 60,000 - 30,000 = 10,000;
	#   coverage (30,000 - 30,000) / 10,000 = 0.0x
	# USD, contoso: commit 80,000, best case + 50,000 (propose) = 130,000;
	#   weighted 80,000 x 0.75 + 50,000 x 0.4 = 60,000 + 20,000 = 80,000;
	#   gap 150,000 - 80,000 = 70,000; coverage 50,000 / 70,000 = 0.71 -> 0.7x
	# Never 110,000 commit or 250,000 target in any currency.
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
fabrikam                       100,000        60,000        30,000        10,000
total                          100,000        60,000        30,000        10,000

EUR: what could still close
account                      best case      pipeline      weighted      coverage
fabrikam                        30,000        30,000        21,000          0.0x
total                           30,000        30,000        21,000          0.0x

USD: the number
account                         target           won        commit           gap
contoso                        150,000             0        80,000        70,000
total                          150,000             0        80,000        70,000

USD: what could still close
account                      best case      pipeline      weighted      coverage
contoso                        130,000       130,000        80,000          0.7x
total                          130,000       130,000        80,000          0.7x

not counted again: fabrikam o-plant (counted in contoso)

won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."
	# one owner with accounts in both currencies: a row in each, no mixed total
	run kam forecast --by owner
	assert_success
	assert_line "anna.petrova                   100,000        60,000        30,000        10,000"
	assert_line "anna.petrova                   150,000             0        80,000        70,000"
	refute_output --partial "250,000"
	# the competitor contests 80,000 + 50,000 = 130,000 USD and 30,000 EUR
	run kam competitors
	assert_success
	assert_output "globex: Globex Banking Systems
  present in: no account
  open pipeline it contests: 3 deals, 130,000 USD + 30,000 EUR
    contoso#o-plant  negotiate  80,000 USD  close 2026-Q4
    contoso#o-usd    propose    50,000 USD  close 2026-Q4
    fabrikam#o-lic   negotiate  30,000 EUR  close 2026-Q4
  won from it: 1 deal, 60,000 EUR
    fabrikam#o-eur   won        60,000 EUR
  lost to it: none"
}

@test "director: a quarter without a target shows gap and coverage as not available, never 0" {
	plans "acme=id: acme
name: Acme
type: customer
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-neg, title: Negotiate, stage: negotiate, value: 100000, close: 2026-Q4, probability: 70}
  - {id: o-won, title: Won, stage: won, value: 25000, close: 2026-Q4}
revenue:
  - {quarter: 2026-Q3, target: 90000, actual: 95000}
  - {quarter: 2027-Q1, target: 200000}" \
		"initech=id: initech
name: Initech
type: customer
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-prop, title: Propose, stage: propose, value: 40000, close: 2026-Q4, probability: 50}"
	run kam forecast
	assert_success
	# no 2026-Q4 target anywhere (acme has 2026-Q3's and 2027-Q1's): target,
	#   gap and coverage are -, the deals still add up: won 25,000, commit
	#   100,000, best case 100,000 + 40,000 = 140,000, weighted 70,000 + 20,000 = 90,000
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
acme                                 -        25,000       100,000             -
initech                              -             0             0             -
total                                -        25,000       100,000             -

EUR: what could still close
account                      best case      pipeline      weighted      coverage
acme                           100,000       100,000        70,000             -
initech                         40,000        40,000        20,000             -
total                          140,000       140,000        90,000             -

won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."
	run kam forecast --format md
	assert_line "| **total** | - | 25,000 | 100,000 | 140,000 | 140,000 | 90,000 | - | - |"
	run kam forecast --format json
	assert_line '      "total": {"target": null, "won": 25000.00, "commit": 100000.00, "best_case": 140000.00,'
	assert_line '       "gap": null, "coverage": null, "met": false, "deals": 3, "accounts": 2}'
	# 2027-Q1: acme's target and nothing closing: gap 200,000, coverage 0.0x
	# (a real 0); initech still has none
	run kam forecast --quarter 2027-Q1
	assert_line "acme                           200,000             0             0       200,000"
	assert_line "acme                                 0             0             0          0.0x"
	assert_line "initech                              -             0             0             -"
	assert_line "initech                              0             0             0             -"
}

@test "director: a renewal routed through a partner is counted once, and the contract it renews adds nothing" {
	plans "acme=id: acme
name: Acme
type: customer
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-renew, title: Support renewal through Fabrikam, type: renewal, renews: k-support, stage: negotiate, value: 120000, close: 2026-Q4, probability: 90, route: partner, partner: fabrikam}
  - {id: o-new, title: New module, stage: propose, value: 50000, close: 2026-Q4, probability: 50}
routes:
  - {route: partner, share: 100}
contracts:
  - {id: k-support, title: Support, value: 110000, start: 2024-01-01, end: 2027-03-31, notice_months: 3}
revenue:
  - {quarter: 2026-Q4, target: 200000}" \
		"fabrikam=id: fabrikam
name: Fabrikam
type: partner
owner: marco.rossi
reviewed: 2026-10-01
opportunities:
  - {id: o-renew, title: Acme support renewal, type: renewal, stage: negotiate, value: 120000, close: 2026-Q4, probability: 90}
revenue:
  - {quarter: 2026-Q4, target: 20000}"
	# the renewal covers the contract (notice date 2026-12-31)
	run kam check
	assert_success
	assert_output "no problems in 2 plans"
	run kam forecast
	assert_success
	# acme: commit 120,000 (the renewal, once: not again in fabrikam, and not
	#   the contract's 110,000); best case + 50,000 = 170,000; weighted
	#   120,000 x 0.9 + 50,000 x 0.5 = 108,000 + 25,000 = 133,000;
	#   gap 200,000 - 120,000 = 80,000; coverage 50,000 / 80,000 = 0.625 -> 0.6x
	# fabrikam: nothing of its own: gap 20,000, coverage 0.0x
	# total: target 220,000, commit 120,000, gap 100,000, coverage 50,000 / 100,000 = 0.5x
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
acme                           200,000             0       120,000        80,000
fabrikam                        20,000             0             0        20,000
total                          220,000             0       120,000       100,000

EUR: what could still close
account                      best case      pipeline      weighted      coverage
acme                           170,000       170,000       133,000          0.6x
fabrikam                             0             0             0          0.0x
total                          170,000       170,000       133,000          0.5x

not counted again: fabrikam o-renew (counted in acme)

won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."
	run kam forecast --format json
	assert_line '       "pipeline": 170000.00, "weighted": 133000.00, "omitted": 0.00, "renewals": 120000.00,'
	# by owner the partner manager gets nothing of acme's renewal either
	run kam forecast --by owner
	assert_line "marco.rossi                     20,000             0             0        20,000"
	assert_line "anna.petrova                   200,000             0       120,000        80,000"
}

@test "director: a long deal id never hides an amount or a close quarter in text" {
	plans "a-rather-long-account-name=id: a-rather-long-account-name
name: Long
type: customer
owner: anna.petrova
reviewed: 2026-10-01
units:
  - {id: u-it, name: IT}
opportunities:
  - {id: o-a-deal-with-a-long-id, title: Long, stage: negotiate, value: 12500000, close: 2027-Q1, competitors: [globex], unit: u-it, offering: core}
  - {id: o-short, title: Short, stage: propose, value: 900, close: 2027-Q2, competitors: [globex], unit: u-it, offering: core}"
	printf 'offerings:\n  - {id: core, name: Core}\n' >> kam.yaml
	# the deal's account#id has a line of its own; stage, value and close
	# quarter follow on the next, within 80 columns
	run kam competitors
	assert_success
	assert_output "globex: Globex Banking Systems
  present in: no account
  open pipeline it contests: 2 deals, 12,500,900 EUR
    a-rather-long-account-name#o-a-deal-with-a-long-id
                              negotiate  12,500,000 EUR  close 2027-Q1
    a-rather-long-account-name#o-short
                              propose           900 EUR  close 2027-Q2
  won from it: none
  lost to it: none"
	# a cell's deal and value wider than the column (22): the value on the next
	# line; the id alone may be cut, the amount never
	run kam whitespace a-rather-long-account-name
	assert_success
	assert_output "whitespace of Long (a-rather-long-account-name), amounts in EUR

unit  Core
----  ----------------------
IT    ?
      o-a-deal-with-a-long-…
        12,500,000
      o-short 900

open potential: 0 EUR in 0 open cells
open deals in the matrix: 2, 12,500,900 EUR
not assessed (?): 1 of 1 cells"
	# Markdown has no width: one line per deal
	run kam whitespace --format md a-rather-long-account-name
	assert_line "| IT | ?<br>o-a-deal-with-a-long-id 12,500,000<br>o-short 900 |"
}
