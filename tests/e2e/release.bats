#!/usr/bin/env bats
# Releases: the version, make dist's tarball built where there is no git,
# make install's folders and kam.pc, the public headers from C++, and no doc
# naming a tag that does not exist. (make deb: tests/release, make test-release.)

load helpers

# make as a user types it, even under make asan (whose
# BUILD, SANITIZE and CFLAGS are in the environment); PATH from MAKE_PATH
plain_make() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u BUILD -u SANITIZE -u CFLAGS -u CPPFLAGS \
		-u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE PATH="${MAKE_PATH:-$PATH}" make "$@"
}

# a PATH with every program of /usr/bin and /bin but git
path_without_git() {
	local dir="$1" f
	mkdir -p "$dir"
	for f in /usr/local/bin/* /usr/bin/* /bin/*; do
		case "${f##*/}" in git | git-*) continue ;; esac
		[ -x "$f" ] && [ ! -e "$dir/${f##*/}" ] && ln -s "$f" "$dir/${f##*/}"
	done
	echo "$dir"
}

# make dist once; the tarball unpacked and built with plain make, outside the
# repository, without git on PATH and no GIT_ variables
setup_file() {
	cd "$BATS_TEST_DIRNAME/../.."
	DIST_TAR=$(plain_make -s dist | tail -n 1)
	export DIST_TAR="$PWD/$DIST_TAR"
	export DIST_VERSION=$(git describe --tags --always)
	export DIST_ROOT="$BATS_FILE_TMPDIR/unpacked/kam-$DIST_VERSION"
	mkdir -p "$BATS_FILE_TMPDIR/unpacked"
	tar -xzf "$DIST_TAR" -C "$BATS_FILE_TMPDIR/unpacked"
	export NOGIT_PATH=$(path_without_git "$BATS_FILE_TMPDIR/bin") MAKE_PATH="$BATS_FILE_TMPDIR/bin"
	cd "$DIST_ROOT"
	plain_make -j2 >"$BATS_FILE_TMPDIR/build.log" 2>&1
}

@test "kam --version: kam's version from git describe, then the libraries' as they run" {
	[ -e "$ROOT/.git" ] && [ ! -e "$ROOT/VERSION" ] || skip "not a git checkout"
	run kam --version
	assert_success
	assert_output "kam $(git -C "$ROOT" describe --tags --always --dirty)
libgit2 $(pkg-config --modversion libgit2)
libyaml $(pkg-config --modversion yaml-0.1)
cmark-gfm $(pkg-config --modversion libcmark-gfm)
jansson $(pkg-config --modversion jansson)
pcre2 $(pkg-config --modversion libpcre2-8) $(sed -n 's/^#define PCRE2_DATE *//p' /usr/include/pcre2.h)
utf8proc $(sed -n 's/^#define UTF8PROC_VERSION_\(MAJOR\|MINOR\|PATCH\) *//p' /usr/include/utf8proc.h | paste -sd.)"
}

@test "make dist: HEAD's files and a VERSION file, under kam-VERSION/" {
	[ "$(basename "$DIST_TAR")" = "kam-$DIST_VERSION.tar.gz" ]
	run tar -tzf "$DIST_TAR"
	assert_line "kam-$DIST_VERSION/VERSION"
	assert_line "kam-$DIST_VERSION/Makefile"
	assert_line "kam-$DIST_VERSION/LICENSE"
	assert_line "kam-$DIST_VERSION/debian/control"
	refute_line --partial "/.git/"
	[ "$(git -C "$ROOT" ls-tree -r --name-only HEAD | wc -l)" -eq "$(($(tar -tzf "$DIST_TAR" | grep -vc '/$') - 1))" ]
	[ "$(cat "$DIST_ROOT/VERSION")" = "$DIST_VERSION" ]
}

