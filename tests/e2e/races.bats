#!/usr/bin/env bats
# kam commit and kam review against a hostile or busy repository: symlinks,
# leftover temp files, git's index lock, a merge in progress, other
# processes committing at the same moment and a full disk. Every outcome is
# verified with git itself (git log, git fsck, git ls-tree, sha1sum).

load helpers
bats_require_minimum_version 1.5.0

# A repository with two plans committed by kam.
two_plans() {
	git_repo
	sed 's/valid-minimal/second/; s/Minimal Customer/Second Customer/' accounts/valid-minimal.md > accounts/second.md
	kam commit -q -m "two plans" >/dev/null
}

# The commit id a successful kam commit or review printed ("[main abc1234] ...").
printed_id() {
	sed -n 's/^\[main \([0-9a-f]*\)\].*/\1/p' "$1"
}

# Every commit reachable is whole, and nothing git tracks is corrupt.
assert_fsck() {
	run git fsck --no-dangling --strict
	assert_success
}

@test "commit refuses a symlink leading outside the repository and never commits the target's bytes" {
	two_plans
	echo "ssh-private-key-material" > "$HOME/secret"
	mkdir -p accounts/acme
	ln -s "$HOME/secret" accounts/acme/logo.png
	run kam commit -m "with a logo"
	assert_failure 1
	assert_output "kam: commit refused: accounts/acme/logo.png is a symbolic link to '$HOME/secret', outside the repository: remove it, or put the file itself there; nothing was committed"
	run git log --format=%s
	assert_output "two plans"
	run git ls-tree -r --name-only HEAD
	assert_output "accounts/second.md
accounts/valid-minimal.md
kam.yaml"
	# no object anywhere holds the secret
	run bash -c 'git cat-file --batch-all-objects --batch | grep -c ssh-private-key-material'
	assert_output "0"
	# a relative link that climbs out through .. is refused as well
	rm accounts/acme/logo.png
	ln -s ../../../../home/secret accounts/acme/logo.png
	run kam commit
	assert_failure 1
	assert_output --partial "accounts/acme/logo.png is a symbolic link to '../../../../home/secret', outside the repository"
	# and so is a link inside that leads on to one outside
	rm accounts/acme/logo.png
	ln -s "$HOME/secret" hop
	ln -s ../../hop accounts/acme/logo.png
	run kam commit
	assert_failure 1
	assert_output --partial "accounts/acme/logo.png is a symbolic link to '../../hop', outside the repository"
	run git log --format=%s
	assert_output "two plans"
	# a link git committed before is no change of kam's: the next plan commit goes ahead
	rm accounts/acme/logo.png hop
	ln -s "$HOME/secret" accounts/acme/logo.png
	git add accounts/acme/logo.png
	git commit -q -m "by git"
	sed -i 's/^name: Second Customer$/name: Second Customer Ltd/' accounts/second.md
	run kam commit -m "second"
	assert_success
	assert_line " 1 file changed"
	assert_line " M accounts/second.md"
}

@test "commit stores a symlink inside the repository as a link (mode 120000, its text), as git add does" {
	two_plans
	mkdir -p assets accounts/acme
	printf 'PNG' > assets/logo.png
	ln -s ../../assets/logo.png accounts/acme/logo.png
	run kam commit -m "logo"
	assert_success
	assert_line --index 0 --regexp '^\[main [0-9a-f]{7}\] logo$'
	assert_line --index 1 " 1 file changed"
	assert_line --index 2 " A accounts/acme/logo.png -> ../../assets/logo.png"
	run git ls-tree HEAD accounts/acme/logo.png
	assert_output --regexp '^120000 blob [0-9a-f]{40}	accounts/acme/logo.png$'
	run git cat-file -p HEAD:accounts/acme/logo.png
	assert_output "../../assets/logo.png"
	# the branch and HEAD have one reflog entry each, as git commit writes them
	run git reflog -1 --format=%gs HEAD
	assert_output "commit: logo"
	run git reflog -1 --format=%gs main
	assert_output "commit: logo"
	run bash -c 'git reflog --format=%gs HEAD | grep -c "^commit: logo$"'
	assert_output "1"
	# the index agrees: git sees nothing left to commit there
	run git status --porcelain accounts
	assert_output ""
	assert_fsck
}

