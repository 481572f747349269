#!/usr/bin/env bats
# The QBR site (issue 19): the demo history renders a QBR page per quarter
# whose facts are kam diff --quarter's, an account history, the dashboard's
# links, agendas; the same bytes twice; --no-history and a repository
# without commits render as before.

load helpers

demo() {
	"$ROOT/tools/demo-history.sh" "$WORK/demo" >/dev/null 2>&1
	cd "$WORK/demo"
}

# What has a name in today's plans, for qbr_facts.py: no story sentence may
# show such an id where its name belongs.
export_names() {
	for k in opportunities contacts actions contracts; do
		kam export "$k" >"$WORK/$k.csv"
	done
	names="$WORK/opportunities.csv $WORK/contacts.csv $WORK/actions.csv $WORK/contracts.csv"
}

@test "render-qbr: each quarter's QBR page tells kam diff --quarter's facts" {
	demo
	run kam render -o "$WORK/site"
	assert_success
	export_names
	for q in 2025-Q4 2026-Q1 2026-Q2 2026-Q3 2026-Q4; do
		kam diff --quarter "$q" --format json >"$WORK/$q.json"
		# shellcheck disable=SC2086 # four files
		run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/site/quarters/$q.html" "$WORK/$q.json" $names
		assert_success
		assert_output ""
	done
	# quarters without history get no page
	run ls "$WORK/site/quarters"
	assert_output "2025-Q4.html
2026-Q1.html
2026-Q2.html
2026-Q3.html
2026-Q4.html"
}

@test "render-qbr: the facts test notices a page that differs" {
	demo
	kam render -o "$WORK/site" >/dev/null
	kam diff --quarter 2026-Q3 --format json | sed 's/"won": 1,/"won": 2,/' >"$WORK/bad.json"
	run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/site/quarters/2026-Q3.html" "$WORK/bad.json"
	assert_failure
	assert_output "won: report 2.0, page 1.0"
}

@test "render-qbr: the quarter in progress is marked with its as-of date" {
	demo
	kam render -o "$WORK/site" >/dev/null
	run grep -c 'In progress</strong>: the quarter so far, as of <time datetime="2026-11-20">2026-11-20</time>.' "$WORK/site/quarters/2026-Q4.html"
	assert_output "1"
	run grep -c 'In progress' "$WORK/site/quarters/2026-Q3.html"
	assert_output "0"
	run grep -o '<li><a href="quarters/2026-Q4.html">2026-Q4</a> (in progress, as of 2026-11-20): 4 accounts changed, 0 won, 0 lost</li>' "$WORK/site/index.html"
	assert_success
}

@test "render-qbr: the dashboard links the QBR pages newest first, with revenue against target" {
	demo
	kam render -o "$WORK/site" >/dev/null
	run sh -c "grep -o '<li><a href=\"quarters/[0-9Q-]*.html\">' '$WORK/site/index.html'"
	assert_output '<li><a href="quarters/2026-Q4.html">
<li><a href="quarters/2026-Q3.html">
<li><a href="quarters/2026-Q2.html">
<li><a href="quarters/2026-Q1.html">
<li><a href="quarters/2025-Q4.html">'
	# 2026-Q3: Northwind 402,000/360,000, Tailspin 185,000/200,000, Fabrikam 45,000/60,000
	run grep -c '<tr><th scope="row"><a href="quarters/2026-Q3.html">2026-Q3</a></th><td class="num">632,000</td><td class="num">620,000</td><td class="num">102%</td><td class="num">3</td></tr>' "$WORK/site/index.html"
	assert_output "1"
}

