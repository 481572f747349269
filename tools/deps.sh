#!/bin/sh
# The Debian packages kam builds and tests with.
#   tools/deps.sh check     exit 0 when all are installed
#   tools/deps.sh install   install the missing ones with apt-get (through sudo when not root)
#   tools/deps.sh build     install only what building kam needs (the GitHub Action)
set -eu
PACKAGES="gcc clang make pkg-config libc6-dev git tzdata valgrind
libgit2-dev libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libpcre2-dev libjansson-dev
libutf8proc-dev
libcmocka-dev bats bats-assert bats-support json-schema-test-suite chromium npm python3
python3-jsonschema python3-rfc3987 python3-icalendar python3-yaml pre-commit neovim
zsh fish mandoc"
BUILD_PACKAGES="gcc make pkg-config libc6-dev
libgit2-dev libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libpcre2-dev libjansson-dev
libutf8proc-dev"

# a tool already on PATH counts, however it was installed (npm, chromium, git...)
installed() {
	case "$1" in
	*-dev | libc6-dev | tzdata | bats-* | json-schema-test-suite) ;;
	neovim) command -v nvim >/dev/null 2>&1 && return 0 ;; # its command is nvim
	*) command -v "$1" >/dev/null 2>&1 && return 0 ;;
	esac
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing() {
	for p in $PACKAGES; do
		installed "$p" || echo "$p"
	done
}

case "${1:-}" in
check)
	[ -z "$(missing)" ] ;;
install | build)
	[ "$1" = build ] && PACKAGES=$BUILD_PACKAGES
	todo=$(missing)
	[ -z "$todo" ] && exit 0
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "installing: $todo"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $todo ;;
*)
	echo "usage: tools/deps.sh check|install|build" >&2
	exit 2 ;;
esac
