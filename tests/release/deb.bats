#!/usr/bin/env bats
# make deb: the Debian packages kam and libkam-dev, built with
# dpkg-buildpackage from make dist's tarball, lintian clean. Slow (a whole
# build): run by make test-release.

load ../e2e/helpers

setup_file() {
	cd "$BATS_TEST_DIRNAME/../.."
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u BUILD -u SANITIZE -u CFLAGS -u CPPFLAGS \
		make deb >"$BATS_FILE_TMPDIR/deb.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/deb.log" >&3; return 1; }
	export DEB_VERSION=$(git describe --tags --always | sed -e 's/^v//' -e 's/^\([^0-9]\)/0~g\1/' -e 's/-/+/g')
	export ARCH=$(dpkg --print-architecture) MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
}

deb() {
	echo "$ROOT/build/deb/${1}_${DEB_VERSION}_$ARCH.deb"
}

@test "kam: the program, its man pages, completions and schemas; depends on the libraries it links" {
	run dpkg-deb -c "$(deb kam)"
	assert_success
	assert_line --regexp ' \./usr/bin/kam$'
	assert_line --regexp ' \./usr/share/man/man1/kam\.1\.gz$'
	assert_line --regexp ' \./usr/share/man/man1/kam-check\.1\.gz$'
	assert_line --regexp ' \./usr/share/bash-completion/completions/kam$'
	assert_line --regexp ' \./usr/share/zsh/site-functions/_kam$'
	assert_line --regexp ' \./usr/share/kam/schema/account-plan\.schema\.json$'
	assert_line --regexp ' \./usr/share/doc/kam/copyright$'
	refute_line --partial "include/kam"
	run dpkg-deb -f "$(deb kam)" Version Depends
	assert_line "Version: $DEB_VERSION"
	assert_line --regexp '^Depends: .*libgit2-'
	assert_line --regexp '^Depends: .*libyaml-0-2'
}

@test "kam from the package runs: its version, kam check on the example plans" {
	dpkg-deb -x "$(deb kam)" "$WORK/root"
	cd "$ROOT/example-accounts"
	run "$WORK/root/usr/bin/kam" --version
	assert_success
	assert_line --index 0 "kam $(git describe --tags --always)"
	run "$WORK/root/usr/bin/kam" --color never check
	assert_success
	assert_output "no problems in 4 plans and 1 document"
}

@test "libkam-dev: libkam.a, the headers under /usr/include/kam, kam.pc for /usr" {
	run dpkg-deb -c "$(deb libkam-dev)"
	assert_success
	assert_line --regexp " \./usr/lib/$MULTIARCH/libkam\.a$"
	assert_line --regexp " \./usr/lib/$MULTIARCH/pkgconfig/kam\.pc$"
	assert_line --regexp ' \./usr/include/kam/kam\.h$'
	refute_line --partial "usr/bin"
	dpkg-deb -x "$(deb libkam-dev)" "$WORK/root"
	run cat "$WORK/root/usr/lib/$MULTIARCH/pkgconfig/kam.pc"
	assert_line "prefix=/usr"
	assert_line "libdir=\${prefix}/lib/$MULTIARCH"
	run dpkg-deb -f "$(deb libkam-dev)" Depends
	assert_output --partial "libgit2-dev"
	# a program built against the packaged library, as a user of libkam-dev would
	PKG_CONFIG_SYSROOT_DIR="$WORK/root" PKG_CONFIG_PATH="$WORK/root/usr/lib/$MULTIARCH/pkgconfig" \
		bash -c 'cc "$1" $(pkg-config --cflags --libs kam) -o "$2"' - "$ROOT/docs/examples/must-wins.c" "$WORK/must-wins"
	cd "$ROOT/example-accounts"
	run "$WORK/must-wins"
	assert_success
	assert_line --index 0 --partial "contoso-steelworks: "
}

@test "lintian finds no error or warning" {
	command -v lintian >/dev/null || skip "no lintian"
	run lintian --fail-on error,warning "$ROOT"/build/deb/kam_"$DEB_VERSION"_"$ARCH".changes
	assert_success
	refute_output --regexp '^[EW]: '
}
