#!/usr/bin/env bats
# kam render: escaping, URL filtering, link rewriting, determinism, writing
# whole, the Markdown summary, and the example site in headless Chromium.

load helpers

render_fixture() {
	cp -r "$FIXTURES/render" "$WORK/plans"
	cd "$WORK/plans"
	kam render -q -o "$WORK/site"
	SITE="$WORK/site"
}

@test "the site has the portfolio, a page per account, member and note, and a stylesheet" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	run kam render -o "$WORK/site"
	assert_success
	assert_output "wrote the site of 4 plans to $WORK/site/index.html"
	run sh -c "cd '$WORK/site' && find . -type f | sort"
	assert_output "./.kam-site
./accounts/contoso-steelworks.html
./accounts/fabrikam-partners.html
./accounts/northwind-bank.html
./accounts/northwind-bank/meetings/2026-10-03-exec-briefing.html
./accounts/tailspin-retail.html
./competitors.html
./index.html
./kam.css
./team/anna.petrova.html
./team/anna.petrova/agenda.ics
./team/ivan.sidorov.html
./team/ivan.sidorov/agenda.ics
./team/jonas.berger.html
./team/jonas.berger/agenda.ics
./team/lena.hoffmann.html
./team/lena.hoffmann/agenda.ics
./team/marco.rossi.html
./team/marco.rossi/agenda.ics
./team/sofia.nowak.html
./team/sofia.nowak/agenda.ics
./team/tom.keller.html
./team/tom.keller/agenda.ics"
}

@test "every plan string is escaped, in pages and pictures" {
	render_fixture
	run grep -c "<script" "$SITE/accounts/evil.html" "$SITE/index.html"
	assert_output "$SITE/accounts/evil.html:0
$SITE/index.html:0"
	grep -qF "<title>Evil &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Corp</title>" "$SITE/accounts/evil.html"
	grep -qF '<text x="20.0" y="29.0" class="name">&lt;img src=x onerror=alert…</text>' "$SITE/accounts/evil.html"
	grep -qF "<td>Deal &lt;/td&gt;&lt;script&gt;x&lt;/script&gt;</td>" "$SITE/accounts/evil.html" ||
		grep -qF "Deal &lt;/td&gt;&lt;script&gt;x&lt;/script&gt;</td>" "$SITE/accounts/evil.html"
	grep -qF "<h1>Acme &lt;Sales&gt; &amp; Co portfolio</h1>" "$SITE/index.html"
	grep -qF 'Ivan &quot;the architect&quot; Sidorov' "$SITE/index.html"
}

@test "raw HTML in bodies is dropped, unless kam.yaml allows it" {
	render_fixture
	run sh -c "grep -o '<!-- raw HTML omitted -->' '$SITE/accounts/evil.html' | wc -l"
	assert_output "3"
	printf 'render: {unsafe_html: true}\n' >> kam.yaml
	kam render -q -o "$SITE"
	grep -qF "<b>bold</b>" "$SITE/accounts/evil.html"
}

@test "kam check warns, at its line in kam.yaml, when a repository turns unsafe_html on" {
	render_fixture
	run kam check
	refute_output --partial "unsafe"
	printf 'render:\n  unsafe_html: true\n' >> kam.yaml
	local line
	line=$(grep -n 'unsafe_html' kam.yaml | cut -d: -f1)
	run kam check
	assert_line "kam.yaml:$line:16: warning[unsafe-html]: render: 'unsafe_html' is on: raw HTML of plans and notes reaches the rendered pages"
	assert_line "    hint: remove it unless every author of the plans is trusted; kam keeps only allow-listed tags and attributes, never scripts, event handlers or unsafe URLs"
	# a repository may turn the warning off like any rule
	printf 'rules:\n  unsafe-html: off\n' >> kam.yaml
	run kam check
	refute_output --partial "unsafe-html"
}

