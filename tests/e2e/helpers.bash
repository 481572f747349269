# Shared setup for kam's end-to-end tests: every test runs in its own
# temporary folder with HOME there, TZ=UTC and LC_ALL=C.
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
FIXTURES="$ROOT/tests/fixtures"
KAM="${KAM:-$ROOT/build/kam}"

setup() {
	WORK="$BATS_TEST_TMPDIR/work"
	mkdir -p "$WORK"
	export HOME="$BATS_TEST_TMPDIR/home" TZ=UTC LC_ALL=C NO_COLOR=
	mkdir -p "$HOME"
	# plan rules depend on today: every test runs on a fixed day unless it says otherwise
	export KAM_TODAY=2026-11-20
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	cd "$WORK"
}

kam() {
	"$KAM" --color never "$@"
}

# A copy of the small test repository in $WORK/repo.
make_repo() {
	cp -r "$FIXTURES/repo" "$WORK/repo"
	cd "$WORK/repo"
}

# Check one fixture of tests/fixtures/check in a fresh repository and
# compare exit code and output with NAME.expected (first line: "exit N").
check_fixture() {
	local name="$1"
	make_repo
	cp "$FIXTURES/check/$name.md" accounts/
	run kam check "accounts/$name.md"
	local expected_status expected_output
	expected_status=$(head -n 1 "$FIXTURES/check/$name.expected" | sed 's/^exit //')
	expected_output=$(tail -n +2 "$FIXTURES/check/$name.expected")
	assert_output "$expected_output"
	assert_equal "$status" "$expected_status"
}

# A copy of the small test repository in $WORK/repo as a git repository.
git_repo() {
	make_repo
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
}

# commit_at DATE MESSAGE [AUTHOR]: commit everything with that date (git's
# test_tick), as Anna Petrova unless AUTHOR is given
commit_at() {
	git add -A
	GIT_AUTHOR_NAME="${3:-Anna Petrova}" GIT_AUTHOR_EMAIL=anna@example.com GIT_AUTHOR_DATE="$1" \
		GIT_COMMITTER_NAME="${3:-Anna Petrova}" GIT_COMMITTER_EMAIL=anna@example.com \
		GIT_COMMITTER_DATE="$1" git commit -q --allow-empty -m "$2"
}

# Put kam on PATH under its own name, for hooks and the pre-commit
# framework (KAM may be a wrapper such as tools/valgrind-kam).
kam_on_path() {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$KAM" "$BATS_TEST_TMPDIR/bin/kam"
	export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
}