@test "render-qbr: an account page tells its history and this quarter's story as kam diff does" {
	demo
	kam render -o "$WORK/site" >/dev/null
	page="$WORK/site/accounts/northwind-bank.html"
	run grep -c '<h3>This quarter so far (<a href="../quarters/2026-Q4.html">2026-Q4</a>, as of 2026-11-20)</h3>' "$page"
	assert_output "1"
	run grep -c '<h3>Last quarter (<a href="../quarters/2026-Q3.html">2026-Q3</a>)</h3>' "$page"
	assert_output "1"
	run grep -c '<li data-fact="won o-support-renewal (480,000 EUR)">won <span title="o-support-renewal">Three-year support renewal for the payments hub</span> (480,000 EUR)</li>' "$page"
	assert_output "1"
	run grep -c '<tr><th scope="row"><a href="../quarters/2026-Q2.html">2026-Q2</a></th><td class="num">4,740,000</td><td class="num">0</td><td class="num">1 (150,000)</td><td class="num">350,000 / 340,000 (103%)</td><td class="num">84</td><td>changed</td></tr>' "$page"
	assert_output "1"
	# Contoso's plan was first committed in 2026-Q4: added then, none before
	page="$WORK/site/accounts/contoso-steelworks.html"
	run grep -c '<tr><th scope="row"><a href="../quarters/2026-Q4.html">2026-Q4</a> <small>(so far)</small></th><td class="num">2,150,000</td><td class="num">0</td><td class="num">0</td><td class="num">-</td><td class="num">71</td><td>added</td></tr>' "$page"
	assert_output "1"
	run grep -c '<td class="num">-</td><td class="num">0</td><td class="num">0</td><td class="num">-</td><td class="num">-</td><td>no plan yet</td></tr>' "$page"
	assert_output "4"
}

@test "render-qbr: the facts test notices an id shown where a name belongs" {
	demo
	kam render -o "$WORK/site" >/dev/null
	export_names
	kam diff --quarter 2026-Q3 --format json >"$WORK/q3.json"
	sed 's|<span title="c.schmidt">Markus Schmidt</span>|c.schmidt|' "$WORK/site/quarters/2026-Q3.html" >"$WORK/ids.html"
	# shellcheck disable=SC2086 # four files
	run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/ids.html" "$WORK/q3.json" $names
	assert_failure
	assert_output "northwind-bank: shows id c.schmidt (not 'Markus Schmidt'): c.schmidt: attitude neutral -> skeptic (cooler)"
	sed 's|<span title="c.schmidt">|<span title="c.mueller">|' "$WORK/site/quarters/2026-Q3.html" >"$WORK/other.html"
	run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/other.html" "$WORK/q3.json"
	assert_failure
	assert_output "northwind-bank: a name for c.mueller, not in 'c.schmidt: attitude neutral -> skeptic (cooler)'"
}

@test "render-qbr: story sentences show names, kam diff's words in data-fact, the id on hover and in the link" {
	demo
	kam render -o "$WORK/site" >/dev/null
	page="$WORK/site/quarters/2026-Q4.html"
	run grep -c '<li data-fact="relationship with c.mueller: level 2 -&gt; 3 (target 4)">relationship with <span title="c.mueller">Claudia Müller</span>: level 2 -&gt; 3 (target 4)</li>' "$page"
	assert_output "1"
	# a new item told with its name reads once; a team member links to their page
	run grep -c '<li data-fact="new action a-briefing-deck: Send the migration roadmap and the reference list (anna.petrova, due 2026-10-10, done)">new action <span title="a-briefing-deck">Send the migration roadmap and the reference list</span> (<a href="../team/anna.petrova.html" title="anna.petrova">Anna Petrova</a>, due 2026-10-10, done)</li>' "$page"
	assert_output "1"
	# a competitor links to its part of competitors.html; the won and lost
	# tables tell the same sentence by name
	run grep -c '<td><span title="o-esg-scoring">ESG scoring pilot for green mortgages</span></td><td>lost <span title="o-esg-scoring">ESG scoring pilot for green mortgages</span> (150,000 EUR; price, to <a href="../competitors.html#initrode" title="initrode">Initrode Analytics</a>)</td></tr>' "$WORK/site/quarters/2026-Q2.html"
	assert_output "1"
}

@test "render-qbr: the bridge is a chart with a text alternative and a table of its numbers" {
	demo
	kam render -o "$WORK/site" >/dev/null
	page="$WORK/site/quarters/2026-Q3.html"
	run grep -c '<svg class="bridge" role="img" viewBox="0 0 640 260" preserveAspectRatio="xMidYMid meet" aria-label="Pipeline bridge in EUR: start 8,060,000, new 170,000, increased 0, decreased 0, won 480,000, lost 0, end 7,750,000; of the end, 0 slipped out of the quarter">' "$page"
	assert_output "1"
	run grep -c '<tr><th scope="row">New deals</th><td>+</td><td class="num" data-fact="bridge_new" data-currency="EUR">170,000</td></tr>' "$page"
	assert_output "1"
	# names, not ids; the id on hover; the account links to its page
	run grep -c '<td><a href="../accounts/northwind-bank.html" title="northwind-bank">Northwind Bank AG</a></td><td><span title="c.schmidt">Markus Schmidt</span></td><td>attitude</td><td>neutral</td><td>skeptic</td>' "$page"
	assert_output "1"
	run grep -c '<h3>Marco Rossi</h3>' "$page"
	assert_output "1"
}

