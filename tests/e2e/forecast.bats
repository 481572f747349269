#!/usr/bin/env bats
# kam forecast and renewal-uncovered on small repositories made here.
# Every number below is worked out by hand in the comments.

load helpers
bats_require_minimum_version 1.5.0

# A portfolio of four plans for forecast 2026-Q4 (today 2026-11-20):
# acme and fabrikam (a partner) owned by anna.petrova, initech and globex
# (in USD) by ivan.sidorov; kam.yaml puts qualify deals in best-case.
forecast_repo() {
	mkdir -p "$WORK/repo/accounts"
	cd "$WORK/repo"
	cat > kam.yaml <<'YAML'
kam: 1
organization: Test Systems
currency: EUR
tiers: [key, growth]
stages:
  qualify: {forecast: best-case}
team:
  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}
  - {id: ivan.sidorov, name: Ivan Sidorov, role: key-account-manager}
YAML
	cat > accounts/acme.md <<'YAML'
---
id: acme
name: Acme
type: customer
tier: key
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-won, title: Won, stage: won, value: 100000, close: 2026-Q4}
  - {id: o-neg, title: Negotiate, stage: negotiate, value: 200000, close: 2026-Q4, probability: 80}
  - {id: o-qual, title: Qualify, stage: qualify, value: 50000, close: 2026-Q4}
  - {id: o-prop, title: Propose, stage: propose, value: 100000, close: 2026-Q4, probability: 50, forecast: pipeline}
  - {id: o-lost, title: Lost, stage: lost, value: 70000, close: 2026-Q4}
  - {id: o-next, title: Next quarter, stage: negotiate, value: 300000, close: 2027-Q1}
  - {id: o-omit, title: Omitted, stage: identify, value: 40000, close: 2026-Q4, forecast: omitted}
  - {id: o-renew, title: Support renewal, type: renewal, renews: k-support, stage: negotiate, value: 120000, close: 2026-Q4, probability: 90}
contracts:
  - {id: k-support, title: Support, value: 120000, start: 2024-01-01, end: 2026-12-31, notice_months: 3}
revenue:
  - {quarter: 2026-Q4, target: 500000, actual: 90000}
---
YAML
	cat > accounts/globex.md <<'YAML'
---
id: globex
name: Globex
type: customer
tier: growth
owner: ivan.sidorov
currency: USD
reviewed: 2026-10-01
opportunities:
  - {id: o-big, title: Big, stage: negotiate, value: 250000, close: 2026-Q4}
  - {id: o-partner, title: Through Fabrikam, stage: propose, value: 80000, close: 2026-Q4, partner: fabrikam}
revenue:
  - {quarter: 2026-Q3, target: 100000}
---
YAML
	cat > accounts/fabrikam.md <<'YAML'
---
id: fabrikam
name: Fabrikam
type: partner
tier: growth
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-partner, title: The Globex deal as the partner sees it, stage: propose, value: 80000, close: 2026-Q4}
  - {id: o-resell, title: Reseller licence, stage: won, value: 60000, close: 2026-Q4}
revenue:
  - {quarter: 2026-Q4, target: 90000}
---
YAML
	cat > accounts/initech.md <<'YAML'
---
id: initech
name: Initech
type: customer
owner: ivan.sidorov
reviewed: 2026-10-01
opportunities:
  - {id: o-done, title: Done, stage: won, value: 60000, close: 2026-Q4}
revenue:
  - {quarter: 2026-Q4, target: 50000}
---
YAML
}

# Hand calculation, 2026-Q4 (kam.yaml: qualify is best-case; default ranges):
# acme (EUR, key, anna.petrova), target 500,000:
#   o-won     won                      won 100,000
#   o-neg     negotiate -> commit      200,000 x 80%            = 160,000
#   o-renew   negotiate -> commit      120,000 x 90%            = 108,000
#             (a renewal of k-support: the contract's 120,000 is not added)
#   o-qual    qualify -> best-case (kam.yaml)  50,000 x 40% (20-60) = 20,000
#   o-prop    propose, forecast: pipeline (given beats the stage's best-case)
#                                      100,000 x 50%            =  50,000
#   o-lost (lost), o-next (2027-Q1), o-omit (omitted): not counted
#   commit 320,000; best case 370,000; pipeline 470,000; weighted 338,000
#   gap 500,000 - 100,000 - 320,000 = 80,000; coverage 150,000 / 80,000 = 1.9x
# fabrikam (EUR, growth partner, anna.petrova), target 90,000: won 60,000;
#   its o-partner is the deal globex routes through it: counted in globex only
#   gap 30,000; coverage 0 / 30,000 = 0.0x
# initech (EUR, no tier, ivan.sidorov), target 50,000: won 60,000, gap -10,000: met
# EUR total: target 640,000, won 220,000, commit 320,000, gap 100,000,
#   coverage 150,000 / 100,000 = 1.5x
# globex (USD, growth, ivan.sidorov), no 2026-Q4 target (only 2026-Q3):
#   o-big     negotiate -> commit      250,000 x 77.5% (60-95)  = 193,750
#   o-partner propose -> best-case      80,000 x 60% (40-80)    =  48,000
#   commit 250,000; best case and pipeline 330,000; weighted 241,750; gap -

