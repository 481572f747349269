#!/usr/bin/env bats
# kam render and the commerce fields (issue 17): an account page's units,
# competitors, contracts with the next renewal, whitespace matrix, goals
# with their actions and each deal's forecast category and facts; the
# portfolio's forecast of the quarter and its competitors; competitors.html.
# Every test builds its own small repository; today is 2026-11-20 (2026-Q4).

load helpers

# commerce_site: $WORK/repo with kam.yaml (two competitors, two offerings,
# one of them named with markup), acme (EUR: every commerce field, a unit
# and a competitor note with markup; a meeting note with actions serving
# its goals) and initech (USD: one open deal against globex, a lost one);
# then the site in $SITE.
commerce_site() {
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: Globex Corporation}
  - {id: initrode, name: "Initrode \"Inc\""}
offerings:
  - {id: core, name: Core banking}
  - {id: pay, name: "<img src=x onerror=alert(1)>Payments"}
YAML
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Bank
type: customer
owner: anna.petrova
reviewed: 2026-11-01
competitors:
  - {competitor: globex, position: incumbent, share: 40, notes: "holds the core <script>alert(1)</script> since 2015"}
  - {competitor: initrode, position: niche}
units:
  - {id: u-retail, name: "Retail <b onclick=x>banking</b>"}
  - {id: u-corp, name: Corporate}
contacts:
  - {id: c.ceo, name: Carla Chief, title: CEO, unit: u-retail, roles: [key-decision-leader, sponsor], attitude: supporter, owner: anna.petrova}
contracts:
  - {id: k-support, title: Support, value: 120000, start: 2024-01-01, end: 2026-12-31, notice_months: 3}
  - {id: k-licence, title: Licence, value: 50000, start: 2025-01-01, end: 2027-06-30, notice_months: 3}
  - {id: k-old, title: Old maintenance, start: 2020-01-01, end: 2025-12-31}
  - {id: k-auto, title: Hosting, end: 2028-12-31, auto_renew: true}
whitespace:
  - {unit: u-retail, offering: core, status: competitor, competitor: globex, potential: 500000}
  - {unit: u-retail, offering: pay, status: open, potential: 120000, notes: Cards first}
  - {unit: u-corp, offering: core, status: open, potential: 300000}
opportunities:
  - {id: o-renew, title: Support renewal, stage: negotiate, value: 120000, close: 2026-Q4, type: renewal, renews: k-support, forecast: commit, owner: anna.petrova}
  - {id: o-pay, title: Payments hub, stage: propose, value: 80000, close: 2026-Q4, type: cross-sell, unit: u-retail, offering: pay, competitors: [globex, initrode], opened: 2026-05-04, must_win: true, decision_leader: c.ceo, sponsor: c.ceo}
  - {id: o-won, title: Corporate core, stage: won, value: 250000, close: 2026-Q4, unit: u-corp, offering: core, sole_source: true}
  - {id: o-lost, title: Data lake, stage: lost, value: 60000, close: 2026-Q3, lost_to: initrode, lost_reason: price}
  - {id: o-later, title: Analytics, stage: qualify, value: 40000, close: 2027-Q2, forecast: omitted}
goals:
  - {id: g-pay, text: Win payments, quarter: 2026-Q4, owner: anna.petrova, measure: signed order}
  - {id: g-board, text: Meet the board, status: achieved}
actions:
  - {id: a-1, text: Demo, owner: anna.petrova, due: 2026-12-01, goal: g-pay}
  - {id: a-2, text: Proposal, owner: anna.petrova, due: 2026-10-01, status: done, goal: g-pay}
  - {id: a-3, text: Old idea, owner: anna.petrova, status: dropped, goal: g-pay}
revenue:
  - {quarter: 2026-Q4, target: 500000, actual: 90000}
---
# Acme
PLAN
	mkdir -p accounts/acme/meetings
	cat > accounts/acme/meetings/2026-11-02-payments.md <<'NOTE'
---
kind: meeting
title: Payments workshop
date: 2026-11-02
attendees: [c.ceo, anna.petrova]
actions:
  - {id: a-n1, text: Send pricing, owner: anna.petrova, due: 2026-11-30, goal: g-pay}
  - {id: a-n2, text: Book demo room, owner: anna.petrova, status: done, goal: g-pay}
  - {id: a-n3, text: Board invite, owner: anna.petrova, status: done, goal: g-board}
---
# Notes
NOTE
	cat > accounts/initech.md <<'PLAN'