@test "javascript:, vbscript:, data: and file: URLs are dropped, others kept" {
	render_fixture
	run grep -o '<a href="[^"]*">\(js\|mixed\|vb\|html\|file\|web\|mail\)</a>\|<img src="[^"]*"' "$SITE/accounts/evil.html"
	assert_output '<a href="">js</a>
<a href="">mixed</a>
<a href="">vb</a>
<a href="">html</a>
<img src=""
<a href="">file</a>
<a href="https://example.com/a?b=1">web</a>
<a href="mailto:a@example.com">mail</a>'
	# also when raw HTML is allowed
	printf 'render: {unsafe_html: true}\n' >> kam.yaml
	kam render -q -o "$SITE"
	run grep -c 'href="javascript\|href="JaVaScRiPt\|src="data:' "$SITE/accounts/evil.html"
	assert_output "0"
}

@test "links between plans and [[refs]] point at the right page and anchor" {
	render_fixture
	run grep -o '<a href="[^"]*\(friend\|#c\.\|team/\)[^"]*">[^<]*</a>' "$SITE/accounts/evil.html"
	assert_line '<a href="friend.html#3-routes-to-market">their routes</a>'
	assert_line '<a href="../accounts/friend.html">Friend Partners</a>'
	assert_line '<a href="../accounts/friend.html#c.y">Yan Y</a>'
	assert_line '<a href="#c.x">&lt;img src=x onerror=alert(1)&gt;</a>'
	assert_line '<a href="../team/anna.petrova.html">Anna Petrova</a>'
	grep -qF '<code>[[#not-a-link]]</code>' "$SITE/accounts/evil.html"
	grep -qF '<div class="notes" id="3-routes-to-market">' "$SITE/accounts/friend.html"
	grep -qF '<h2 id="über-uns--more">' "$SITE/accounts/evil.html"
	grep -qF '<article class="contact" id="c.y">' "$SITE/accounts/friend.html"
	grep -qF '<tr id="o-x">' "$SITE/accounts/evil.html"
}

@test "each page lists its backlinks, by the name of the plan they come from" {
	render_fixture
	run sed -n '/<section class="backlinks">/,/<\/section>/p' "$SITE/accounts/friend.html"
	assert_output '<section class="backlinks"><h2>Backlinks (3)</h2><ul>
<li><a href="../accounts/evil.html">Evil &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Corp</a>: opportunities[0].partner</li>
<li><a href="../accounts/evil.html">Evil &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Corp</a>: in its notes</li>
<li><a href="../accounts/evil.html">Evil &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Corp</a>: in its notes → <a href="#c.y">Yan Y</a></li>
</ul></section>'
}

@test "a member's page lists the accounts they manage and the account teams they are on" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	kam render -q -o "$WORK/site"
	run sed -n '/<h2>Accounts<\/h2>/,/<\/ul>/p' "$WORK/site/team/anna.petrova.html"
	assert_output '<h2>Accounts</h2>
<ul>
<li><a href="../accounts/northwind-bank.html">Northwind Bank AG</a> (account manager, key)</li>
</ul>'
	run sed -n '/<h2>Accounts<\/h2>/,/<\/ul>/p' "$WORK/site/team/ivan.sidorov.html"
	assert_output '<h2>Accounts</h2>
<ul>
<li><a href="../accounts/contoso-steelworks.html">Contoso Steelworks GmbH</a> (account team)</li>
<li><a href="../accounts/fabrikam-partners.html">Fabrikam Solutions Partners</a> (account team)</li>
<li><a href="../accounts/northwind-bank.html">Northwind Bank AG</a> (account team)</li>
<li><a href="../accounts/tailspin-retail.html">Tailspin Retail Group</a> (account team)</li>
</ul>'
}

@test "the same plans give the same bytes" {
	render_fixture
	kam render -q -o "$WORK/again"
	run diff -r "$SITE" "$WORK/again"
	assert_success
	assert_output ""
}

