#!/usr/bin/env bats
# kam status, kam brief and the partner's page (issue 17, items 4, 6 and 7):
# the next renewal per account, goals that can be tracked, and what other
# plans route through a partner. Small repositories made here, exact outputs.

load helpers

# A partner (fab) that deals of two customers in two currencies run
# through: open ones count, won and lost ones and the partner's own deal do
# not. Contracts: one renewed by a deal, one that auto-renews, one that
# ended, one nobody renews.
partner_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Bank
type: customer
owner: anna.petrova
reviewed: 2026-10-01
contracts:
  - {id: c-old, title: Old support, value: 10000, start: 2023-01-01, end: 2026-06-30}
  - {id: c-core, title: Core platform licence, value: 480000, start: 2024-07-01, end: 2027-06-30, notice_months: 6}
  - {id: c-hosting, title: Hosting, value: 90000, start: 2025-01-01, end: 2027-12-31, notice_months: 3, auto_renew: true}
goals:
  - {id: g-core, text: Keep the core platform, quarter: 2027-Q2, owner: anna.petrova, measure: renewal signed for three years}
  - {id: g-data, text: Open the data unit, quarter: 2026-Q4, status: missed}
actions:
  - {id: a-offer, text: Draft the renewal offer, owner: anna.petrova, due: 2026-12-01, goal: g-core}
  - {id: a-price, text: Price review, owner: ivan.sidorov, due: 2026-10-01, status: done, goal: g-core}
  - {id: a-old, text: Old idea, owner: ivan.sidorov, status: dropped, goal: g-core}
opportunities:
  - {id: o-core, title: Core renewal, stage: negotiate, value: 400000, close: 2026-Q4, route: partner, partner: fab, renews: c-core, must_win: true}
  - {id: o-kiosk, title: Kiosks, stage: qualify, value: 50000, close: 2027-Q2, route: partner, partner: fab}
  - {id: o-lost, title: Data lake, stage: lost, value: 60000, close: 2026-Q3, route: partner, partner: fab}
  - {id: o-won, title: Cards, stage: won, value: 70000, close: 2026-Q2, route: partner, partner: fab}
  - {id: o-direct, title: Direct deal, stage: propose, value: 1000, close: 2027-Q1}
routes:
  - {route: partner, share: 80}
  - {route: direct, share: 20}
---
PLAN
	cat > accounts/shop.md <<'PLAN'
---
id: shop
name: Shop US
type: customer
currency: USD
owner: ivan.sidorov
reviewed: 2026-10-01
contracts:
  - {id: c-web, title: Web shop support, value: 25000, start: 2026-01-01, end: 2027-01-31, notice_months: 1}
opportunities:
  - {id: o-web, title: Web shop, stage: propose, value: 40000, close: 2027-Q1, route: partner, partner: fab}
routes:
  - {route: partner, share: 100}
---
PLAN
	cat > accounts/fab.md <<'PLAN'
---
id: fab
name: Fabrikam Partners
type: partner
owner: ivan.sidorov
reviewed: 2026-10-01
opportunities:
  - {id: o-own, title: Own licence, stage: propose, value: 5000, close: 2027-Q1, route: partner, partner: fab}
routes:
  - {route: partner, share: 100}
---
PLAN
}

# A plan kam cannot read: it could route deals through fab.
break_a_plan() {
	printf -- '---\nid: broken\nname: [\n---\n' > accounts/broken.md
}

@test "status: the repository of these tests has only the findings it carries on purpose" {
	partner_repo
	run kam check
	assert_success
	assert_output "accounts/acme.md:19:5: warning[must-win-coverage]: must-win 'o-core' has no key decision leader
    hint: name the contact who decides: decision_leader: <contact id>
accounts/acme.md:19:5: warning[no-sponsor]: must-win 'o-core' has nobody in the sponsor role
    hint: name the one who sells for us inside the client: sponsor: <contact id>, or a buying_unit member with role sponsor
accounts/shop.md:9:80: warning[renewal-uncovered]: contract 'c-web' ends 2027-01-31 (notice by 2026-12-31) and no deal renews it
    hint: open a renewal deal with renews: c-web (or set auto_renew: true if it renews unless notice is given)
3 warnings in 3 plans"
}

