#!/usr/bin/env bats
# The hostile-output suite, text and Markdown: the repository of
# make_repo.py (a payload in every field), committed by an author whose
# name and message are payloads too, through every text output (check
# text and github, status, links text and dot, diff, log and the quarter
# report, textconv) and every Markdown output (render, diff, log and the
# quarter report with --format md). No raw ESC, BEL or CR reaches a text
# output, no line starts a workflow command or forges a finding, and the
# Markdown, rendered by cmark-gfm as GitHub renders it, has no injected
# link, heading or HTML element, and its Mermaid blocks stay closed.

load ../e2e/helpers

CMARK_HTML="${CMARK_HTML:-$ROOT/build/tests/cmark-html}"
EVIL_AUTHOR=$'Eve \e]0;PWNED\a [l](javascript:x)'
EVIL_MESSAGE=$'plans \e[8mhidden\r[c](javascript:x)\n\n::error file=evil.md,line=1::PWNED'
# a value with every terminal payload, where kam check quotes it
STAGE='x\e]0;PWNED\a\e[8m\r\n::error file=evil.md,line=1::PWNED\naccounts/evil.md:1:1: error[schema-type]: forged'
# ... as the terminal writer shows it
SHOWN='x\e]0;PWNED\x07\e[8m\r\n::error file=evil.md,line=1::PWNED\naccounts/evil.md:1:1: error[schema-type]: forged'

# kam's stdout only (what it could not read is named on stderr)
kam_out() {
	"$KAM" --color never "$@" 2>/dev/null
}

commit_as() { # DATE AUTHOR MESSAGE
	git add -A
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -c user.name="$2" -c user.email=e@example.com \
		commit -q -m "$3"
}

# $WORK/h: the hostile repository in three commits: the plans without
# evil.md (Oct 1), evil.md (Oct 2), evil.md's notes changed by the evil
# author (Oct 3); plus term.md, whose stage kam check quotes, and a raw
# ESC on a line with a finding.
hostile_repo() {
	mkdir -p "$WORK/h"
	cd "$WORK/h"
	python3 "$ROOT/tests/hostile/make_repo.py" . >/dev/null
	git init -q -b main .
	mv accounts/evil.md "$WORK/evil.md"
	commit_as 2026-10-01T10:00:00Z Ann one
	mv "$WORK/evil.md" accounts/evil.md
	commit_as 2026-10-02T10:00:00Z Ann two
	sed -i 's/line one/line two/' accounts/evil.md
	printf -- '---\nid: term\nname: Term\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\n'"opportunities:\n  - {id: o-t, title: T, stage: \"%s\", value: 1, close: 2027-Q1, owner: anna.petrova}\n---\n# Term\n\n[[nope]] \e]0;PWNED\a raw\n" \
		"$STAGE" >accounts/term.md
	commit_as 2026-10-03T10:00:00Z "$EVIL_AUTHOR" "$EVIL_MESSAGE"
}

# The output has no raw terminal control byte and no line that starts a
# workflow command or forges a finding of evil.md (with "body", a line
# of the plan's body, shown as it is, may start with "::").
no_live_text() {
	[[ "$output" != *$'\e'* ]] || fail "raw ESC in: ${output:0:300}"
	[[ "$output" != *$'\a'* ]] || fail "raw BEL"
	[[ "$output" != *$'\r'* ]] || fail "raw CR"
	local forged='^(::|accounts/evil\.md:1:1: error|# Approved)'
	[[ "${1:-}" == body ]] && forged='^(accounts/evil\.md:1:1: error|# Approved)'
	if grep -E "$forged" <<<"$output"; then
		fail "a forged line"
	fi
}

@test "hostile: kam check text: values, file names and excerpts shown escaped; no forged finding" {
	hostile_repo
	run kam check
	assert_failure
	no_live_text
	assert_line "accounts/term.md:8:32: error[schema-enum]: opportunities[0].stage: '$SHOWN' is not a stage"
	# every line is a finding, a hint or the summary
	run grep -vE '^(accounts/.*|kam\.yaml):[0-9]+:[0-9]+: (error|warning)\[[a-z0-9-]+\]: |^    hint: |^[0-9]+ errors?' <<<"$output"
	assert_output ""
	# colour forced: kam's own SGR codes only; the excerpt escaped
	run "$KAM" --color always check accounts/term.md
	assert_line --partial $'  12 | [[nope]] \\e]0;PWNED\\x07 raw'
	output="$(sed -E $'s/\e\\[(0|1|2|36|1;31|1;33)m//g' <<<"$output")"
	no_live_text
	assert_line "  8 |   - {id: o-t, title: T, stage: \"$STAGE\", value: 1, close: 2027-Q1, owner: anna.petrova}"
}

