#!/usr/bin/env bats
# kam competitors, kam whitespace and the rule must-win-competition (issue 17):
# small repositories made here, exact outputs in text, Markdown and JSON.

load helpers

# Two customers in two currencies, three competitors (one named by a plan
# with a typo), three offerings, a won cell, a lost deal, a cell given twice.
commerce_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: Globex Corporation}
  - {id: initrode, name: Initrode}
  - {id: umbrella, name: umbrella}
offerings:
  - {id: core, name: Core banking}
  - {id: pay, name: Payments}
  - {id: data, name: Analytics and data platform}
YAML
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Bank
type: customer
owner: anna.petrova
reviewed: 2026-10-01
competitors:
  - {competitor: globex, position: incumbent, share: 40, notes: holds the core since 2015}
  - {competitor: umbrela, position: niche}
units:
  - {id: u-retail, name: Retail}
  - {id: u-corp, name: Corporate and institutional banking division}
whitespace:
  - {unit: u-retail, offering: core, status: competitor, competitor: globex, potential: 500000}
  - {unit: u-retail, offering: pay, status: open, potential: 120000}
  - {unit: u-corp, offering: core, status: open, potential: 300000}
  - {unit: u-retail, offering: pay, status: no-fit}
  - {unit: u-hr, offering: core, status: open}
opportunities:
  - {id: o-core, title: Core renewal, stage: negotiate, value: 400000, close: 2026-Q4, must_win: true, competitors: [globex, initrode], unit: u-retail, offering: core}
  - {id: o-pay, title: Payments hub, stage: propose, value: 80000, close: 2027-Q1, competitors: [globex], unit: u-retail, offering: pay}
  - {id: o-won, title: Corporate core, stage: won, value: 250000, close: 2026-Q2, competitors: [globex], unit: u-corp, offering: core}
  - {id: o-lost, title: Data lake, stage: lost, value: 60000, close: 2026-Q3, lost_to: initrode, lost_reason: price}
  - {id: o-half, title: Half placed, stage: identify, value: 1000, close: 2027-Q3, offering: data}
---
PLAN
	cat > accounts/initech.md <<'PLAN'
---
id: initech
name: Initech
type: customer
owner: ivan.sidorov
currency: USD
reviewed: 2026-10-01
competitors:
  - {competitor: globex, position: challenger}
opportunities:
  - {id: o-1, title: Analytics, stage: qualify, value: 90000, close: 2027-Q2, competitors: [globex]}
  - {id: o-2, title: Old deal, stage: lost, value: 30000, close: 2026-Q1, lost_to: globex}
---
PLAN
}

# Values that try to break lines, tables and Markdown.
hostile_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: "Glo|bex *big*\n# heading"}
offerings:
  - {id: core, name: "Core | <b>banking</b>"}
  - {id: pay, name: "`Pay`\nments"}
YAML
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: "Acme | *Bank*\n<script>x</script>"
type: customer
owner: anna.petrova
reviewed: 2026-10-01
competitors:
  - {competitor: globex, position: incumbent, notes: "a | b\n| --- |\n\e[31mred"}
units:
  - {id: u-retail, name: "Retail\n| x | y |"}
whitespace:
  - {unit: u-retail, offering: core, status: open, potential: 10, notes: "n|o"}
opportunities:
  - {id: o-1, title: "T | [link](http://x) <img>", stage: propose, value: 5, close: 2027-Q1, competitors: [globex], unit: u-retail, offering: core}
---
PLAN
}

# Must-wins with and without competitors, sole source, a small deal, a won one.
rule_plan() {
	make_repo
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme
type: customer
owner: anna.petrova
reviewed: 2026-10-01
contacts:
  - {id: c.ceo, name: Carla Ceo, roles: [key-decision-leader, sponsor], attitude: supporter, owner: anna.petrova}
opportunities:
  - {id: o-none, title: No competitor, stage: propose, value: 1, close: 2027-Q1, must_win: true, decision_leader: c.ceo}
  - {id: o-empty, title: Empty list, stage: propose, value: 1, close: 2027-Q1, must_win: true, decision_leader: c.ceo, competitors: []}
  - {id: o-sole, title: Sole source, stage: propose, value: 1, close: 2027-Q1, must_win: true, decision_leader: c.ceo, sole_source: true}
  - {id: o-named, title: Named, stage: propose, value: 1, close: 2027-Q1, must_win: true, decision_leader: c.ceo, competitors: [globex]}
  - {id: o-small, title: Not a must-win, stage: propose, value: 1, close: 2027-Q1}
  - {id: o-done, title: Won, stage: won, value: 1, close: 2026-Q1, must_win: true, decision_leader: c.ceo}
touches:
  - {date: 2026-11-02, kind: call, contacts: [c.ceo]}
---
PLAN
	printf 'competitors:\n  - {id: globex, name: Globex}\n' >> kam.yaml
}