@test "commit names every file it commits: added, modified, deleted" {
	two_plans
	sed -i 's/^name: Second Customer$/name: Second Customer Ltd/' accounts/second.md
	git rm -q accounts/valid-minimal.md
	mkdir -p accounts/second
	printf -- '---\nkind: meeting\ndate: 2026-11-02\n---\nNotes.\n' > accounts/second/call.md
	printf 'notes\n' > accounts/second/notes.txt
	run kam commit -m "many"
	assert_success
	assert_line --index 1 " 4 files changed"
	assert_line --index 2 " M accounts/second.md"
	assert_line --index 3 " A accounts/second/call.md"
	assert_line --index 4 " A accounts/second/notes.txt"
	assert_line --index 5 " D accounts/valid-minimal.md"
	run git show --name-status --format= HEAD
	assert_output "M	accounts/second.md
A	accounts/second/call.md
A	accounts/second/notes.txt
D	accounts/valid-minimal.md"
}

@test "commit commits and checks the repository's schema file with the plans" {
	two_plans
	mkdir -p schema
	printf '{"type": "object", "required": ["id", "segment"]}\n' > schema/plan.json
	printf 'schema: schema/plan.json\n' >> kam.yaml
	run kam commit -m "own schema"
	assert_failure 1
	assert_line "accounts/second.md:2:1: error[schema-required]: missing required key 'segment'"
	assert_line "kam: commit refused: 2 errors in the plans as they would be committed (--no-verify commits anyway)"
	run git log --format=%s
	assert_output "two plans"
	printf '{"type": "object", "required": ["id"]}\n' > schema/plan.json
	run kam commit -m "own schema"
	assert_success
	assert_line " 2 files changed"
	assert_line " M kam.yaml"
	assert_line " A schema/plan.json"
	run git show --name-only --format= HEAD
	assert_output "kam.yaml
schema/plan.json"
}

@test "temp files of a killed write are never committed, and the next run removes them" {
	two_plans
	sed -i 's/^name: Second Customer$/name: Second Customer Ltd/' accounts/second.md
	printf 'half-written\n' > accounts/second.md.kam-tmp-Ab12Cd
	printf 'half-written\n' > kam.yaml.kam-tmp-Zz9Yy8
	run kam commit -m "second"
	assert_success
	assert_line --index 0 "kam: commit: removed accounts/second.md.kam-tmp-Ab12Cd, left by a kam write that was interrupted"
	assert_line --index 1 "kam: commit: removed kam.yaml.kam-tmp-Zz9Yy8, left by a kam write that was interrupted"
	assert_line " 1 file changed"
	assert_line " M accounts/second.md"
	[ ! -e accounts/second.md.kam-tmp-Ab12Cd ]
	[ ! -e kam.yaml.kam-tmp-Zz9Yy8 ]
	run git ls-tree -r --name-only HEAD
	assert_output "accounts/second.md
accounts/valid-minimal.md
kam.yaml"
	# review cleans up too, and its own write leaves none behind
	printf 'half-written\n' > accounts/valid-minimal.md.kam-tmp-Qq1Ww2
	run kam review valid-minimal
	assert_success
	assert_line --index 0 "kam: review: removed accounts/valid-minimal.md.kam-tmp-Qq1Ww2, left by a kam write that was interrupted"
	run bash -c 'find . -name "*.kam-tmp-*" -o -name "*.kam-new-*"'
	assert_output ""
	# a file that merely looks similar is an ordinary file, committed
	printf 'x\n' > accounts/second.md.kam-tmp-notes
	run kam commit -m "notes"
	assert_success
	assert_line " A accounts/second.md.kam-tmp-notes"
}