---
id: initech
name: Initech
type: customer
owner: ivan.sidorov
currency: USD
reviewed: 2026-11-01
competitors:
  - {competitor: globex, position: challenger}
opportunities:
  - {id: o-1, title: Reporting, stage: qualify, value: 90000, close: 2026-Q4, competitors: [globex]}
  - {id: o-2, title: Old deal, stage: lost, value: 30000, close: 2026-Q1, lost_to: globex}
---
PLAN
	run kam render -o "$WORK/site"
	assert_success
	SITE="$WORK/site"
}

# section FILE START END: the lines of FILE from the first one containing
# START through the next one containing END (fixed strings).
section() {
	awk -v s="$2" -v e="$3" 'on == 0 && index($0, s) { on = 1 } on == 1 { print; if (index($0, e)) exit }' "$1"
}

@test "render: an account page shows its units with their contacts and open deals; a contact card its unit" {
	commerce_site
	run section "$SITE/accounts/acme.html" 'id="part-1-units"' '</table>'
	assert_output "$(cat <<'HTML'
<h3 id="part-1-units">Units (buying centres)</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Units"><table class="units"><tr><th>Unit</th><th>Contacts</th><th>Open deals</th></tr>
<tr><td>Retail &lt;b onclick=x&gt;banking&lt;/b&gt;</td><td><a href="#c.ceo">Carla Chief</a></td><td><a href="#o-pay">Payments hub</a></td></tr>
<tr><td>Corporate</td><td>-</td><td>-</td></tr>
</table></div>
HTML
)"
	grep -qF '<dt>Influence</dt><dd>-</dd><dt>Unit</dt><dd>Retail &lt;b onclick=x&gt;banking&lt;/b&gt;</dd>' "$SITE/accounts/acme.html"
}

@test "render: each deal shows its forecast category and its commerce facts; a lost deal who took it and why" {
	commerce_site
	run grep -E '<th>Opportunity</th>|^<tr id="o-' "$SITE/accounts/acme.html"
	assert_output "$(cat <<'HTML'
<div class="tablebox" role="region" tabindex="0" aria-label="Opportunities"><table><tr><th>Opportunity</th><th>Stage</th><th>Value (EUR)</th><th>Close</th><th>Prob.</th><th>Forecast</th><th>Decision leader</th><th>Route</th><th>Owner</th></tr>
<tr id="o-renew"><td>Support renewal<br><small class="facts">renewal · renews <a href="#k-support">Support</a></small></td><td class="stage negotiate">negotiate</td><td class="num">120,000</td><td>2026-Q4</td><td class="num">-</td><td class="commit">commit</td><td>-</td><td>-</td><td><a href="../team/anna.petrova.html">Anna Petrova</a></td></tr>
<tr id="o-pay"><td><strong class="mustwin">must-win</strong> Payments hub<br><small class="facts">cross-sell · &lt;img src=x onerror=alert(1)&gt;Payments for Retail &lt;b onclick=x&gt;banking&lt;/b&gt; · vs <a href="../competitors.html#globex">Globex Corporation</a>, <a href="../competitors.html#initrode">Initrode &quot;Inc&quot;</a> · opened 2026-05-04</small></td><td class="stage propose">propose</td><td class="num">80,000</td><td>2026-Q4</td><td class="num">-</td><td class="best-case">best-case <small class="override">by stage</small></td><td><a href="#c.ceo">Carla Chief</a></td><td>-</td><td>-</td></tr>
<tr id="o-won"><td>Corporate core<br><small class="facts">Core banking for Corporate · sole source</small></td><td class="stage won">won</td><td class="num">250,000</td><td>2026-Q4</td><td class="num">-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
<tr id="o-lost"><td>Data lake<br><small class="facts"><span class="bad">lost to <a href="../competitors.html#initrode">Initrode &quot;Inc&quot;</a> (price)</span></small></td><td class="stage lost">lost</td><td class="num">60,000</td><td>2026-Q3</td><td class="num">-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
<tr id="o-later"><td>Analytics</td><td class="stage qualify">qualify</td><td class="num">40,000</td><td>2027-Q2</td><td class="num">-</td><td class="omitted">omitted</td><td>-</td><td>-</td><td>-</td></tr>
HTML
)"
}

