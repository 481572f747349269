#!/usr/bin/env bats
# kam export --format csv KIND (issue 17): exact tables for each kind, an
# independent CSV parser reading hostile values back, unreadable plans,
# --output and usage errors. Repositories are made here.

load helpers

bats_require_minimum_version 1.5.0

# Two customers in two currencies, one with a numeric x-crm-id and one
# without, a meeting note with an action, and every field of each kind.
export_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: Globex}
  - {id: initrode, name: Initrode}
offerings:
  - {id: pay, name: Payments}
YAML
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Bank
type: customer
owner: anna.petrova
reviewed: 2026-10-01
x-crm-id: 0012A000XyZ
routes:
  - {route: direct, share: 70}
  - {route: partner, share: 30}
units:
  - {id: u-retail, name: Retail}
contacts:
  - id: c.mueller
    name: Claudia Müller
    title: Chief Information Officer
    unit: u-retail
    roles: [sponsor, key-decision-leader]
    attitude: advocate
    influence: high
    owner: anna.petrova
    relationship: {level: 2, target: 3, by: 2027-Q1}
    email: c.mueller@acme.example
    phone: +49 89 1234
  - {id: c.weber, name: Carl Weber, reports_to: c.mueller, status: left, since: 2026-09-30, successor: c.mueller}
opportunities:
  - {id: o-core, title: Core renewal, stage: negotiate, value: 400000, close: 2026-Q4, probability: 70, forecast: commit, type: renewal, owner: anna.petrova, must_win: true, decision_leader: c.mueller, renews: k-support, competitors: [globex, initrode], opened: 2026-02-10}
  - {id: o-pay, title: Payments hub, stage: propose, value: 80000.5, close: 2027-Q1, route: partner, partner: initech, sole_source: true, offering: pay, unit: u-retail}
  - {id: o-lake, title: Data lake, stage: lost, value: 60000, close: 2026-Q3, type: new, lost_to: initrode, lost_reason: price}
revenue:
  - {quarter: 2026-Q3, target: 100000, actual: 90000}
  - {quarter: 2026-Q4, target: 120000}
contracts:
  - {id: k-support, title: Support and maintenance, value: 120000, start: 2024-01-01, end: 2026-12-31, notice_months: 3}
  - {id: k-hosting, title: Hosting, end: 2027-06-30, auto_renew: true}
goals:
  - {id: g-sponsor, text: An executive sponsor, quarter: 2026-Q4}
actions:
  - {id: a-cfo, text: Book a briefing with the CFO, owner: anna.petrova, due: 2026-10-03, contact: c.mueller, opportunity: o-core, goal: g-sponsor}
  - {id: a-old, text: Send the case study, status: done}
---
PLAN
	mkdir -p accounts/acme
	cat > accounts/acme/2026-10-01-qbr.md <<'PLAN'
---
kind: meeting
title: Quarterly review
date: 2026-10-01
attendees: [c.mueller]
actions:
  - {id: a-deck, text: Send the deck, owner: ivan.sidorov, due: 2026-10-10}
---
Notes.
PLAN
	cat > accounts/initech.md <<'PLAN'
---
id: initech
name: Initech
type: partner
owner: ivan.sidorov
currency: USD
reviewed: 2026-10-01
x-crm-id: 4711
contacts:
  - {id: p.gibbons, name: Peter Gibbons}
opportunities:
  - {id: o-1, title: Analytics, stage: qualify, value: 90000, close: 2027-Q2}
revenue:
  - {quarter: 2026-Q4, actual: 5000}
---
PLAN
}

# The expected table: lines of the here-document with CRLF line ends.
crlf() {
	sed 's/$/\r/'
}

@test "export opportunities: one row per deal, every column, both currencies" {
	export_repo
	run kam check -q
	assert_success # only warnings: the plans are valid
	kam export opportunities > out.csv
	crlf > want.csv <<'CSV'
account,x-crm-id,id,title,stage,value,currency,close,probability,forecast,type,owner,route,partner,must_win,sole_source,renews,offering,unit,competitors,lost_to,lost_reason,opened
acme,0012A000XyZ,o-core,Core renewal,negotiate,400000,EUR,2026-Q4,70,commit,renewal,anna.petrova,,,true,false,k-support,,,globex;initrode,,,2026-02-10
acme,0012A000XyZ,o-pay,Payments hub,propose,80000.5,EUR,2027-Q1,,,,,partner,initech,false,true,,pay,u-retail,,,,
acme,0012A000XyZ,o-lake,Data lake,lost,60000,EUR,2026-Q3,,,new,,,,false,false,,,,,initrode,price,
initech,4711,o-1,Analytics,qualify,90000,USD,2027-Q2,,,,,,,false,false,,,,,,,
CSV
	cmp out.csv want.csv
}

