#!/usr/bin/env bats
# What kam writes: review and commit check what they commit and commit
# nothing else; init --hooks installs only a hook of its own; render never
# replaces a folder of plans. Verified with git itself.

load helpers
bats_require_minimum_version 1.5.0

commit_env() {
	export GIT_AUTHOR_NAME="Anna Petrova" GIT_AUTHOR_EMAIL=anna@example.com \
		GIT_COMMITTER_NAME="Anna Petrova" GIT_COMMITTER_EMAIL=anna@example.com \
		GIT_AUTHOR_DATE="2026-11-20T10:00:00+01:00" GIT_COMMITTER_DATE="2026-11-20T10:00:00+01:00"
}

write_acme() { # write_acme STAGE
	cat > accounts/acme.md <<PLAN
---
id: acme
name: Acme Corp
type: customer
owner: anna.petrova
reviewed: 2026-07-10   # after the QBR
contacts:
  - {id: c.a, name: Ann A, roles: [key-decision-leader], attitude: neutral, owner: anna.petrova}
opportunities:
  - {id: o-a, title: Platform, stage: $1, value: 100000, close: 2027-Q1, decision_leader: c.a}
touches:
  - {date: 2026-11-02, kind: meeting, contacts: [c.a]}
---
# Acme Corp

The platform deal.
PLAN
}

# A repository with acme committed, and the commit count.
acme_committed() {
	git_repo
	commit_env
	write_acme qualify
	kam commit -q -m "Acme" >/dev/null
}

# sha1 of every file below DIR (hidden ones too), to show nothing changed.
fingerprint() {
	(cd "$1" && find . -type f -not -path './.git/*' -print0 | sort -z | xargs -0 sha1sum)
}

@test "review commits only the reviewed: line; the other edits stay in the work tree, unstaged" {
	acme_committed
	# a half-finished edit and a YAML slip: neither may reach HEAD
	sed -i 's/stage: qualify/stage: Proposal/' accounts/acme.md
	sed -i 's/^name: Acme Corp$/name: Acme: the platform/' accounts/acme.md
	cp accounts/acme.md "$WORK/edited.md"
	run kam review acme
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	assert_line --index 1 "only the 'reviewed:' line was committed: your other edits of accounts/acme.md stay uncommitted"
	run git show HEAD:accounts/acme.md
	assert_line --index 2 "name: Acme Corp"
	assert_line --index 5 "reviewed: 2026-11-20   # after the QBR"
	assert_line --index 9 "  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git show --stat --format=%s HEAD
	assert_output "Review Acme Corp plan (2026-Q4)

 accounts/acme.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)"
	# the work tree: the user's edits, with the new date
	run diff "$WORK/edited.md" accounts/acme.md
	assert_output "6c6
< reviewed: 2026-07-10   # after the QBR
---
> reviewed: 2026-11-20   # after the QBR"
	run git diff --no-color -U0 accounts/acme.md
	assert_output --partial "-name: Acme Corp
+name: Acme: the platform"
	assert_output --partial "-  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}
+  - {id: o-a, title: Platform, stage: Proposal, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git diff --cached --stat
	assert_output ""
	run git status --porcelain
	assert_output " M accounts/acme.md"
}

@test "review gives staged edits the new date too and keeps them staged, uncommitted" {
	acme_committed
	sed -i 's/stage: qualify/stage: propose/' accounts/acme.md
	git add accounts/acme.md
	sed -i 's/^The platform deal.$/The platform deal, staged and then edited./' accounts/acme.md
	run kam review acme
	assert_success
	run git show HEAD:accounts/acme.md
	assert_line --index 5 "reviewed: 2026-11-20   # after the QBR"
	assert_line --index 9 "  - {id: o-a, title: Platform, stage: qualify, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	run git diff --cached --no-color -U0
	assert_line "+  - {id: o-a, title: Platform, stage: propose, value: 100000, close: 2027-Q1, decision_leader: c.a}"
	refute_line --partial "reviewed:"
	run git diff --no-color -U0
	assert_line "+The platform deal, staged and then edited."
	refute_line --partial "reviewed:"
	run git status --porcelain
	assert_output "MM accounts/acme.md"
}