LEGEND="won: deals won that close in the quarter; commit, best case (commit and
best-case deals) and pipeline (every open deal not omitted): open deals that
close in it; weighted: value x probability; gap: target - won - commit;
coverage: (pipeline - commit) / gap. Currencies are never added together."

@test "forecast by account: two currencies, a quarter without a target, a renewal and a partner's deal counted once" {
	forecast_repo
	run --separate-stderr kam forecast
	assert_success
	assert_equal "$stderr" ""
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
acme                           500,000       100,000       320,000        80,000
fabrikam                        90,000        60,000             0        30,000
initech                         50,000        60,000             0       -10,000
total                          640,000       220,000       320,000       100,000

EUR: what could still close
account                      best case      pipeline      weighted      coverage
acme                           370,000       470,000       338,000          1.9x
fabrikam                             0             0             0          0.0x
initech                              0             0             0           met
total                          370,000       470,000       338,000          1.5x

USD: the number
account                         target           won        commit           gap
globex                               -             0       250,000             -
total                                -             0       250,000             -

USD: what could still close
account                      best case      pipeline      weighted      coverage
globex                         330,000       330,000       241,750             -
total                          330,000       330,000       241,750             -

not counted again: fabrikam o-partner (counted in globex)

$LEGEND"
	# within 80 columns
	assert_equal "$(awk 'length > 80' <<<"$output")" ""
}

@test "forecast --by owner groups by the account's owner, per currency" {
	forecast_repo
	run kam forecast --by owner
	assert_success
	# anna.petrova: acme + fabrikam: target 590,000, won 160,000, commit
	# 320,000, gap 110,000, coverage 150,000 / 110,000 = 1.4x
	assert_output "Forecast 2026-Q4 (2026-10-01 to 2026-12-31) by owner, on 2026-11-20

EUR: the number
owner                           target           won        commit           gap
anna.petrova                   590,000       160,000       320,000       110,000
ivan.sidorov                    50,000        60,000             0       -10,000
total                          640,000       220,000       320,000       100,000

EUR: what could still close
owner                        best case      pipeline      weighted      coverage
anna.petrova                   370,000       470,000       338,000          1.4x
ivan.sidorov                         0             0             0           met
total                          370,000       470,000       338,000          1.5x

USD: the number
owner                           target           won        commit           gap
ivan.sidorov                         -             0       250,000             -
total                                -             0       250,000             -

USD: what could still close
owner                        best case      pipeline      weighted      coverage
ivan.sidorov                   330,000       330,000       241,750             -
total                          330,000       330,000       241,750             -

not counted again: fabrikam o-partner (counted in globex)

$LEGEND"
}