@test "export contacts: roles in the vocabulary's order, a phone number guarded, status active when not given" {
	export_repo
	kam export contacts > out.csv
	crlf > want.csv <<'CSV'
account,x-crm-id,id,name,title,unit,reports_to,roles,attitude,influence,status,since,successor,owner,level,target,by,email,phone
acme,0012A000XyZ,c.mueller,Claudia Müller,Chief Information Officer,u-retail,,key-decision-leader;sponsor,advocate,high,active,,,anna.petrova,2,3,2027-Q1,c.mueller@acme.example,'+49 89 1234
acme,0012A000XyZ,c.weber,Carl Weber,,,c.mueller,,,,left,2026-09-30,c.mueller,,,,,,
initech,4711,p.gibbons,Peter Gibbons,,,,,,,active,,,,,,,,
CSV
	cmp out.csv want.csv
}

@test "export actions: the plan's, then its meeting notes', each with its file; no status is open" {
	export_repo
	kam export actions > out.csv
	crlf > want.csv <<'CSV'
account,x-crm-id,id,text,owner,due,status,contact,opportunity,goal,file
acme,0012A000XyZ,a-cfo,Book a briefing with the CFO,anna.petrova,2026-10-03,open,c.mueller,o-core,g-sponsor,accounts/acme.md
acme,0012A000XyZ,a-old,Send the case study,,,done,,,,accounts/acme.md
acme,0012A000XyZ,a-deck,Send the deck,ivan.sidorov,2026-10-10,open,,,,accounts/acme/2026-10-01-qbr.md
CSV
	cmp out.csv want.csv
}

@test "export revenue: one row per quarter of each plan, in the plan's currency" {
	export_repo
	kam export revenue > out.csv
	crlf > want.csv <<'CSV'
account,x-crm-id,quarter,target,actual,currency
acme,0012A000XyZ,2026-Q3,100000,90000,EUR
acme,0012A000XyZ,2026-Q4,120000,,EUR
initech,4711,2026-Q4,,5000,USD
CSV
	cmp out.csv want.csv
}

@test "export contracts: notice date, auto-renewal and the deal that renews it" {
	export_repo
	run --separate-stderr kam export --format csv contracts
	assert_success
	assert_equal "$stderr" ""
	kam export contracts > out.csv
	crlf > want.csv <<'CSV'
account,x-crm-id,id,title,value,currency,start,end,notice_months,notice_date,auto_renew,renewed_by
acme,0012A000XyZ,k-support,Support and maintenance,120000,EUR,2024-01-01,2026-12-31,3,2026-09-30,false,o-core
acme,0012A000XyZ,k-hosting,Hosting,,EUR,,2027-06-30,,2027-06-30,true,
CSV
	cmp out.csv want.csv
}

@test "export contracts: a lost renewal renews nothing; the first open or won one does" {
	make_repo
	cat > accounts/valid-minimal.md <<'PLAN'
---
id: valid-minimal
name: Valid Minimal
contracts:
  - {id: k-1, title: One, end: 2027-03-31}
  - {id: k-2, title: Two, end: 2027-03-31}
opportunities:
  - {id: o-lost, title: Lost, stage: lost, value: 1, close: 2026-Q1, renews: k-1}
  - {id: o-won, title: Won, stage: won, value: 1, close: 2026-Q2, renews: k-1}
  - {id: o-open, title: Open, stage: identify, value: 1, close: 2027-Q1, renews: k-1}
  - {id: o-lost2, title: Lost too, stage: lost, value: 1, close: 2026-Q1, renews: k-2}
---
PLAN
	run kam export contracts
	assert_success
	assert_line --index 1 $'valid-minimal,,k-1,One,,EUR,,2027-03-31,,2027-03-31,false,o-won\r'
	assert_line --index 2 $'valid-minimal,,k-2,Two,,EUR,,2027-03-31,,2027-03-31,false,\r'
}

# Values that try to break a row, a field or a spreadsheet.
hostile_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme
x-crm-id: "=cmd|' /C calc'!A0"
opportunities:
  - id: o-1
    title: "Core, \"phase\" 2\nsecond line\r\nthird"
    stage: propose
    value: 1500.25
    close: 2027-Q1
    owner: anna.petrova
  - {id: o-2, title: "=HYPERLINK(\"http://evil.example\",\"click\")", stage: identify, value: 10, close: 2027-Q2}
  - {id: o-3, title: "-2+3", stage: identify, value: 20, close: 2027-Q2}
  - {id: o-4, title: "@SUM(A1:A9)", stage: identify, value: 30, close: 2027-Q2}
  - {id: o-5, title: "+1", stage: identify, value: 40, close: 2027-Q2}
  - {id: o-6, title: "\ttab", stage: identify, value: 50, close: 2027-Q2}
  - {id: o-7, title: "\rcr", stage: identify, value: 60, close: 2027-Q2}
  - {id: o-8, title: "Zürich, 東京 — “quoted”", stage: identify, value: 70, close: 2027-Q2}
  - {id: o-9, title: "'already quoted", stage: identify, value: 80, close: 2027-Q2}
  - {id: o-10, title: "escape \e[31mred\e[0m and C1 \x9b", stage: identify, value: 90, close: 2027-Q2}
