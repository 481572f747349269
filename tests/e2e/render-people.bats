#!/usr/bin/env bats
# kam render and plan model v2 (issue 16): buying units per deal, contact
# cards (influence, status, relationship steps, last met), meetings on the
# account page, meeting pages with attendees and actions, members' meeting
# actions, the dashboard by kam.yaml's tiers, the map's influence and
# leavers, and pages that stay readable at phone width. Every test builds
# its own small repository.

load helpers

# people_repo: $WORK/repo with kam.yaml (tiers platinum, gold), the plan
# acme (every new field), other (platinum, nothing new), none (no tier) and
# two meeting notes of acme; then the site in $SITE.
people_repo() {
	mkdir -p "$WORK/repo/accounts/acme/meetings"
	cd "$WORK/repo"
	cat > kam.yaml <<'YAML'
kam: 1
organization: Test Systems
currency: EUR
tiers: [platinum, gold]
team:
  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}
  - {id: ivan.sidorov, name: Ivan Sidorov, role: solution-architect}
YAML
	cat > accounts/acme.md <<'YAML'
---
id: acme
name: Acme Bank
type: customer
tier: gold
owner: anna.petrova
reviewed: 2026-11-01
focus: Become the bank's partner for payments
strategy: {current: Old core, target: Cloud core}
validated: {date: 2026-10-14, with: [c.ceo, c.cfo], note: Agreed the priorities}
initiatives:
  - {id: i-core, title: Core renewal, priority: 1, owner: c.ceo, value: Faster launches, status: active}
  - {id: i-old, title: Branch refit, sponsor: c.cfo}
opportunities:
  - id: o-core
    title: Core banking
    stage: propose
    value: 500000
    close: 2027-Q1
    must_win: true
    decision_leader: c.ceo
    owner: anna.petrova
    buying_unit:
      - {contact: c.ceo, role: key-decision-leader}
      - {contact: c.cfo, role: approver, influence: high, attitude: skeptic}
      - {contact: c.old, role: sponsor}
  - {id: o-pay, title: Payments, stage: qualify, value: 100000, close: 2027-Q2, must_win: true, owner: anna.petrova}
  - id: o-cards
    title: Cards
    stage: identify
    value: 50000
    close: 2027-Q3
    buying_unit: [{contact: c.cfo, role: evaluator}]
  - id: o-won
    title: Old deal
    stage: won
    value: 10000
    close: 2026-Q2
    buying_unit: [{contact: c.cfo, role: approver}]
  - {id: o-bare, title: Bare deal, stage: identify, value: 1000, close: 2027-Q4}
contacts:
  - id: c.ceo
    name: Carla Chief
    title: CEO
    roles: [key-decision-leader, sponsor]
    attitude: supporter
    influence: high
    owner: anna.petrova
    relationship:
      level: 2
      target: 4
      by: 2027-Q2
      steps:
        - {quarter: 2026-Q2, level: 1, how: Intro lunch}
        - {quarter: 2026-Q3, level: 3, how: Site visit}
        - {quarter: 2026-Q4, level: 3, how: Advisory board}
        - {quarter: 2027-Q2, level: 4, how: Exec dinner}
  - {id: c.cfo, name: Frank Finance, title: CFO, reports_to: c.ceo, attitude: neutral, influence: medium, owner: ivan.sidorov}
  - {id: c.old, name: Olga Old, title: COO, reports_to: c.ceo, status: left, since: 2026-09-30, successor: c.cfo, influence: low}
touches:
  - {date: 2026-11-05, contacts: [c.cfo], kind: hospitality, note: Dinner}
  - {date: 2026-11-12, contacts: [c.ceo], kind: call}
actions:
  - {id: a-plan, text: Send proposal, owner: anna.petrova, due: 2026-11-01}
---
# Acme
YAML
	cat > accounts/acme/meetings/2026-10-03-kickoff.md <<'YAML'
---
kind: meeting
title: Kick-off
date: 2026-10-03
attendees: [c.ceo, anna.petrova]
actions:
  - {id: a-note, text: Book CFO briefing, owner: ivan.sidorov, due: 2026-10-10, contact: c.cfo}
  - {id: a-done, text: Share deck, owner: anna.petrova, status: done}