@test "with .git/index.lock present, commit and review fail before HEAD moves and leave the index as it was" {
	two_plans
	sed -i 's/^name: Second Customer$/name: Second Customer Ltd/' accounts/second.md
	local head index plan
	head=$(git rev-parse HEAD)
	touch .git/index.lock
	index=$(sha1sum .git/index)
	plan=$(sha1sum accounts/valid-minimal.md)
	run kam commit -m "locked"
	assert_failure 2
	assert_output "kam: commit: cannot lock git's index: '$WORK/repo/.git/index.lock' exists: another git process seems to be running in this repository (if none is, remove that file); nothing was changed"
	run kam review valid-minimal
	assert_failure 2
	assert_output "kam: review: cannot lock git's index: '$WORK/repo/.git/index.lock' exists: another git process seems to be running in this repository (if none is, remove that file); nothing was changed"
	assert_equal "$(git rev-parse HEAD)" "$head"
	assert_equal "$(sha1sum .git/index)" "$index"
	assert_equal "$(sha1sum accounts/valid-minimal.md)" "$plan"
	# the lock is not kam's: it stays; once it is gone, nothing is staged
	[ -e .git/index.lock ]
	rm .git/index.lock
	run git diff --cached --name-only
	assert_output ""
	run git status --porcelain
	assert_output " M accounts/second.md"
}

@test "during a conflicted merge, commit and review refuse as git refuses a partial commit" {
	two_plans
	git checkout -q -b side
	sed -i 's/^name: Second Customer$/name: Side/' accounts/second.md
	git commit -q -am side
	git checkout -q main
	sed -i 's/^name: Second Customer$/name: Main/' accounts/second.md
	git commit -q -am main
	run git merge side
	assert_failure
	local head index
	head=$(git rev-parse HEAD)
	index=$(sha1sum .git/index)
	run kam commit -m "merged"
	assert_failure 1
	assert_output "kam: commit refused: a merge is in progress: conclude it (git commit) or abort it (git merge --abort) first; nothing was changed"
	run kam review valid-minimal
	assert_failure 1
	assert_output "kam: review refused: a merge is in progress: conclude it (git commit) or abort it (git merge --abort) first; nothing was changed"
	assert_equal "$(git rev-parse HEAD)" "$head"
	assert_equal "$(sha1sum .git/index)" "$index"
	[ -e .git/MERGE_HEAD ]
	git merge --abort
	run kam review valid-minimal
	assert_success
	run git log -1 --format=%P
	assert_output "$head"
}

@test "a cherry-pick or revert in progress is refused too" {
	two_plans
	git checkout -q -b side
	sed -i 's/^name: Second Customer$/name: Side/' accounts/second.md
	git commit -q -am side
	git checkout -q main
	sed -i 's/^name: Second Customer$/name: Main/' accounts/second.md
	git commit -q -am main
	run git cherry-pick side
	assert_failure
	run kam commit
	assert_failure 1
	assert_output "kam: commit refused: a cherry-pick is in progress: finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort) first; nothing was changed"
	git cherry-pick --abort
	sed -i 's/^name: Main$/name: Main again/' accounts/second.md
	git commit -q -am "main again"
	run git revert --no-edit HEAD~1
	assert_failure
	run kam review valid-minimal
	assert_failure 1
	assert_output "kam: review refused: a revert is in progress: finish it (git revert --continue) or abort it (git revert --abort) first; nothing was changed"
}