---
PLAN
}

@test "export: an independent CSV parser reads every row back, hostile values whole and formulas guarded" {
	hostile_repo
	kam export opportunities > out.csv
	run /usr/bin/python3 - out.csv <<'PY'
import csv, io, re, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    data = f.read()
assert data.endswith('\r\n')
rows = list(csv.reader(io.StringIO(data, newline=''), strict=True))
assert len(rows) == 11, len(rows)
assert all(len(r) == 23 for r in rows), [len(r) for r in rows]
head = rows[0]
col = {name: i for i, name in enumerate(head)}
got = {r[col['id']]: r for r in rows[1:]}
def title(i): return got[i][col['title']]
assert title('o-1') == 'Core, "phase" 2\nsecond line\r\nthird', repr(title('o-1'))
assert title('o-2') == '\'=HYPERLINK("http://evil.example","click")'
assert title('o-3') == "'-2+3"
assert title('o-4') == "'@SUM(A1:A9)"
assert title('o-5') == "'+1"
assert title('o-6') == "'\ttab"
assert title('o-7') == "'\rcr"
assert title('o-8') == 'Zürich, 東京 — “quoted”'
assert title('o-9') == "''already quoted"
assert title('o-10') == 'escape \ufffd[31mred\ufffd[0m and C1 \ufffd', repr(title('o-10'))
# the documented way back: remove one leading quote
assert title('o-2')[1:] == '=HYPERLINK("http://evil.example","click")'
assert all(r[col['x-crm-id']] == "'=cmd|' /C calc'!A0" for r in rows[1:])
# numbers stay numbers: no quote, parse as floats
assert [float(r[col['value']]) for r in rows[1:]] == [1500.25, 10, 20, 30, 40, 50, 60, 70, 80, 90]
# every line break outside a quoted field is CRLF
outside = re.sub(r'"(?:[^"]|"")*"', '', data)
assert '\n' not in outside.replace('\r\n', ''), repr(outside)
print('ok', len(rows) - 1)
PY
	assert_success
	assert_output "ok 10"
}

@test "export: the CSV writer's exact bytes for quotes, line ends and a guarded formula" {
	hostile_repo
	kam export opportunities > out.csv
	printf 'acme,'"'"'=cmd|'"'"' /C calc'"'"'!A0,o-1,"Core, ""phase"" 2\nsecond line\r\nthird",propose,1500.25,EUR,2027-Q1,,,,anna.petrova,,,false,false,,,,,,,\r\n' > want.txt
	head -c "$(wc -c < want.txt)" <(sed -n '2,$p' out.csv) > got.txt
	cmp got.txt want.txt
}

@test "export: a plan that cannot be read is named with file:line and why; the other plans' rows are written; exit 1" {
	export_repo
	printf -- '---\nid: broken\nname: [oops\n---\n' > accounts/broken.md
	run --separate-stderr kam export revenue
	assert_failure 1
	assert_equal "$stderr" "kam: export: accounts/broken.md:3:7: could not be read (yaml-syntax: the '[' opened here is never closed): its rows are missing; run kam check"
	assert_equal "${#lines[@]}" 4
	assert_line --index 3 $'initech,4711,2026-Q4,,5000,USD\r'
}

@test "export actions: an unreadable meeting note is named; its plan's actions are still written" {
	export_repo
	printf -- '---\nkind: meeting\ntitle: "open\n---\n' > accounts/acme/2026-11-01-bad.md
	run --separate-stderr kam export actions
	assert_failure 1
	assert_output --partial $'a-deck,Send the deck'
	assert_equal "${#lines[@]}" 4
	assert_equal "$stderr" "kam: export: accounts/acme/2026-11-01-bad.md:3:8: could not be read (yaml-syntax: the quote opened here is never closed): its rows are missing; run kam check"
}

@test "export: an empty repository gives the header row alone" {
	make_repo
	rm accounts/valid-minimal.md
	run kam export revenue
	assert_success
	assert_output $'account,x-crm-id,quarter,target,actual,currency\r'
}

@test "export --output FILE writes the table whole, nothing on stdout; --bom adds the byte order mark" {
	export_repo
	run kam export -o ../rev.csv revenue
	assert_success
	assert_output ""
	kam export revenue > want.csv
	cmp ../rev.csv want.csv
	ls -a .. | grep -c kam-tmp | grep -qx 0
	kam export --bom --output=../bom.csv revenue
	assert_equal "$(head -c 3 ../bom.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
	cmp <(tail -c +4 ../bom.csv) want.csv
}

