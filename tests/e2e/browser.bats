#!/usr/bin/env bats
# The rendered example repository in Debian's headless Chromium
# (tests/browser/site.test.mjs, playwright-core and axe-core from npm):
# the dashboard, an account page and a team page at 1400, 768 and 400 px,
# and, rendered from the demo history, a QBR page and an account's history,
# screenshots under build/screenshots/NAME-WIDTH.png, no horizontal
# overflow, and no serious or critical axe-core violation.

load helpers

BROWSER_DIR="$ROOT/tests/browser"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

browser_ready() {
	[[ -d "$BROWSER_DIR/node_modules/playwright-core" && -d "$BROWSER_DIR/node_modules/axe-core" ]] ||
		skip "no tests/browser/node_modules: run 'make browser-deps' (npm ci in tests/browser)"
	[[ -x "$CHROMIUM" ]] || skip "no $CHROMIUM: install Debian's chromium (make deps)"
	command -v node >/dev/null || skip "no node: install Debian's nodejs (make deps)"
}

@test "browser: the example site fits 1400, 768 and 400 px and axe-core finds nothing serious" {
	browser_ready
	cp -r "$ROOT/example-accounts" "$WORK/plans"
	cd "$WORK/plans"
	kam render -q -o "$WORK/site"
	mkdir -p "$ROOT/build/screenshots"
	run env CHROMIUM="$CHROMIUM" node "$BROWSER_DIR/site.test.mjs" "$WORK/site" "$ROOT/build/screenshots"
	echo "$output"
	assert_success
	assert_line "ok index.html at 400 px: scrollWidth 400 <= innerWidth 400"
	assert_line "ok accounts/northwind-bank.html at 400 px: scrollWidth 400 <= innerWidth 400"
	assert_line "ok team/anna.petrova.html at 400 px: scrollWidth 400 <= innerWidth 400"
	assert_line "ok index.html at 768 px: scrollWidth 768 <= innerWidth 768"
	assert_line "ok index.html at 1400 px: scrollWidth 1400 <= innerWidth 1400"
	assert_line "ok index.html: axe-core 0 serious or critical violations (0 in all)"
	assert_line "ok accounts/northwind-bank.html: axe-core 0 serious or critical violations (0 in all)"
	assert_line "ok team/anna.petrova.html: axe-core 0 serious or critical violations (0 in all)"
	assert_line "all checks passed"
	for page in dashboard account team; do
		for width in 1400 768 400; do
			[[ -s "$ROOT/build/screenshots/$page-$width.png" ]] || fail "no screenshot $page-$width.png"
		done
	done
}

@test "browser: the QBR pages and an account's history fit 1400, 768 and 400 px, axe-core finds nothing serious" {
	browser_ready
	"$ROOT/tools/demo-history.sh" "$WORK/demo" >/dev/null 2>&1
	cd "$WORK/demo"
	kam render -q -o "$WORK/site"
	# the pages under test do have the history
	grep -q '<section class="history" id="history">' "$WORK/site/accounts/northwind-bank.html"
	grep -q '<svg class="bridge"' "$WORK/site/quarters/2026-Q3.html"
	mkdir -p "$ROOT/build/screenshots"
	run env CHROMIUM="$CHROMIUM" node "$BROWSER_DIR/site.test.mjs" "$WORK/site" "$ROOT/build/screenshots" \
		qbr=quarters/2026-Q3.html qbr-in-progress=quarters/2026-Q4.html \
		account-history=accounts/northwind-bank.html dashboard-history=index.html
	echo "$output"
	assert_success
	for page in quarters/2026-Q3.html quarters/2026-Q4.html accounts/northwind-bank.html index.html; do
		for width in 1400 768 400; do
			assert_line "ok $page at $width px: scrollWidth $width <= innerWidth $width"
		done
		assert_line "ok $page: axe-core 0 serious or critical violations (0 in all)"
	done
	assert_line "all checks passed"
	for page in qbr qbr-in-progress account-history dashboard-history; do
		for width in 1400 768 400; do
			[[ -s "$ROOT/build/screenshots/$page-$width.png" ]] || fail "no screenshot $page-$width.png"
		done
	done
}

@test "browser: a page that scrolls sideways at 400 px fails the test" {
	browser_ready
	mkdir -p "$WORK/site"
	printf '%s\n' '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' \
		'<meta name="viewport" content="width=device-width, initial-scale=1"><title>wide</title></head>' \
		'<body><main><div style="width:900px">too wide</div></main></body></html>' > "$WORK/site/index.html"
	run env CHROMIUM="$CHROMIUM" node "$BROWSER_DIR/site.test.mjs" "$WORK/site" "$WORK/shots"
	assert_failure 1
	assert_line --partial "FAIL index.html at 400 px: scrollWidth 908 <= innerWidth 400 (div right=908)"
	[[ -s "$WORK/shots/dashboard-400.png" ]]
}