@test "render: an account page lists its competitors, linked to competitors.html, notes escaped" {
	commerce_site
	run section "$SITE/accounts/acme.html" 'id="part-2-competitors"' '</table>'
	assert_output "$(cat <<'HTML'
<h3 id="part-2-competitors">Competitors</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Competitors"><table class="rivals"><tr><th>Competitor</th><th>Position</th><th>Share</th><th>Notes</th></tr>
<tr><td><a href="../competitors.html#globex">Globex Corporation</a></td><td>incumbent</td><td class="num">40%</td><td>holds the core &lt;script&gt;alert(1)&lt;/script&gt; since 2015</td></tr>
<tr><td><a href="../competitors.html#initrode">Initrode &quot;Inc&quot;</a></td><td>niche</td><td class="num">-</td><td>-</td></tr>
</table></div>
HTML
)"
}

@test "render: contracts with notice dates and who renews them; the next renewal highlighted" {
	commerce_site
	run section "$SITE/accounts/acme.html" 'id="part-2-contracts"' '</table>'
	assert_output "$(cat <<'HTML'
<h3 id="part-2-contracts">Contracts and renewals</h3>
<p class="next">Next renewal: <a href="#k-support">Support</a> ends 2026-12-31, notice by <strong>2026-09-30</strong>: renewed by <a href="#o-renew">Support renewal</a>.</p>
<div class="tablebox" role="region" tabindex="0" aria-label="Contracts"><table class="contracts"><tr><th>Contract</th><th>Value (EUR)</th><th>Start</th><th>End</th><th>Notice by</th><th>Auto-renew</th><th>Renewed by</th></tr>
<tr id="k-support" class="next"><td>Support</td><td class="num">120,000</td><td>2024-01-01</td><td>2026-12-31</td><td>2026-09-30</td><td>no</td><td><a href="#o-renew">Support renewal</a></td></tr>
<tr id="k-licence"><td>Licence</td><td class="num">50,000</td><td>2025-01-01</td><td>2027-06-30</td><td>2027-03-30</td><td>no</td><td><strong class="bad">no deal</strong></td></tr>
<tr id="k-old"><td>Old maintenance</td><td class="num">-</td><td>2020-01-01</td><td>2025-12-31</td><td>2025-12-31</td><td>no</td><td>ended</td></tr>
<tr id="k-auto"><td>Hosting</td><td class="num">-</td><td>-</td><td>2028-12-31</td><td>2028-12-31</td><td>yes</td><td>renews itself</td></tr>
</table></div>
HTML
)"
	# the same renewal kam check sees uncovered is the one marked
	run kam check
	assert_line --partial "contract 'k-licence' ends 2027-06-30 (notice by 2027-03-30) and no deal renews it"
}

@test "render: the whitespace matrix of kam whitespace: a won deal makes its cell ours, open deals in their cells" {
	commerce_site
	run section "$SITE/accounts/acme.html" 'id="part-2-whitespace"' 'class="legend"'
	assert_output "$(cat <<'HTML'
<h3 id="part-2-whitespace">Whitespace</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Whitespace"><table class="matrix"><tr><th>Unit</th><th>Core banking</th><th>&lt;img src=x onerror=alert(1)&gt;Payments</th></tr>
<tr><th>Retail &lt;b onclick=x&gt;banking&lt;/b&gt;</th><td class="competitor"><strong>competitor</strong><br><a href="../competitors.html#globex">Globex Corporation</a><br>potential 500,000</td><td class="open"><strong>open</strong><br>potential 120,000<br>open: <a href="#o-pay">Payments hub</a> 80,000<br><small>Cards first</small></td></tr>
<tr><th>Corporate</th><td class="ours"><strong>ours</strong> <small class="override">by a won deal; the plan says open</small><br>potential 300,000<br>won: <a href="#o-won">Corporate core</a> 250,000</td><td class="unassessed"><strong>not assessed</strong></td></tr>
</table></div>
<p class="legend">1 open cell, potential 120,000 EUR; 1 open deal worth 80,000 EUR; 1 cell not assessed.</p>
HTML
)"
	# the totals are kam whitespace's
	run kam whitespace acme
	assert_line --partial "1 open cell"
}