@test "render-qbr: each team member gets an agenda.ics linked from their page" {
	demo
	kam render -o "$WORK/site" >/dev/null
	kam agenda @anna.petrova --format ics --days 90 >"$WORK/anna.ics"
	cmp "$WORK/anna.ics" "$WORK/site/team/anna.petrova/agenda.ics"
	run grep -c 'href="../team/anna.petrova/agenda.ics"' "$WORK/site/team/anna.petrova.html"
	assert_output "1"
	run grep -cF "<li><a type=\"text/calendar\" href=\"team/anna.petrova/agenda.ics\">Anna Petrova's agenda (iCalendar, to subscribe)</a></li>" "$WORK/site/index.html"
	assert_output "1"
}

@test "render-qbr: the same history renders the same bytes" {
	demo
	kam render -o "$WORK/one" >/dev/null
	kam render -o "$WORK/two" >/dev/null
	run diff -r "$WORK/one" "$WORK/two"
	assert_success
	assert_output ""
}

@test "render-qbr: an uncommitted edit shows on the account page, never in the quarters, which tell the commits" {
	# the history reads the versions kam check read where HEAD has the same
	# bytes: an edited plan's HEAD version is read from git
	demo
	kam render -o "$WORK/clean" >/dev/null
	sed -i 's/^    stage: propose$/    stage: negotiate/' accounts/northwind-bank.md
	run git status --short
	assert_output " M accounts/northwind-bank.md"
	kam render -o "$WORK/edited" >/dev/null
	run diff -r "$WORK/clean/quarters" "$WORK/edited/quarters"
	assert_success
	assert_output ""
	run diff -q "$WORK/clean/accounts/northwind-bank.html" "$WORK/edited/accounts/northwind-bank.html"
	assert_failure
	export_names
	kam diff --quarter 2026-Q4 --format json >"$WORK/q4.json"
	# shellcheck disable=SC2086 # four files
	run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/edited/quarters/2026-Q4.html" "$WORK/q4.json" $names
	assert_success
	assert_output ""
}

@test "render-qbr: --no-history leaves the history out" {
	demo
	kam render -o "$WORK/site" --no-history >/dev/null
	[ ! -e "$WORK/site/quarters" ]
	run grep -c 'id="history"' "$WORK/site/accounts/northwind-bank.html"
	assert_output "0"
	run grep -c 'quarters/' "$WORK/site/index.html"
	assert_output "0"
}

@test "render-qbr: a repository without commits, or outside git, renders as before" {
	cp -r "$ROOT/example-accounts" "$WORK/plain"
	cd "$WORK/plain"
	kam render -o "$WORK/nogit" >/dev/null
	git init -q .
	kam render -o "$WORK/unborn" >/dev/null
	kam render -o "$WORK/without" --no-history >/dev/null
	[ ! -e "$WORK/unborn/quarters" ]
	run diff -r "$WORK/unborn" "$WORK/without"
	assert_success
	run diff -r "$WORK/nogit" "$WORK/without"
	assert_success
}

@test "render-qbr: the bridge adds up with values changed and a deal slipped out of the quarter" {
	demo
	sed -i '/^  - id: o-store-rollout-pl$/,/^    probability:/ s/^    close: 2026-Q4$/    close: 2027-Q1/' accounts/tailspin-retail.md
	sed -i '/^  - id: o-loyalty-platform$/,/^    probability:/ s/^    value: 900000$/    value: 800000/' accounts/tailspin-retail.md
	sed -i '/^  - id: o-reporting-platform$/,/^    probability:/ s/^    value: 850000$/    value: 1000000/' accounts/northwind-bank.md
	git add -A
	GIT_AUTHOR_DATE=2026-11-18T10:00:00Z GIT_COMMITTER_DATE=2026-11-18T10:00:00Z \
		git -c user.name="Sofia Nowak" -c user.email=s@example.com commit -qm "values and a slip"
	kam render -o "$WORK/site" >/dev/null
	kam diff --quarter 2026-Q4 --format json >"$WORK/q4.json"
	export_names
	# shellcheck disable=SC2086 # four files
	run /usr/bin/python3 "$ROOT/tests/e2e/qbr_facts.py" "$WORK/site/quarters/2026-Q4.html" "$WORK/q4.json" $names
	assert_success
	assert_output ""
	# 7,750,000 + 2,150,000 new + 150,000 increased - 100,000 decreased = 9,950,000;
	# the Polish roll-out (1,300,000) slipped out of 2026-Q4 and is still open
	run grep -o 'aria-label="Pipeline bridge[^"]*"' "$WORK/site/quarters/2026-Q4.html"
	assert_output 'aria-label="Pipeline bridge in EUR: start 7,750,000, new 2,150,000, increased 150,000, decreased 100,000, won 0, lost 0, end 9,950,000; of the end, 1,300,000 slipped out of the quarter"'
	run grep -c '<h3>Sofia Nowak</h3>' "$WORK/site/quarters/2026-Q4.html"
	assert_output "1"
}