@test "hostile: a file name with a newline and ESC cannot forge a finding" {
	hostile_repo
	cp accounts/term.md "accounts/"$'x\e[8m\nevil.md:1:1: error[forged]: y.md'
	run kam check
	no_live_text
	assert_line --partial $'accounts/x\\e[8m\\nevil.md:1:1: error[forged]: y.md:2:5: error[id-duplicate]: '
	run kam check --format github
	[[ "$output" != *$'\e'* && "$output" != *$'\r'* ]]
	run grep -vE '^::error file=' <<<"$output"
	assert_output ""
	run kam check --format github
	assert_line --partial $'::error file=accounts/x\\e[8m\\nevil.md%3A1%3A1%3A error[forged]%3A y.md,line=2,col=5,title=id-duplicate::'
}

@test "hostile: kam check --format github: one workflow command per finding, none injected" {
	hostile_repo
	run kam check
	local findings
	findings=$(grep -cE ': (error|warning)\[' <<<"$output")
	run kam check --format github
	assert_failure
	[[ "$output" != *$'\e'* && "$output" != *$'\r'* && "$output" != *$'\a'* ]]
	# each line is one command kam wrote: ::error or ::warning with kam's properties
	run grep -cE '^::(error|warning) file=[^:,]*,line=[0-9]+,col=[0-9]+,title=[a-z0-9-]+::' <<<"$output"
	assert_output "$findings"
	run grep -c '' <<<"$(kam check --format github)"
	assert_output "$findings"
	run kam check --format github accounts/term.md
	assert_line "::error file=accounts/term.md,line=8,col=32,title=schema-enum::opportunities[0].stage: '$SHOWN' is not a stage%0Ahint: stage is one of: identify, validate, qualify, propose, negotiate, won, lost"
}

@test "hostile: status, links and links --format dot show values escaped" {
	hostile_repo
	run kam_out status
	no_live_text
	assert_line --index 0 --partial "<script>document.title='PWNED'</script>"
	assert_line --index 0 --partial $'%%\\r[click](javascript:document.title=\'PWNED\')\\n# Approved by the security team\\e]0;PWNED\\x07\\e[8mhidden\\e[0m\\n::error file=evil.md,line=1::PWNED\\naccounts/evil.md:1:1: error[schema-type]: forged portfolio on 2026-11-20 (2026-Q4), amounts in "><img src=x onerror="document.title=\'PWNED\'">'
	run kam_out links evil
	no_live_text
	run kam_out links c.one
	no_live_text
	run kam_out links --format dot evil
	no_live_text
	# every line of the graph is one statement kam wrote
	run grep -vE '^(digraph [a-z]|  [a-z"]|    [a-z"]|  \}$|\}$|$)' <<<"$(kam_out links --format dot evil)"
	assert_output ""
	run kam_out links --format dot
	no_live_text
}

@test "hostile: diff, log and the quarter report as text show values escaped" {
	hostile_repo
	run kam diff HEAD~2 HEAD
	no_live_text
	run kam diff HEAD~1 HEAD
	no_live_text
	assert_line $'  opportunities o-one: notes line one\\n# Approved by the security team\\r[click](javascript:document.title=\'PWNED\') -> line two\\n# Approved by the security team\\r[click](javascript:document.title=\'PWNED\')'
	run kam log
	no_live_text
	assert_line --regexp $'^[0-9a-f]{7} 2026-10-03 Eve \\\\e]0;PWNED\\\\x07 \\[l\\]\\(javascript:x\\): plans \\\\e\\[8mhidden\\\\r\\[c\\]\\(javascript:x\\)$'
	run kam diff --quarter 2026-Q4
	no_live_text
	assert_line --partial $'3 commits by Ann, Eve \\e]0;PWNED\\x07 [l](javascript:x)'
}

@test "hostile: textconv (git diff through less -R) shows control characters escaped" {
	hostile_repo
	run kam textconv accounts/evil.md
	assert_success
	no_live_text body
	assert_line '::error file=evil.md,line=1::PWNED' # the body's own line
	assert_line "contacts[c.one].relationship.target: <script>document.title='PWNED'</script>"
	assert_line $'opportunities[o-one].notes: line two\\n# Approved by the security team\\r[click](javascript:document.title=\'PWNED\')'
	run kam textconv accounts/term.md
	no_live_text body
	assert_line $'[[nope]] \\e]0;PWNED\\x07 raw'
	# as git's diff driver
	git config diff.kam.textconv "$KAM textconv"
	echo 'accounts/*.md diff=kam' >.gitattributes
	run git -c core.pager=cat diff HEAD~1 HEAD -- accounts/evil.md
	no_live_text
	assert_line $'-opportunities[o-one].notes: line one\\n# Approved by the security team\\r[click](javascript:document.title=\'PWNED\')'
}