---
# Notes
YAML
	cat > accounts/acme/meetings/2026-11-10-steering.md <<'YAML'
---
kind: meeting
title: Steering
date: 2026-11-10
attendees: [c.cfo, c.ceo, ivan.sidorov]
---
# Notes
YAML
	printf -- '---\nid: other\nname: Other Co\ntype: customer\ntier: platinum\nowner: ivan.sidorov\nreviewed: 2026-11-01\ncontacts:\n  - {id: c.x, name: Xi, title: CTO, roles: [approver], attitude: advocate, owner: ivan.sidorov}\n---\n# Other\n' > accounts/other.md
	printf -- '---\nid: none\nname: No Tier Co\ntype: customer\nowner: ivan.sidorov\nreviewed: 2026-11-01\n---\n# None\n' > accounts/none.md
	run kam render -o "$WORK/site"
	assert_success
	SITE="$WORK/site"
}

@test "render: each must-win and each open deal with a buying unit shows it, person by person" {
	people_repo
	run sed -n '/<div class="unit">/,/<\/div>/p' "$SITE/accounts/acme.html"
	assert_output '<div class="unit"><h3>Buying unit: Core banking <strong class="mustwin">must-win</strong></h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Buying unit: Core banking"><table><tr><th>Person</th><th>Role in this deal</th><th>Influence</th><th>Attitude</th><th>Our owner</th><th>Last met</th></tr>
<tr><td><a href="#c.ceo">Carla Chief</a></td><td><abbr class="badge" title="key decision leader">KDL</abbr> key decision leader</td><td>high</td><td class="attitude supporter">supporter</td><td><a href="../team/anna.petrova.html">Anna Petrova</a></td><td>2026-11-12, call</td></tr>
<tr><td><a href="#c.cfo">Frank Finance</a></td><td><abbr class="badge" title="approver">AP</abbr> approver</td><td>high <small class="override">this deal</small></td><td class="attitude skeptic">skeptic <small class="override">this deal</small></td><td><a href="../team/ivan.sidorov.html">Ivan Sidorov</a></td><td><a href="../accounts/acme/meetings/2026-11-10-steering.html">2026-11-10</a>, meeting</td></tr>
<tr><td><a href="#c.old">Olga Old</a> <small class="gone">left</small></td><td><abbr class="badge" title="sponsor">SP</abbr> sponsor</td><td>low</td><td class="attitude">unknown</td><td><strong class="bad">nobody</strong></td><td><span class="warn">never met</span></td></tr>
</table></div></div>
<div class="unit"><h3>Buying unit: Payments <strong class="mustwin">must-win</strong></h3>
<p class="bad">No buying unit: who decides, approves and sponsors this deal is not written (buying_unit).</p></div>
<div class="unit"><h3>Buying unit: Cards</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Buying unit: Cards"><table><tr><th>Person</th><th>Role in this deal</th><th>Influence</th><th>Attitude</th><th>Our owner</th><th>Last met</th></tr>
<tr><td><a href="#c.cfo">Frank Finance</a></td><td><abbr class="badge" title="evaluator">EV</abbr> evaluator</td><td>medium</td><td class="attitude neutral">neutral</td><td><a href="../team/ivan.sidorov.html">Ivan Sidorov</a></td><td><a href="../accounts/acme/meetings/2026-11-10-steering.html">2026-11-10</a>, meeting</td></tr>
</table></div></div>'
	# a closed deal that is no must-win, and an open one without a buying unit, show none
	run grep -c 'Buying unit: \(Old deal\|Bare deal\)' "$SITE/accounts/acme.html"
	assert_output "0"
}