@test "render: goals with owner, measure and the actions that serve them, the meeting notes' too" {
	commerce_site
	run section "$SITE/accounts/acme.html" 'id="part-5-goals"' '</table>'
	assert_output "$(cat <<'HTML'
<h3 id="part-5-goals">Goals</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Goals"><table class="goals"><tr><th>Goal</th><th>Quarter</th><th>Status</th><th>Owner</th><th>Measure</th><th>Actions</th></tr>
<tr id="g-pay"><td>Win payments</td><td>2026-Q4</td><td>open</td><td><a href="../team/anna.petrova.html">Anna Petrova</a></td><td>signed order</td><td class="num">2 done, 2 open, 1 dropped</td></tr>
<tr id="g-board"><td>Meet the board</td><td>-</td><td>achieved</td><td>-</td><td>-</td><td class="num">1 done, 0 open</td></tr>
</table></div>
HTML
)"
}

@test "render: the portfolio shows the quarter's forecast per currency, as kam forecast counts it" {
	commerce_site
	run section "$SITE/index.html" 'id="forecast"' 'class="legend"'
	assert_output "$(cat <<'HTML'
<h2 id="forecast">Forecast 2026-Q4</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Forecast 2026-Q4"><table class="forecast"><tr><th>Currency</th><th>Won</th><th>Commit</th><th>Best case</th><th>Pipeline</th><th>Target</th><th>Gap</th><th>Coverage</th></tr>
<tr><td>EUR</td><td class="num">250,000</td><td class="num">120,000</td><td class="num">200,000</td><td class="num">200,000</td><td class="num">500,000</td><td class="num">130,000</td><td class="num">0.6x</td></tr>
<tr><td>USD</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">90,000</td><td class="num">-</td><td class="num">-</td><td class="num">-</td></tr>
</table></div>
<p class="legend">Deals closing in the quarter. Best case includes commit, pipeline includes both; gap is target - won - commit; coverage is (pipeline - commit) / gap. Currencies are never added together. By account: <code>kam forecast --by account</code>.</p>
HTML
)"
	run kam forecast
	assert_line "total                          500,000       250,000       120,000       130,000"
}

@test "render: the portfolio lists the competitors; competitors.html where each is present and what it contests" {
	commerce_site
	run section "$SITE/index.html" 'id="competitors"' '</table>'
	assert_output "$(cat <<'HTML'
<h2 id="competitors">Competitors</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Competitors"><table class="competitors"><tr><th>Competitor</th><th>Accounts</th><th>Contested pipeline</th><th>Won from</th><th>Lost to</th></tr>
<tr><td><a href="competitors.html#globex">Globex Corporation</a></td><td class="num">2</td><td class="num">80,000 EUR, 90,000 USD</td><td class="num">-</td><td class="num">30,000 USD</td></tr>
<tr><td><a href="competitors.html#initrode">Initrode &quot;Inc&quot;</a></td><td class="num">1</td><td class="num">80,000 EUR</td><td class="num">-</td><td class="num">60,000 EUR</td></tr>
</table></div>
HTML
)"
	run section "$SITE/competitors.html" '<h1>Competitors</h1>' '</main>'
	assert_output "$(cat <<'HTML'
