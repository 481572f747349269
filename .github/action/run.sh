#!/bin/sh
# The steps of kam's GitHub Action (action.yml), one subcommand each, so
# that they run, and are tested (tests/e2e/action.bats), outside GitHub too.
#
#   run.sh key       the cache key of the installed kam (output "key")
#   run.sh install   put kam on PATH: the cached one, else the release .deb
#                    of the version, else built from the action's own source
#   run.sh check     kam check on the plans: annotations, SARIF (output
#                    "sarif-file"); exits with kam check's status
#   run.sh summary   the pull request's changes in plan terms (kam diff)
#                    into the job summary (output "base")
#
# What GitHub gives every step: GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# RUNNER_OS, RUNNER_TEMP. What action.yml passes: INPUT_PATH, INPUT_SARIF,
# INPUT_VERSION, ACTION_REF, ACTION_REPOSITORY, KAM_DIR (the cached folder).
set -eu

ACTION_ROOT=$(cd "$(dirname "$0")/../.." && pwd)

output() {
	printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"
}

# The release version to install: the version input, else the action's ref
# when it is a release tag (v1.2.3 -> 1.2.3); empty: build from source.
release_version() {
	if [ -n "${INPUT_VERSION:-}" ]; then
		echo "${INPUT_VERSION#v}"
		return
	fi
	case "${ACTION_REF:-}" in
	v[0-9]*) echo "${ACTION_REF#v}" ;;
	esac
}

# A hash of what a build is made from: a branch ref names many commits.
source_hash() {
	(cd "$ACTION_ROOT" && find Makefile cmd lib schema tools -type f | LC_ALL=C sort |
		xargs sha256sum | sha256sum | cut -c1-16)
}

cmd_key() {
	ref=$(printf '%s' "${ACTION_REF:-local}" | tr -c 'A-Za-z0-9._-' '-')
	output key "kam-${RUNNER_OS:-Linux}-$ref-$(release_version)-$(source_hash)"
}

# kam_VERSION_amd64.deb of release vVERSION into KAM_DIR/kam.deb, with gh
# (on GitHub's runners) or curl; fails when there is no such release.
download_deb() {
	version=$1
	asset="kam_${version}_amd64.deb"
	repo=${ACTION_REPOSITORY:-}
	[ -n "$repo" ] || return 1
	if command -v gh >/dev/null 2>&1 &&
		gh release download "v$version" --repo "$repo" --pattern "$asset" --dir "$KAM_DIR" 2>/dev/null; then
		mv "$KAM_DIR/$asset" "$KAM_DIR/kam.deb"
		return 0
	fi
	curl -fsSL -o "$KAM_DIR/kam.deb" "https://github.com/$repo/releases/download/v$version/$asset" 2>/dev/null ||
		{ rm -f "$KAM_DIR/kam.deb"; return 1; }
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

build_from_source() {
	echo "kam: building kam from the action's source ($ACTION_ROOT)"
	"$ACTION_ROOT/tools/deps.sh" build
	make -C "$ACTION_ROOT" -j"$(nproc)" BUILD="$KAM_DIR/build" all
	mkdir -p "$KAM_DIR/bin"
	cp "$KAM_DIR/build/kam" "$KAM_DIR/bin/kam"
}

cmd_install() {
	mkdir -p "$KAM_DIR"
	if [ -x "$KAM_DIR/bin/kam" ]; then
		echo "kam: using the cached build"
		"$ACTION_ROOT/tools/deps.sh" build # its shared libraries
	elif [ -f "$KAM_DIR/kam.deb" ] || { v=$(release_version) && [ -n "$v" ] && download_deb "$v"; }; then
		echo "kam: installing the release package"
		as_root apt-get install -y -qq "$KAM_DIR/kam.deb"
		mkdir -p "$KAM_DIR/bin"
		ln -sf "$(command -v kam)" "$KAM_DIR/bin/kam"
	else
		build_from_source
	fi
	echo "$KAM_DIR/bin" >> "$GITHUB_PATH"
	"$KAM_DIR/bin/kam" --version
}

cmd_check() {
	cd "$GITHUB_WORKSPACE"
	path=${INPUT_PATH:-.}
	status=0
	# from the checkout's root: annotations and SARIF name files as the
	# repository does, with the plans folder in front
	kam check --format github "$path" || status=$?
	if [ "${INPUT_SARIF:-true}" = true ]; then
		sarif="${RUNNER_TEMP:-/tmp}/kam.sarif"
		kam check --format sarif "$path" > "$sarif" || true
		output sarif-file "$sarif"
	fi
	output exit-code "$status"
	exit "$status"
}

# The base to compare with: the pull request's base branch, or the commit
# before a push. Prints a revision, or nothing for other events.
base_revision() {
	case "${GITHUB_EVENT_NAME:-}" in
	pull_request | pull_request_target)
		ref=$(jq -r '.pull_request.base.ref // empty' "$GITHUB_EVENT_PATH")
		[ -n "$ref" ] || ref=${GITHUB_BASE_REF:-}
		[ -n "$ref" ] && echo "origin/$ref" ;;
	push)
		before=$(jq -r '.before // empty' "$GITHUB_EVENT_PATH")
		case "$before" in "" | 0000000000000000000000000000000000000000) ;; *) echo "$before" ;; esac ;;
	esac
}

# A base that is not here is fetched, one commit deep; one that cannot be
# had is said in the summary and fails the step: never an empty diff.
have_base() {
	git rev-parse --verify -q "$1^{commit}" >/dev/null && return 0
	case "$1" in
	origin/*) # an explicit refspec: a checkout may fetch only its own branch
		git fetch -q --depth=1 origin "+refs/heads/${1#origin/}:refs/remotes/$1" ;;
	*) git fetch -q --depth=1 origin "$1" ;;
	esac
	git rev-parse --verify -q "$1^{commit}" >/dev/null
}

cmd_summary() {
	cd "$GITHUB_WORKSPACE/${INPUT_PATH:-.}"
	base=$(base_revision)
	if [ -z "$base" ]; then
		echo "kam: no pull request or push to compare (event ${GITHUB_EVENT_NAME:-unknown}); no plan changes written"
		return 0
	fi
	output base "$base"
	if ! have_base "$base"; then
		printf '## account plans\n\nkam could not compare with `%s`: it is not in the checkout and could not be fetched.\n' \
			"$base" >> "$GITHUB_STEP_SUMMARY"
		echo "kam: $base is not in the checkout and could not be fetched" >&2
		return 1
	fi
	diff="${RUNNER_TEMP:-/tmp}/kam-diff.md"
	status=0
	kam diff --format md "$base..HEAD" > "$diff" || status=$?
	if [ "$status" -ne 0 ]; then
		printf '## account plans\n\n`kam diff %s..HEAD` failed (exit %s); see the log of this step.\n' \
			"$base" "$status" >> "$GITHUB_STEP_SUMMARY"
		return "$status"
	fi
	cat "$diff" >> "$GITHUB_STEP_SUMMARY"
}

case "${1:-}" in
key) cmd_key ;;
install) cmd_install ;;
check) cmd_check ;;
summary) cmd_summary ;;
*)
	echo "usage: run.sh key|install|check|summary" >&2
	exit 2 ;;
esac
