#!/usr/bin/env bats
# Links to headings with accents (composed and decomposed), CJK, emoji,
# numbers and punctuation: kam's anchors are GitHub's, in the "C" locale
# the tests run in.

load helpers

# headings as people write them, and links to them as GitHub names them
unicode_headings() {
	cat >> accounts/valid-minimal.md <<'MD'

## Café Crème
## Cafe\u0301 Cre\u0300me
## 中文：客户计划。
## 🚀 Launch ✨
## x² and ½
## Phase Ⅻ
## en–dash — em
## Ⓐ plan
## Team 👨‍👩‍👧

See [composed](#café-crème), [decomposed](#cafe\u0301-cre\u0300me),
[encoded](#caf%C3%A9-cr%C3%A8me), [CJK](#中文客户计划), [emoji](#-launch-),
[numbers](#x-and-), [roman](#phase-ⅻ), [dashes](#endash--em),
[circled](#ⓐ-plan), [family](#team-) and [from afar](valid-minimal.md#café-crème).
MD
	# the decomposed heading and link: e and a combining acute, e and a combining grave
	sed -i 's/\\u0301/\xcc\x81/g; s/\\u0300/\xcc\x80/g' accounts/valid-minimal.md
}

@test "links to headings with accents, CJK, emoji, numbers and punctuation are found as GitHub names them" {
	make_repo
	unicode_headings
	run kam check
	assert_success
	assert_output "no problems in 1 plan"
}

@test "a composed accent does not stand for a decomposed one, as on GitHub" {
	make_repo
	unicode_headings
	printf '\n[wrong](#cafe-creme) [folded](#caf\xc3\xa9-cr\xc3\xa8me-1) [kept](#x\xc2\xb2-and-)\n' >> accounts/valid-minimal.md
	run kam check
	assert_failure 1
	assert_output "accounts/valid-minimal.md:25:1: error[anchor-missing]: link '#cafe-creme': 'accounts/valid-minimal.md' has no heading '#cafe-creme'
    hint: anchors are headings in lower case, punctuation dropped, spaces as '-' (## 3. Routes to market -> #3-routes-to-market)
accounts/valid-minimal.md:25:22: error[anchor-missing]: link '#café-crème-1': 'accounts/valid-minimal.md' has no heading '#café-crème-1'; did you mean 'café-crème'?
    hint: anchors are headings in lower case, punctuation dropped, spaces as '-' (## 3. Routes to market -> #3-routes-to-market)
accounts/valid-minimal.md:25:46: error[anchor-missing]: link '#x²-and-': 'accounts/valid-minimal.md' has no heading '#x²-and-'; did you mean 'x-and-'?
    hint: anchors are headings in lower case, punctuation dropped, spaces as '-' (## 3. Routes to market -> #3-routes-to-market)
3 errors in 1 plan"
}