<h1>Competitors</h1>
<section id="globex"><h2>Globex Corporation</h2>
<p>Contested open pipeline: 80,000 EUR, 90,000 USD. Won from it: -. Lost to it: 30,000 USD.</p>
<div class="tablebox" role="region" tabindex="0" aria-label="Where Globex Corporation is"><table><tr><th>Account</th><th>Position</th><th>Share</th><th>Notes</th></tr>
<tr><td><a href="accounts/acme.html">Acme Bank</a></td><td>incumbent</td><td class="num">40%</td><td>holds the core &lt;script&gt;alert(1)&lt;/script&gt; since 2015</td></tr>
<tr><td><a href="accounts/initech.html">Initech</a></td><td>challenger</td><td class="num">-</td><td>-</td></tr>
</table></div>
<h3>Open deals it contests</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Globex Corporation: Open deals it contests"><table><tr><th>Deal</th><th>Account</th><th>Stage</th><th>Value</th><th>Close</th></tr>
<tr><td><strong class="mustwin">must-win</strong> <a href="accounts/acme.html#o-pay">Payments hub</a></td><td><a href="accounts/acme.html">Acme Bank</a></td><td>propose</td><td class="num">80,000 EUR</td><td>2026-Q4</td></tr>
<tr><td><a href="accounts/initech.html#o-1">Reporting</a></td><td><a href="accounts/initech.html">Initech</a></td><td>qualify</td><td class="num">90,000 USD</td><td>2026-Q4</td></tr>
</table></div>
<h3>Lost to it</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Globex Corporation: Lost to it"><table><tr><th>Deal</th><th>Account</th><th>Stage</th><th>Value</th><th>Close</th><th>Reason</th></tr>
<tr><td><a href="accounts/initech.html#o-2">Old deal</a></td><td><a href="accounts/initech.html">Initech</a></td><td>lost</td><td class="num">30,000 USD</td><td>2026-Q1</td><td>-</td></tr>
</table></div>
</section>
<section id="initrode"><h2>Initrode &quot;Inc&quot;</h2>
<p>Contested open pipeline: 80,000 EUR. Won from it: -. Lost to it: 60,000 EUR.</p>
<div class="tablebox" role="region" tabindex="0" aria-label="Where Initrode &quot;Inc&quot; is"><table><tr><th>Account</th><th>Position</th><th>Share</th><th>Notes</th></tr>
<tr><td><a href="accounts/acme.html">Acme Bank</a></td><td>niche</td><td class="num">-</td><td>-</td></tr>
</table></div>
<h3>Open deals it contests</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Initrode &quot;Inc&quot;: Open deals it contests"><table><tr><th>Deal</th><th>Account</th><th>Stage</th><th>Value</th><th>Close</th></tr>
<tr><td><strong class="mustwin">must-win</strong> <a href="accounts/acme.html#o-pay">Payments hub</a></td><td><a href="accounts/acme.html">Acme Bank</a></td><td>propose</td><td class="num">80,000 EUR</td><td>2026-Q4</td></tr>
</table></div>
<h3>Lost to it</h3>
<div class="tablebox" role="region" tabindex="0" aria-label="Initrode &quot;Inc&quot;: Lost to it"><table><tr><th>Deal</th><th>Account</th><th>Stage</th><th>Value</th><th>Close</th><th>Reason</th></tr>
<tr><td><a href="accounts/acme.html#o-lost">Data lake</a></td><td><a href="accounts/acme.html">Acme Bank</a></td><td>lost</td><td class="num">60,000 EUR</td><td>2026-Q3</td><td>price</td></tr>
</table></div>
</section>
</main>
HTML
)"
}

@test "render: no value of a plan or of kam.yaml reaches a page as markup" {
	commerce_site
	run grep -c '<script\|<img\|<b onclick' "$SITE/index.html" "$SITE/competitors.html" "$SITE/accounts/acme.html" "$SITE/accounts/initech.html"
	assert_output "$SITE/index.html:0
$SITE/competitors.html:0
$SITE/accounts/acme.html:0
$SITE/accounts/initech.html:0"
	grep -qF '<th>Retail &lt;b onclick=x&gt;banking&lt;/b&gt;</th>' "$SITE/accounts/acme.html"
	grep -qF '<td>holds the core &lt;script&gt;alert(1)&lt;/script&gt; since 2015</td>' "$SITE/competitors.html"
}

@test "render: without competitors or offerings in kam.yaml: no competitors page, names as text, no matrix, a forecast with nothing to count says so" {
	make_repo
	cat > accounts/beta.md <<'PLAN'
---
id: beta
name: Beta
type: customer
owner: anna.petrova
reviewed: 2026-11-01
competitors:
  - {competitor: hooli, position: incumbent}
units:
  - {id: u-a, name: A}
opportunities:
  - {id: o-1, title: Deal, stage: propose, value: 10, close: 2027-Q1, competitors: [hooli]}
---
PLAN
	kam render -q -o "$WORK/site"
	[ ! -e "$WORK/site/competitors.html" ]
	run grep -c 'competitors.html' "$WORK/site/index.html" "$WORK/site/accounts/beta.html"
	assert_output "$WORK/site/index.html:0
$WORK/site/accounts/beta.html:0"
	grep -qF '<tr><td>hooli</td><td>incumbent</td><td class="num">-</td><td>-</td></tr>' "$WORK/site/accounts/beta.html"
	run section "$WORK/site/accounts/beta.html" 'id="part-2-whitespace"' '</p>'
	assert_output '<h3 id="part-2-whitespace">Whitespace</h3>
<p>No matrix: kam.yaml declares no offerings.</p>'
	run section "$WORK/site/index.html" 'id="forecast"' '</p>'
	assert_output '<h2 id="forecast">Forecast 2026-Q4</h2>
<p>No deal closes this quarter and no plan sets its target.</p>'
	# a plan with no commerce field gets none of the new sections
	run grep -c 'part-1-units\|part-2-\|part-5-goals' "$WORK/site/accounts/valid-minimal.html"
	assert_output "0"
}