@test "status: the next renewal under each account; a partner's routed deals from two accounts in two currencies" {
	partner_repo
	run kam status
	assert_success
	assert_output "Test Systems portfolio on 2026-11-20 (2026-Q4), amounts in EUR

account                tier      owner             open pipeline  must  revenue 2026-Q4        review due  health
acme                   -         anna.petrova            451,000     1  -                      2027-01-01      23
  weakest buying-unit 0/20: o-core has no key decision leader (and 2 more gaps)
  next renewal c-core: Core platform licence, 480,000 EUR
    notice by 2026-12-30, ends 2027-06-30; renewed by o-core
fab                    -         ivan.sidorov              5,000     0  -                      2027-01-01      12
  weakest buying-unit 0/20: o-own has no key decision leader (and 2 more gaps)
  routed through it: 3 open deals of 2 accounts, 450,000 EUR + 40,000 USD
shop                   -         ivan.sidorov         40,000 USD     0  -                      2027-01-01      12
  weakest buying-unit 0/20: o-web has no key decision leader (and 2 more gaps)
  next renewal c-web: Web shop support, 25,000 USD
    notice by 2026-12-31, ends 2027-01-31; no deal renews it

3 accounts, open pipeline 456,000 EUR + 40,000 USD; revenue is actual / target for 2026-Q4"
}

@test "status: a contract that auto-renews says so; a long title is cut so the line stays within 80 columns" {
	partner_repo
	sed -i 's/title: Web shop support, value: 25000, start: 2026-01-01, end: 2027-01-31, notice_months: 1}/title: "Web shop support, hosting, monitoring and the 24\/7 hotline for the US stores", value: 25000, start: 2026-01-01, end: 2027-01-31, notice_months: 1, auto_renew: true}/' accounts/shop.md
	run kam status
	assert_success
	assert_line '  next renewal c-web: Web shop support, hosting, monitoring and the…, 25,000 USD'
	assert_line '    notice by 2026-12-31, ends 2027-01-31; auto-renews'
	line=$(kam status | grep 'next renewal c-web')
	assert_equal "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" 80
}

@test "status: an account without a contract that has not ended shows no renewal" {
	partner_repo
	sed -i '/c-core\|c-hosting/d' accounts/acme.md
	sed -i 's/, renews: c-core//' accounts/acme.md
	run kam status
	assert_success
	refute_line --partial 'next renewal c-old'
	run kam status --format json
	assert_line --partial '"next_renewal": null, "routed": null,'
}

@test "status --format json: next_renewal and routed, with sums per currency and by account" {
	partner_repo
	run kam status --format json
	assert_success
	assert_line '     "next_renewal": {"contract": "c-core", "title": "Core platform licence", "value": 480000.00, "notice": "2026-12-30", "end": "2027-06-30", "renewed_by": "o-core", "auto_renew": false, "covered": true}, "routed": null,'
	assert_line '     "next_renewal": {"contract": "c-web", "title": "Web shop support", "value": 25000.00, "notice": "2026-12-31", "end": "2027-01-31", "renewed_by": null, "auto_renew": false, "covered": false}, "routed": null,'
	# the partner's block, whole
	run sh -c "'$KAM' --color never status --format json | sed -n '/\"routed\": {/,/^     },/p'"
	assert_output '     "next_renewal": null, "routed": {
       "opportunities": 3,
       "sums": [{"currency": "EUR", "value": 450000.00}, {"currency": "USD", "value": 40000.00}],
       "accounts": [
         {"account": "acme", "opportunities": 2, "sums": [{"currency": "EUR", "value": 450000.00}]},
         {"account": "shop", "opportunities": 1, "sums": [{"currency": "USD", "value": 40000.00}]}
       ],
       "not_seen": [],
       "not_counted_again": []
     },'
	kam status --format json | /usr/bin/python3 -c 'import json, sys; json.load(sys.stdin)'
}

@test "status: a plan kam cannot read is not seen by the partner, in text and JSON; exit 1" {
	partner_repo
	break_a_plan
	run kam status
	assert_failure 1
	assert_line '  routed through it: 3 open deals of 2 accounts, 450,000 EUR + 40,000 USD; 1 plan not seen'
	assert_line 'broken                 ?         ?                             ?     ?  ?                      ?                ?  unreadable: accounts/broken.md (yaml-syntax at 3:7); run kam check'
	run sh -c "'$KAM' --color never status --format json 2>/dev/null | sed -n '/\"not_seen\"/,/\]/p'"
	assert_output '       "not_seen": [
         {"file": "accounts/broken.md", "why": "yaml-syntax at 3:7"}
       ],'
}

@test "status: a won or lost routed deal, and the partner's own deal, are not routed through it" {
	partner_repo
	# the open routed deals lost and won: only shop's is left
	sed -i 's/o-core, title: Core renewal, stage: negotiate/o-core, title: Core renewal, stage: won/; s/o-kiosk, title: Kiosks, stage: qualify/o-kiosk, title: Kiosks, stage: lost/' accounts/acme.md
	run kam status
	assert_line '  routed through it: 1 open deal of 1 account, 40,000 USD'
	sed -i 's/stage: propose, value: 40000/stage: lost, value: 40000/' accounts/shop.md
	run kam status
	assert_line '  routed through it: none'
	run kam brief fab
	assert_success
	assert_output --partial 'Pipeline through this partner (0)
  none
'
}