@test "review after review --no-commit commits the date it set" {
	acme_committed
	run kam review --no-commit acme
	assert_output "accounts/acme.md: reviewed: 2026-11-20"
	run git status --porcelain
	assert_output " M accounts/acme.md"
	run kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	run git status --porcelain
	assert_output ""
}

@test "review refuses what kam commit refuses, prints the errors and changes nothing" {
	acme_committed
	sed -i 's/stage: qualify/stage: Proposal/' accounts/acme.md
	kam commit -q --no-verify -m "broken on purpose" >/dev/null
	cp accounts/acme.md "$WORK/before.md"
	run --separate-stderr kam review acme
	assert_equal "$status" 1
	assert_output "accounts/acme.md:10:39: error[schema-enum]: opportunities[0].stage: 'Proposal' is not a stage; did you mean 'propose'?
    hint: stage is one of: identify, validate, qualify, propose, negotiate, won, lost"
	assert_equal "$stderr" "kam: review refused: 1 error in the plans as they would be committed (HEAD's plans with the new date); fix and commit them first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/acme.md "$WORK/before.md"
	run git log --format=%s
	assert_output "broken on purpose
Acme"
	run git status --porcelain
	assert_output ""
}

@test "review refuses, changing nothing, when its line has edits of its own or the plan is new" {
	acme_committed
	sed -i 's/^reviewed: 2026-07-10   # after the QBR$/reviewed: 2026-11-02   # after the QBR/' accounts/acme.md
	sed -i 's/stage: qualify/stage: propose/' accounts/acme.md
	cp accounts/acme.md "$WORK/before.md"
	run kam review acme
	assert_failure 1
	assert_output "kam: review: accounts/acme.md has uncommitted edits of its 'reviewed:' line: commit or stash your edits first (kam commit, git stash), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/acme.md "$WORK/before.md"
	run git status --porcelain
	assert_output " M accounts/acme.md"
	# the same edit staged, the work tree as HEAD has it
	git add accounts/acme.md
	git show HEAD:accounts/acme.md > accounts/acme.md
	local index_before; index_before=$(sha1sum .git/index)
	run kam review acme
	assert_failure 1
	assert_output "kam: review: accounts/acme.md has staged edits of its 'reviewed:' line: commit or unstage them first (kam commit, git restore --staged), or use --no-commit to only edit the file; nothing was changed"
	assert_equal "$(sha1sum .git/index)" "$index_before"
	run git status --porcelain
	assert_output "MM accounts/acme.md"
	# a plan that was never committed
	git reset -q --hard
	cp accounts/acme.md accounts/beta.md
	sed -i 's/^id: acme$/id: beta/; s/^name: Acme Corp$/name: Beta/' accounts/beta.md
	cp accounts/beta.md "$WORK/beta.md"
	run kam review beta
	assert_failure 1
	assert_output "kam: review: accounts/beta.md is not committed yet: commit it first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	cmp accounts/beta.md "$WORK/beta.md"
	run git log --format=%s
	assert_output "Acme"
	run git status --porcelain
	assert_output "?? accounts/beta.md"
}

@test "review on a branch without commits refuses: the plan is not committed yet" {
	git_repo
	run kam review valid-minimal
	assert_failure 1
	assert_output "kam: review: accounts/valid-minimal.md is not committed yet: commit it first (kam commit), or use --no-commit to only edit the file; nothing was changed"
	run git rev-parse --verify -q HEAD
	assert_failure
}

# acme with N open actions due in October (overdue on 2026-11-20)
add_overdue_actions() {
	local i
	printf 'actions:\n' > "$WORK/actions"
	for i in $(seq 1 "$1"); do
		printf '  - {id: a-%s, text: Call %s, owner: anna.petrova, due: 2026-10-0%s, status: open}\n' "$i" "$i" "$i" >> "$WORK/actions"
	done
	sed -i "/^opportunities:\$/e cat $WORK/actions" accounts/acme.md
}

