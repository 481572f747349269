#!/usr/bin/env bats
# The hostile-output suite, rendered site: a repository with a payload in
# every string and number field (make_repo.py) rendered by kam and opened in
# headless Chromium (Debian's /usr/bin/chromium, installed by tools/deps.sh).
# No payload may run (the page's own title stays), no element or attribute
# of a payload may exist (domcheck.py), no file may land outside the site;
# and the neutralised text of a few is exact.

load ../e2e/helpers

chromium_dom() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$BATS_TEST_TMPDIR/chrome" --dump-dom "file://$1" 2>/dev/null
}

# render_hostile [--unsafe-html]: the hostile repository in $WORK/repo, its
# site in $WORK/out/site (out/ holds nothing else: a file beside the site
# would be one written outside it)
render_hostile() {
	python3 "$BATS_TEST_DIRNAME/make_repo.py" "$WORK/repo" "$@" >/dev/null
	mkdir -p "$WORK/out"
	cd "$WORK/repo"
	run kam render -o "$WORK/out/site"
	SITE="$WORK/out/site"
}

# every page of the site in Chromium, through domcheck.py
browse_all() {
	local pages=0 failed=0 dom
	cd "$SITE"
	for page in $(find . -name '*.html' | sort); do
		pages=$((pages + 1))
		dom=$(chromium_dom "$SITE/${page#./}")
		if [[ "$dom" != *"</html>"* ]]; then
			echo "no DOM for $page"
			failed=1
			continue
		fi
		printf '%s' "$dom" | python3 "$BATS_TEST_DIRNAME/domcheck.py" "$SITE" "$SITE/${page#./}" || failed=1
	done
	echo "$pages pages"
	[ "$failed" -eq 0 ]
	[ "$pages" -eq 8 ]
}

@test "hostile plans: every page opens in Chromium with no live payload" {
	render_hostile
	assert_failure 1 # the plan that is not UTF-8 is left out, and said so
	assert_output --partial "wrote the site of 4 plans to $WORK/out/site/index.html"
	browse_all
}

@test "hostile plans with unsafe_html: raw HTML is kept, never a live payload" {
	render_hostile --unsafe-html
	assert_failure 1
	browse_all
	# the allow-listed markup is kept, what runs is not
	grep -qF '<p>Raw HTML: document.title=&#39;PWNED&#39; <a href="">a</a> <a href="">b</a></p>' \
		"$SITE/accounts/evil.html"
	grep -qF '<h2>stolen heading</h2>' "$SITE/accounts/evil.html"
	run grep -ciE '<(script|form|button|iframe|style)|<svg>|formaction=|xlink:href=| on[a-z]+="' \
		"$SITE/accounts/evil.html"
	assert_output "0"
}

@test "hostile plans: nothing is written outside the site; a plan is paged by its file name, never by an id" {
	render_hostile
	run sh -c "cd '$WORK' && find out -maxdepth 1 | sort"
	assert_output "out
out/site"
	run sh -c "cd '$SITE' && find . -type f | sort"
	assert_output "./.kam-site
./accounts/escaped-plan.html
./accounts/evil.html
./accounts/evil/meetings/2026-10-03-kickoff.html
./accounts/nul-value.html
./accounts/partner-co.html
./index.html
./kam.css
./team/anna.petrova.html
./team/anna.petrova/agenda.ics
./team/ivan.sidorov.html
./team/ivan.sidorov/agenda.ics"
	# the plan whose id: is '../../escaped-plan' is the account of its file
	# name (as references resolve it): its page and link go by that name
	grep -qF '<a href="accounts/escaped-plan.html">Escaped</a>' "$SITE/index.html"
	run grep -c 'escaped\.html\|\.\./\.\./' "$SITE/index.html"
	assert_output "0"
	# and kam check says why, at the id
	run kam check kam.yaml accounts/escaped-plan.md
	assert_line "kam.yaml:8:10: error[schema-pattern]: team[2].id: '../../escaped' is not a valid id"
	assert_line "    hint: use lower-case letters, digits, '.' and '-', starting with a letter or digit, such as c.mueller or o-core-banking (kam render makes no page for a plan or team member whose id is not)"
}