@test "render: contact cards show influence, status with successor, level labels, steps and last met" {
	people_repo
	run sed -n '/<article class="contact" id="c.ceo">/,/<\/article>/p' "$SITE/accounts/acme.html"
	assert_output '<article class="contact" id="c.ceo"><h3>Carla Chief</h3>
<p class="facts">CEO</p>
<dl class="card"><dt>Roles</dt><dd><abbr class="badge" title="key decision leader">KDL</abbr> key decision leader, <abbr class="badge" title="sponsor">SP</abbr> sponsor</dd><dt>Attitude</dt><dd><span class="attitude supporter">supporter</span></dd><dt>Influence</dt><dd>high</dd><dt>Status</dt><dd>active</dd><dt>Our owner</dt><dd><a href="../team/anna.petrova.html">Anna Petrova</a></dd><dt>Relationship</dt><dd>2 credible → 4 trusted adviser by 2027-Q2</dd><dt>Last met</dt><dd>2026-11-12, call</dd></dl>
<div class="tablebox" role="region" tabindex="0" aria-label="Relationship steps: Carla Chief"><table class="steps"><tr><th>Quarter</th><th>Level</th><th>How</th><th>Progress</th></tr>
<tr><td>2026-Q2</td><td>1 acquainted</td><td>Intro lunch</td><td class="ok">reached</td></tr>
<tr><td>2026-Q3</td><td>3 trusted</td><td>Site visit</td><td class="bad">not reached</td></tr>
<tr><td>2026-Q4</td><td>3 trusted</td><td>Advisory board</td><td class="warn">due this quarter</td></tr>
<tr><td>2027-Q2</td><td>4 trusted adviser</td><td>Exec dinner</td><td>planned</td></tr>
</table></div>
</article>'
	run sed -n '/<article class="contact" id="c.old">/,/<\/article>/p' "$SITE/accounts/acme.html"
	assert_output '<article class="contact" id="c.old"><h3>Olga Old <small class="gone">left</small></h3>
<p class="facts">COO</p>
<dl class="card"><dt>Roles</dt><dd>-</dd><dt>Attitude</dt><dd><span class="attitude">unknown</span></dd><dt>Influence</dt><dd>low</dd><dt>Status</dt><dd><strong class="gone">left the client</strong> since 2026-09-30; successor <a href="#c.cfo">Frank Finance</a></dd><dt>Our owner</dt><dd><strong class="bad">nobody</strong></dd><dt>Relationship</dt><dd>-</dd><dt>Last met</dt><dd><span class="warn">never met</span></dd></dl>
</article>'
	# the latest touch on or before today counts: a meeting after today does not
	sed -i 's/date: 2026-11-10/date: 2026-12-01/' accounts/acme/meetings/2026-11-10-steering.md
	kam render -q -o "$SITE"
	grep -qF '<dt>Last met</dt><dd>2026-11-05, hospitality</dd>' "$SITE/accounts/acme.html"
}

@test "render: the account page lists its meetings newest first, attendees by name" {
	people_repo
	run sed -n '/<section class="meetings">/,/<\/section>/p' "$SITE/accounts/acme.html"
	assert_output '<section class="meetings"><h2 id="part-meetings">Meetings (2)</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Meetings"><table><tr><th>Date</th><th>Meeting</th><th>Attendees</th></tr>
<tr><td>2026-11-10</td><td><a href="../accounts/acme/meetings/2026-11-10-steering.html">Steering</a></td><td><a href="#c.cfo">Frank Finance</a>, <a href="#c.ceo">Carla Chief</a>, <a href="../team/ivan.sidorov.html">Ivan Sidorov</a></td></tr>
<tr><td>2026-10-03</td><td><a href="../accounts/acme/meetings/2026-10-03-kickoff.html">Kick-off</a></td><td><a href="#c.ceo">Carla Chief</a>, <a href="../team/anna.petrova.html">Anna Petrova</a></td></tr>
</table></div></section>'
	run sed -n '/<section class="meetings">/,/<\/section>/p' "$SITE/accounts/other.html"
	assert_output '<section class="meetings"><h2 id="part-meetings">Meetings (0)</h2>
<p>No meeting notes yet.</p></section>'
}

