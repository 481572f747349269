#!/usr/bin/env bats
# kam completion bash|zsh|fish: scripts generated from the command table,
# driven in real bash (its completion hooks), zsh (in a pseudo-terminal)
# and fish (complete -C).

load helpers

setup_file() {
	command -v zsh >/dev/null && command -v fish >/dev/null
}

# kam on PATH, as the scripts call it; a plans repository in $WORK/repo with
# a git history (a branch, a tag), and a file name with a space.
completion_setup() {
	mkdir -p "$WORK/bin"
	ln -sf "$KAM" "$WORK/bin/kam"
	export PATH="$WORK/bin:$PATH"
	make_repo
	cp accounts/valid-minimal.md accounts/acme.md
	git init -q -b main .
	git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m one
	git branch feature/x
	git tag v1
	echo x > "my plan.md"
	mkdir -p "$WORK/elsewhere"
	cd "$WORK/elsewhere"
}

# bash: the words of the line, the last one the word being completed
bash_complete() {
	bash -c 'source <(kam completion bash) || exit 9
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_kam; printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$@"
}

zsh_complete() {
	mkdir -p "$WORK/zfunc"
	kam completion zsh > "$WORK/zfunc/_kam"
	/usr/bin/python3 "$ROOT/tests/e2e/zsh_complete.py" "$WORK/zfunc" "$1"
}

fish_complete() {
	kam completion fish > "$WORK/kam.fish"
	fish --no-config -c "source '$WORK/kam.fish'; complete -C'$1'" | cut -f1 | sort
}

@test "bash: commands, options and --format values from the command table" {
	completion_setup
	run bash_complete kam che
	assert_output "check"
	run bash_complete kam check --f
	assert_output "--format"
	run bash_complete kam check --format ""
	assert_output "$(printf '%s\n' github gitlab json sarif text)"
	run bash_complete kam forecast --by ""
	assert_output "$(printf '%s\n' account owner tier)"
	run bash_complete kam -C "$WORK/repo" --co
	assert_output "--color"
}

@test "bash: account ids and quarters of the repository given with -C" {
	completion_setup
	run bash_complete kam -C "$WORK/repo" review ""
	assert_output "$(printf '%s\n' acme valid-minimal)"
	run bash_complete kam -C "$WORK/repo" --today 2026-11-20 forecast --quarter 2026-Q
	assert_output "$(printf '%s\n' 2026-Q1 2026-Q2 2026-Q3 2026-Q4)"
}

@test "bash: git refs for diff and --rev, also after A.." {
	completion_setup
	run bash_complete kam -C "$WORK/repo" diff ""
	assert_output "$(printf '%s\n' HEAD feature/x main v1)"
	run bash_complete kam -C "$WORK/repo" check --rev fe
	assert_output "feature/x"
	run bash_complete kam -C "$WORK/repo" diff v1..ma
	assert_output "v1..main"
}

@test "bash: a file name with a space" {
	completion_setup
	cd "$WORK/repo"
	run bash_complete kam check 'my\ p'
	assert_output "my plan.md"
}

@test "zsh: commands, --format values, accounts, refs and a file with a space" {
	completion_setup
	run zsh_complete "kam che"
	assert_output "check"
	run zsh_complete "kam check --format "
	assert_output "$(printf '%s\n' github gitlab json sarif text)"
	run zsh_complete "kam -C $WORK/repo review "
	assert_output "$(printf '%s\n' acme valid-minimal)"
	run zsh_complete "kam -C $WORK/repo diff feat"
	assert_output "feature/x"
	cd "$WORK/repo"
	run zsh_complete "kam check my"
	assert_output 'my\ plan.md' # quoted as zsh inserts it
}

@test "zsh: the function is native (no bashcompinit) and names no install path" {
	run kam completion zsh
	assert_line --index 0 "#compdef kam"
	refute_output --partial bashcompinit
	refute_output --partial /usr/
}

@test "fish: commands, --format values, accounts, refs and a file with a space" {
	completion_setup
	run fish_complete "kam di"
	assert_output "diff"
	run fish_complete "kam check --format "
	assert_output "$(printf '%s\n' github gitlab json sarif text)"
	run fish_complete "kam -C $WORK/repo review "
	assert_output "$(printf '%s\n' acme valid-minimal)"
	run fish_complete "kam -C $WORK/repo diff "
	assert_output "$(printf '%s\n' HEAD feature/x main v1)"
	cd "$WORK/repo"
	run fish_complete "kam check my"
	assert_output "my plan.md"
}

@test "kam completion rejects an unknown shell and kind" {
	run kam completion tcsh
	assert_failure 2
	assert_output "kam: completion: no completion for 'tcsh': bash, zsh or fish"
	run kam completion --values colours
	assert_failure 2
	assert_output "kam: completion: --values takes accounts, quarters, refs, members or commands, not 'colours'"
}