@test "forecast --by tier --format md: kam.yaml's tier order, untiered last" {
	forecast_repo
	run kam forecast --by tier --format md
	assert_success
	assert_output "## Forecast 2026-Q4 by tier

2026-10-01 to 2026-12-31, on 2026-11-20. Gap is target - won - commit; coverage is (pipeline - commit) / gap; best case includes commit, pipeline every open deal not omitted.

### EUR

| tier | target | won | commit | best case | pipeline | weighted | gap | coverage |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
| key | 500,000 | 100,000 | 320,000 | 370,000 | 470,000 | 338,000 | 80,000 | 1.9x |
| growth | 90,000 | 60,000 | 0 | 0 | 0 | 0 | 30,000 | 0.0x |
| (no tier) | 50,000 | 60,000 | 0 | 0 | 0 | 0 | -10,000 | met |
| **total** | 640,000 | 220,000 | 320,000 | 370,000 | 470,000 | 338,000 | 100,000 | 1.5x |

### USD

| tier | target | won | commit | best case | pipeline | weighted | gap | coverage |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
| growth | - | 0 | 250,000 | 330,000 | 330,000 | 241,750 | - | - |
| **total** | - | 0 | 250,000 | 330,000 | 330,000 | 241,750 | - | - |

Not counted again (a client's plan counts them):

- fabrikam \`o-partner\`, counted in globex"
	# growth before key once kam.yaml ranks it first
	sed -i 's/^tiers: \[key, growth\]/tiers: [growth, key]/' kam.yaml
	run kam forecast --by tier --format md
	assert_equal "$(grep -o '^| [a-z(][a-z ()]*' <<<"$output" | head -4 | tr '\n' ',')" "| tier ,| growth ,| key ,| (no tier) ,"
}

@test "forecast --format json: the renewal once among commit, omitted apart, null for no target" {
	forecast_repo
	run kam forecast --format json
	assert_success
	run python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["quarter"], d["from"], d["to"], d["by"], [g["currency"] for g in d["currencies"]])
acme = d["currencies"][0]["rows"][0]
print(acme["account"], acme["commit"], acme["renewals"], acme["omitted"], acme["coverage"], acme["deals"])
usd = d["currencies"][1]["total"]
print(usd["target"], usd["gap"], usd["coverage"], usd["met"], usd["weighted"])
print(d["currencies"][0]["rows"][2]["met"], d["not_counted_again"])' <<<"$output"
	assert_output "2026-Q4 2026-10-01 2026-12-31 account ['EUR', 'USD']
acme 320000.0 120000.0 40000.0 1.88 5
None None None False 241750.0
True [{'account': 'fabrikam', 'opportunity': 'o-partner', 'counted_in': 'globex'}]"
}

@test "forecast --quarter: deals count in the quarter of their close; a quarter with no target anywhere" {
	forecast_repo
	run kam forecast --quarter 2027-Q1
	assert_success
	# only acme's o-next: negotiate, commit, 300,000 x 77.5% = 232,500
	assert_output "Forecast 2027-Q1 (2027-01-01 to 2027-03-31) by account, on 2026-11-20

EUR: the number
account                         target           won        commit           gap
acme                                 -             0       300,000             -
fabrikam                             -             0             0             -
initech                              -             0             0             -
total                                -             0       300,000             -

EUR: what could still close
account                      best case      pipeline      weighted      coverage
acme                           300,000       300,000       232,500             -
fabrikam                             0             0             0             -
initech                              0             0             0             -
total                          300,000       300,000       232,500             -

USD: the number
account                         target           won        commit           gap
globex                               -             0             0             -
total                                -             0             0             -

USD: what could still close
account                      best case      pipeline      weighted      coverage
globex                               0             0             0             -
total                                0             0             0             -

$LEGEND"
}

@test "forecast: kam.yaml's stage ranges weight deals without a probability; a fiscal year from July" {
	forecast_repo
	cat >> kam.yaml <<'YAML'
fiscal_year_start: 7
YAML
	sed -i 's/^  qualify: {forecast: best-case}/  qualify: {forecast: best-case}\n  negotiate: {probability: [70, 90]}/' kam.yaml
	# today is in fiscal 2027-Q2 (October to December 2026): no deal closes
	# then; fiscal 2026-Q4 (April to June 2026), the plans' close, has them:
	# o-big 250,000 x 80% (70-90) = 200,000, plus o-partner 48,000
	run kam forecast --format json
	assert_success
	run python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["quarter"], d["from"], d["to"], d["currencies"][1]["total"]["weighted"])' <<<"$output"
	assert_output "2027-Q2 2026-10-01 2026-12-31 0.0"
	run kam forecast --quarter 2026-Q4 --format json
	run python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["quarter"], d["from"], d["to"], d["currencies"][1]["total"]["weighted"])' <<<"$output"
	assert_output "2026-Q4 2026-04-01 2026-06-30 248000.0"
}

@test "forecast: a plan kam cannot read and a duplicate id are named on stderr and left out, exit 1" {
	forecast_repo
	printf -- '---\nid: broken\nname: [unclosed\n---\n' > accounts/broken.md
	sed 's/^name: Initech/name: Initech copy/' accounts/initech.md > accounts/initech-copy.md
	run --separate-stderr kam forecast --format md
	assert_failure 1
	assert_equal "$stderr" "kam: forecast: accounts/broken.md could not be read (yaml-syntax at 3:7): left out; run kam check
kam: forecast: accounts/initech-copy.md claims the account id 'initech' of another plan: not counted; run kam check"
	assert_line "| **total** | 640,000 | 220,000 | 320,000 | 370,000 | 470,000 | 338,000 | 100,000 | 1.5x |"
}

@test "forecast: option errors exit 2" {
	forecast_repo
	run --separate-stderr kam forecast --by region
	assert_failure 2
	assert_equal "$stderr" "kam: --by takes account, owner or tier, not 'region'"
	run --separate-stderr kam forecast --quarter 2026-Q5
	assert_failure 2
	assert_equal "$stderr" "kam: --quarter takes a quarter YYYY-Qn, not '2026-Q5'"
	run --separate-stderr kam forecast --format csv
	assert_failure 2
	assert_equal "$stderr" "kam: --format takes text, md or json, not 'csv'"
	run --separate-stderr kam forecast acme
	assert_failure 2
	assert_equal "$stderr" "kam: forecast: no arguments expected; see 'kam forecast --help'"
}

@test "forecast: names from plans cannot break the table" {
	forecast_repo
	sed -i 's/^tier: growth/tier: "gr\\u001b[31mowth\\nx"/' accounts/globex.md
	run kam forecast --by tier
	assert_success
	assert_line 'gr\e[31mowth\nx                      -             0       250,000             -'
	assert_line 'gr\e[31mowth\nx                330,000       330,000       241,750             -'
	run kam forecast --by tier --format md
	assert_line '| gr \[31mowth x | - | 0 | 250,000 | 330,000 | 330,000 | 241,750 | - | - |'
}

@test "forecast: a name longer than its column has a line of its own, within 80 columns" {
	forecast_repo
	sed 's/^id: initech/id: initech-global-holdings-emea-north/' accounts/initech.md \
		> accounts/initech-global-holdings-emea-north.md
	rm accounts/initech.md
	run kam forecast
	assert_success
	assert_line --index 5 "initech-global-holdings-emea-north"
	assert_line --index 6 "                                50,000        60,000             0       -10,000"
	assert_equal "$(awk 'length > 80' <<<"$output")" ""
}

# --- renewal-uncovered -------------------------------------------------

renewal_repo() {
	mkdir -p "$WORK/repo/accounts"
	cd "$WORK/repo"
	printf 'kam: 1\ncurrency: EUR\nteam:\n  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}\n' > kam.yaml
	# today 2026-11-20; with 2 quarters the horizon is 2027-05-20
	cat > accounts/acme.md <<'YAML'
---
id: acme
name: Acme
type: customer
owner: anna.petrova
reviewed: 2026-10-01
opportunities:
  - {id: o-licence, title: Licence renewal, stage: lost, value: 10, close: 2026-Q4, renews: k-licence}
  - {id: o-support, title: Support renewal, stage: propose, value: 10, close: 2027-Q1, renews: k-support}
contracts:
  - {id: k-support, title: Support, end: 2027-06-30, notice_months: 3}
  - {id: k-licence, title: Licence, end: 2027-01-31}
  - {id: k-hosting, title: Hosting, end: 2027-08-31, notice_months: 6}
  - {id: k-auto, title: Auto, end: 2027-01-31, auto_renew: true}
  - {id: k-ended, title: Ended, end: 2026-11-19}
  - {id: k-later, title: Later, end: 2027-12-31, notice_months: 6}
---
YAML
}

@test "renewal-uncovered fires for a contract coming up with no deal renewing it" {
	renewal_repo
	# k-licence: notice 2027-01-31 within the horizon, its only deal was lost;
	# k-hosting: notice 2027-02-28; k-support is renewed by o-support, k-auto
	# renews itself, k-ended has ended, k-later's notice 2027-06-30 is after it
	run kam check
	assert_success
	assert_output "accounts/acme.md:12:42: warning[renewal-uncovered]: contract 'k-licence' ends 2027-01-31 (notice by 2027-01-31) and no deal renews it
    hint: open a renewal deal with renews: k-licence (or set auto_renew: true if it renews unless notice is given)
accounts/acme.md:13:42: warning[renewal-uncovered]: contract 'k-hosting' ends 2027-08-31 (notice by 2027-02-28) and no deal renews it
    hint: open a renewal deal with renews: k-hosting (or set auto_renew: true if it renews unless notice is given)
2 warnings in 1 plan"
}

@test "renewal-uncovered passes once a deal renews the contract, and follows its quarters option" {
	renewal_repo
	sed -i 's/^  - {id: o-licence, title: Licence renewal, stage: lost/  - {id: o-licence, title: Licence renewal, stage: won/' accounts/acme.md
	printf 'rules:\n  renewal-uncovered: {quarters: 1}\n' >> kam.yaml
	# horizon 2027-02-20: k-hosting (notice 2027-02-28) is not yet due; k-licence won
	run kam check
	assert_success
	assert_output "no problems in 1 plan"
	printf 'rules:\n  renewal-uncovered: {severity: error, quarters: 3}\n' > rules.yaml
	sed -i '/^rules:/,$d' kam.yaml && cat rules.yaml >> kam.yaml
	# horizon 2027-08-20: k-hosting and k-later (notice 2027-06-30)
	run kam check
	assert_failure 1
	assert_output --partial "error[renewal-uncovered]: contract 'k-later' ends 2027-12-31 (notice by 2027-06-30)"
	assert_output --partial "2 errors in 1 plan"
	printf 'rules:\n  renewal-uncovered: {quarters: 0}\n' > rules.yaml
	sed -i '/^rules:/,$d' kam.yaml && cat rules.yaml >> kam.yaml
	run kam check
	assert_output --partial "kam.yaml:6:33: error[schema-range]: rules.renewal-uncovered.quarters: 0 is less than the minimum 1"
}
