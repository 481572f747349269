#!/usr/bin/env bats
# kam agenda (issue 17): what comes due across the plans, in text, Markdown
# and iCalendar (checked by an independent parser, Debian's python3-icalendar).
# Small repositories made here; today is 2026-11-20 (helpers.bash).

load helpers
bats_require_minimum_version 1.5.0

ICS_PYTHON=/usr/bin/python3

# Two accounts and a meeting note: every kind of item, overdue and due,
# owned by the item's owner or the account's.
agenda_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat > accounts/acme.md <<'PLAN'
---
id: acme
name: Acme Bank
type: customer
owner: anna.petrova
reviewed: 2026-09-01
contacts:
  - id: c.mueller
    name: Claudia Müller
    owner: ivan.sidorov
    relationship:
      level: 1
      target: 3
      by: 2026-Q4
      steps:
        - {quarter: 2026-Q3, level: 1, how: reached already}
        - {quarter: 2026-Q4, level: 2, how: "Lunch, with the CFO; then a workshop"}
        - {quarter: 2027-Q1, level: 3}
  - {id: c.gone, name: Gone Person, status: left, relationship: {level: 0, target: 2, by: 2026-Q4}}
contracts:
  - {id: k-msa, title: Master services, start: 2024-01-01, end: 2027-03-31, notice_months: 3}
  - {id: k-old, title: Old support, start: 2023-01-01, end: 2027-01-31, notice_months: 3}
  - {id: k-auto, title: Hosting, start: 2023-01-01, end: 2027-01-31, notice_months: 3, auto_renew: true}
  - {id: k-ended, title: Ended, start: 2023-01-01, end: 2026-06-30}
opportunities:
  - {id: o-core, title: Core renewal, stage: negotiate, value: 400000, close: 2026-Q4, renews: k-msa}
  - {id: o-late, title: Late deal, stage: propose, value: 1500.5, close: 2026-Q3, owner: ivan.sidorov}
  - {id: o-won, title: Won deal, stage: won, value: 10, close: 2026-Q4}
  - {id: o-next, title: Next year, stage: identify, value: 10, close: 2027-Q2}
goals:
  - {id: g-1, text: Win the core renewal, quarter: 2026-Q4, owner: ivan.sidorov, measure: signed contract}
  - {id: g-old, text: An old goal left open, quarter: 2026-Q2}
  - {id: g-done, text: Reached, quarter: 2026-Q4, status: achieved}
actions:
  - {id: a-1, text: "Send the proposal, priced; with options", owner: anna.petrova, due: 2026-11-01}
  - {id: a-2, text: Call the CFO, owner: ivan.sidorov, due: 2026-11-25}
  - {id: a-3, text: Far away, owner: ivan.sidorov, due: 2027-06-01}
  - {id: a-4, text: Done one, owner: ivan.sidorov, due: 2026-11-22, status: done}
  - {id: a-5, text: Today, owner: anna.petrova, due: 2026-11-20}
---
PLAN
	mkdir -p accounts/acme
	cat > accounts/acme/2026-11-18-steering.md <<'NOTE'
---
kind: meeting
title: Steering
date: 2026-11-18
attendees: [c.mueller, anna.petrova]
actions:
  - {id: a-plan, text: Draft the migration plan, owner: ivan.sidorov, due: 2026-12-01}
---
# Steering
NOTE
	printf '# Notes without frontmatter, as kam check takes them\n' >accounts/acme/notes.md
	cat > accounts/initech.md <<'PLAN'
---
id: initech
name: Initech
type: customer
owner: ivan.sidorov
reviewed: 2026-06-10
actions:
  - {id: a-x, text: Book the workshop, due: 2026-12-20}
  - {id: a-y, text: One day too late, due: 2026-12-21}
---
PLAN
}

# Parse stdin as an iCalendar with python3-icalendar, then print one line
# per event: UID, DTSTART, SUMMARY and DESCRIPTION (repr, so line breaks show).
ics_events() {
	"$ICS_PYTHON" -c '
import sys, icalendar
data = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(data)
assert cal["VERSION"] == "2.0" and cal["PRODID"], "VERSION and PRODID"
for e in cal.walk("VEVENT"):
    assert e["DTSTAMP"] and e["DTEND"], "DTSTAMP and DTEND"
    print(e["UID"], e["DTSTART"].dt.isoformat(), repr(str(e["SUMMARY"])), repr(str(e["DESCRIPTION"])))
'
}