# The Markdown rendered as GitHub renders it: only the elements kam writes,
# no link (the payloads hold no e-mail address), the headings kam writes.
markdown_is_inert() { # HEADINGS
	[[ -x "$CMARK_HTML" ]] || fail "no $CMARK_HTML: make test builds it"
	local md="$output" html
	[[ "$md" != *$'\e'* && "$md" != *$'\r'* && "$md" != *$'\a'* ]] || fail "raw control byte"
	html=$("$CMARK_HTML" <<<"$md")
	run grep -oE '<[a-zA-Z][a-zA-Z0-9]*' <<<"$html"
	run grep -vxE '<(h1|h2|h3|p|ul|li|strong|code|pre|table|thead|tbody|tr|th|td|details|summary)' <<<"$output"
	assert_output ""
	run grep -c '<h[1-6]' <<<"$html"
	assert_output "$1"
	[[ "$html" != *"javascript:"*"</a>"* && "$html" != *"<a "* ]] || fail "a link in: $html"
	# Mermaid blocks: closed, and only kam's own statements inside
	run awk '/^```mermaid$/{m=1; next} m && /^```$/{m=0; next} m{print} END{if (m) print "UNCLOSED"}' <<<"$md"
	local mermaid="$output"
	run grep -vE '^(graph TD|  n[0-9]+\["[^"]*"\]|  n[0-9]+ --> n[0-9]+)$' <<<"$mermaid"
	assert_output ""
	[[ "$mermaid" != *"%%"* ]] || fail "a Mermaid directive"
	run cat <<<"$md"
}

@test "hostile: render --format md: no injected link, heading, HTML or Mermaid statement" {
	hostile_repo
	run kam_out render --format md evil
	markdown_is_inert 4
	# a buying unit naming no contact: its id as text, no role or influence that is no word
	assert_line "| \"&gt;&lt;img src=x onerror=\"document.title='PWNED'\"&gt; | \\- | \\- | unknown | nobody | 2026-11-02 meeting |"
	assert_line "- **Tier:** \"&gt;&lt;img src=x onerror=\"document.title='PWNED'\"&gt; · **Type:** customer · **Account manager:** anna.petrova"
	assert_line --regexp '^  n1\["Ann #60;script#62;document.title=.PWNED.#60;/script#62;#34;#62;#60;img src=x onerror=#34;'
	assert_line --partial "#37;#37;#123;init: #123;'securityLevel': 'loose'#125;#125;#37;#37; #91;click#93;#40;javascript:document.title='PWNED'#41; #35; Approved by the security team #93;0#59;PWNED"
	assert_line '  n1 --> n2'
	run kam_out render --format md partner-co
	markdown_is_inert 1
}

@test "hostile: kam brief as text and Markdown, account and person: values stay values" {
	hostile_repo
	run kam_out brief evil
	no_live_text
	# every line is the title, a section heading, an item (indented) or blank
	run grep -vE '^(Evil .* \(evil\)|(Open deals|Pipeline through this partner|Goals|Open actions|Latest meeting notes) \([0-9]+\)|  .*|)$' <<<"$(kam_out brief evil)"
	assert_output ""
	run kam_out brief evil#c.one
	no_live_text
	run kam_out brief --format md evil
	markdown_is_inert 5
	run kam_out brief --format md evil#c.one
	markdown_is_inert 4
	assert_line --index 0 --partial '# Ann &lt;script&gt;'
}

@test "hostile: diff, log and the quarter report as Markdown: no injected link, heading or HTML" {
	hostile_repo
	run kam_out diff --format md HEAD~2 HEAD
	markdown_is_inert 3
	run kam_out diff --format md HEAD~1 HEAD
	markdown_is_inert 3
	assert_line "- opportunities o-one: notes line one # Approved by the security team \\[click\\](javascript:document.title='PWNED') → line two # Approved by the security team \\[click\\](javascript:document.title='PWNED') (line 32)"
	run kam_out log --format md
	markdown_is_inert 3
	assert_equal "$(grep '^### .* 2026-10-03 ' <<<"$output" | sed -E 's/^### [0-9a-f]{7} /### X /')" \
		'### X 2026-10-03 Eve  \]0;PWNED  \[l\](javascript:x): plans  \[8mhidden \[c\](javascript:x)'
	run kam_out diff --quarter 2026-Q4 --format md
	markdown_is_inert 6
	assert_line '- 3 commits by Ann, Eve  \]0;PWNED  \[l\](javascript:x)'
}

