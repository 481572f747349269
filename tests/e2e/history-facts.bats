#!/usr/bin/env bats
# The facts of an account's history on its page (issue 19, item 1): at each
# quarter's end, read from the plan version of that day, the open pipeline
# by stage, the forecast against target, the deciders' relationship levels
# against their plan and each contact's attitude.

load helpers

# Version of 2026-09-20 (2026-Q3): two deciders, one at target.
write_q3() {
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-09-15
contacts:
  - {id: c.a, name: Ann Adler, roles: [key-decision-leader], attitude: neutral, owner: anna.petrova, relationship: {level: 1, target: 3, by: 2027-Q1}}
  - {id: c.b, name: Bob Berg, roles: [approver], attitude: skeptic, owner: anna.petrova, relationship: {level: 2, target: 2, by: 2026-Q4}}
  - {id: c.c, name: Cid Cole, roles: [influencer], attitude: supporter}
opportunities:
  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2026-Q4, decision_leader: c.a}
  - {id: o-b, title: Support, stage: negotiate, value: 50000, close: 2026-Q3}
  - {id: o-c, title: Pilot, stage: qualify, value: 20000, close: 2026-Q3}
  - {id: o-d, title: Training, stage: won, value: 30000, close: 2026-Q3}
revenue:
  - {quarter: 2026-Q3, target: 60000, actual: 40000}
  - {quarter: 2026-Q4, target: 200000, actual: 10000}
---
# Acme Corp
PLAN
}

# Version of 2026-11-10 (2026-Q4): deals moved, one more decider, Cid left.
write_q4() {
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-10
contacts:
  - {id: c.a, name: Ann Adler, roles: [key-decision-leader], attitude: supporter, owner: anna.petrova, relationship: {level: 3, target: 3, by: 2027-Q1}}
  - {id: c.b, name: Bob Berg, roles: [approver], attitude: neutral, owner: anna.petrova, relationship: {level: 2, target: 2, by: 2026-Q4}}
  - {id: c.c, name: Cid Cole, roles: [influencer], attitude: supporter, status: left, since: 2026-11-01}
  - {id: c.d, name: Dana Dorn, roles: [approver], owner: anna.petrova, relationship: {level: 0, target: 2, by: 2027-Q2}}
opportunities:
  - {id: o-a, title: Platform, stage: propose, value: 100000, close: 2026-Q4, decision_leader: c.a}
  - {id: o-b, title: Support, stage: won, value: 50000, close: 2026-Q4}
  - {id: o-c, title: Pilot, stage: lost, value: 20000, close: 2026-Q3}
  - {id: o-d, title: Training, stage: won, value: 30000, close: 2026-Q3}
  - {id: o-e, title: Audit, stage: identify, value: 15000, close: 2027-Q1}
revenue:
  - {quarter: 2026-Q3, target: 60000, actual: 40000}
  - {quarter: 2026-Q4, target: 200000, actual: 10000}
---
# Acme Corp
PLAN
}

two_quarters() {
	git_repo
	write_q3
	commit_at "2026-09-20T10:00:00Z" "Q3"
	write_q4
	commit_at "2026-11-10T10:00:00Z" "Q4"
	run kam render -o "$WORK/site"
	assert_success
	page="$WORK/site/accounts/acme.html"
}

# The lines of the account page's table of class $1.
table_of() {
	sed -n "/<table class=\"$1\">/,/<\/table>/p" "$page"
}

@test "history facts: open pipeline by stage at each quarter's end, value and deals" {
	two_quarters
	run table_of stages-history
	assert_output '<div class="tablebox" role="region" tabindex="0" aria-label="Open pipeline by stage"><table class="stages-history">
<caption>Open pipeline by stage at each quarter'"'"'s end: value (deals)</caption>
<tr><th scope="col">Quarter</th><th scope="col">identify</th><th scope="col">validate</th><th scope="col">qualify</th><th scope="col">propose</th><th scope="col">negotiate</th></tr>
<tr><th scope="row"><a href="../quarters/2026-Q4.html">2026-Q4</a> <small>(so far)</small></th><td class="num">15,000 (1)</td><td class="num">0 (0)</td><td class="num">0 (0)</td><td class="num">100,000 (1)</td><td class="num">0 (0)</td></tr>
<tr><th scope="row"><a href="../quarters/2026-Q3.html">2026-Q3</a></th><td class="num">0 (0)</td><td class="num">0 (0)</td><td class="num">120,000 (2)</td><td class="num">0 (0)</td><td class="num">50,000 (1)</td></tr>
</table></div>'
}