# Every physical line ends with CR LF and holds at most 75 octets, and no
# line is cut inside a UTF-8 sequence (each line decodes on its own).
ics_lines_ok() {
	"$ICS_PYTHON" -c '
import sys
data = sys.stdin.buffer.read()
assert data.endswith(b"\r\n"), "ends with CR LF"
lines = data[:-2].split(b"\r\n")
for line in lines:
    assert b"\r" not in line and b"\n" not in line, ("raw CR or LF", line)
    assert len(line) <= 75, ("longer than 75 octets", line)
    line.decode("utf-8")
print(len(lines), "lines,", sum(1 for l in lines if l.startswith(b" ")), "folded")
'
}

@test "agenda: overdue first, then what comes due in 30 days, aligned at 80 columns" {
	agenda_repo
	run kam agenda
	assert_success
	assert_output "$(cat <<'EOF'
Agenda, 30 days from 2026-11-20 to 2026-12-20: 5 overdue, 5 due

Overdue
  2026-06-30  goal    acme     An old goal left open                anna.petrova
                               goal for 2026-Q2
  2026-09-10  review  initech  the plan is due for review           ivan.sidorov
                               last reviewed 2026-06-10
  2026-09-30  close   acme     Late deal: closes in 2026-Q3         ivan.sidorov
                               stage propose, 1,500 EUR
  2026-10-31  notice  acme     Old support: notice date             anna.petrova
                               ends 2027-01-31; no deal renews it
  2026-11-01  action  acme     Send the proposal, priced; with op…  anna.petrova

Due
  2026-11-20  action  acme     Today                                anna.petrova
  2026-11-25  action  acme     Call the CFO                         ivan.sidorov
  2026-12-01  action  acme     Draft the migration plan             ivan.sidorov
  2026-12-01  review  acme     the plan is due for review           anna.petrova
                               last reviewed 2026-09-01
  2026-12-20  action  initech  Book the workshop                    ivan.sidorov
EOF
)"
	# no line is wider than 80 columns
	kam agenda --days 3660 >long.txt
	run "$ICS_PYTHON" -c 'import sys; print([l for l in open("long.txt", encoding="utf-8").read().splitlines() if len(l) > 80])'
	assert_output "[]"
	run grep -c "…" long.txt
	assert_output 2
}

@test "agenda --format md: the same items as Markdown tables, values through the Markdown writer" {
	agenda_repo
	run kam agenda --days 60 --format md
	assert_success
	assert_output "$(cat <<'EOF'
# Agenda

60 days from 2026-11-20 to 2027-01-19: 5 overdue, 11 due.

## Overdue

| Date | Kind | Account | What | Details | Owner | Where |
|---|---|---|---|---|---|---|
| 2026-06-30 | goal | acme | An old goal left open | goal for 2026-Q2 | anna.petrova | `accounts/acme.md:32` |
| 2026-09-10 | review | initech | the plan is due for review | last reviewed 2026-06-10 | ivan.sidorov | `accounts/initech.md:6` |
| 2026-09-30 | close | acme | Late deal: closes in 2026-Q3 | stage propose, 1,500 EUR | ivan.sidorov | `accounts/acme.md:27` |
| 2026-10-31 | notice | acme | Old support: notice date | ends 2027-01-31; no deal renews it | anna.petrova | `accounts/acme.md:22` |
| 2026-11-01 | action | acme | Send the proposal, priced; with options |  | anna.petrova | `accounts/acme.md:35` |

## Due

| Date | Kind | Account | What | Details | Owner | Where |
|---|---|---|---|---|---|---|
| 2026-11-20 | action | acme | Today |  | anna.petrova | `accounts/acme.md:39` |
| 2026-11-25 | action | acme | Call the CFO |  | ivan.sidorov | `accounts/acme.md:36` |
| 2026-12-01 | action | acme | Draft the migration plan |  | ivan.sidorov | `accounts/acme/2026-11-18-steering.md:7` |
| 2026-12-01 | review | acme | the plan is due for review | last reviewed 2026-09-01 | anna.petrova | `accounts/acme.md:6` |
| 2026-12-20 | action | initech | Book the workshop |  | ivan.sidorov | `accounts/initech.md:8` |
| 2026-12-21 | action | initech | One day too late |  | ivan.sidorov | `accounts/initech.md:9` |
| 2026-12-31 | notice | acme | Master services: notice date | ends 2027-03-31; renewed by o-core | anna.petrova | `accounts/acme.md:21` |
| 2026-12-31 | close | acme | Core renewal: closes in 2026-Q4 | stage negotiate, 400,000 EUR | anna.petrova | `accounts/acme.md:26` |
| 2026-12-31 | goal | acme | Win the core renewal | goal for 2026-Q4; measure: signed contract | ivan.sidorov | `accounts/acme.md:31` |
| 2026-12-31 | step | acme | Claudia Müller: level 2 (now 1) | step of 2026-Q4; how: Lunch, with the CFO; then a workshop | ivan.sidorov | `accounts/acme.md:17` |
| 2026-12-31 | target | acme | Claudia Müller: level 3 (now 1) | target by 2026-Q4 | ivan.sidorov | `accounts/acme.md:13` |
EOF
)"
}