@test "render: competitors.html lists what it left out: a plan kam could not read, a competitor kam.yaml does not declare" {
	commerce_site
	sed -i 's/competitors: \[globex\]}/competitors: [globex, globox]}/' accounts/initech.md
	printf -- '---\nid: broken\nname: [unclosed\n---\n' > accounts/broken.md
	run kam render -q -o "$SITE"
	assert_failure 1
	run section "$SITE/competitors.html" '<h2>Left out</h2>' '</ul>'
	assert_output "<h2>Left out</h2>
<p>Run kam check.</p>
<ul class=\"findings\">
<li class=\"warning\">accounts/broken.md could not be read (yaml-syntax at 3:7)</li>
<li class=\"warning\">accounts/initech.md:11 opportunities[0].competitors[1] 'globox': not in kam.yaml's competitors</li>
</ul>"
	grep -qF 'vs <a href="../competitors.html#globex">Globex Corporation</a>, globox</small>' "$SITE/accounts/initech.html"
}

@test "render: the commerce pages give the same bytes on every run" {
	commerce_site
	kam render -q -o "$WORK/again"
	diff -r "$SITE" "$WORK/again"
}

chromium_width() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--allow-file-access-from-files --virtual-time-budget=5000 \
		--user-data-dir="$BATS_TEST_TMPDIR/chrome" --dump-dom "file://$1" 2>/dev/null |
		grep -o '<title>[0-9]*/[0-9]*</title>'
}

@test "render: at phone width (360 px) the commerce pages are no wider than the screen" {
	commerce_site
	# long names that do not break: the matrix and the tables scroll in their own box
	sed -i 's/name: Corporate}/name: Corporateandinstitutionalbankingdivisionofthegroup}/' accounts/acme.md
	kam render -q -o "$SITE"
	cp -r "$SITE" "$WORK/probe"
	mkdir "$WORK/probe/probe"
	local failed=0
	for page in index.html competitors.html accounts/acme.html accounts/initech.html; do
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

@test "render: every class of the commerce pages is one kam.css styles (domcheck.py)" {
	commerce_site
	for page in index.html competitors.html accounts/acme.html accounts/initech.html; do
		python3 "$BATS_TEST_DIRNAME/../hostile/domcheck.py" "$SITE" "$SITE/$page" < "$SITE/$page"
	done
}

@test "render --format md: the next renewal, the competitors by name and each deal's forecast category" {
	commerce_site
	run kam render --format md acme
	assert_success
	assert_line '- **Next renewal:** Support (`k-support`) ends 2026-12-31, notice by 2026-09-30: renewed by `o-renew`'
	assert_line '- **Competitors:** Globex Corporation (incumbent, 40%), Initrode "Inc" (niche)'
	run md_deals
	assert_output '| | Opportunity | Stage | Value (EUR) | Close | Forecast | Decision leader |
|---|---|---|---:|---|---|---|
|  | Support renewal | negotiate | 120,000 | 2026-Q4 | commit |  |
| **must-win** | Payments hub | propose | 80,000 | 2026-Q4 | best-case (by stage) | c.ceo |
|  | Corporate core | won | 250,000 | 2026-Q4 | - |  |
|  | Data lake | lost | 60,000 | 2026-Q3 | - |  |
|  | Analytics | qualify | 40,000 | 2027-Q2 | omitted |  |'
	# a renewal nobody covers says so
	sed -i 's/renews: k-support, //' accounts/acme.md
	run kam render --format md acme
	assert_line '- **Next renewal:** Support (`k-support`) ends 2026-12-31, notice by 2026-09-30: **no open deal renews it**'
}

# md_deals: the table of opportunities of kam render --format md acme
md_deals() {
	kam render --format md acme | awk '/^\| \| Opportunity/ { on = 1 } on && !/^\|/ { exit } on { print }'
}

# The example's open deals (kam.yaml's today, 2026-11-20):
#   identify  o-maintenance-platform 1,800,000, o-loyalty-platform 900,000
#   validate  o-energy-pilot 350,000, o-branch-kiosks 620,000
#   qualify   o-reporting-platform 850,000, o-stock-service 540,000
#   propose   o-core-banking 2,400,000, o-reseller-agreement 400,000, o-store-licences 180,000
#   negotiate o-change-requests 170,000, o-hub-licence-renewal 390,000, o-store-rollout-pl 1,300,000
# 12 deals, 9,900,000 EUR: the plans' open pipelines 4,430,000 + 2,150,000 +
# 2,920,000 + 400,000. Revenue 2026-Q4: 210,000 + 90,000 + 30,000 of 380,000 +
# 700,000 + 80,000 (Contoso has no row).
example_site() {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	kam render -q -o "$WORK/site"
	SITE="$WORK/site"
}

TOTALS='<tr><th scope="row">EUR</th><td class="num">4</td><td class="num">12</td><td class="num">9,900,000</td><td class="num">5</td><td class="num">330,000</td><td class="num">1,160,000</td></tr>'
STAGES='<tr><th scope="row">identify</th><td class="num">2</td><td class="num">2,700,000</td><td><span class="meter"><span style="width:27%"></span></span> 27%</td></tr>
<tr><th scope="row">validate</th><td class="num">2</td><td class="num">970,000</td><td><span class="meter"><span style="width:10%"></span></span> 10%</td></tr>
<tr><th scope="row">qualify</th><td class="num">2</td><td class="num">1,390,000</td><td><span class="meter"><span style="width:14%"></span></span> 14%</td></tr>
<tr><th scope="row">propose</th><td class="num">3</td><td class="num">2,980,000</td><td><span class="meter"><span style="width:30%"></span></span> 30%</td></tr>
<tr><th scope="row">negotiate</th><td class="num">3</td><td class="num">1,860,000</td><td><span class="meter"><span style="width:19%"></span></span> 19%</td></tr>
<tr><th scope="row">total</th><td class="num">12</td><td class="num">9,900,000</td><td></td></tr>'

@test "render: the dashboard's portfolio totals and open pipeline by stage add up to the plans' open pipelines" {
	example_site
	run grep -cF "$TOTALS" "$SITE/index.html"
	assert_output "1"
	run sh -c "grep -F '<tr><th scope=\"row\">' '$SITE/index.html' | sed -n '/identify/,/total/p'"
	assert_output "$STAGES"
	run kam status
	assert_line --partial "open pipeline 9,900,000 EUR"
}

@test "render: a partner's copy of a deal its client routes through it is counted once in the totals and stages" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	# Contoso routes o-energy-pilot (validate, 350,000) through Fabrikam, which writes it too
	sed -i 's/^opportunities:$/&\n  - {id: o-energy-pilot, title: Energy pilot at Contoso, stage: validate, value: 350000, close: 2027-Q1}/' accounts/fabrikam-partners.md
	run kam status
	assert_line '  not counted again: o-energy-pilot (counted in contoso-steelworks)'
	kam render -q -o "$WORK/site"
	run grep -cF "$TOTALS" "$WORK/site/index.html"
	assert_output "1"
	run sh -c "grep -F '<tr><th scope=\"row\">' '$WORK/site/index.html' | sed -n '/identify/,/total/p'"
	assert_output "$STAGES"
	run grep -cF '<td><a href="accounts/fabrikam-partners.html">Fabrikam Solutions Partners</a></td><td>growth</td><td><a href="team/marco.rossi.html">Marco Rossi</a></td><td class="num">400,000 EUR</td>' "$WORK/site/index.html"
	assert_output "1"
}