@test "history facts: forecast against target at each quarter's end, as kam forecast sums it" {
	two_quarters
	run table_of forecast-history
	assert_line --index 3 '<tr><th scope="row"><a href="../quarters/2026-Q4.html">2026-Q4</a> <small>(so far)</small></th><td class="num">50,000</td><td class="num">0</td><td class="num">100,000</td><td class="num">100,000</td><td class="num">200,000</td><td class="num">150,000</td><td class="num">0.7x</td></tr>'
	# Q3 at its end: won o-d, commit o-b (negotiate), pipeline o-b and o-c
	assert_line --index 4 '<tr><th scope="row"><a href="../quarters/2026-Q3.html">2026-Q3</a></th><td class="num">30,000</td><td class="num">50,000</td><td class="num">50,000</td><td class="num">70,000</td><td class="num">60,000</td><td class="num">-20,000</td><td class="num"><span class="ok">met</span></td></tr>'
	# the quarter in progress agrees with kam forecast
	run kam forecast --by account --format json
	assert_output --partial '{"account": "acme", "target": 200000.00, "won": 50000.00, "commit": 0.00, "best_case": 100000.00,'
	assert_output --partial '"pipeline": 100000.00, "weighted": 60000.00, "omitted": 0.00, "renewals": 0.00,'
	assert_output --partial '"gap": 150000.00, "coverage": 0.67, "met": false, "deals": 2, "accounts": 1}'
}

@test "history facts: deciders' relationship levels against their plan, by name, per quarter" {
	two_quarters
	run table_of deciders-history
	assert_line --index 3 '<tr><th scope="row">At target</th><td>2 of 3</td><td>1 of 2</td></tr>'
	assert_line --index 4 '<tr><th scope="row"><span title="c.a">Ann Adler</span></th><td title="level: trusted; target: trusted">3 / 3 <strong class="ok">met</strong></td><td title="level: acquainted; target: trusted">1 / 3</td></tr>'
	assert_line --index 5 '<tr><th scope="row"><span title="c.b">Bob Berg</span></th><td title="level: credible; target: credible">2 / 2 <strong class="ok">met</strong></td><td title="level: credible; target: credible">2 / 2 <strong class="ok">met</strong></td></tr>'
	assert_line --index 6 '<tr><th scope="row"><span title="c.d">Dana Dorn</span></th><td title="level: not known to them; target: credible">0 / 2</td><td class="num">-</td></tr>'
	assert_line --index 7 '</table></div>'
}

@test "history facts: each contact's attitude at each quarter's end, in words" {
	two_quarters
	run table_of attitudes-history
	assert_output '<div class="tablebox" role="region" tabindex="0" aria-label="Attitudes over time"><table class="attitudes-history">
<caption>Each contact'"'"'s attitude at each quarter'"'"'s end</caption>
<tr><th scope="col">Contact</th><th scope="col"><a href="../quarters/2026-Q4.html">2026-Q4</a></th><th scope="col"><a href="../quarters/2026-Q3.html">2026-Q3</a></th></tr>
<tr><th scope="row"><span title="c.a">Ann Adler</span></th><td class="attitude supporter">supporter</td><td class="attitude neutral">neutral</td></tr>
<tr><th scope="row"><span title="c.b">Bob Berg</span></th><td class="attitude neutral">neutral</td><td class="attitude skeptic">skeptic</td></tr>
<tr><th scope="row"><span title="c.c">Cid Cole</span></th><td class="attitude supporter">supporter <small>left</small></td><td class="attitude supporter">supporter</td></tr>
<tr><th scope="row"><span title="c.d">Dana Dorn</span></th><td class="attitude">unknown</td><td class="num">-</td></tr>
</table></div>'
}

@test "history facts: none without history (--no-history)" {
	two_quarters
	run kam render --no-history -o "$WORK/plain"
	assert_success
	run grep -c 'stages-history\|forecast-history\|deciders-history\|attitudes-history' "$WORK/plain/accounts/acme.html"
	assert_output "0"
}