@test "agenda @member: what falls to them, their own or as the account's owner" {
	agenda_repo
	run kam agenda @ivan.sidorov --days 45
	assert_success
	assert_output "$(cat <<'EOF'
Agenda, 45 days from 2026-11-20 to 2027-01-04 for @ivan.sidorov: 2 overdue, 7 due

Overdue
  2026-09-10  review  initech  the plan is due for review
                               last reviewed 2026-06-10
  2026-09-30  close   acme     Late deal: closes in 2026-Q3
                               stage propose, 1,500 EUR

Due
  2026-11-25  action  acme     Call the CFO
  2026-12-01  action  acme     Draft the migration plan
  2026-12-20  action  initech  Book the workshop
  2026-12-21  action  initech  One day too late
  2026-12-31  goal    acme     Win the core renewal
                               goal for 2026-Q4; measure: signed contract
  2026-12-31  step    acme     Claudia Müller: level 2 (now 1)
                               step of 2026-Q4; how: Lunch, with the CFO; then …
  2026-12-31  target  acme     Claudia Müller: level 3 (now 1)
                               target by 2026-Q4
EOF
)"
	# anna's: the account's goal with no owner, her own actions, acme's review and notices
	run kam agenda @anna.petrova --days 60 --format md
	assert_success
	assert_line --index 1 "60 days from 2026-11-20 to 2027-01-19 for \`@anna.petrova\`: 3 overdue, 4 due."
	refute_output --partial "ivan.sidorov"
}

@test "agenda --days: 0 is today only, the window's last day is in, the day after is out" {
	agenda_repo
	run kam agenda --days 0
	assert_success
	assert_line --index 0 "Agenda for today, 2026-11-20: 5 overdue, 1 due"
	assert_line "  2026-11-20  action  acme     Today                                anna.petrova"
	refute_output --partial "Call the CFO"
	run kam agenda --days 30
	assert_output --partial "Book the workshop"
	refute_output --partial "One day too late"
	run kam agenda --days 31
	assert_output --partial "One day too late"
	run kam agenda --days 3660
	assert_success
	assert_output --partial "Far away"
}