@test "render: the dashboard forecasts the next quarter too, as kam forecast --quarter does" {
	example_site
	run section "$SITE/index.html" 'id="forecast-next"' '</table>'
	assert_output '<h2 id="forecast-next">Forecast 2027-Q1 (next quarter)</h2>
<div class="tablebox" role="region" tabindex="0" aria-label="Forecast 2027-Q1"><table class="forecast"><tr><th>Currency</th><th>Won</th><th>Commit</th><th>Best case</th><th>Pipeline</th><th>Target</th><th>Gap</th><th>Coverage</th></tr>
<tr><td>EUR</td><td class="num">0</td><td class="num">570,000</td><td class="num">3,370,000</td><td class="num">3,720,000</td><td class="num">1,020,000</td><td class="num">450,000</td><td class="num">7.0x</td></tr>
</table></div>'
	run kam forecast --quarter 2027-Q1
	assert_line "total                        1,020,000             0       570,000       450,000"
	assert_line --regexp "^total +3,370,000 +3,720,000 +"
}

@test "render: the dashboard's health bands carry a shape and a word, not only a colour" {
	example_site
	run section "$SITE/index.html" 'class="bands"' '</table>'
	assert_output '<div class="tablebox" role="region" tabindex="0" aria-label="Health distribution"><table class="bands">
<caption>Accounts by health band</caption>
<tr><th scope="col">Band</th><th scope="col">Score</th><th scope="col">Accounts</th><th scope="col">Which</th></tr>
<tr><th scope="row"><span aria-hidden="true" class="ok">●</span> good</th><td>75-100</td><td class="num">3</td><td><a href="accounts/northwind-bank.html">Northwind Bank AG</a> (93), <a href="accounts/tailspin-retail.html">Tailspin Retail Group</a> (79), <a href="accounts/fabrikam-partners.html">Fabrikam Solutions Partners</a> (83)</td></tr>
<tr><th scope="row"><span aria-hidden="true" class="warn">▲</span> watch</th><td>50-74</td><td class="num">1</td><td><a href="accounts/contoso-steelworks.html">Contoso Steelworks GmbH</a> (71)</td></tr>
<tr><th scope="row"><span aria-hidden="true" class="bad">■</span> at risk</th><td>0-49</td><td class="num">0</td><td>-</td></tr>
</table></div>'
}