@test "export --output refuses to replace a plan, a note or kam.yaml, and changes nothing" {
	export_repo
	cp accounts/acme.md before.md
	run kam export -o accounts/acme.md contacts
	assert_failure 2
	assert_output "kam: export: 'accounts/acme.md' would replace a plan, a note or a file of the accounts folder; write the table elsewhere"
	cmp accounts/acme.md before.md
	run kam export -o kam.yaml contacts
	assert_failure 2
	assert_output "kam: export: 'kam.yaml' would replace kam.yaml; write the table elsewhere"
	run kam export -o README.md contacts
	assert_failure 2
	assert_output "kam: export: 'README.md' would replace a Markdown file; write the table elsewhere"
	run kam export -o accounts/new.csv contacts
	assert_failure 2
	run kam export -o notes.MD contacts
	assert_failure 2
	run kam export -o no/such/dir/x.csv contacts
	assert_failure 2
	assert_output "kam: export: cannot write 'no/such/dir/x.csv': its folder does not exist"
	[ ! -e accounts/new.csv ]
}

@test "export: usage errors exit 2" {
	export_repo
	run kam export
	assert_failure 2
	assert_output "kam: export: one KIND: opportunities, contacts, actions, revenue or contracts; see 'kam export --help'"
	run kam export deals
	assert_failure 2
	assert_output "kam: export: 'deals' is not a table kam exports: opportunities, contacts, actions, revenue or contracts"
	run kam export contact
	assert_failure 2
	assert_output "kam: export: 'contact' is not a table kam exports; did you mean 'contacts'?"
	run kam export --format json revenue
	assert_failure 2
	assert_output "kam: --format takes csv, not 'json'"
	run kam export --frobnicate revenue
	assert_failure 2
	assert_output "kam: export: unknown option '--frobnicate'; see 'kam export --help'"
	run kam export revenue contracts
	assert_failure 2
	run kam export --help
	assert_success
	assert_line --index 0 "usage: kam export [--format csv] [-o FILE] [--bom] KIND"
}

@test "export: outside a plans repository exits 2" {
	run kam export revenue
	assert_failure 2
	assert_output --partial "kam: export: "
}

@test "export --help lists each table's columns exactly as the header rows give them" {
	export_repo
	for kind in opportunities contacts actions revenue contracts; do
		want=$(kam export --help | awk -v k="$kind" '
			/^Columns/ { on = 1; next }
			on && $1 == k { cols = $2; more = 1; next }
			on && more && /^                 / { cols = cols $1; next }
			{ more = 0 }
			END { print cols }')
		got=$(kam export "$kind" | head -n 1 | tr -d '\r')
		assert_equal "$got" "account,x-crm-id,$want"
	done
}

@test "export --output through a link to the accounts folder or another spelling is refused too" {
	export_repo
	ln -s accounts plans
	run kam export -o plans/x.csv contacts
	assert_failure 2
	run kam export -o ./accounts/../kam.yaml contacts
	assert_failure 2
	mkdir sub
	run kam -C sub export -o ../accounts/x.csv contacts
	assert_failure 2
	[ ! -e accounts/x.csv ]
	run kam -C sub export -o ../x.csv contacts
	assert_success
	[ -f x.csv ]
}

@test "export actions: a plain Markdown note (no frontmatter) beside the plans is no unreadable document" {
	export_repo
	printf '# Background\n\nPlain notes.\n' > accounts/acme/background.md
	run --separate-stderr kam export actions
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 4
}

@test "export contracts: 2,000 contracts each renewed by one of 2,000 deals, matched by id (the speed is in make bench)" {
	make_repo
	/usr/bin/python3 - <<'PY'
n = 2000
with open('accounts/valid-minimal.md', 'w') as f:
    f.write('---\nid: valid-minimal\nname: Big\ncontracts:\n')
    f.writelines(f'  - {{id: k-{i}, title: T{i}, end: 2027-03-31}}\n' for i in range(n))
    f.write('opportunities:\n')
    f.writelines(f'  - {{id: o-{i}, title: D{i}, stage: propose, value: 1, close: 2027-Q1, renews: k-{n - 1 - i}}}\n' for i in range(n))
    f.write('---\n')
PY
	run "$KAM" export -o ../big.csv contracts
	assert_success
	assert_equal "$(wc -l < ../big.csv)" 2001
	assert_equal "$(sed -n 2p ../big.csv)" $'valid-minimal,,k-0,T0,,EUR,,2027-03-31,,2027-03-31,false,o-1999\r'
}