@test "hostile plans: the neutralised values are exact (class, probability, currency, relationship, tier, share)" {
	render_hostile
	local attr='&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;PWNED&#39;&quot;&gt;'
	local script='&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;'
	local page="$SITE/accounts/evil.html"
	# a stage or attitude the schema does not know: no class of its own, the text escaped
	grep -qF "<td class=\"stage\">$attr</td>" "$page"
	grep -qF "<dt>Attitude</dt><dd><span class=\"attitude\">$attr</span></dd>" "$page"
	grep -qF '<dt>Attitude</dt><dd><span class="attitude supporter">supporter</span></dd>' "$page"
	# probability: text is no percentage (the schema's finding), never written; currency
	grep -qF '<td>2027-Q1</td><td class="num">-</td>' "$page"
	grep -qF "<th>Value ($attr)</th>" "$page"
	grep -qF "<td class=\"num\">0 $attr</td>" "$SITE/index.html"
	# relationship level and target: text is no level, shown as unknown
	grep -qF "<dt>Relationship</dt><dd>? → ? by 2027-Q1</dd>" "$page"
	# plan model v2: an influence, status or level that is no word is not shown as one;
	# ids in links are percent-encoded, names and dates escaped
	local href='#%22%3E%3Cimg%20src=x%20onerror=%22document.title=&#x27;PWNED&#x27;%22%3E'
	grep -qF "<tr><td><a href=\"$href\">$attr</a></td><td>-</td><td>-</td><td class=\"attitude\">unknown</td>" "$page"
	grep -qF "<dt>Status</dt><dd><strong class=\"gone\">left the client</strong> since $script; successor <a href=\"$href\">$attr</a></dd>" "$page"
	grep -qF "<tr><td>$attr</td><td>-</td><td>$script$attr" "$page"
	grep -qF "<text x=\"20.0\" y=\"160.0\" class=\"gone\">LEFT &lt;script&gt;document.title=&#39;P…</text>" "$page"
	grep -qF "<tr id=\"i-one\"><td>1</td><td>$script$attr" "$page"
	grep -qF "<div class=\"focus\"><h3>Our focus</h3><p>$script$attr" "$page"
	grep -qF "<p class=\"validated\">Validated with the client on 2026-10-14 with <a href=\"#c.one\">Ann $script" "$page"
	grep -qF "</a>, <a href=\"$href\">$attr</a>: <q>$script$attr" "$page"
	# tier on a team page
	grep -qF "(account manager, $attr)</li>" "$SITE/team/anna.petrova.html"
	# share: 1e300 and -1e300 are no ints: the meter is clamped, the value is the plan's text
	grep -qF '<p class="route"><span class="label">partner</span> <span class="meter"><span style="width:100%"></span></span> 1e300%</p>' "$page"
	grep -qF '<p class="route"><span class="label">direct</span> <span class="meter"><span style="width:0%"></span></span> -1e300%</p>' "$page"
	# an unknown tier is still listed, under "Untiered"
	run sed -n '/<h2>Untiered accounts<\/h2>/,/<\/table>/p' "$SITE/index.html"
	assert_output --partial '<a href="accounts/evil.html">Evil '
	# heading ids come from the Markdown tree
	grep -qF '<div class="notes" id="1-understand-the-client-">' "$page"	# no terminal control character in any page (cat or less of a page is safe)
	run sh -c "LC_ALL=C grep -rlP '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]|\\xc2[\\x80-\\x9f]' '$SITE'"
	assert_output ""
}

@test "hostile plans: javascript: in every spelling is dropped from links, raw or Markdown" {
	render_hostile --unsafe-html
	local page="$SITE/accounts/evil.html"
	run grep -o '<a href="[^"]*">\(md\|mixed\|entity\|data\|vb\|a\|b\)</a>' "$page"
	assert_output '<a href="">a</a>
<a href="">b</a>
<a href="">md</a>
<a href="">mixed</a>
<a href="">entity</a>
<a href="">data</a>
<a href="">vb</a>'
}

@test "domcheck.py sees a live payload (the check itself can fail)" {
	mkdir -p "$WORK/site/accounts"
	printf '.num{}\n' > "$WORK/site/kam.css"
	printf '<html><head><title>Acme &amp; Co</title></head></html>\n' > "$WORK/site/accounts/a.html"
	run python3 "$BATS_TEST_DIRNAME/domcheck.py" "$WORK/site" "$WORK/site/accounts/a.html" <<'DOM'
<html><head><title>PWNED</title><style>*{}</style></head><body>
<img src="x" onerror="y()"><a href=" JaVa&#x53;cript:x">a</a><a href="../../x.html">b</a>
<span class="num evil" style="color:red">c</span><script>x()</script></body></html>
DOM
	assert_failure 1
	assert_output "accounts/a.html: <style> element
accounts/a.html: <img onerror=...>: an event handler
accounts/a.html: <a href=' JaVaScript:x'>: a JaVaScript: URL
accounts/a.html: <a href='../../x.html'>: leaves the site
accounts/a.html: <span class='num evil'>: not a class of kam.css
accounts/a.html: <span style='color:red'>
accounts/a.html: <script> element
accounts/a.html: title changed: 'PWNED'"
	run python3 "$BATS_TEST_DIRNAME/domcheck.py" "$WORK/site" "$WORK/site/accounts/a.html" <<'DOM'
<html><head><title>Acme &amp; Co</title></head><body><a href="../index.html#x" class="num">ok</a></body></html>
DOM
	assert_success
	assert_output ""
}