@test "render: a health reason names people and deals by name, the id on hover" {
	example_site
	run grep -cF '<br><small>weakest: <span title="c.schmidt">Markus Schmidt</span> decides <span title="o-reporting-platform">Regulatory reporting platform (DORA, Basel IV)</span>, skeptic of high influence (and 3 more below advocate)</small>' "$SITE/index.html"
	assert_output "1"
	run grep -cF '<td><span title="c.schmidt">Markus Schmidt</span> decides <span title="o-reporting-platform">Regulatory reporting platform (DORA, Basel IV)</span>, skeptic of high influence (and 3 more below advocate)</td>' "$SITE/accounts/northwind-bank.html"
	assert_output "1"
}

@test "render: needs attention lists reviews and actions overdue and deciders not met, by name, linked" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	kam render -q -o "$WORK/site"
	run section "$WORK/site/index.html" 'id="attention"' '</section>'
	assert_output '<section id="attention">
<h2>Needs attention</h2>
<p>Nothing: no error, no review or action overdue, every decider met, every contract renewed.</p>
</section>'
	kam --today 2027-03-01 render -q -o "$WORK/later"
	run sh -c "grep -F 'Northwind Bank AG</a>: ' '$WORK/later/index.html'"
	assert_output '<li><a href="accounts/northwind-bank.html">Northwind Bank AG</a>: review overdue since 2027-02-12</li>
<li><a href="accounts/northwind-bank.html">Northwind Bank AG</a>: action <span title="a-ops-workshop">Run-book workshop with IT operations</span> overdue since 2026-12-04</li>
<li><a href="accounts/northwind-bank.html">Northwind Bank AG</a>: decider <span title="c.mueller">Claudia Müller</span> last met 2026-10-03</li>'
}

@test "render: needs attention names a plan's errors and a contract no deal renews; a deal of no known stage is counted apart" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	sed -i '/^    renews: k-hub-licence$/d' accounts/northwind-bank.md
	sed -i '0,/^    stage: validate$/s//    stage: bogus/' accounts/northwind-bank.md
	kam render -q -o "$WORK/site"
	run section "$WORK/site/index.html" 'id="attention"' '</section>'
	assert_output '<section id="attention">
<h2>Needs attention</h2>
<ul class="attention">
<li><a href="accounts/northwind-bank.html">Northwind Bank AG</a>: <span class="bad">1 error</span> of kam check</li>
<li><a href="accounts/northwind-bank.html">Northwind Bank AG</a>: contract Payments hub licence ends 2027-06-30 (notice by 2027-03-30) and no deal renews it</li>
</ul>
</section>'
	run grep -cF '<tr><th scope="row">no known stage</th><td class="num">1</td><td class="num">620,000</td><td><span class="meter"><span style="width:6%"></span></span> 6%</td></tr>' "$WORK/site/index.html"
	assert_output "1"
	run grep -cF '<tr><th scope="row">total</th><td class="num">12</td><td class="num">9,900,000</td><td></td></tr>' "$WORK/site/index.html"
	assert_output "1"
	# a notice date beyond renewal-uncovered's window (1 quarter here) is
	# not yet something to look at, as kam check does not warn of it
	sed -i 's/^rules:$/rules:\n  renewal-uncovered: {quarters: 1}/' kam.yaml
	run kam check accounts/northwind-bank.md
	refute_output --partial 'renewal-uncovered'
	kam render -q -o "$WORK/site"
	run section "$WORK/site/index.html" 'id="attention"' '</section>'
	refute_output --partial 'Payments hub licence'
}