@test "commit and review say how many warnings they let through, and show the first three" {
	acme_committed
	add_overdue_actions 5
	run --separate-stderr kam commit -m "Actions"
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] Actions$'
	assert_equal "$stderr" "kam: committed with 6 warnings:
accounts/acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)
accounts/acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open
accounts/acme.md:11:55: warning[action-overdue]: action 'a-2' was due 2026-10-02 and is still open
... and 3 more warnings; run kam check"
	run git log -1 --format=%s
	assert_output "Actions"
	run --separate-stderr kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	assert_equal "$stderr" "kam: committed with 5 warnings:
accounts/acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open
accounts/acme.md:11:55: warning[action-overdue]: action 'a-2' was due 2026-10-02 and is still open
accounts/acme.md:12:55: warning[action-overdue]: action 'a-3' was due 2026-10-03 and is still open
... and 2 more warnings; run kam check"
	# warnings of plans the commit leaves alone are not its own
	sed -i 's/^name: Minimal Customer$/name: Minimal Customer Ltd/' accounts/valid-minimal.md
	run --separate-stderr kam commit -m "Name"
	assert_success
	assert_equal "$stderr" ""
}

@test "warnings let through are all shown when few, from a subfolder with paths as kam check shows them" {
	acme_committed
	add_overdue_actions 1
	cd accounts
	run --separate-stderr kam commit
	assert_success
	assert_equal "$stderr" "kam: committed with 2 warnings:
acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)
acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open"
	run kam check
	assert_line --index 0 "acme.md:6:11: warning[review-overdue]: plan last reviewed 2026-07-10, more than one quarter ago (review by 2026-10-10)"
	assert_line --index 2 "acme.md:10:55: warning[action-overdue]: action 'a-1' was due 2026-10-01 and is still open"
}

# The example plans in $WORK/$1 (default ex), committed, with kam on PATH
# for the hooks.
example_repo() {
	cp -r "$ROOT/example-accounts" "$WORK/${1:-ex}"
	cd "$WORK/${1:-ex}"
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	git add -A
	git commit -q -m "Plans"
	kam_on_path
}

@test "init --hooks after init installs the hook and changes nothing else" {
	mkdir p && cd p && git init -q -b main .
	kam init -q
	git add -A
	git -c user.name=T -c user.email=t@e commit -q -m init
	local before; before=$(fingerprint .)
	run kam init --hooks
	assert_success
	assert_output "installed the pre-commit hook $WORK/p/.git/hooks/pre-commit"
	assert_equal "$(fingerprint .)" "$before"
	run git status --porcelain --ignored
	assert_output ""
	run cat .git/hooks/pre-commit
	assert_output "#!/bin/sh
# installed by 'kam init --hooks': a commit whose plans fail
# 'kam check' is refused. 'git commit --no-verify' skips it.
cd '.' && exec kam check --staged -q"
	[ -x .git/hooks/pre-commit ]
	# again: kam's own hook is rewritten, nothing else
	run kam init --hooks
	assert_success
	assert_equal "$(fingerprint .)" "$before"
	run kam init --hooks --currency USD
	assert_failure 2
	assert_output "kam: init: './kam.yaml' exists: --organization and --currency are for a new repository (edit kam.yaml instead); nothing was changed"
	run kam init
	assert_failure 2
	assert_output "kam: init: './kam.yaml' already exists; nothing was changed"
	assert_equal "$(fingerprint .)" "$before"
}

@test "init --hooks never overwrites a hook it did not write, and says how to chain kam" {
	example_repo
	printf '#!/bin/sh\necho "their hook"\n' > .git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit
	cp .git/hooks/pre-commit "$WORK/theirs"
	local before; before=$(fingerprint .)
	run kam init --hooks
	assert_failure 2
	assert_output "kam: init: '$WORK/ex/.git/hooks/pre-commit' exists and kam did not write it; nothing was changed
to run kam from $WORK/ex/.git/hooks/pre-commit too, add this line to it:
  (cd '.' && kam check --staged -q) || exit 1"
	cmp .git/hooks/pre-commit "$WORK/theirs"
	assert_equal "$(fingerprint .)" "$before"
	# the line it gives works from their hook
	echo "(cd '.' && kam check --staged -q) || exit 1" >> .git/hooks/pre-commit
	git rm -q accounts/fabrikam-partners.md
	run git commit -q -m "Drop the partner"
	assert_failure 1
	assert_line --index 0 "their hook"
	assert_line "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
}

