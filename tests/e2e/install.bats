#!/usr/bin/env bats
# make install and uninstall, man pages from --help, completion, and a
# program of one's own built against the installed libkam with pkg-config.

load helpers

@test "make install puts everything under PREFIX; the example program builds and runs" {
	# a plain build, even under make asan (its BUILD, SANITIZE and CFLAGS are in the environment)
	env -u MAKEFLAGS -u MAKELEVEL -u BUILD -u SANITIZE -u CFLAGS make -s -C "$ROOT" install DESTDIR="$WORK/root" PREFIX=/usr >/dev/null
	cd "$WORK/root/usr"
	[ -x bin/kam ]
	[ -f lib/libkam.a ] && [ -f lib/pkgconfig/kam.pc ] && [ -f include/kam/kam.h ]
	[ -f share/kam/schema/account-plan.schema.json ]
	[ -f share/bash-completion/completions/kam ] && [ -f share/zsh/site-functions/_kam ]
	[ -f share/fish/vendor_completions.d/kam.fish ]
	[ -f share/man/man5/kam-format.5 ] && [ -f share/man/man7/kam-rules.7 ]
	# a page per command, made from its --help text
	for c in $("$KAM" help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
		[ -f "share/man/man1/kam-$c.1" ] || { echo "no page for $c"; false; }
	done
	run grep -c -x -F 'warnings fail the check too' share/man/man1/kam-check.1
	assert_output "1"
	# libkam for other programs
	export PKG_CONFIG_SYSROOT_DIR="$WORK/root"
	export PKG_CONFIG_PATH="$WORK/root/usr/lib/pkgconfig"
	cc "$ROOT/docs/examples/must-wins.c" $(pkg-config --cflags --libs kam) -o "$WORK/must-wins"
	cd "$ROOT/example-accounts"
	run "$WORK/must-wins"
	assert_success
	assert_output "contoso-steelworks: Energy monitoring pilot at the Duisburg plant (decision leader: c.krause)
fabrikam-partners: Three-year reseller agreement with volume commitment (decision leader: c.larsen)
northwind-bank: Core banking migration to the regulated cloud, wave 1 (decision leader: c.mueller)
northwind-bank: Regulatory reporting platform (DORA, Basel IV) (decision leader: c.schmidt)
tailspin-retail: Store platform roll-out, Poland (260 stores) (decision leader: c.novak)"
	env -u MAKEFLAGS -u MAKELEVEL -u BUILD -u SANITIZE -u CFLAGS make -s -C "$ROOT" uninstall DESTDIR="$WORK/root" PREFIX=/usr >/dev/null
	run find "$WORK/root" -type f
	assert_output ""
}

@test "bash completion completes commands, options, accounts and quarters" {
	mkdir -p "$WORK/bin" && ln -s "$KAM" "$WORK/bin/kam"
	cd "$ROOT/example-accounts"
	run bash -c "PATH='$WORK/bin':\$PATH; source <(kam completion bash)
		COMP_WORDS=(kam st); COMP_CWORD=1; _kam; echo \${COMPREPLY[*]}
		COMP_WORDS=(kam check --f); COMP_CWORD=2; _kam; echo \${COMPREPLY[*]}
		COMP_WORDS=(kam review n); COMP_CWORD=2; _kam; echo \${COMPREPLY[*]}
		COMP_WORDS=(kam diff --quarter 2026-Q); COMP_CWORD=3; _kam; echo \${COMPREPLY[*]}"
	assert_success
	assert_output "status
--format
northwind-bank
2026-Q1 2026-Q2 2026-Q3 2026-Q4"
}