@test "agenda: a bad --days, a member not in the team or not named with @ is a usage error" {
	agenda_repo
	run kam agenda --days -1
	assert_failure 2
	assert_output "kam: --days takes a number of days from 0 to 3660, not '-1'"
	run kam agenda --days 3661
	assert_failure 2
	assert_output "kam: --days takes a number of days from 0 to 3660, not '3661'"
	run kam agenda --days 2w
	assert_failure 2
	assert_output "kam: --days takes a number of days from 0 to 3660, not '2w'"
	run kam agenda --days ""
	assert_failure 2
	run kam agenda --days
	assert_failure 2
	assert_output "kam: agenda: option '--days' needs a value"
	run kam agenda @anna.petrov
	assert_failure 2
	assert_output "kam: agenda: '@anna.petrov' is not in kam.yaml's team; did you mean '@anna.petrova'?"
	run kam agenda @nobody
	assert_failure 2
	assert_output "kam: agenda: '@nobody' is not in kam.yaml's team"
	run kam agenda anna.petrova
	assert_failure 2
	assert_output "kam: agenda: name a team member as @ID, not 'anna.petrova'; see 'kam agenda --help'"
	run kam agenda @anna.petrova @ivan.sidorov
	assert_failure 2
	assert_output "kam: agenda: one member at most; see 'kam agenda --help'"
	run kam agenda --format csv
	assert_failure 2
	assert_output "kam: --format takes text, md or ics, not 'csv'"
}

@test "agenda: a file that cannot be read is named with its line and why; the rest is listed; exit 1" {
	agenda_repo
	printf -- '---\nid: broken\nname: [unclosed\nactions:\n  - {id: a, text: Lost, due: 2026-11-21}\n---\n' >accounts/broken.md
	run --separate-stderr kam agenda
	assert_failure 1
	assert_line --index 0 "Agenda, 30 days from 2026-11-20 to 2026-12-20: 5 overdue, 5 due"
	assert_line "  2026-12-20  action  initech  Book the workshop                    ivan.sidorov"
	assert_line "Not seen (could not be read; run kam check)"
	assert_line --regexp "^  accounts/broken.md:[0-9]+:[0-9]+: yaml-syntax$"
	refute_output --partial "Lost"
	[[ "$stderr" =~ ^"kam: agenda: accounts/broken.md:"[0-9]+:[0-9]+": could not be read (yaml-syntax): its dates are left out; run kam check"$ ]]
	run --separate-stderr kam agenda --format ics
	assert_failure 1
	echo "$output" | ics_events >/dev/null
	# a meeting note too: its actions are not seen, it is named
	rm accounts/broken.md
	printf -- '---\nkind: meeting\nactions: [\n---\n' >accounts/acme/bad-note.md
	run --separate-stderr kam agenda --format md
	assert_failure 1
	assert_equal "$stderr" "kam: agenda: accounts/acme/bad-note.md:3:10: could not be read (yaml-syntax): its dates are left out; run kam check"
	assert_line "- \`accounts/acme/bad-note.md:3:10\`: yaml-syntax"
	assert_line "| 2026-12-01 | action | acme | Draft the migration plan |  | ivan.sidorov | \`accounts/acme/2026-11-18-steering.md:7\` |"
}

@test "agenda --format ics: valid iCalendar for an independent parser, one all-day event per item" {
	agenda_repo
	run --separate-stderr kam agenda --days 60 --format ics
	assert_success
	[ -z "$stderr" ]
	kam agenda --days 60 --format ics >cal.ics
	run ics_lines_ok <cal.ics
	assert_success
	run ics_events <cal.ics
	assert_success
	assert_equal "${#lines[@]}" 16
	assert_line --index 0 --regexp "^acme-goal-[0-9a-f]{16}@kam 2026-06-30 'overdue goal: An old goal left open \(acme\)' 'goal for 2026-Q2\\\\nowner: anna.petrova\\\\naccounts/acme.md:32'$"
	assert_line --index 7 --regexp "^acme-action-[0-9a-f]{16}@kam 2026-12-01 'action: Draft the migration plan \(acme\)' 'owner: ivan.sidorov\\\\naccounts/acme/2026-11-18-steering.md:7'$"
	# the raw file: CR LF, escaped TEXT, all-day dates, a fixed DTSTAMP
	assert_equal "$(grep -c $'^END:VEVENT\r$' cal.ics)" 16
	run head -c 164 cal.ics
	assert_output "$(printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kam//kam agenda//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:kam agenda: Test Systems\r\nBEGIN:VEVENT\r\nUID:acme-goal-')"
	assert_equal "$(grep -c $'^SUMMARY:overdue action: Send the proposal\\\\, priced\\\\; with options (acme)\r$' cal.ics)" 1
	assert_equal "$(grep -c $'^DTSTART;VALUE=DATE:20261201\r$' cal.ics)" 2
	assert_equal "$(grep -c $'^DTEND;VALUE=DATE:20261202\r$' cal.ics)" 2
	assert_equal "$(grep -c $'^DTSTAMP:20261120T000000Z\r$' cal.ics)" 16
	assert_equal "$(tail -c 15 cal.ics | od -c | head -1)" "$(printf 'END:VCALENDAR\r\n' | od -c | head -1)"
}

