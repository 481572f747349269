#!/usr/bin/env bats
# kam lsp with a real client: Neovim (Debian's package, 0.7+) headless, its
# built-in LSP client talking to build/kam lsp --stdio. One step of
# tests/lsp/nvim/ per test; each step writes "ok STEP" or "FAIL STEP: why"
# to a result file and exits 0 or 1; every wait inside has a time limit and
# nvim runs under timeout(1), so a missing or silent server fails, not hangs.

load helpers

NVIM_DIR="$ROOT/tests/lsp/nvim"

setup_file() {
	command -v nvim >/dev/null || skip "nvim is not installed (tools/deps.sh install)"
}

# $WORK/repo: tests/fixtures/repo and the plans of tests/lsp/nvim/repo.
nvim_repo() {
	make_repo
	cp "$NVIM_DIR"/repo/accounts/*.md accounts/
}

# Run one step in $WORK/repo: nvim's status and the step's result line.
nvim_step() {
	local step="$1"
	cd "$WORK/repo"
	status=0
	KAM="$KAM" KAM_NVIM_RESULT="$WORK/result" timeout 60 nvim --headless --clean \
		-u "$NVIM_DIR/init.lua" +"luafile $NVIM_DIR/$step.lua" </dev/null >"$WORK/nvim.out" 2>&1 || status=$?
	output=$(cat "$WORK/result" 2>/dev/null || echo "no result: nvim exited $status: $(cat "$WORK/nvim.out")")
}

@test "nvim: opening a plan with broken references shows kam's findings, exact codes, messages and places; fixing the buffer clears them" {
	nvim_repo
	cp "$NVIM_DIR/broken.md" accounts/c.md
	nvim_step diagnostics
	assert_output "ok diagnostics"
	assert_equal "$status" 0
}

@test "nvim: completion after 'decision_leader: ' offers the plan's contact ids" {
	nvim_repo
	nvim_step completion
	assert_output "ok completion"
	assert_equal "$status" 0
}

@test "nvim: go to definition from [[b#c.mueller]] lands on the contact's id in b.md, and from a decision_leader" {
	nvim_repo
	nvim_step definition
	assert_output "ok definition"
	assert_equal "$status" 0
}

@test "nvim: renaming a contact changes every use on disk (two files, :wall); kam check finds no problem" {
	nvim_repo
	nvim_step rename
	assert_output "ok rename"
	assert_equal "$status" 0
	run kam check
	assert_success
	assert_output "no problems in 3 plans"
	run grep -rl 'c\.mueller' accounts
	assert_failure
}

@test "nvim: a missing server fails the step at once with a clear message" {
	nvim_repo
	KAM="$WORK/no-such-kam" nvim_step diagnostics
	assert_output "FAIL diagnostics: the server is missing: $WORK/no-such-kam is not an executable file"
	assert_equal "$status" 1
}

@test "nvim: a server that exits at once fails the step with its exit code, not a hang" {
	nvim_repo
	KAM=/bin/false nvim_step diagnostics
	assert_output --partial "FAIL diagnostics: kam lsp exited (code 1, signal 0) while waiting for the answer to initialize"
	assert_equal "$status" 1
}

@test "nvim: a server that never answers fails the step when the wait runs out" {
	nvim_repo
	printf '#!/bin/sh\nexec sleep 30\n' >"$WORK/silent"
	chmod +x "$WORK/silent"
	KAM="$WORK/silent" KAM_NVIM_WAIT=1000 nvim_step diagnostics
	assert_output "FAIL diagnostics: timed out after 1000 ms waiting for the answer to initialize"
	assert_equal "$status" 1
}

@test "nvim: a server that does not exit 0 after shutdown and exit fails the step (valgrind's leak status)" {
	nvim_repo
	cp "$NVIM_DIR/broken.md" accounts/c.md
	printf '#!/bin/sh\n"%s" "$@"\nexit 99\n' "$KAM" >"$WORK/kam-99"
	chmod +x "$WORK/kam-99"
	KAM="$WORK/kam-99" nvim_step diagnostics
	assert_output "FAIL diagnostics: kam lsp exited (code 99, signal 0) after shutdown and exit, not with 0"
	assert_equal "$status" 1
}