@test "render: our focus apart from the client's strategy, initiative owners and value, validation" {
	people_repo
	run sed -n '/<h2 id="part-1">/,/<\/section>/p' "$SITE/accounts/acme.html"
	assert_output '<section><h2 id="part-1">1. Understand the client</h2>
<dl class="strategy"><dt>Where the client stands</dt><dd>Old core</dd><dt>Where it wants to be</dt><dd>Cloud core</dd></dl>
<div class="focus"><h3>Our focus</h3><p>Become the bank&#39;s partner for payments</p></div>
<div class="tablebox" role="region" tabindex="0" aria-label="Initiatives"><table><tr><th>Priority</th><th>Initiative</th><th>Status</th><th>Owner</th><th>Our value</th></tr>
<tr id="i-core"><td>1</td><td>Core renewal</td><td>active</td><td><a href="#c.ceo">Carla Chief</a></td><td>Faster launches</td></tr>
<tr id="i-old"><td>-</td><td>Branch refit</td><td>-</td><td><a href="#c.cfo">Frank Finance</a></td><td>-</td></tr>
</table></div>
<p class="validated">Validated with the client on 2026-10-14 with <a href="#c.ceo">Carla Chief</a>, <a href="#c.cfo">Frank Finance</a>: <q>Agreed the priorities</q></p>
</section>'
	run sed -n '/<h2 id="part-1">/,/<\/section>/p' "$SITE/accounts/other.html"
	assert_output '<section><h2 id="part-1">1. Understand the client</h2>
<p class="validated">Not validated with the client yet.</p>
</section>'
}

@test "render: a meeting page shows its attendees by name and its actions" {
	people_repo
	run sed -n '/<main>/,/<section class="body">/p' "$SITE/accounts/acme/meetings/2026-10-03-kickoff.html"
	assert_output '<main>
<h1>Kick-off</h1>
<p>meeting 2026-10-03 · <a href="../../../accounts/acme.html">Acme Bank</a></p>
<p class="attendees">Attendees: <a href="../../../accounts/acme.html#c.ceo">Carla Chief</a>, <a href="../../../team/anna.petrova.html">Anna Petrova</a></p>
<h2>Actions</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Actions"><table><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>With</th></tr>
<tr id="a-note"><td>Book CFO briefing</td><td><a href="../../../team/ivan.sidorov.html">Ivan Sidorov</a></td><td>2026-10-10</td><td>open</td><td><a href="../../../accounts/acme.html#c.cfo">Frank Finance</a></td></tr>
<tr id="a-done"><td>Share deck</td><td><a href="../../../team/anna.petrova.html">Anna Petrova</a></td><td>-</td><td>done</td><td>-</td></tr>
</table></div>
<section class="body">'
}

@test "render: a member's page lists their open actions from meeting notes beside the plan's" {
	people_repo
	run sed -n '/<h2>Open actions<\/h2>/,/<\/table>/p' "$SITE/team/ivan.sidorov.html"
	assert_output '<h2>Open actions</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Open actions"><table><tr><th>Action</th><th>Account</th><th>From</th><th>Due</th></tr>
<tr><td>Book CFO briefing</td><td><a href="../accounts/acme.html">Acme Bank</a></td><td><a href="../accounts/acme/meetings/2026-10-03-kickoff.html#a-note">Kick-off</a></td><td class="bad">2026-10-10 (overdue)</td></tr>
</table></div>'
	# a done action of a note is not listed
	run sed -n '/<h2>Open actions<\/h2>/,/<\/table>/p' "$SITE/team/anna.petrova.html"
	assert_output '<h2>Open actions</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Open actions"><table><tr><th>Action</th><th>Account</th><th>From</th><th>Due</th></tr>
<tr><td>Send proposal</td><td><a href="../accounts/acme.html">Acme Bank</a></td><td><a href="../accounts/acme.html#a-plan">plan</a></td><td class="bad">2026-11-01 (overdue)</td></tr>
</table></div>'
	grep -qF '<tr><td><a href="../accounts/acme.html#c.cfo">Frank Finance</a></td><td>Acme Bank</td><td>CFO</td><td>neutral</td><td><a href="../accounts/acme/meetings/2026-11-10-steering.html">2026-11-10</a>, meeting</td></tr>' "$SITE/team/ivan.sidorov.html"
}