@test "competitors: per competitor its accounts, the open pipeline per currency, what we won and lost" {
	commerce_repo
	run kam competitors
	assert_equal "$status" 1
	assert_output - <<'OUT'
globex: Globex Corporation
  present in: 2 accounts
    acme     incumbent      40%  holds the core since 2015
    initech  challenger       -
  open pipeline it contests: 3 deals, 480,000 EUR + 90,000 USD
    acme#o-core  negotiate  400,000 EUR  must-win, close 2026-Q4
    acme#o-pay   propose     80,000 EUR  close 2027-Q1
    initech#o-1  qualify     90,000 USD  close 2027-Q2
  won from it: 1 deal, 250,000 EUR
    acme#o-won   won        250,000 EUR
  lost to it: 1 deal, 30,000 USD
    initech#o-2  lost        30,000 USD  reason not given

initrode: Initrode
  present in: no account
  open pipeline it contests: 1 deal, 400,000 EUR
    acme#o-core  negotiate  400,000 EUR  must-win, close 2026-Q4
  won from it: none
  lost to it: 1 deal, 60,000 EUR
    acme#o-lost  lost        60,000 EUR  price

umbrella
  present in: no account
  open pipeline it contests: none
  won from it: none
  lost to it: none

left out (1; run kam check):
  accounts/acme.md:9:18 competitors[1].competitor 'umbrela': not in kam.yaml's competitors
kam: competitors: 1 left out (listed above); run kam check
OUT
}

@test "competitors ID --format md: one competitor as Markdown tables" {
	commerce_repo
	run kam competitors globex --format md
	assert_equal "$status" 1
	assert_output - <<'OUT'
# Competitors

## Globex Corporation (`globex`)

Present in 2 accounts:

| Account | Position | Share | Notes |
| --- | --- | ---: | --- |
| acme | incumbent | 40% | holds the core since 2015 |
| initech | challenger |  |  |

Open pipeline it contests: 3 deals, 480,000 EUR + 90,000 USD

| Deal | Title | Stage | Value | Must-win | Close |
| --- | --- | --- | ---: | --- | --- |
| acme#o-core | Core renewal | negotiate | 400,000 EUR | yes | 2026-Q4 |
| acme#o-pay | Payments hub | propose | 80,000 EUR | no | 2027-Q1 |
| initech#o-1 | Analytics | qualify | 90,000 USD | no | 2027-Q2 |

Won from it: 1 deal, 250,000 EUR

| Deal | Title | Stage | Value | Must-win | Close |
| --- | --- | --- | ---: | --- | --- |
| acme#o-won | Corporate core | won | 250,000 EUR | no | 2026-Q2 |

Lost to it: 1 deal, 30,000 USD

| Deal | Title | Stage | Value | Lost because |
| --- | --- | --- | ---: | --- |
| initech#o-2 | Old deal | lost | 30,000 USD |  |

## Left out

Run `kam check` for each:

- accounts/acme.md:9:18 competitors\[1\].competitor 'umbrela': not in kam.yaml's competitors
kam: competitors: 1 left out (listed above); run kam check
OUT
}