@test "render-qbr: an account's moves by quarter are kam diff --quarter's stage, forecast and people changes" {
	demo
	kam render -o "$WORK/site" >/dev/null
	page="$WORK/site/accounts/northwind-bank.html"
	run grep -c '<tr><th scope="row"><a href="../quarters/2026-Q3.html">2026-Q3</a></th><td><span title="o-support-renewal">Three-year support renewal for the payments hub</span>: negotiate → won</td><td>-</td><td><span title="c.schmidt">Markus Schmidt</span> attitude: neutral → skeptic</td></tr>' "$page"
	assert_output "1"
	run grep -c '<td><span title="o-hub-licence-renewal">Payments hub licence renewal, July 2027 to June 2030</span>: pipeline → commit</td><td><span title="c.mueller">Claudia Müller</span> level: 2 → 3</td></tr>' "$page"
	assert_output "1"
	# every quarter's row holds exactly the report's moves, in its order
	for q in 2025-Q4 2026-Q1 2026-Q2 2026-Q3 2026-Q4; do
		kam diff --quarter "$q" --format json >"$WORK/$q.json"
		run /usr/bin/python3 - "$page" "$WORK/$q.json" "$q" <<'PY'
import html, json, re, sys
page, report, q = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), sys.argv[3]
row = re.search(r'<tr><th scope="row"><a href="../quarters/%s.html">%s</a></th>(.*?)</tr>' % (q, q),
                page.split('class="moves"')[1]).group(1)
cells = [re.findall(r'title="([^"]*)">[^<]*</span>(?: [a-z]+)?: ([^<]*) → ([^<]*)', c)
         for c in re.findall(r'<td>(.*?)</td>', row)]
want = [[], [], []]
for a in report["accounts"]:
    if a["account"] != "northwind-bank":
        continue
    for c in a["changes"]:
        coll, field = c.get("collection"), c.get("field") or ""
        k = (0 if coll == "opportunities" and field == "stage" else
             1 if coll == "opportunities" and field == "forecast" else
             2 if coll == "contacts" and (field == "attitude" or field.startswith("relationship.")) else None)
        if k is not None:
            want[k].append((c["entity"], c["old"] or "unset", c["new"] or "unset"))
got = [[tuple(html.unescape(x) for x in m) for m in c] for c in cells]
print("" if got == want else "%s: page %s, report %s" % (q, got, want))
PY
		assert_success
		assert_output ""
	done
}

@test "render-qbr: a quarter that removed every plan (git keeps no empty accounts folder) tells the plans removed" {
	git_repo
	commit_at 2026-02-10T10:00:00 first
	mv accounts "$WORK/held"
	commit_at 2026-05-10T10:00:00 "every plan removed"
	mv "$WORK/held" accounts
	commit_at 2026-08-10T10:00:00 back
	run kam diff --quarter 2026-Q2
	assert_success
	assert_line "1 account changed; 0 new opportunities; won 0, lost 0; stages 0 forward, 0 back"
	assert_line "  plan removed"
	run kam render -o "$WORK/site"
	assert_success
	assert_output "wrote the site of 1 plan to $WORK/site/index.html"
	run grep -o '<li><a href="quarters/[^<]*</a>[^<]*' "$WORK/site/index.html"
	assert_output '<li><a href="quarters/2026-Q4.html">2026-Q4</a> (in progress, as of 2026-11-20): 0 accounts changed, 0 won, 0 lost
<li><a href="quarters/2026-Q3.html">2026-Q3</a>: 1 account changed, 0 won, 0 lost
<li><a href="quarters/2026-Q2.html">2026-Q2</a>: 1 account changed, 0 won, 0 lost
<li><a href="quarters/2026-Q1.html">2026-Q1</a>: 1 account changed, 0 won, 0 lost'
}