@test "render: the dashboard groups by kam.yaml's tiers in their order, untiered last, and counts the notes' findings" {
	people_repo
	run grep -o '<h2>[^<]*</h2>' "$SITE/index.html"
	assert_output '<h2>Portfolio totals</h2>
<h2>Open pipeline by stage</h2>
<h2>Health</h2>
<h2>Needs attention</h2>
<h2>Coming up</h2>
<h2>Platinum accounts</h2>
<h2>Gold accounts</h2>
<h2>Untiered accounts</h2>
<h2>Team</h2>
<h2>Agendas to subscribe to</h2>'
	run sed -n '/<h2>Gold accounts<\/h2>/,/<\/table>/p' "$SITE/index.html"
	assert_output --partial '<tr><td><a href="accounts/acme.html">Acme Bank</a></td><td>gold</td>'
	refute_output --partial 'Other Co'
	# the plan's findings and its notes' (the note's overdue action among them)
	run kam check
	local plan notes
	plan=$(grep -c '^accounts/acme\.md:[0-9]*:[0-9]*: warning' <<<"$output")
	notes=$(grep -c '^accounts/acme/meetings/[^:]*:[0-9]*:[0-9]*: warning' <<<"$output")
	assert_line --partial 'accounts/acme/meetings/2026-10-03-kickoff.md:7:69: warning[action-overdue]'
	[ "$plan" -ge 1 ] && [ "$notes" -ge 1 ]
	# the one error: c.old, who left, is still the sponsor of o-core (contact-left)
	assert_line --partial 'accounts/acme.md:26:19: error[contact-left]'
	[ "$(grep -c ': error\[' <<<"$output")" -eq 1 ]
	grep -qF "<td class=\"bad\">1 error, $((plan + notes)) warnings</td></tr>" "$SITE/index.html"
	run sed -n '/<section class="findings">/,/<\/section>/p' "$SITE/accounts/acme.html"
	assert_line '<li class="warning">accounts/acme/meetings/2026-10-03-kickoff.md line 7: <code>action-overdue</code> action &#39;a-note&#39; was due 2026-10-10 and is still open</li>'
	# without tiers: in kam.yaml, the default ones
	sed -i '/^tiers:/d' kam.yaml
	sed -i 's/^tier: gold/tier: strategic/' accounts/acme.md
	sed -i 's/^tier: platinum/tier: key/' accounts/other.md
	kam render -q -o "$SITE"
	run grep -o '<h2>[^<]*</h2>' "$SITE/index.html"
	assert_output '<h2>Portfolio totals</h2>
<h2>Open pipeline by stage</h2>
<h2>Health</h2>
<h2>Needs attention</h2>
<h2>Coming up</h2>
<h2>Key accounts</h2>
<h2>Strategic accounts</h2>
<h2>Untiered accounts</h2>
<h2>Team</h2>
<h2>Agendas to subscribe to</h2>'
}

@test "render: the map shows influence by border weight and letter, and marks who left" {
	people_repo
	run grep -o '<g class="person[^"]*"><a href="#[^"]*"><rect[^>]*>\(<text[^>]*>[^<]*</text>\)\{2\}\(<text[^>]*><title>[^<]*</title>[^<]*</text>\)\?' "$SITE/accounts/acme.html"
	assert_output '<g class="person"><a href="#c.ceo"><rect x="109.0" y="12.0" width="176" height="70" rx="6" fill="#d9f0a3" stroke="#404040" stroke-width="3.5"/><text x="117.0" y="29.0" class="name">Carla Chief</text><text x="117.0" y="44.0" class="title">CEO</text><text x="277.0" y="75.0" class="influence" text-anchor="end"><title>influence high</title>H</text>
<g class="person"><a href="#c.cfo"><rect x="12.0" y="128.0" width="176" height="70" rx="6" fill="#f0f0f0" stroke="#404040" stroke-width="2.2"/><text x="20.0" y="145.0" class="name">Frank Finance</text><text x="20.0" y="160.0" class="title">CFO</text><text x="180.0" y="191.0" class="influence" text-anchor="end"><title>influence medium</title>M</text>
<g class="person left"><a href="#c.old"><rect x="206.0" y="128.0" width="176" height="70" rx="6" fill="#ffffff" stroke="#404040" stroke-width="1.2"/><text x="214.0" y="145.0" class="name">Olga Old</text><text x="214.0" y="160.0" class="gone">LEFT 2026-09-30</text><text x="374.0" y="191.0" class="influence" text-anchor="end"><title>influence low</title>L</text>'
	# a plan without the new fields draws as before: thin border, no letter, its title
	run grep -o '<g class="person[^"]*"><a href="#c.x"><rect[^>]*>\(<text[^>]*>[^<]*</text>\)\{3\}' "$SITE/accounts/other.html"
	assert_output '<g class="person"><a href="#c.x"><rect x="12.0" y="12.0" width="176" height="70" rx="6" fill="#8fd17a" stroke="#404040" stroke-width="1.2"/><text x="20.0" y="29.0" class="name">Xi</text><text x="20.0" y="44.0" class="title">CTO</text><text x="20.0" y="60.0" class="badges">advocate  AP</text>'
	run grep -c 'class="influence"' "$SITE/accounts/other.html"
	assert_output "0"
}

