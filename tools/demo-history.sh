#!/bin/sh
# Build a git history of example-accounts/ over five quarters (2025-Q4 to
# 2026-Q4), reproducibly: fixed dates, fixed authors, scripted plan edits.
# Every state is the final example with the edits made after it undone.
# Usage: tools/demo-history.sh DIR      (DIR is replaced)
# (kam itself never runs git; building a sample history with it is fine.)
set -eu
dest="$1"
src="$(cd "$(dirname "$0")/.." && pwd)/example-accounts"
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
git init -q -b main .
git config user.name "Demo"
git config user.email "demo@example.com"

nw=accounts/northwind-bank.md
ts=accounts/tailspin-retail.md
fb=accounts/fabrikam-partners.md

# undo STATE: take back, in the copy, what happened after state STATE
undo() {
	state=$1
	if [ "$state" -lt 4 ]; then # 2026-Q4: Contoso, the briefing note, reporting platform qualified, licence renewal in negotiation
		sed -i '/^  - id: o-hub-licence-renewal$/,/^    owner:/ { s/^    stage: negotiate$/    stage: qualify/; s/^    probability: 80$/    probability: 40/; s/^    forecast: commit$/    forecast: pipeline/; }' "$nw"
		sed -i 's/^\(  - {id: a-licence-offer, .*\), status: done, \(.*\)$/\1, status: open, \2/' "$nw"
		rm -f accounts/contoso-steelworks.md
		rm -rf accounts/northwind-bank
		sed -i '/^  - id: o-reporting-platform$/,/^    owner:/ { s/^    stage: qualify$/    stage: identify/; s/^    probability: 40$/    probability: 20/; }' "$nw"
		sed -i '/^  - id: c.mueller$/,/^    relationship:/ s/level: 3, target: 4/level: 2, target: 4/' "$nw"
		sed -i 's/^See the \[exec briefing notes\].*$//' "$nw"
		sed -i 's/, and into \[\[contoso-steelworks\]\] for$/, and soon into/' "$fb"
		sed -i 's/^  - {quarter: 2026-Q4, target: 80000, actual: 30000}$/  - {quarter: 2026-Q4, target: 80000}/' "$fb"
		sed -i 's/^  - {quarter: 2026-Q4, target: 700000, actual: 90000}$/  - {quarter: 2026-Q4, target: 700000}/' "$ts"
		sed -i 's/^  - {quarter: 2026-Q4, target: 380000, actual: 210000}$/  - {quarter: 2026-Q4, target: 380000}/' "$nw"
	fi
	if [ "$state" -lt 3 ]; then # 2026-Q3: renewal won (a new support contract), the CRO turns skeptic, Czechia live, change requests
		sed -i '/^  - {id: k-hub-support, /d' "$nw"
		sed -i '/^  - id: o-change-requests$/,/^    owner:/d' "$nw"
		sed -i 's/^the two change requests (\[\[#o-change-requests\]\])\. /two change requests. /' "$nw"
		sed -i '/^  - id: o-support-renewal$/,/^    owner:/ { s/^    stage: won$/    stage: negotiate/; s/^    probability: 100$/    probability: 80/; }' "$nw"
		sed -i 's/^  - {id: g-renewal, \(.*\), status: achieved}$/  - {id: g-renewal, \1, status: open}/' "$nw"
		sed -i 's/^\(  - {id: a-renewal-signature, .*\), status: done, \(.*\)$/\1, status: open, \2/' "$nw"
		sed -i '/^  - id: c.schmidt$/,/^    relationship:/ s/^    attitude: skeptic$/    attitude: neutral/' "$nw"
		sed -i 's/^  - {quarter: 2026-Q3, target: 360000, actual: 402000}$/  - {quarter: 2026-Q3, target: 360000}/' "$nw"
		sed -i 's/^  - {id: g-cz-live, \(.*\), status: achieved}$/  - {id: g-cz-live, \1, status: open}/' "$ts"
		sed -i 's/^  - {quarter: 2026-Q3, target: 200000, actual: 185000}$/  - {quarter: 2026-Q3, target: 200000}/' "$ts"
		sed -i '/^  - id: o-reseller-agreement$/,/^    owner:/ { s/^    stage: propose$/    stage: qualify/; s/^    probability: 55$/    probability: 35/; }' "$fb"
		sed -i 's/^  - {quarter: 2026-Q3, target: 60000, actual: 45000}$/  - {quarter: 2026-Q3, target: 60000}/' "$fb"
	fi
	if [ "$state" -lt 2 ]; then # 2026-Q2: ESG pilot lost, Czech roll-out won (its subscription contract)
		sed -i '/^  - id: o-esg-scoring$/,/^    owner:/ { s/^    stage: lost$/    stage: validate/; s/^    probability: 0$/    probability: 30/; /^    lost_/d; }' "$nw"
		sed -i '/^contracts:$/ { N; /k-store-platform-cz/d; }' "$ts"
		sed -i '/^  - id: o-store-rollout-cz$/,/^    owner:/ { s/^    stage: won$/    stage: negotiate/; s/^    probability: 100$/    probability: 70/; }' "$ts"
		sed -i 's/^  - {quarter: 2026-Q2, target: 340000, actual: 350000}$/  - {quarter: 2026-Q2, target: 340000}/' "$nw"
		sed -i 's/^  - {quarter: 2026-Q2, target: 420000, actual: 455000}$/  - {quarter: 2026-Q2, target: 420000}/' "$ts"
	fi
	if [ "$state" -lt 1 ]; then # 2026-Q1: the analyst joins the map
		sed -i '/^  - id: c.lange$/,/^$/d' "$nw"
		sed -i 's/^  - {quarter: 2026-Q1, target: 320000, actual: 295000}$/  - {quarter: 2026-Q1, target: 320000}/' "$nw"
		sed -i 's/^  - {quarter: 2026-Q1, target: 150000, actual: 160000}$/  - {quarter: 2026-Q1, target: 150000}/' "$ts"
	fi
}

# state N DATE AUTHOR REVIEWED MESSAGE: commit the examples as they were
state() {
	n=$1 date=$2 author=$3 reviewed=$4 message=$5
	find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
	cp -r "$src/." .
	undo "$n"
	for plan in accounts/*.md; do
		[ "$n" -lt 4 ] && sed -i "s/^reviewed: .*/reviewed: $reviewed/" "$plan"
	done
	git add -A
	GIT_AUTHOR_NAME="$author" GIT_AUTHOR_EMAIL="$(echo "$author" | tr 'A-Z ' 'a-z.')@example.com" \
		GIT_AUTHOR_DATE="$date" GIT_COMMITTER_NAME="$author" \
		GIT_COMMITTER_EMAIL="$(echo "$author" | tr 'A-Z ' 'a-z.')@example.com" \
		GIT_COMMITTER_DATE="$date" git commit -q -m "$message"
}

state 0 "2025-11-20T10:00:00+01:00" "Anna Petrova" 2025-11-20 "Account plans for Northwind and Tailspin"
state 1 "2026-02-12T09:30:00+01:00" "Anna Petrova" 2026-02-12 "Q1 review: analyst added to the Northwind map"
state 2 "2026-05-08T16:00:00+02:00" "Jonas Berger" 2026-05-08 "Q2: Czech roll-out won, ESG pilot lost"
state 3 "2026-08-20T11:15:00+02:00" "Marco Rossi" 2026-08-20 "Q3: renewal won, Fabrikam agreement proposed"
state 4 "2026-11-12T17:45:00+01:00" "Ivan Sidorov" 2026-11-12 "Q4 review: Contoso prospect, reporting platform qualified"