@test "agenda --format ics: hostile text is escaped, long lines are folded, no value adds a property or a component" {
	make_repo
	rm accounts/valid-minimal.md
	long=$(printf 'Überweisung prüfen %.0s' 1 2 3 4 5 6 7 8 9 10)
	cat > accounts/evil.md <<PLAN
---
id: evil
name: Evil Corp
type: customer
owner: anna.petrova
reviewed: 2026-11-01
actions:
  - id: a-evil
    text: "Pay, now; \\\\ back\r\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VEVENT\nUID:x@evil"
    owner: anna.petrova
    due: 2026-11-30
  - {id: a-long, text: "${long}", owner: anna.petrova, due: 2026-12-01}
---
PLAN
	run kam check accounts/evil.md
	assert_success
	kam agenda --format ics >cal.ics
	run ics_lines_ok <cal.ics
	assert_success
	assert_output --regexp "^[0-9]+ lines, [1-9][0-9]* folded$"
	run ics_events <cal.ics
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^evil-action-[0-9a-f]{16}@kam 2026-11-30 'action: Pay, now; \\\\\\\\ back\\\\nEND:VEVENT\\\\nEND:VCALENDAR\\\\nBEGIN:VEVENT\\\\nUID:x@evil \(evil\)' "
	assert_line --index 1 --partial "'action: ${long} (evil)'"
	# the escaped value on the wire, and the structure untouched
	assert_equal "$(grep -c '^BEGIN:VEVENT' cal.ics)" 2
	assert_equal "$(grep -c '^END:VCALENDAR' cal.ics)" 1
	assert_equal "$(grep -c '^UID:' cal.ics)" 2
	assert_equal "$(grep -c -F 'SUMMARY:action: Pay\, now\; \\ back\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VEVEN' cal.ics)" 1
}

@test "agenda --format ics: UIDs are the same run after run, after another plan is added and after items move" {
	agenda_repo
	uids() { kam agenda --days 60 --format ics | ics_events | cut -d' ' -f1-2 | sort; }
	first=$(uids)
	assert_equal "$(echo "$first" | wc -l)" 16
	assert_equal "$(echo "$first" | cut -d' ' -f1 | sort -u | wc -l)" 16
	assert_equal "$(uids)" "$first"
	# an unrelated plan with items of its own on the same days
	cat > accounts/globex.md <<'PLAN'
---
id: globex
name: Globex
type: customer
owner: anna.petrova
reviewed: 2026-09-01
actions:
  - {id: a-1, text: Send the proposal, owner: anna.petrova, due: 2026-11-01}
---
PLAN
	after=$(uids)
	assert_equal "$(echo "$after" | wc -l)" 18
	assert_equal "$(comm -23 <(echo "$first") <(echo "$after"))" ""
	# acme's actions in another order: the same UIDs
	rm accounts/globex.md
	sed -i '/id: a-5,/d' accounts/acme.md
	sed -i '/^actions:$/a\  - {id: a-5, text: Today, owner: anna.petrova, due: 2026-11-20}' accounts/acme.md
	run grep -n "id: a-5" accounts/acme.md
	assert_output --regexp "^3[0-9]:"
	assert_equal "$(uids)" "$first"
	# a goal moved to the next quarter: the same event, on its new day
	uid_goal=$(kam agenda --format ics --days 60 | ics_events | grep "Win the core renewal" | cut -d' ' -f1)
	sed -i 's/quarter: 2026-Q4, owner: ivan.sidorov/quarter: 2027-Q1, owner: ivan.sidorov/' accounts/acme.md
	run bash -c "'$KAM' agenda --format ics --days 180 | grep -c '^UID:$uid_goal'"
	assert_output 1
	run bash -c "'$KAM' agenda --format ics --days 180 | grep -A3 '^UID:$uid_goal' | grep DTSTART"
	assert_output $'DTSTART;VALUE=DATE:20270331\r'
}