chromium_width() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--allow-file-access-from-files --virtual-time-budget=5000 \
		--user-data-dir="$BATS_TEST_TMPDIR/chrome" --dump-dom "file://$1" 2>/dev/null |
		grep -o '<title>[0-9]*/[0-9]*</title>'
}

@test "render: at phone width (360 px) no page is wider than the screen" {
	people_repo
	# the stylesheet's phone rules: tables scroll in their own box, cards stack
	grep -qF '@media (max-width:700px)' "$SITE/kam.css"
	grep -qF '.tablebox{overflow-x:auto;max-width:100%;margin:.6em 0}' "$SITE/kam.css"
	grep -qF '<div class="tablebox" role="region" tabindex="0" aria-label="Opportunities"><table>' "$SITE/accounts/acme.html"
	grep -qF '.cards{grid-template-columns:1fr}' "$SITE/kam.css"
	# each page in a 360 px frame (a copy of the site, so the probe is no part of it)
	cp -r "$SITE" "$WORK/probe"
	mkdir "$WORK/probe/probe"
	local failed=0
	for page in index.html accounts/acme.html accounts/acme/meetings/2026-10-03-kickoff.html team/anna.petrova.html; do
		printf '<!DOCTYPE html><html><head><title>x</title></head><body style="margin:0"><iframe id="f" src="../%s" width="360" height="800" style="border:0"></iframe><script>document.getElementById("f").onload=function(){document.title=this.contentDocument.documentElement.scrollWidth+"/"+this.contentWindow.innerWidth}</script></body></html>' \
			"$page" > "$WORK/probe/probe/index.html"
		local got
		got=$(chromium_width "$WORK/probe/probe/index.html")
		echo "$page: $got"
		[[ "$got" =~ \<title\>([0-9]+)/([0-9]+)\</title\> ]] || { failed=1; continue; }
		[ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] || failed=1
	done
	[ "$failed" -eq 0 ]
}

@test "render --format md: each must-win's buying unit; the Mermaid map names influence and who left" {
	people_repo
	run kam render --format md acme
	assert_success
	run sed -n '/^### Buying units$/,/^### Relationship map$/p' <<<"$output"
	assert_output '### Buying units

**Core banking** (must-win)

| Person | Role in this deal | Influence | Attitude | Our owner | Last met |
|---|---|---|---|---|---|
| Carla Chief | key decision leader | high | supporter | anna.petrova | 2026-11-12 call |
| Frank Finance | approver | high (this deal) | skeptic (this deal) | ivan.sidorov | 2026-11-10 meeting |
| Olga Old (left) | sponsor | low | unknown | nobody | never met |

**Payments** (must-win)

No buying unit: who decides, approves and sponsors this deal is not written.

**Cards**

| Person | Role in this deal | Influence | Attitude | Our owner | Last met |
|---|---|---|---|---|---|
| Frank Finance | evaluator | medium | neutral | ivan.sidorov | 2026-11-10 meeting |

### Relationship map'
	run kam render --format md acme
	assert_line '  n3["Olga Old<br/>COO<br/>attitude unknown · influence low · left the client · NO OWNER"]'
	# a plan without the new fields: no buying units, the map's labels as before
	run kam render --format md other
	refute_output --partial "Buying units"
	assert_line '  n1["Xi<br/>CTO<br/>advocate · owner ivan.sidorov"]'
}