@test "competitors --format json: the same structure whatever the plans hold" {
	commerce_repo
	run kam competitors --format json
	assert_equal "$status" 1
	assert_output - <<'OUT'
{
  "version": 1,
  "declared": true,
  "competitors": [
    {
      "id": "globex",
      "name": "Globex Corporation",
      "accounts": [
        {"account": "acme", "name": "Acme Bank", "file": "accounts/acme.md", "position": "incumbent", "share": 40.0, "notes": "holds the core since 2015"},
        {"account": "initech", "name": "Initech", "file": "accounts/initech.md", "position": "challenger", "share": null, "notes": null}
      ],
      "open": {
        "count": 3,
        "value": [{"currency": "EUR", "amount": 480000.00, "deals": 2}, {"currency": "USD", "amount": 90000.00, "deals": 1}],
        "deals": [
          {"account": "acme", "id": "o-core", "title": "Core renewal", "stage": "negotiate",
           "value": 400000.00, "currency": "EUR", "must_win": true, "close": "2026-Q4", "lost_reason": null},
          {"account": "acme", "id": "o-pay", "title": "Payments hub", "stage": "propose",
           "value": 80000.00, "currency": "EUR", "must_win": false, "close": "2027-Q1", "lost_reason": null},
          {"account": "initech", "id": "o-1", "title": "Analytics", "stage": "qualify",
           "value": 90000.00, "currency": "USD", "must_win": false, "close": "2027-Q2", "lost_reason": null}
        ]
      },
      "won": {
        "count": 1,
        "value": [{"currency": "EUR", "amount": 250000.00, "deals": 1}],
        "deals": [
          {"account": "acme", "id": "o-won", "title": "Corporate core", "stage": "won",
           "value": 250000.00, "currency": "EUR", "must_win": false, "close": "2026-Q2", "lost_reason": null}
        ]
      },
      "lost": {
        "count": 1,
        "value": [{"currency": "USD", "amount": 30000.00, "deals": 1}],
        "deals": [
          {"account": "initech", "id": "o-2", "title": "Old deal", "stage": "lost",
           "value": 30000.00, "currency": "USD", "must_win": false, "close": "2026-Q1", "lost_reason": null}
        ]
      }
    },
    {
      "id": "initrode",
      "name": "Initrode",
      "accounts": [],
      "open": {
        "count": 1,
        "value": [{"currency": "EUR", "amount": 400000.00, "deals": 1}],
        "deals": [
          {"account": "acme", "id": "o-core", "title": "Core renewal", "stage": "negotiate",
           "value": 400000.00, "currency": "EUR", "must_win": true, "close": "2026-Q4", "lost_reason": null}
        ]
      },
      "won": {
        "count": 0,
        "value": [],
        "deals": []
      },
      "lost": {
        "count": 1,
        "value": [{"currency": "EUR", "amount": 60000.00, "deals": 1}],
        "deals": [
          {"account": "acme", "id": "o-lost", "title": "Data lake", "stage": "lost",
           "value": 60000.00, "currency": "EUR", "must_win": false, "close": "2026-Q3", "lost_reason": "price"}
        ]
      }
    },
    {
      "id": "umbrella",
      "name": "umbrella",
      "accounts": [],
      "open": {
        "count": 0,
        "value": [],
        "deals": []
      },
      "won": {
        "count": 0,
        "value": [],
        "deals": []
      },
      "lost": {
        "count": 0,
        "value": [],
        "deals": []
      }
    }
  ],
  "left_out": [
    {"file": "accounts/acme.md", "line": 9, "column": 18, "field": "competitors[1].competitor", "text": "umbrela", "reason": "not in kam.yaml's competitors", "unreadable": null}
  ]
}
kam: competitors: 1 left out (listed above); run kam check
OUT
}

@test "competitors: an unknown id exits 2 with the closest one" {
	commerce_repo
	run kam competitors globx
	assert_equal "$status" 2
	assert_output - <<'OUT'
kam: competitors: 'globx' is not a competitor in kam.yaml; did you mean 'globex'?
OUT
}

@test "competitors: a plan kam cannot read is left out and named" {
	commerce_repo
	printf -- '---\nid: broken\nname: [\n---\n' > accounts/broken.md
	run kam competitors umbrella
	assert_equal "$status" 1
	assert_output - <<'OUT'
umbrella
  present in: no account
  open pipeline it contests: none
  won from it: none
  lost to it: none

left out (2; run kam check):
  accounts/acme.md:9:18 competitors[1].competitor 'umbrela': not in kam.yaml's competitors
  accounts/broken.md could not be read (yaml-syntax at 3:7)
kam: competitors: 2 left out (listed above); run kam check
OUT
}

