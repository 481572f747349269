#!/bin/sh
# make demo: kam on example-accounts/, then on a copy in which a teammate made
# three typical mistakes. Usage: tools/demo.sh BUILD_DIR
set -eu
build="$1"
kam="$(cd "$build" && pwd)/kam"
# the example plans are dated around November 2026: show them as of then
export KAM_TODAY="${KAM_TODAY:-2026-11-20}"

echo '$ kam check example-accounts'
"$kam" check example-accounts
echo

copy="$build/demo/example-accounts"
rm -rf "$build/demo"
mkdir -p "$build/demo"
cp -r example-accounts "$copy"
sed -i '0,/    stage: qualify/s//    stage: qualifed/; 0,/    value: 850000/s//    value: 850k EUR/' \
	"$copy/accounts/northwind-bank.md"
sed -i 's/^industry: Grocery and household retail/industry: no/' "$copy/accounts/tailspin-retail.md"
echo '$ kam check   # in a copy where a stage has a typo, a value has units and an industry is "no"'
status=0
(cd "$copy" && "$kam" check) || status=$?
[ "$status" -eq 1 ] || { echo "demo: expected exit status 1, got $status" >&2; exit 1; }
echo
echo '$ kam check --format github   # the same, as GitHub Actions annotations'
(cd "$copy" && "$kam" check --format github) || true
echo
echo '$ kam status   # the portfolio'
(cd example-accounts && "$kam" status)
echo
echo '$ kam forecast   # will we make the number this quarter'
(cd example-accounts && "$kam" forecast)
echo
echo '$ kam forecast --quarter 2027-Q1 --by owner   # and next quarter, per account manager'
(cd example-accounts && "$kam" forecast --quarter 2027-Q1 --by owner)
echo
echo '$ kam competitors globex   # who we are up against at the bank'
(cd example-accounts && "$kam" competitors globex)
echo
echo '$ kam whitespace northwind-bank   # where else we could sell in the bank'
(cd example-accounts && "$kam" whitespace northwind-bank)
echo
echo '$ kam links northwind-bank#c.mueller   # who points at the CIO'
(cd example-accounts && "$kam" links northwind-bank#c.mueller)
echo
echo '$ kam brief northwind-bank   # a one-page sheet before the quarterly review'
(cd example-accounts && "$kam" brief northwind-bank)
echo
echo '$ kam brief northwind-bank#c.schmidt   # before meeting the skeptical CRO'
(cd example-accounts && "$kam" brief northwind-bank#c.schmidt)
echo
history="$build/demo/history"
tools/demo-history.sh "$history" >/dev/null
echo '$ kam diff --quarter 2026-Q3   # in a dated five-quarter history of the examples ('"$history"')'
(cd "$history" && "$kam" diff --quarter 2026-Q3)
echo
echo '$ kam log --by-quarter northwind-bank --format md | head -40'
(cd "$history" && "$kam" log --by-quarter --format md northwind-bank | head -40)
echo
echo '$ kam log -n 1 northwind-bank   # the newest commit that changed the bank plan'
(cd "$history" && "$kam" log -n 1 northwind-bank)