@test "brief: a partner's sheet lists by account the deals routed through it, with stage, value and close" {
	partner_repo
	run kam brief fab
	assert_success
	assert_output "Fabrikam Partners (fab)
  owner: Ivan Sidorov
  reviewed: 2026-10-01

Open deals (1)
  o-own: Own licence (propose, 5,000 EUR, close 2027-Q1)
    buying unit: not known

Pipeline through this partner (3)
  Acme Bank (acme): 2 open deals, 450,000 EUR
    o-core: Core renewal (negotiate, 400,000 EUR, close 2026-Q4, must-win)
    o-kiosk: Kiosks (qualify, 50,000 EUR, close 2027-Q2)
  Shop US (shop): 1 open deal, 40,000 USD
    o-web: Web shop (propose, 40,000 USD, close 2027-Q1)
  total: 450,000 EUR + 40,000 USD

Goals (0)
  none

Open actions (0)
  none

Latest meeting notes (0)
  none"
}

@test "brief --format md: a partner's sheet names the plan it could not read; exit 1" {
	partner_repo
	break_a_plan
	run kam brief --format md fab
	assert_failure 1
	assert_output "# Fabrikam Partners (\`fab\`)

- owner: Ivan Sidorov
- reviewed: 2026-10-01

## Open deals (1)

- \`o-own\`: Own licence (propose, 5,000 EUR, close 2027-Q1)
  - buying unit: not known

## Pipeline through this partner (3)

- Acme Bank (\`acme\`): 2 open deals, 450,000 EUR
  - \`o-core\`: Core renewal (negotiate, 400,000 EUR, close 2026-Q4, must-win)
  - \`o-kiosk\`: Kiosks (qualify, 50,000 EUR, close 2027-Q2)
- Shop US (\`shop\`): 1 open deal, 40,000 USD
  - \`o-web\`: Web shop (propose, 40,000 USD, close 2027-Q1)
- total: 450,000 EUR + 40,000 USD
- not seen: accounts/broken.md (could not be read, yaml-syntax at 3:7); run kam check

## Goals (0)

- none

## Open actions (0)

- none

## Latest meeting notes (0)

- none"
}

@test "brief: the next renewal, and goals with owner, measure and done/open actions (meeting notes' too)" {
	partner_repo
	mkdir -p accounts/acme/meetings
	cat > accounts/acme/meetings/2026-11-10-renewal.md <<'NOTE'
---
kind: meeting
title: Renewal talk
date: 2026-11-10
attendees: [anna.petrova]
actions:
  - {id: a-legal, text: Legal review, owner: anna.petrova, due: 2026-12-10, goal: g-core}
  - {id: a-call, text: Call, owner: anna.petrova, status: done, goal: g-core}
---
NOTE
	run kam brief acme
	assert_success
	assert_output "Acme Bank (acme)
  owner: Anna Petrova
  reviewed: 2026-10-01
  next renewal: c-core Core platform licence (480,000 EUR); notice by 2026-12-30, ends 2027-06-30; renewed by o-core

Open deals (3)
  o-core: Core renewal (negotiate, 400,000 EUR, close 2026-Q4, must-win)
    buying unit: not known
  o-kiosk: Kiosks (qualify, 50,000 EUR, close 2027-Q2)
    buying unit: not known
  o-direct: Direct deal (propose, 1,000 EUR, close 2027-Q1)
    buying unit: not known

Goals (2)
  g-core: Keep the core platform (2027-Q2, open)
    owner: Anna Petrova; measure: renewal signed for three years
    actions: 2 done, 2 open, 1 dropped
  g-data: Open the data unit (2026-Q4, missed)
    owner: none; measure: not given
    actions: 0 done, 0 open

Open actions (2)
  a-offer: Draft the renewal offer; owner Anna Petrova; due 2026-12-01; in accounts/acme.md
  a-legal: Legal review; owner Anna Petrova; due 2026-12-10; in accounts/acme/meetings/2026-11-10-renewal.md

Latest meeting notes (1)
  2026-11-10 Renewal talk (accounts/acme/meetings/2026-11-10-renewal.md)
    attendees: Anna Petrova
    open actions: 1
      a-legal: Legal review; owner Anna Petrova; due 2026-12-10"
	# a customer's sheet has no partner section; shop's renewal is uncovered
	refute_output --partial 'Pipeline through this partner'
	run kam brief shop
	assert_line '  next renewal: c-web Web shop support (25,000 USD); notice by 2026-12-31, ends 2027-01-31; no deal renews it'
}

@test "render: a partner's page shows the pipeline through it and the plan not seen; a customer's page does not" {
	partner_repo
	break_a_plan
	run kam render -o site
	run sed -n '/<h2 id="partner-pipeline">/,/<\/section>/p' site/accounts/fab.html
	assert_output '<section><h2 id="partner-pipeline">Pipeline through this partner</h2>
<p>3 open opportunities of 2 accounts: 450,000 EUR + 40,000 USD.</p>
<div class="tablebox" role="region" tabindex="0" aria-label="Pipeline through this partner"><table><tr><th>Account</th><th>Opportunity</th><th>Stage</th><th>Value</th><th>Close</th></tr>
<tr><td><a href="../accounts/acme.html">Acme Bank</a></td><td>Core renewal</td><td class="stage negotiate">negotiate</td><td class="num">400,000 EUR</td><td>2026-Q4</td></tr>
<tr><td><a href="../accounts/acme.html">Acme Bank</a></td><td>Kiosks</td><td class="stage qualify">qualify</td><td class="num">50,000 EUR</td><td>2027-Q2</td></tr>
<tr><td><a href="../accounts/shop.html">Shop US</a></td><td>Web shop</td><td class="stage propose">propose</td><td class="num">40,000 USD</td><td>2027-Q1</td></tr>
</table></div>
<p class="bad">Not seen: accounts/broken.md (yaml-syntax at 3:7): the deals it routes through this partner are not shown.</p>
</section>'
	run grep -c 'partner-pipeline' site/accounts/acme.html
	assert_output 0
}

@test "hostile values: routed deals and renewals stay on their lines" {
	partner_repo
	sed -i 's/title: Core platform licence/title: "Core\\nfake line\\u0007"/; s/o-kiosk, title: Kiosks/o-kiosk, title: "<b>Kiosks<\/b>\\n# x"/' accounts/acme.md
	run kam status
	assert_line '  next renewal c-core: Core\nfake line\x07, 480,000 EUR'
	run kam brief --format md fab
	assert_line '  - `o-kiosk`: &lt;b&gt;Kiosks&lt;/b&gt; # x (qualify, 50,000 EUR, close 2027-Q2)'
	run kam render -o site
	run grep -c '<b>Kiosks' site/accounts/fab.html
	assert_output 0
}

@test "status and brief: a copy claiming another plan's id is not counted for the partner, and named" {
	partner_repo
	cp accounts/shop.md accounts/shop-copy.md
	run kam status
	assert_failure 1
	assert_line '  routed through it: 3 open deals of 2 accounts, 450,000 EUR + 40,000 USD; 1 plan not seen'
	run sh -c "'$KAM' --color never status --format json 2>/dev/null | sed -n '/\"not_seen\"/,/\]/p'"
	assert_output '       "not_seen": [
         {"file": "accounts/shop-copy.md", "why": "claims the account id of another plan"}
       ],'
	run kam brief fab
	assert_line '  total: 450,000 EUR + 40,000 USD'
	assert_line '  not seen: accounts/shop-copy.md (claims the account id of another plan); run kam check'
}

@test "brief: a partner whose own plan cannot be read still shows what runs through it; exit 1" {
	partner_repo
	printf -- '---\nid: fab\nname: [\n---\n' > accounts/fab.md
	run kam brief fab
	assert_failure 1
	assert_output "fab (fab)
  could not read accounts/fab.md (yaml-syntax at 3:7): its deals, people and actions are not shown; run kam check

Pipeline through this partner (3)
  Acme Bank (acme): 2 open deals, 450,000 EUR
    o-core: Core renewal (negotiate, 400,000 EUR, close 2026-Q4, must-win)
    o-kiosk: Kiosks (qualify, 50,000 EUR, close 2027-Q2)
  Shop US (shop): 1 open deal, 40,000 USD
    o-web: Web shop (propose, 40,000 USD, close 2027-Q1)
  total: 450,000 EUR + 40,000 USD

Latest meeting notes (0)
  none"
}

# The partner writes shop's deal into its own plan too (same id): shop's plan
# counts it, so the partner's pipeline leaves it out, as kam forecast does.
# fab's open pipeline: o-own 5,000 + its copy of o-web 40,000 - the copy = 5,000;
# the portfolio: acme 400,000 + 50,000 + 1,000 = 451,000, + fab 5,000 = 456,000 EUR;
# shop 40,000 USD.
@test "status: a partner's copy of a deal a client routes through it is counted once, and said" {
	partner_repo
	sed -i 's/^  - {id: o-own, title: Own licence.*/&\n  - {id: o-web, title: Web shop (shop), stage: propose, value: 40000, close: 2027-Q1}/' accounts/fab.md
	run kam status
	assert_line --regexp '^fab +.* 5,000 +0 '
	assert_line '  not counted again: o-web (counted in shop)'
	assert_line --partial 'open pipeline 456,000 EUR + 40,000 USD'
	run sh -c "'$KAM' --color never status --format json | sed -n '/\"not_counted_again\": \[$/,/\]/p'"
	assert_output '       "not_counted_again": [
         {"opportunity": "o-web", "counted_in": "shop"}
       ]'
}