@test "agenda: kam help lists it; --help tells the default window and the exit status" {
	run kam help
	assert_output --partial "  agenda "
	run kam agenda --help
	assert_success
	assert_output --partial "default 30"
	assert_output --partial "Exit status: 0 shown; 1 a file could not be read"
}

@test "render: the dashboard's Coming up is kam agenda's overdue and next 28 days, by name and linked" {
	agenda_repo
	run kam agenda --days 28
	assert_line 'Agenda, 28 days from 2026-11-20 to 2026-12-18: 5 overdue, 4 due'
	kam render -q -o site
	run sed -n '/<section id="coming-up">/,/<\/section>/p' site/index.html
	assert_output "$(cat <<'EOF2'
<section id="coming-up">
<h2>Coming up</h2>
<p>What is overdue and what comes due in the next 28 days: actions, reviews, notice dates, closes, goals and relationship targets (<code>kam agenda</code>).</p>
<div class="tablebox" role="region" tabindex="0" aria-label="Coming up"><table><tr><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Account</th><th scope="col">What</th><th scope="col">Who</th></tr>
<tr><td>2026-06-30 <strong class="overdue">overdue</strong></td><td>goal</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>An old goal left open<br><small>goal for 2026-Q2</small></td><td><a href="team/anna.petrova.html">Anna Petrova</a></td></tr>
<tr><td>2026-09-10 <strong class="overdue">overdue</strong></td><td>review</td><td><a href="accounts/initech.html">Initech</a></td><td>the plan is due for review<br><small>last reviewed 2026-06-10</small></td><td><a href="team/ivan.sidorov.html">Ivan Sidorov</a></td></tr>
<tr><td>2026-09-30 <strong class="overdue">overdue</strong></td><td>close</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Late deal: closes in 2026-Q3<br><small>stage propose, 1,500 EUR</small></td><td><a href="team/ivan.sidorov.html">Ivan Sidorov</a></td></tr>
<tr><td>2026-10-31 <strong class="overdue">overdue</strong></td><td>notice</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Old support: notice date<br><small>ends 2027-01-31; no deal renews it</small></td><td><a href="team/anna.petrova.html">Anna Petrova</a></td></tr>
<tr><td>2026-11-01 <strong class="overdue">overdue</strong></td><td>action</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Send the proposal, priced; with options</td><td><a href="team/anna.petrova.html">Anna Petrova</a></td></tr>
<tr><td>2026-11-20</td><td>action</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Today</td><td><a href="team/anna.petrova.html">Anna Petrova</a></td></tr>
<tr><td>2026-11-25</td><td>action</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Call the CFO</td><td><a href="team/ivan.sidorov.html">Ivan Sidorov</a></td></tr>
<tr><td>2026-12-01</td><td>action</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>Draft the migration plan</td><td><a href="team/ivan.sidorov.html">Ivan Sidorov</a></td></tr>
<tr><td>2026-12-01</td><td>review</td><td><a href="accounts/acme.html">Acme Bank</a></td><td>the plan is due for review<br><small>last reviewed 2026-09-01</small></td><td><a href="team/anna.petrova.html">Anna Petrova</a></td></tr>
</table></div>
</section>
EOF2
)"
	# nothing due (a plan reviewed this month, nothing else dated): the
	# section says so instead of showing an empty table
	rm -r accounts/acme accounts/acme.md
	printf -- '---\nid: initech\nname: Initech\ntype: customer\nowner: ivan.sidorov\nreviewed: 2026-11-02\n---\n' > accounts/initech.md
	run kam agenda --days 28
	assert_line 'Agenda, 28 days from 2026-11-20 to 2026-12-18: 0 overdue, 0 due'
	kam render -q -o site
	run sed -n '/<section id="coming-up">/,/<\/section>/p' site/index.html
	assert_output '<section id="coming-up">
<h2>Coming up</h2>
<p>Nothing is overdue or comes due in the next 28 days.</p>
</section>'
}