@test "twenty rounds of two kam review at once: every review that succeeds is in the history" {
	two_plans
	local round date a b
	for round in $(seq 10 29); do
		date=2026-10-$round
		KAM_TODAY=$date "$KAM" review valid-minimal > "$WORK/a.out" 2>&1 &
		a=$!
		KAM_TODAY=$date "$KAM" review second > "$WORK/b.out" 2>&1 &
		b=$!
		local sa=0 sb=0
		wait $a || sa=$?
		wait $b || sb=$?
		for f in a b; do
			local st id
			[ $f = a ] && st=$sa || st=$sb
			id=$(printed_id "$WORK/$f.out")
			if [ "$st" = 0 ]; then # a success is in the history, for good
				[ -n "$id" ] || { cat "$WORK/$f.out"; false; }
				git merge-base --is-ancestor "$id" HEAD || { echo "round $round: $id was lost"; false; }
			else # a failure is clean and says so
				[ "$st" = 2 ] || { cat "$WORK/$f.out"; false; }
				[ -z "$id" ]
				grep -q "nothing was changed" "$WORK/$f.out"
			fi
		done
		# HEAD has each plan's date of its last successful review
		[ "$sa" != 0 ] || git show HEAD:accounts/valid-minimal.md | grep -qx "reviewed: $date"
		[ "$sb" != 0 ] || git show HEAD:accounts/second.md | grep -qx "reviewed: $date"
		run git status --porcelain
		assert_output ""
	done
	# with retries both succeed every round: 40 reviews on top of the first commit
	run git rev-list --count HEAD
	assert_output "41"
	assert_fsck
}

@test "two kam commit at once: one commits, the other commits the rest or finds nothing left; none is lost" {
	two_plans
	local round a b
	for round in $(seq 1 10); do
		sed -i "s/^name: .*/name: Minimal $round/" accounts/valid-minimal.md
		sed -i "s/^name: .*/name: Second $round/" accounts/second.md
		"$KAM" commit -m "a$round" > "$WORK/a.out" 2>&1 &
		a=$!
		"$KAM" commit -m "b$round" > "$WORK/b.out" 2>&1 &
		b=$!
		wait $a
		wait $b
		for f in a b; do
			local id
			id=$(printed_id "$WORK/$f.out")
			[ -n "$id" ] || grep -qx "nothing to commit: the plans are as HEAD has them" "$WORK/$f.out"
			[ -z "$id" ] || git merge-base --is-ancestor "$id" HEAD
		done
		# whatever the split, HEAD holds the work tree and nothing is staged
		run git status --porcelain
		assert_output ""
	done
	assert_fsck
}

@test "git commits landing while kam reviews and commits are never reverted" {
	two_plans
	local round k g
	for round in $(seq 1 15); do
		echo "notes $round" > notes.txt
		KAM_TODAY=2026-10-$((round + 10)) "$KAM" review second > "$WORK/k.out" 2>&1 &
		k=$!
		(git add notes.txt && git commit -q -m "notes $round") > "$WORK/g.out" 2>&1 &
		g=$!
		local sk=0 sg=0
		wait $k || sk=$?
		wait $g || sg=$?
		if [ "$sg" = 0 ]; then # git's commit holds: its file is at HEAD
			run git show HEAD:notes.txt
			assert_output "notes $round"
		else # git refused (kam held the index lock, or moved HEAD under git's own compare-and-swap)
			grep -qE "index.lock|cannot lock ref 'HEAD'" "$WORK/g.out" || { cat "$WORK/g.out"; false; }
			git add notes.txt && git commit -q -m "notes $round (again)"
		fi
		if [ "$sk" = 0 ]; then
			git merge-base --is-ancestor "$(printed_id "$WORK/k.out")" HEAD
			git show HEAD:accounts/second.md | grep -qx "reviewed: 2026-10-$((round + 10))"
		fi
		run git status --porcelain
		assert_output ""
	done
	# every notes commit is in the history, in order
	run bash -c "git log --format=%s | grep -c '^notes '"
	assert_output "15"
	assert_fsck
}