@test "a site kam made is replaced whole; another folder is not, unless forced" {
	render_fixture
	echo "stale" > "$SITE/stale.html"
	kam render -q -o "$SITE"
	[ ! -e "$SITE/stale.html" ]
	mkdir "$WORK/mine" && echo "keep" > "$WORK/mine/notes.txt"
	run kam render -o "$WORK/mine"
	assert_failure 2
	assert_output "kam: render: '$WORK/mine' exists and kam did not make it; choose another -o, or --force to replace it"
	assert_equal "$(cat "$WORK/mine/notes.txt")" "keep"
	run kam render -q --force -o "$WORK/mine"
	assert_success
	[ -e "$WORK/mine/index.html" ]
	run sh -c "ls -a '$WORK' | grep -c kam-"
	assert_output "0"
}

@test "the site folder has the mode mkdir gives a folder, as its subfolders do, not mkdtemp's 0700" {
	cp -r "$FIXTURES/render" "$WORK/plans"
	cd "$WORK/plans"
	(umask 022 && kam render -q -o "$WORK/site")
	run stat -c %a "$WORK/site" "$WORK/site/accounts"
	assert_output "755
755"
	(umask 027 && kam render -q -o "$WORK/site")
	run stat -c %a "$WORK/site" "$WORK/site/accounts"
	assert_output "750
750"
	run sh -c "ls -a '$WORK/site' | grep -c kam-mode"
	assert_output "0"
}

@test "render --format md: a summary with a Mermaid map" {
	render_fixture
	run kam render --format md friend
	assert_success
	assert_output '## Friend Partners (`friend`)

- **Tier:** - · **Type:** partner · **Account manager:** ivan.sidorov
- **Open pipeline:** 0 EUR in 0 opportunities, 0 must-wins
- **Health:** 11/100 (weakest: buying-unit 0/20, no open deal to measure)
- **Next review due:** 2027-01-01

### Relationship map

```mermaid
graph TD
  n1["Yan Y<br/><br/>attitude unknown · NO OWNER"]
  n2["Zoe Z<br/><br/>attitude unknown · NO OWNER"]
  n2 --> n1
```'
	run kam render --format md nobody
	assert_failure 2
	assert_output "kam: render: 'nobody' is not an account of this repository"
}

chromium_run() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$BATS_TEST_TMPDIR/chrome" --hide-scrollbars "$@" 2>/dev/null
}