@test "competitors: kam.yaml declares no competitors" {
	commerce_repo
	sed -i '/^competitors:/,/umbrella}/d' kam.yaml
	rm accounts/acme.md
	run kam competitors
	assert_equal "$status" 1
	assert_output - <<'OUT'
kam.yaml declares no competitors: add them as competitors: [{id, name}] to see
who you are up against

left out (3; run kam check):
  accounts/initech.md:9:18 competitors[0].competitor 'globex': kam.yaml declares no competitors
  accounts/initech.md:11:93 opportunities[0].competitors[0] 'globex': kam.yaml declares no competitors
  accounts/initech.md:12:84 opportunities[1].lost_to 'globex': kam.yaml declares no competitors
kam: competitors: 3 left out (listed above); run kam check
OUT
}

@test "competitors ID when kam.yaml declares none exits 2 and says how to add them" {
	commerce_repo
	sed -i '/^competitors:/,/umbrella}/d' kam.yaml
	run kam competitors globex
	assert_equal "$status" 2
	assert_output - <<'OUT'
kam: competitors: 'globex': kam.yaml declares no competitors; add them as competitors: [{id, name}] (see docs/format.md)
OUT
}

@test "a plan naming a competitor while kam.yaml declares none: check says so" {
	commerce_repo
	sed -i '/^competitors:/,/umbrella}/d' kam.yaml
	rm accounts/acme.md
	run kam check
	assert_equal "$status" 1
	assert_output - <<'OUT'
accounts/initech.md:9:18: error[ref-unresolved]: competitor 'globex': kam.yaml declares no competitors
    hint: declare it in kam.yaml: competitors: [{id: globex, name: ...}]
accounts/initech.md:11:93: error[ref-unresolved]: competitors[0] 'globex': kam.yaml declares no competitors
    hint: declare it in kam.yaml: competitors: [{id: globex, name: ...}]
accounts/initech.md:12:84: error[ref-unresolved]: lost_to 'globex': kam.yaml declares no competitors
    hint: declare it in kam.yaml: competitors: [{id: globex, name: ...}]
3 errors in 1 plan
OUT
}

@test "whitespace: units by offerings, a won cell, unassessed cells, left out and repeated cells" {
	commerce_repo
	run kam whitespace acme
	assert_equal "$status" 1
	assert_output - <<'OUT'
whitespace of Acme Bank (acme), amounts in EUR

unit                  Core banking       Payments           Analytics and data pl…
--------------------  -----------------  -----------------  ----------------------
Retail                competitor globex  open               ?
                      potential 500,000  potential 120,000
                      o-core 400,000     o-pay 80,000

Corporate and insti…  ours (won)         ?                  ?
                      plan: open
                      potential 300,000
                      won o-won

open potential: 120,000 EUR in 1 open cell
open deals in the matrix: 2, 480,000 EUR
not assessed (?): 3 of 6 cells

left out of the matrix (run kam check):
  accounts/acme.md:18:12 whitespace[4].unit 'u-hr': not a unit of this plan
  accounts/acme.md:24:5 opportunities[4] 'o-half': names an offering but no unit: not in the matrix

given twice (the first is shown):
  accounts/acme.md:17:5 whitespace[3]: unit 'u-retail', offering 'pay' again (first at line 15)
kam: whitespace: 2 left out (listed above); run kam check
kam: whitespace: 1 cell given twice (listed above): keep one of each in whitespace:
OUT
}

@test "whitespace --format md" {
	commerce_repo
	run kam whitespace --format md acme
	assert_equal "$status" 1
	assert_output - <<'OUT'
# Whitespace of Acme Bank (acme), amounts in EUR

| Unit | Core banking | Payments | Analytics and data platform |
| --- | --- | --- | --- |
| Retail | competitor globex<br>potential 500,000<br>o-core 400,000 | open<br>potential 120,000<br>o-pay 80,000 | ? |
| Corporate and institutional banking division | ours (won)<br>plan: open<br>potential 300,000<br>won o-won | ? | ? |

- open potential: 120,000 EUR in 1 open cell
- open deals in the matrix: 2, 480,000 EUR
- not assessed (?): 3 of 6 cells

Left out of the matrix (run `kam check`):

- accounts/acme.md:18:12 whitespace\[4\].unit 'u-hr': not a unit of this plan
- accounts/acme.md:24:5 opportunities\[4\] 'o-half': names an offering but no unit: not in the matrix

Given twice (the first is shown):

- accounts/acme.md:17:5 whitespace\[3\]: unit 'u-retail', offering 'pay' again (first at line 15)
kam: whitespace: 2 left out (listed above); run kam check
kam: whitespace: 1 cell given twice (listed above): keep one of each in whitespace:
OUT
}