@test "the tarball builds without git and its kam works: version from VERSION, kam check" {
	[ -x "$DIST_ROOT/build/kam" ] || { cat "$BATS_FILE_TMPDIR/build.log"; false; }
	[ -f "$DIST_ROOT/build/libkam.a" ]
	run env PATH="$NOGIT_PATH" sh -c 'command -v git || echo "no git"'
	assert_output "no git"
	cd "$DIST_ROOT/example-accounts"
	run "$DIST_ROOT/build/kam" --version
	assert_success
	assert_line --index 0 "kam $DIST_VERSION"
	assert_line --index 1 "libgit2 $(pkg-config --modversion libgit2)"
	run env PATH="$NOGIT_PATH" "$DIST_ROOT/build/kam" --color never check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "make install honours DESTDIR, PREFIX, BINDIR, LIBDIR, MANDIR; kam.pc is made for each PREFIX" {
	cd "$DIST_ROOT"
	plain_make -s install DESTDIR="$WORK/opt" PREFIX=/opt/kam >/dev/null
	[ -x "$WORK/opt/opt/kam/bin/kam" ] && [ -f "$WORK/opt/opt/kam/lib/libkam.a" ]
	[ -f "$WORK/opt/opt/kam/share/man/man1/kam.1" ] && [ -f "$WORK/opt/opt/kam/include/kam/kam.h" ]
	run cat "$WORK/opt/opt/kam/lib/pkgconfig/kam.pc"
	assert_line "prefix=/opt/kam"
	assert_line 'libdir=${prefix}/lib'
	assert_line 'includedir=${prefix}/include'
	assert_line "Version: $DIST_VERSION"
	plain_make -s install DESTDIR="$WORK/usr" PREFIX=/usr BINDIR=/usr/games \
		LIBDIR=/usr/lib/x86_64-linux-gnu MANDIR=/usr/man >/dev/null
	[ -x "$WORK/usr/usr/games/kam" ] && [ -f "$WORK/usr/usr/lib/x86_64-linux-gnu/libkam.a" ]
	[ -f "$WORK/usr/usr/man/man1/kam-check.1" ] && [ ! -e "$WORK/usr/usr/share/man" ]
	run cat "$WORK/usr/usr/lib/x86_64-linux-gnu/pkgconfig/kam.pc"
	assert_line "prefix=/usr"
	assert_line 'libdir=${prefix}/lib/x86_64-linux-gnu'
	# a program built against this install
	export PKG_CONFIG_SYSROOT_DIR="$WORK/usr" PKG_CONFIG_PATH="$WORK/usr/usr/lib/x86_64-linux-gnu/pkgconfig"
	cc "$ROOT/docs/examples/must-wins.c" $(pkg-config --cflags --libs kam) -o "$WORK/must-wins"
	cd "$DIST_ROOT/example-accounts"
	run "$WORK/must-wins"
	assert_success
	assert_line --index 0 --partial "contoso-steelworks: "
}

@test "CPPFLAGS reach every compilation; the library is built with -fPIC" {
	cd "$DIST_ROOT"
	run plain_make -n -B build/lib/pool.o build/cmd/main.o CPPFLAGS=-DKAM_FROM_CPPFLAGS
	assert_success
	[ "$(grep -c -- '-DKAM_FROM_CPPFLAGS' <<<"$output")" -eq 2 ]
	[ "$(grep -c -- '-fPIC' <<<"$output")" -eq 2 ]
	# no relocation in libkam.a that a shared object could not hold
	cc -shared -o "$WORK/libkam-test.so" -Wl,--whole-archive build/libkam.a -Wl,--no-whole-archive
}

@test "the public headers declare C functions from C++" {
	command -v g++ >/dev/null || skip "no g++"
	cd "$DIST_ROOT"
	{
		for h in lib/include/kam/*.h; do echo "#include \"kam/${h##*/}\""; done
		printf '%s\n' '#include <cstdio>' 'int main() {' \
			'	kam_quarter q;' '	char text[8];' \
			'	if (!kam_quarter_parse("2026-Q3", &q)) return 1;' \
			'	kam_quarter_format(q, text);' \
			'	std::printf("%s %s\n", text, kam_rule_id(KAM_RULE_FILE_UNREADABLE));' \
			'	return 0;' '}'
	} >"$WORK/all.cpp"
	g++ -std=c++17 -Wall -Wextra -Werror -Ilib/include $(pkg-config --cflags libgit2 jansson) "$WORK/all.cpp" \
		build/libkam.a $(pkg-config --libs libgit2 yaml-0.1 libcmark-gfm libpcre2-8 jansson) \
		-lcmark-gfm-extensions -lpthread -lm -o "$WORK/all"
	run "$WORK/all"
	assert_success
	assert_output "2026-Q3 file-unreadable"
}

@test "no doc or example names a version tag that does not exist" {
	cd "$ROOT"
	tags=$(git tag -l)
	run bash -c "git grep -I -o -h -E '(rev|ref|tag|version|kam@)[: =]*v[0-9]+\.[0-9]+(\.[0-9]+)?\b' -- '*.md' '*.yaml' '*.yml' | grep -o -E 'v[0-9.]+' | sort -u"
	for t in $output; do
		grep -qx -F "$t" <<<"$tags" || { echo "no tag $t"; false; }
	done
}

@test "a changed VERSION file makes the version header, and the objects using it, again" {
	# last: it leaves the unpacked tree at another version
	cd "$DIST_ROOT"
	echo 9.8.7-test > VERSION
	run plain_make -j2
	assert_success
	assert_output --partial "cmd/main.c"
	run build/kam --version
	assert_line --index 0 "kam 9.8.7-test"
	# unchanged, nothing is compiled
	run plain_make
	assert_success
	refute_output --partial "cc "
}