@test "the example site in headless Chromium: every internal link resolves, pictures drawn" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	kam render -q -o "$WORK/site"
	cd "$WORK/site"
	local broken=0 pages=0 links=0
	for page in $(find . -name '*.html' | sort); do
		pages=$((pages + 1))
		dom=$(chromium_run --dump-dom "file://$WORK/site/${page#./}")
		[[ "$dom" == *"</html>"* ]] || { echo "no DOM for $page"; broken=$((broken + 1)); }
		dir=$(dirname "$page")
		for href in $(printf '%s' "$dom" | grep -o 'href="[^"]*"' | sed 's/^href="//; s/"$//'); do
			case "$href" in http*|mailto:*) continue ;; esac
			links=$((links + 1))
			file=${href%%#*}
			anchor=${href#*#}
			[ "$anchor" = "$href" ] && anchor=""
			target="$dir/$file"
			[ -z "$file" ] && target="$page"
			if [ ! -f "$target" ]; then echo "$page: $href: no file"; broken=$((broken + 1)); continue; fi
			if [ -n "$anchor" ] && ! grep -qF "id=\"$anchor\"" "$target"; then
				echo "$page: $href: no anchor"; broken=$((broken + 1))
			fi
		done
	done
	echo "$pages pages, $links internal links"
	[ "$broken" -eq 0 ]
	[ "$pages" -eq 14 ] # competitors.html: the example declares competitors
	dom=$(chromium_run --dump-dom "file://$WORK/site/accounts/northwind-bank.html")
	[ "$(printf '%s' "$dom" | grep -c '<svg class="map cols[1-5]"')" -eq 1 ]
	[ "$(printf '%s' "$dom" | grep -c '<svg class="chart"')" -eq 3 ]
	mkdir -p "$ROOT/build/screenshots"
	chromium_run --window-size=1280,1000 --screenshot="$ROOT/build/screenshots/index.png" \
		"file://$WORK/site/index.html"
	chromium_run --window-size=1280,2600 --screenshot="$ROOT/build/screenshots/northwind-bank.png" \
		"file://$WORK/site/accounts/northwind-bank.html"
	[ -s "$ROOT/build/screenshots/index.png" ]
	[ -s "$ROOT/build/screenshots/northwind-bank.png" ]
}

@test "an absolute accounts: path is refused before anything is read (it read past a buffer)" {
	mkdir -p "$WORK/abs/accounts/acme/meetings"
	cd "$WORK/abs"
	printf 'kam: 1\naccounts: %s/abs/accounts\nteam:\n  - {id: anna.petrova, name: Anna}\n' "$WORK" > kam.yaml
	printf -- '---\nid: acme\nname: Acme\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\n---\n# Acme\n' \
		> accounts/acme.md
	printf -- '---\nkind: meeting\ntitle: Kick-off\ndate: 2026-10-03\n---\n# Notes\n' > accounts/acme/meetings/n.md
	run kam render -q -o "$WORK/site"
	assert_failure 2
	assert_output "kam: render: kam.yaml:2:11: accounts '$WORK/abs/accounts' is an absolute path: write it relative to the repository"
	[ ! -e "$WORK/site" ]
}

@test "heading ids come from the Markdown tree: a raw <h2> takes no heading's id" {
	render_fixture
	printf 'render: {unsafe_html: true}\n' >> kam.yaml
	printf '\n<h2 id="x" onclick="y()">raw</h2>\n\n## Next one\n\n<h2>raw again</h2>\n\n## Next one\n' \
		>> accounts/friend.md
	kam render -q -o "$SITE"
	run grep -o '<h2[^>]*>[^<]*</h2>' "$SITE/accounts/friend.html"
	assert_line '<h2>raw</h2>'
	assert_line '<h2 id="next-one">Next one</h2>'
	assert_line '<h2>raw again</h2>'
	assert_line '<h2 id="next-one-1">Next one</h2>'
}

# A plan as kam new writes it, with a line of notes in the lead, part 2 and
# a section of its own.
new_plan_site() {
	kam init -q
	kam new acme --name "Acme Bank" >/dev/null
	sed -i 's/^# Acme Bank$/# Acme Bank\n\nOur oldest client./; s/^## 2\. Opportunities$/## 2. Opportunities\n\nThe payments deal is the one that matters./' accounts/acme.md
	printf '\n## Notes\n\n# A stray title\n\nKept.\n' >> accounts/acme.md
	kam render -q -o "$WORK/site"
	SITE="$WORK/site"
}

@test "render: a plan made by kam new reads once: one H1, each part's heading once, the notes in their part" {
	new_plan_site
	run grep -o '<h[12][^>]*>[^<]*' "$SITE/accounts/acme.html"
	assert_output '<h1>Acme Bank
<h2>Health 11
<h2 id="part-1">1. Understand the client
<h2 id="part-2">2. Opportunities
<h2 id="part-3">3. Routes to market
<h2 id="part-4">4. Relationships
<h2 id="part-5">5. Goals, risks, actions and revenue
<h2 id="part-meetings">Meetings (0)
<h2 id="notes">Notes
<h2 id="a-stray-title">A stray title'
	# the lead under the header; part 2's notes at the end of part 2, under the heading's anchor
	run sed -n '/<\/header>/,/<\/section>/p' "$SITE/accounts/acme.html"
	assert_output '<p>Reviewed 2026-11-20 · next review due <strong class="ok">2027-02-20</strong></p></header>
<section class="body">
<p>Our oldest client.</p>
</section>'
	run sed -n '/<div class="notes" id="2-opportunities">/,/<\/section>/p' "$SITE/accounts/acme.html"
	assert_output '<div class="notes" id="2-opportunities">
<p>The payments deal is the one that matters.</p>
</div>
</section>'
	# the empty parts of the template add nothing
	run grep -c 'class="notes"' "$SITE/accounts/acme.html"
	assert_output "1"
}

# A plan with the given contacts lines (YAML flow maps) and no body.
contacts_plan() {
	kam init -q
	kam new acme --name "Acme Bank" >/dev/null
	local contacts="$1"
	sed -i "s/^contacts: \[\]$/contacts:\n$contacts/" accounts/acme.md
	kam render -q -o "$WORK/site"
	SITE="$WORK/site"
}

@test "render: the relationship map takes its container's width, a level of 7 wraps into rows of 5" {
	local c="" i
	for i in 1 2 3 4 5 6 7; do
		c="$c  - {id: c.p$i, name: Person $i, title: Head $i, roles: [influencer], attitude: neutral}\\n"
	done
	contacts_plan "${c%\\n}"
	run grep -o '<svg class="map[^>]*>' "$SITE/accounts/acme.html"
	assert_output '<svg class="map cols5" viewBox="0 0 976 210" width="100%" role="group" aria-label="relationship map: the contacts by whom they report to, each linked to their card below" xmlns="http://www.w3.org/2000/svg">'
	# five in the first row, two centred in the second
	run grep -o '<a href="#c.p[0-9]"><rect x="[0-9.]*" y="[0-9.]*"' "$SITE/accounts/acme.html"
	assert_output '<a href="#c.p1"><rect x="12.0" y="12.0"
<a href="#c.p2"><rect x="206.0" y="12.0"
<a href="#c.p3"><rect x="400.0" y="12.0"
<a href="#c.p4"><rect x="594.0" y="12.0"
<a href="#c.p5"><rect x="788.0" y="12.0"
<a href="#c.p6"><rect x="303.0" y="128.0"
<a href="#c.p7"><rect x="497.0" y="128.0"'
	grep -qF 'svg.map,.charts svg{display:block;width:100%;max-width:100%;height:auto}' "$SITE/kam.css"
	grep -qF 'svg.cols5{max-width:976px}' "$SITE/kam.css"
}

@test "render: a map of two contacts keeps its tree and is capped at two boxes wide; the owner by name" {
	contacts_plan '  - {id: c.boss, name: Bea Boss, title: CEO, roles: [key-decision-leader], attitude: supporter, owner: account.manager}\n  - {id: c.mate, name: Max Mate, title: CFO, roles: [approver], attitude: neutral, reports_to: c.boss}'
	run grep -o '<svg class="map[^>]*>' "$SITE/accounts/acme.html"
	assert_output '<svg class="map cols1" viewBox="0 0 200 210" width="100%" role="group" aria-label="relationship map: the contacts by whom they report to, each linked to their card below" xmlns="http://www.w3.org/2000/svg">'
	run grep -o '<text[^>]*class="ownedby">[^<]*</text>' "$SITE/accounts/acme.html"
	assert_output '<text x="20.0" y="75.0" class="ownedby">Account Manager</text>'
}

@test "render: a chart's text alternative carries its numbers" {
	cp -r "$ROOT/example-accounts" "$WORK/ex"
	cd "$WORK/ex"
	kam render -q -o "$WORK/site"
	run grep -o '<svg class="chart"[^>]*aria-label="Revenue[^"]*"' "$WORK/site/accounts/northwind-bank.html"
	assert_output '<svg class="chart" viewBox="0 0 620 186" width="100%" role="img" aria-label="Revenue per quarter: actual (bar) against target (outline): 2025-Q4 310,000 of target 300,000 EUR; 2026-Q1 295,000 of target 320,000 EUR; 2026-Q2 350,000 of target 340,000 EUR; 2026-Q3 402,000 of target 360,000 EUR; 2026-Q4 210,000 of target 380,000 EUR; 2027-Q1 0 of target 900,000 EUR"'
}