@test "the hook refuses a commit that only deletes a plan others refer to, however it is committed" {
	example_repo
	kam init -q --hooks
	local head; head=$(git rev-parse HEAD)
	git rm -q accounts/fabrikam-partners.md
	run git commit -q -m "Drop the partner"
	assert_failure 1
	assert_output "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository
    hint: there is no plan accounts/fabrikam-partners.md: fix the id, or write (or restore) that plan
accounts/contoso-steelworks.md:61:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository
    hint: there is no plan accounts/fabrikam-partners.md: fix the id, or write (or restore) that plan
accounts/contoso-steelworks.md:174:6: error[ref-unresolved]: [[fabrikam-partners]]: 'fabrikam-partners' is not an account of this repository
    hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]
accounts/northwind-bank.md:70:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository
    hint: there is no plan accounts/fabrikam-partners.md: fix the id, or write (or restore) that plan
accounts/northwind-bank.md:92:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository
    hint: there is no plan accounts/fabrikam-partners.md: fix the id, or write (or restore) that plan
accounts/northwind-bank.md:392:14: error[ref-unresolved]: [[fabrikam-partners]]: 'fabrikam-partners' is not an account of this repository
    hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]
accounts/northwind-bank.md:400:34: error[link-broken]: link 'fabrikam-partners.md#3-routes-to-market': there is no file 'accounts/fabrikam-partners.md'
    hint: links are relative to the file they are in"
	assert_equal "$(git rev-parse HEAD)" "$head"
	# git commit -a and git commit PATH check the index git builds for them
	git reset -q
	run git status --porcelain
	assert_output " D accounts/fabrikam-partners.md"
	run git commit -q -a -m "Drop the partner"
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
	run git commit -q -m "Drop the partner" accounts/fabrikam-partners.md
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
	assert_equal "$(git rev-parse HEAD)" "$head"
	run git status --porcelain
	assert_output " D accounts/fabrikam-partners.md"
	# a deletion nothing refers to goes through
	git checkout -q -- accounts
	git rm -q accounts/tailspin-retail.md
	run git commit -q -m "Drop Tailspin"
	assert_success
	run git log -1 --format=%s
	assert_output "Drop Tailspin"
}

@test "init --hooks honours core.hooksPath, relative to the top of the work tree" {
	example_repo
	git config core.hooksPath githooks
	run kam init --hooks
	assert_success
	assert_output "installed the pre-commit hook $WORK/ex/githooks/pre-commit"
	[ ! -e .git/hooks/pre-commit ]
	git rm -q accounts/fabrikam-partners.md
	run git commit -q -m "Drop the partner"
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
	git config core.hooksPath "$WORK/hooks dir"
	run kam init -q --hooks
	assert_success
	[ -x "$WORK/hooks dir/pre-commit" ]
}

@test "init --hooks in a linked worktree installs the hook all worktrees share" {
	example_repo
	git worktree add -q "$WORK/linked"
	cd "$WORK/linked"
	run kam init --hooks
	assert_success
	assert_output "installed the pre-commit hook $WORK/ex/.git/hooks/pre-commit"
	git rm -q accounts/fabrikam-partners.md
	run git commit -q -m "Drop the partner"
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
	run git log -1 --format=%s
	assert_output "Plans"
}

