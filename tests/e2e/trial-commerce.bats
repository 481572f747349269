#!/usr/bin/env bats
# A new user's trial of the commerce commands (issue 17): amounts beyond
# long long's range are shown whole and exact, never cut or cast.
# Small repositories made here; today is 2026-11-20 (helpers.bash).

load helpers
bats_require_minimum_version 1.5.0

huge_repo() {
	make_repo
	rm accounts/valid-minimal.md
	cat > accounts/huge.md <<'PLAN'
---
id: huge
name: Huge
type: customer
owner: anna.petrova
reviewed: 2026-11-01
opportunities:
  - {id: o-1, title: Galactic deal, stage: negotiate, value: 1e70, close: 2026-Q4}
  - {id: o-2, title: Big deal, stage: negotiate, value: 1e20, close: 2026-Q4}
---
PLAN
}

@test "trial: an amount of 71 digits is grouped whole in kam status, not cut to 63 digits" {
	huge_repo
	run -0 kam status
	assert_output "Test Systems portfolio on 2026-11-20 (2026-Q4), amounts in EUR

account                tier      owner                                                                                             open pipeline  must  revenue 2026-Q4        review due  health
huge                   -         anna.petrova     10,000,000,000,000,000,725,314,363,815,292,351,261,583,744,096,465,219,555,182,101,554,790,400     0  -                      2027-02-01      11
  weakest buying-unit 0/20: o-1 has no key decision leader (and 5 more gaps)

1 account, open pipeline 10,000,000,000,000,000,725,314,363,815,292,351,261,583,744,096,465,219,555,182,101,554,790,400 EUR; revenue is actual / target for 2026-Q4"
}

@test "trial: kam agenda writes an amount beyond long long whole and grouped, without a cast or cents" {
	huge_repo
	run -0 kam agenda --days 45
	assert_output "Agenda, 45 days from 2026-11-20 to 2027-01-04: 0 overdue, 2 due

Due
  2026-12-31  close   huge  Galactic deal: closes in 2026-Q4        anna.petrova
                            stage negotiate, 10,000,000,000,000,000,725,314,363…
  2026-12-31  close   huge  Big deal: closes in 2026-Q4             anna.petrova
                            stage negotiate, 100,000,000,000,000,000,000 EUR"
	kam agenda --days 45 --format ics > agenda.ics
	run -0 tr -d '\r' < agenda.ics
	assert_line 'DESCRIPTION:stage negotiate\, 10\,000\,000\,000\,000\,000\,725\,314\,363\,8'
	assert_line ' 15\,292\,351\,261\,583\,744\,096\,465\,219\,555\,182\,101\,554\,790\,400 E'
	assert_line 'DESCRIPTION:stage negotiate\, 100\,000\,000\,000\,000\,000\,000 EUR\nowner:'
}

@test "trial: a plan listing a competitor twice is one account in kam competitors" {
	make_repo
	rm accounts/valid-minimal.md
	cat >> kam.yaml <<'YAML'
competitors:
  - {id: globex, name: Globex Systems}
YAML
	for id in bank shop; do
		cat > accounts/$id.md <<PLAN
---
id: $id
name: $id
type: customer
owner: anna.petrova
reviewed: 2026-11-01
competitors:
  - {competitor: globex, position: incumbent, share: 60}
  - {competitor: globex, position: niche}
---
PLAN
	done
	run -0 kam competitors
	assert_output "globex: Globex Systems
  present in: 2 accounts
    bank     incumbent      60%
    shop     incumbent      60%
  open pipeline it contests: none
  won from it: none
  lost to it: none"
}

@test "trial: kam export writes large and precise amounts as plain digits, never 1e+20" {
	make_repo
	rm accounts/valid-minimal.md
	cat > accounts/nums.md <<'PLAN'
---
id: nums
name: Nums
type: customer
owner: anna.petrova
reviewed: 2026-11-01
opportunities:
  - {id: o-1, title: a, stage: negotiate, value: 12345678901234567, close: 2026-Q4}
  - {id: o-2, title: b, stage: negotiate, value: 1e20, close: 2026-Q4}
  - {id: o-3, title: c, stage: negotiate, value: 1234567.123456789, close: 2026-Q4}
  - {id: o-4, title: d, stage: negotiate, value: 80000.5, close: 2026-Q4}
  - {id: o-5, title: e, stage: negotiate, value: 0.1, close: 2026-Q4}
---
PLAN
	kam export opportunities > out.csv
	run -0 bash -c "tr -d '\r' < out.csv | cut -d, -f3,6"
	assert_output "id,value
o-1,12345678901234568
o-2,100000000000000000000
o-3,1234567.12345679
o-4,80000.5
o-5,0.1"
}