@test "whitespace --format json" {
	commerce_repo
	run kam whitespace acme --format json
	assert_equal "$status" 1
	assert_output - <<'OUT'
{
  "version": 1,
  "account": "acme",
  "name": "Acme Bank",
  "file": "accounts/acme.md",
  "currency": "EUR",
  "offerings": [
    {"id": "core", "name": "Core banking"},
    {"id": "pay", "name": "Payments"},
    {"id": "data", "name": "Analytics and data platform"}
  ],
  "units": [
    {
      "id": "u-retail",
      "name": "Retail",
      "cells": [
        {"offering": "core", "status": "competitor", "assessed": true, "plan_status": "competitor", "competitor": "globex",
         "potential": 500000.00, "notes": null,
         "won": [], "open": [
           {"id": "o-core", "title": "Core renewal", "stage": "negotiate", "value": 400000.00, "must_win": true, "close": "2026-Q4"}
         ]},
        {"offering": "pay", "status": "open", "assessed": true, "plan_status": "open", "competitor": null,
         "potential": 120000.00, "notes": null,
         "won": [], "open": [
           {"id": "o-pay", "title": "Payments hub", "stage": "propose", "value": 80000.00, "must_win": false, "close": "2027-Q1"}
         ]},
        {"offering": "data", "status": null, "assessed": false, "plan_status": null, "competitor": null,
         "potential": null, "notes": null,
         "won": [], "open": []}
      ]
    },
    {
      "id": "u-corp",
      "name": "Corporate and institutional banking division",
      "cells": [
        {"offering": "core", "status": "ours", "assessed": true, "plan_status": "open", "competitor": null,
         "potential": 300000.00, "notes": null,
         "won": [
           {"id": "o-won", "title": "Corporate core", "stage": "won", "value": 250000.00, "must_win": false, "close": "2026-Q2"}
         ], "open": []},
        {"offering": "pay", "status": null, "assessed": false, "plan_status": null, "competitor": null,
         "potential": null, "notes": null,
         "won": [], "open": []},
        {"offering": "data", "status": null, "assessed": false, "plan_status": null, "competitor": null,
         "potential": null, "notes": null,
         "won": [], "open": []}
      ]
    }
  ],
  "totals": {"open_potential": 120000.00, "open_cells": 1, "open_deals": 2, "open_value": 480000.00, "unassessed": 3, "cells": 6},
  "left_out": [
    {"line": 18, "column": 12, "field": "whitespace[4].unit", "text": "u-hr", "reason": "not a unit of this plan"},
    {"line": 24, "column": 5, "field": "opportunities[4]", "text": "o-half", "reason": "names an offering but no unit: not in the matrix"}
  ],
  "given_twice": [
    {"line": 17, "column": 5, "field": "whitespace[3]", "text": null, "reason": "unit 'u-retail', offering 'pay' again (first at line 15)"}
  ]
}
kam: whitespace: 2 left out (listed above); run kam check
kam: whitespace: 1 cell given twice (listed above): keep one of each in whitespace:
OUT
}