@test "the hook quotes the plans folder for the shell: spaces, quotes and dollars" {
	mkdir big && cd big && git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	local dir="it's \$HOME & \"plans\""
	cp -r "$ROOT/example-accounts" "$dir"
	run kam init --hooks "$dir"
	assert_success
	assert_output "installed the pre-commit hook $WORK/big/.git/hooks/pre-commit"
	run tail -n 1 .git/hooks/pre-commit
	assert_output "cd 'it'\\''s \$HOME & \"plans\"' && exec kam check --staged -q"
	kam_on_path
	git add -A
	run git commit -q -m "Plans"
	assert_success
	git rm -q "$dir/accounts/fabrikam-partners.md"
	run git commit -q -m "Drop the partner"
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
	run git log --format=%s
	assert_output "Plans"
}

@test "the pre-commit framework hook runs on every commit, deletion-only ones too" {
	example_repo
	run python3 -c 'import yaml, sys
h = yaml.safe_load(open(sys.argv[1]))[0]
print(h["id"], h["always_run"], h["pass_filenames"], "files" in h, h["entry"], sep="|")' "$ROOT/.pre-commit-hooks.yaml"
	assert_output "kam-check|True|False|False|kam check --staged -q"
	git rm -q accounts/fabrikam-partners.md
	# what pre-commit runs: the entry, without file names
	run sh -c "kam check --staged -q"
	assert_failure 1
	assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
}

# render_refuses DIR MESSAGE: kam render -o DIR --force exits 2 with
# MESSAGE and every file in the repository is as it was, byte for byte.
render_refuses() {
	local before; before=$(fingerprint "$WORK/ex")
	run kam render --force -o "$1"
	assert_failure 2
	assert_output "$2"
	assert_equal "$(fingerprint "$WORK/ex")" "$before"
	run git status --porcelain --ignored
	assert_output "$3"
	run sh -c "ls -a '$WORK' '$WORK/ex' | grep -c kam-"
	assert_output "0"
}

@test "render --force never replaces the plans, the repository or anything git tracks" {
	example_repo
	echo "an uncommitted draft" > accounts/draft-notes.md
	local never="kam render never replaces it, even with --force; choose another -o (the default is site/ in the plans repository)"
	render_refuses accounts "kam: render: 'accounts' is the accounts folder: $never" "?? accounts/draft-notes.md"
	render_refuses . "kam: render: '.' is the plans repository: $never" "?? accounts/draft-notes.md"
	render_refuses "$WORK" "kam: render: '$WORK' holds the plans repository: $never" "?? accounts/draft-notes.md"
	render_refuses accounts/northwind-bank "kam: render: 'accounts/northwind-bank' is inside the accounts folder: $never" "?? accounts/draft-notes.md"
	render_refuses accounts/tailspin-retail.md "kam: render: 'accounts/tailspin-retail.md' is not a folder: $never" "?? accounts/draft-notes.md"
	render_refuses accounts/new/site "kam: render: 'accounts/new/site' is inside the accounts folder: $never" "?? accounts/draft-notes.md"
	[ ! -e accounts/new ]
	# folders outside the plans folder that hold what somebody wrote
	mkdir -p docs/guide && echo "# Guide" > docs/guide/README.md
	render_refuses docs "kam: render: 'docs' holds Markdown files (docs/guide/README.md): $never" "?? accounts/draft-notes.md
?? docs/"
	rm -r docs && mkdir -p other/deep && echo "kam: 1" > other/deep/kam.yaml
	render_refuses other "kam: render: 'other' holds a kam.yaml (other/deep/kam.yaml): $never" "?? accounts/draft-notes.md
?? other/"
	rm -r other && mkdir -p vendor && git init -q vendor/lib
	render_refuses vendor "kam: render: 'vendor' holds a git repository (vendor/lib/.git): $never" "?? accounts/draft-notes.md
?? vendor/"
	rm -rf vendor && mkdir -p public && echo "<p>tracked</p>" > public/index.html && git add public
	render_refuses public "kam: render: 'public' holds files tracked by git (public/index.html): $never" "A  public/index.html
?? accounts/draft-notes.md"
	# nor the folder kam runs in, nor the home folder, empty as they may be
	mkdir -p out/here && cd out/here
	render_refuses .. "kam: render: '..' holds the current folder: $never" "A  public/index.html
?? accounts/draft-notes.md"
	cd "$WORK/ex" && rmdir out/here out
	mkdir "$WORK/home2"
	HOME="$WORK/home2" render_refuses "$WORK/home2" "kam: render: '$WORK/home2' is your home folder: $never" "A  public/index.html
?? accounts/draft-notes.md"
	[ -d "$WORK/home2" ]
	# a symbolic link is judged by the folder it leads to
	ln -s "$WORK/ex/accounts" "$WORK/link"
	render_refuses "$WORK/link" "kam: render: '$WORK/link' is the accounts folder: $never" "A  public/index.html
?? accounts/draft-notes.md"
}