@test "review keeps the plan's permissions and refuses a symlinked plan" {
	two_plans
	chmod 640 accounts/valid-minimal.md
	run kam review valid-minimal
	assert_success
	assert_equal "$(stat -c %a accounts/valid-minimal.md)" "640"
	chmod 755 accounts/second.md
	git update-index --chmod=+x accounts/second.md
	git commit -q -m "executable"
	run kam review second
	assert_success
	assert_equal "$(stat -c %a accounts/second.md)" "755"
	run git ls-tree HEAD accounts/second.md
	assert_output --regexp '^100755 '
	run kam review --no-commit second
	assert_equal "$(stat -c %a accounts/second.md)" "755"
	# a symlinked plan stays a symlink: review refuses to replace it
	mv accounts/second.md second.md
	ln -s ../second.md accounts/second.md
	local head; head=$(git rev-parse HEAD)
	run kam review second
	assert_failure 1
	assert_output "kam: review: accounts/second.md is a symbolic link: kam review edits only plain files (edit the file it points to); nothing was changed"
	run kam review --no-commit second
	assert_failure 1
	[ -L accounts/second.md ]
	assert_equal "$(git rev-parse HEAD)" "$head"
}

# full_disk_round FREE_PAGES DATE: fill the tmpfs but FREE_PAGES pages and
# run kam review valid-minimal; the outcome in $WORK/out and $status.
full_disk_round() {
	dd if=/dev/zero of="$DISK/fill" bs=4k 2>/dev/null || true
	truncate -s -$(($1 * 4096)) "$DISK/fill"
	KAM_TODAY=$2 "$KAM" --color never review valid-minimal > "$WORK/out" 2>&1 && status=0 || status=$?
	rm -f "$DISK/fill"
}

@test "on a full disk review either commits or changes nothing, and never says unchanged when it is not" {
	if [ "$(id -u)" != 0 ]; then
		skip "needs root to mount a small tmpfs (a full disk)"
	fi
	DISK="$BATS_TEST_TMPDIR/disk"
	mkdir -p "$DISK"
	if ! mount -t tmpfs -o size=2m tmpfs "$DISK" 2>/dev/null; then
		skip "cannot mount a tmpfs here (no CAP_SYS_ADMIN): the full-disk case needs one"
	fi
	cp -r "$FIXTURES/repo" "$DISK/repo"
	cd "$DISK/repo"
	git init -q -b main .
	git config user.name Test
	git config user.email test@example.com
	kam commit -q -m first >/dev/null
	local free before plan id failures=0 successes=0
	for free in 0 1 2 3 4 5 6 7 8 10 12 16; do
		before=$(git rev-parse HEAD)
		plan=$(sha1sum accounts/valid-minimal.md)
		full_disk_round "$free" "2026-10-$((free + 10))"
		if [ "$status" = 0 ]; then
			successes=$((successes + 1))
			id=$(printed_id "$WORK/out")
			assert_equal "$(git rev-parse --short=7 HEAD)" "$id"
			assert_equal "$(git rev-parse HEAD~1)" "$before"
			git show HEAD:accounts/valid-minimal.md | grep -qx "reviewed: 2026-10-$((free + 10))"
			grep -qx "reviewed: 2026-10-$((free + 10))" accounts/valid-minimal.md
		else
			failures=$((failures + 1))
			assert_equal "$status" 2
			assert_equal "$(git rev-parse HEAD)" "$before"
			# "unchanged" or "nothing was changed" only when byte-identical
			grep -qE "(is unchanged|nothing was changed)$" "$WORK/out" || { cat "$WORK/out"; false; }
			assert_equal "$(sha1sum accounts/valid-minimal.md)" "$plan"
		fi
		[ ! -e .git/index.lock ]
		run bash -c 'find . -name "*.kam-tmp-*" -o -name "*.kam-new-*"'
		assert_output ""
		run git status --porcelain
		assert_output ""
		run git fsck --no-dangling --strict
		assert_success
	done
	cd "$WORK"
	umount "$DISK"
	# both outcomes were seen: the disk really was full for some rounds
	[ "$failures" -gt 0 ]
	[ "$successes" -gt 0 ]
}

teardown() {
	if [ -n "${DISK:-}" ] && mountpoint -q "$DISK" 2>/dev/null; then
		cd /
		umount "$DISK"
	fi
}