@test "colour: NO_COLOR, CLICOLOR_FORCE, FORCE_COLOR, TERM=dumb and --color" {
	make_repo
	printf -- '---\nid: x\nname: X\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\nphase: nope\n---\n# X\n' >accounts/x.md
	colored() { [[ "$output" == *$'\e[1;31m'* ]]; }
	run env NO_COLOR= CLICOLOR_FORCE=1 "$KAM" check
	colored
	assert_line --regexp '^  [0-9]+ \| ' # forced colour shows the excerpt too
	run env NO_COLOR= FORCE_COLOR=1 "$KAM" check
	colored
	run env NO_COLOR= CLICOLOR_FORCE=0 "$KAM" check
	! colored
	run env NO_COLOR=1 CLICOLOR_FORCE=1 "$KAM" check
	! colored
	run env NO_COLOR=1 "$KAM" --color always check
	colored
	run env NO_COLOR= FORCE_COLOR=1 "$KAM" --color never check
	! colored
	# on a terminal: colour and excerpt; NO_COLOR and TERM=dumb take the colour only
	run script -qec "env NO_COLOR= TERM=xterm '$KAM' check" /dev/null
	colored
	assert_line --regexp '^  [0-9]+ \| '
	run script -qec "env NO_COLOR=1 TERM=xterm '$KAM' check" /dev/null
	! colored
	assert_line --regexp '^  [0-9]+ \| '
	run script -qec "env NO_COLOR= TERM=dumb '$KAM' check" /dev/null
	! colored
	assert_line --regexp '^  [0-9]+ \| '
	run script -qec "env NO_COLOR= TERM=xterm '$KAM' --color never check" /dev/null
	! colored
	refute_line --regexp '^  [0-9]+ \| '
	assert_line --partial 'error[schema-enum]: phase:'
}

@test "excerpts come from the bytes that were checked: --rev and --staged" {
	make_repo
	git init -q -b main .
	printf -- '---\nid: x\nname: X\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\nphase: committed-phase\n---\n# X\n' >accounts/x.md
	commit_as 2026-10-01T10:00:00Z Ann one
	sed -i 's/committed-phase/staged-phase/' accounts/x.md
	git add accounts/x.md
	sed -i 's/staged-phase/worktree-phase/' accounts/x.md
	run "$KAM" --color always check --rev HEAD accounts/x.md
	assert_line --partial '  7 | phase: committed-phase'
	run "$KAM" --color always check --staged accounts/x.md
	assert_line --partial '  7 | phase: staged-phase'
	run "$KAM" --color always check accounts/x.md
	assert_line --partial '  7 | phase: worktree-phase'
	# from a subfolder, names relative to it
	cd accounts
	run "$KAM" --color always check --rev HEAD x.md
	assert_line --partial '  7 | phase: committed-phase'
}

@test "render --format md: Mermaid ids are numbers, so c.2 and c-2 are two nodes; a code span id" {
	make_repo
	cat >accounts/ids.md <<'PLAN'
---
id: ids
name: "Ids `x`"
type: customer
tier: key
owner: anna.petrova
reviewed: 2026-11-01
contacts:
  - {id: c.2, name: "Dot \"Two\"", title: "CEO\rcl", attitude: supporter, owner: anna.petrova}
  - {id: c-2, name: Dash Two, reports_to: c.2, attitude: neutral, owner: ivan.sidorov}
  - {id: c.3, name: Three, reports_to: c.9, attitude: neutral}
---
# Ids
PLAN
	run kam render --format md ids
	assert_success
	assert_output '## Ids \`x\` (`ids`)

- **Tier:** key · **Type:** customer · **Account manager:** anna.petrova
- **Open pipeline:** 0 EUR in 0 opportunities, 0 must-wins
- **Health:** 11/100 (weakest: buying-unit 0/20, no open deal to measure)
- **Next review due:** 2027-02-01

### Relationship map

```mermaid
graph TD
  n1["Dot #34;Two#34;<br/>CEO cl<br/>supporter · owner anna.petrova"]
  n2["Dash Two<br/><br/>neutral · owner ivan.sidorov"]
  n3["Three<br/><br/>neutral · NO OWNER"]
  n1 --> n2
  n6["c.9"]
  n6 --> n3
```'
}