@test "render --force replaces a folder kam did not make only when it holds none of that" {
	example_repo
	mkdir "$WORK/out" && echo "old" > "$WORK/out/page.html"
	run kam render -o "$WORK/out"
	assert_failure 2
	assert_output "kam: render: '$WORK/out' exists and kam did not make it; choose another -o, or --force to replace it"
	assert_equal "$(cat "$WORK/out/page.html")" "old"
	run kam render -q --force -o "$WORK/out"
	assert_success
	[ -e "$WORK/out/index.html" ] && [ -e "$WORK/out/.kam-site" ] && [ ! -e "$WORK/out/page.html" ]
	# a site kam made is replaced without --force, but not once plans were put in it
	run kam render -q -o "$WORK/out"
	assert_success
	cp accounts/tailspin-retail.md "$WORK/out/"
	run kam render -q -o "$WORK/out"
	assert_failure 2
	assert_output "kam: render: '$WORK/out' holds Markdown files ($WORK/out/tailspin-retail.md): kam render never replaces it, even with --force; choose another -o (the default is site/ in the plans repository)"
	cmp "$WORK/out/tailspin-retail.md" accounts/tailspin-retail.md
}

@test "commit and review with core.autocrlf: CRLF in the work tree, LF in commits, as git add does" {
	git_repo
	commit_env
	git config core.autocrlf true
	write_acme qualify
	sed -i 's/$/\r/' accounts/acme.md
	kam commit -q -m "Acme" >/dev/null 2>&1
	run git show HEAD:accounts/acme.md
	refute_output --partial $'\r'
	# kam commit stores what git add would, and sees nothing more to commit
	run git status --porcelain
	assert_output ""
	run kam commit
	assert_success
	assert_output "nothing to commit: the plans are as HEAD has them"
	run git log --format=%s
	assert_output "Acme"
	run kam review acme
	assert_success
	assert_output --regexp '^\[main [0-9a-f]{7}\] Review Acme Corp plan \(2026-Q4\)$'
	run git show HEAD:accounts/acme.md
	assert_line --index 5 "reviewed: 2026-11-20   # after the QBR"
	refute_output --partial $'\r'
	run sed -n 6p accounts/acme.md
	assert_output $'reviewed: 2026-11-20   # after the QBR\r'
	run git status --porcelain
	assert_output ""
}

@test "two plans folders in one git repository: the hook checks both" {
	mkdir big && cd big && git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	local one="it's one" two="two"
	cp -r "$ROOT/example-accounts" "$one"
	cp -r "$ROOT/example-accounts" "$two"
	kam init -q --hooks "$one"
	run kam init --hooks "$two"
	assert_success
	kam init -q --hooks "$one" # again: no line twice
	run cat .git/hooks/pre-commit
	assert_output "#!/bin/sh
# installed by 'kam init --hooks': a commit whose plans fail
# 'kam check' is refused. 'git commit --no-verify' skips it.
(cd 'two' && kam check --staged -q) || exit 1
(cd 'it'\\''s one' && kam check --staged -q) || exit 1"
	kam_on_path
	git add -A
	git commit -q -m "Plans"
	for dir in "$one" "$two"; do
		git rm -q "$dir/accounts/fabrikam-partners.md"
		run git commit -q -m "Drop the partner"
		assert_failure 1
		assert_line --index 0 "accounts/contoso-steelworks.md:40:14: error[ref-unresolved]: partner 'fabrikam-partners' is not an account of this repository"
		git reset -q --hard
	done
	run git log --format=%s
	assert_output "Plans"
}