@test "whitespace: an account without units says how to add them" {
	commerce_repo
	run kam whitespace initech
	assert_equal "$status" 0
	assert_output - <<'OUT'
whitespace of Initech (initech), amounts in USD

the plan declares no units (the client's buying centres, the rows):
add them as units: [{id, name}] to the plan
OUT
}

@test "whitespace: kam.yaml without offerings says how to add them" {
	commerce_repo
	sed -i '/^offerings:/,/Analytics/d' kam.yaml
	run kam whitespace acme --format md
	assert_equal "$status" 0
	assert_output - <<'OUT'
# Whitespace of Acme Bank (acme), amounts in EUR

kam.yaml declares no offerings (what we sell, the columns): add them as offerings: \[{id, name}\] to kam.yaml
OUT
}

@test "whitespace: an unknown account exits 2 with the closest one" {
	commerce_repo
	run kam whitespace acm
	assert_equal "$status" 2
	assert_output - <<'OUT'
kam: whitespace: 'acm' is not an account of this repository; did you mean 'acme'?
OUT
}

@test "whitespace: a plan kam cannot read exits 1 and says why" {
	commerce_repo
	printf -- '---\nid: broken\nname: [\n---\n' > accounts/broken.md
	run kam whitespace broken
	assert_equal "$status" 1
	assert_output - <<'OUT'
kam: whitespace: accounts/broken.md could not be read (yaml-syntax at 3:7); run kam check
OUT
}

@test "hostile values: competitors text" {
	hostile_repo
	run kam competitors
	assert_equal "$status" 0
	assert_output - <<'OUT'
globex: Glo|bex *big*\n# heading
  present in: 1 account
    acme     incumbent        -  a | b\n| --- |\n\e[31mred
  open pipeline it contests: 1 deal, 5 EUR
    acme#o-1  propose    5 EUR  close 2027-Q1
  won from it: none
  lost to it: none
OUT
}

@test "hostile values: competitors md" {
	hostile_repo
	run kam competitors --format md
	assert_equal "$status" 0
	assert_output - <<'OUT'
# Competitors

## Glo\|bex \*big\* # heading (`globex`)

Present in 1 account:

| Account | Position | Share | Notes |
| --- | --- | ---: | --- |
| acme | incumbent |  | a \| b \| --- \|  \[31mred |

Open pipeline it contests: 1 deal, 5 EUR

| Deal | Title | Stage | Value | Must-win | Close |
| --- | --- | --- | ---: | --- | --- |
| acme#o-1 | T \| \[link\](http\://x) &lt;img&gt; | propose | 5 EUR | no | 2027-Q1 |

Won from it: none.

Lost to it: none.
OUT
}

@test "hostile values: competitors json" {
	hostile_repo
	kam competitors --format json | jq -e . >/dev/null
	run kam competitors --format json
	assert_equal "$status" 0
	assert_output - <<'OUT'
{
  "version": 1,
  "declared": true,
  "competitors": [
    {
      "id": "globex",
      "name": "Glo|bex *big*\n# heading",
      "accounts": [
        {"account": "acme", "name": "Acme | *Bank*\n<script>x</script>", "file": "accounts/acme.md", "position": "incumbent", "share": null, "notes": "a | b\n| --- |\n\u001b[31mred"}
      ],
      "open": {
        "count": 1,
        "value": [{"currency": "EUR", "amount": 5.00, "deals": 1}],
        "deals": [
          {"account": "acme", "id": "o-1", "title": "T | [link](http://x) <img>", "stage": "propose",
           "value": 5.00, "currency": "EUR", "must_win": false, "close": "2027-Q1", "lost_reason": null}
        ]
      },
      "won": {
        "count": 0,
        "value": [],
        "deals": []
      },
      "lost": {
        "count": 0,
        "value": [],
        "deals": []
      }
    }
  ],
  "left_out": []
}
OUT
}

@test "hostile values: whitespace text" {
	hostile_repo
	run kam whitespace acme
	assert_equal "$status" 0
	assert_output - <<'OUT'
whitespace of Acme | *Bank*\n<script>x</script> (acme), amounts in EUR

unit               Core | <b>banking</b>  `Pay`\nments
-----------------  ---------------------  ------------
Retail\n| x | y |  open                   ?
                   potential 10
                   o-1 5

open potential: 10 EUR in 1 open cell
open deals in the matrix: 1, 5 EUR
not assessed (?): 1 of 2 cells
OUT
}

@test "hostile values: whitespace md" {
	hostile_repo
	run kam whitespace acme --format md
	assert_equal "$status" 0
	assert_output - <<'OUT'
# Whitespace of Acme \| \*Bank\* &lt;script&gt;x&lt;/script&gt; (acme), amounts in EUR

| Unit | Core \| &lt;b&gt;banking&lt;/b&gt; | \`Pay\` ments |
| --- | --- | --- |
| Retail \| x \| y \| | open<br>potential 10<br>o-1 5 | ? |

- open potential: 10 EUR in 1 open cell
- open deals in the matrix: 1, 5 EUR
- not assessed (?): 1 of 2 cells
OUT
}

@test "hostile values: whitespace json" {
	hostile_repo
	kam whitespace acme --format json | jq -e . >/dev/null
	run kam whitespace acme --format json
	assert_equal "$status" 0
	assert_output - <<'OUT'
{
  "version": 1,
  "account": "acme",
  "name": "Acme | *Bank*\n<script>x</script>",
  "file": "accounts/acme.md",
  "currency": "EUR",
  "offerings": [
    {"id": "core", "name": "Core | <b>banking</b>"},
    {"id": "pay", "name": "`Pay`\nments"}
  ],
  "units": [
    {
      "id": "u-retail",
      "name": "Retail\n| x | y |",
      "cells": [
        {"offering": "core", "status": "open", "assessed": true, "plan_status": "open", "competitor": null,
         "potential": 10.00, "notes": "n|o",
         "won": [], "open": [
           {"id": "o-1", "title": "T | [link](http://x) <img>", "stage": "propose", "value": 5.00, "must_win": false, "close": "2027-Q1"}
         ]},
        {"offering": "pay", "status": null, "assessed": false, "plan_status": null, "competitor": null,
         "potential": null, "notes": null,
         "won": [], "open": []}
      ]
    }
  ],
  "totals": {"open_potential": 10.00, "open_cells": 1, "open_deals": 1, "open_value": 5.00, "unassessed": 1, "cells": 2},
  "left_out": [],
  "given_twice": []
}
OUT
}


@test "must-win-competition is off by default" {
	rule_plan
	run kam check
	assert_success
	assert_output "no problems in 2 plans"
}

@test "must-win-competition: an open must-win names no competitor and is not sole source" {
	rule_plan
	printf 'rules:\n  must-win-competition: warning\n' >> kam.yaml
	run kam check
	assert_success
	assert_output - <<'OUT'
accounts/acme.md:10:5: warning[must-win-competition]: must-win 'o-none' names no competitor
    hint: list its competitors: [<competitor id>], or set sole_source: true if nobody else is in the race
accounts/acme.md:11:133: warning[must-win-competition]: must-win 'o-empty' names no competitor
    hint: list its competitors: [<competitor id>], or set sole_source: true if nobody else is in the race
2 warnings in 2 plans
OUT
}

@test "competitors and whitespace: usage errors, help and the command list" {
	commerce_repo
	run kam competitors --format csv
	assert_equal "$status" 2
	assert_output "kam: --format takes text, md or json, not 'csv'"
	run kam competitors globex initrode
	assert_equal "$status" 2
	assert_output "kam: competitors: one competitor at most; see 'kam competitors --help'"
	run kam whitespace
	assert_equal "$status" 2
	assert_output "kam: whitespace: name one account; see 'kam whitespace --help'"
	run kam whitespace ../acme
	assert_equal "$status" 2
	assert_output --partial "kam: whitespace: '../acme' is not an account of this repository"
	run kam help
	assert_line "  competitors who we are up against: accounts, open deals, won and lost"
	assert_line "  whitespace  an account's units by our offerings: who sells what, potential"
	run kam whitespace --help
	assert_success
	assert_line "usage: kam whitespace [--format text|md|json] ACCOUNT"
	run kam competitors --help
	assert_success
	assert_line "usage: kam competitors [--format text|md|json] [ID]"
}

@test "competitors: a deal naming its competitor twice is counted once" {
	commerce_repo
	sed -i 's/competitors: \[globex\]}$/competitors: [globex, globex]}/' accounts/initech.md
	run kam competitors globex --format json
	assert_equal "$status" 1
	assert_line '        "value": [{"currency": "EUR", "amount": 480000.00, "deals": 2}, {"currency": "USD", "amount": 90000.00, "deals": 1}],'
}

@test "whitespace: a cell naming a competitor kam.yaml does not declare is shown without it" {
	commerce_repo
	sed -i 's/status: competitor, competitor: globex/status: competitor, competitor: globx/' accounts/acme.md
	run kam whitespace acme
	assert_equal "$status" 1
	assert_line "Retail                competitor         open               ?"
	assert_line "  accounts/acme.md:14:70 whitespace[0].competitor 'globx': not in kam.yaml's competitors"
}
