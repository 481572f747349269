#!/bin/sh
# kam's libgit2 call sites compiled against the declarations of the libgit2
# releases it supports but Debian 12 cannot install (1.8.0, whose
# git_commit_create takes `git_commit *const parents[]`, and 1.9), with
# warnings as errors: GCC 14 makes incompatible pointer types an error.
#
# tests/compat/libgit2-VERSION/git2.h, first on the include path, holds, copied by gen_libgit2_shim.py from
# that release's own headers, the declaration of every libgit2 function kam
# calls, each renamed so it replaces the installed one; the types (git_oid,
# git_index_entry, the enums) still come from the installed headers.
#   CC=clang tests/compat/libgit2.sh
set -eu
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
flags="-std=c11 -Wall -Wextra -Werror -Wno-gnu-include-next $(pkg-config --cflags libgit2 yaml-0.1 libcmark-gfm libpcre2-8 jansson libutf8proc) -Ilib/include -Ilib"
sources=$(grep -l '#include <git2.h>' lib/*.c cmd/*.c)
shims=$(ls -d tests/compat/libgit2-*/)
installed=$(echo '#include <git2.h>' | $CC -E -P - | tr -s ' \t' '  ')
status=0

# every libgit2 function kam calls has its declaration in each release's file
for name in $(grep -ohE '\bgit_[a-z0-9_]+ *\(' $sources | tr -d ' (' | sort -u); do
	printf '%s\n' "$installed" | grep -qE "\\b$name ?\\(" || continue # kam's own
	for shim in $shims; do
		if ! grep -q "^#define $name " "$shim/git2.h"; then
			echo "not in $shim: $name (run tests/compat/gen_libgit2_shim.py)"
			status=1
		fi
	done
done

for shim in $shims; do
	failed=0
	for src in $sources; do
		if ! $CC $flags -fsyntax-only -I"$shim" "$src"; then
			echo "FAIL: $src against $shim"
			failed=1
		fi
	done
	[ "$failed" = 0 ] && echo "ok: $(echo $sources) against $shim" || status=1
done

# the check bites: parents typed for 1.5 and 1.9 fail against 1.8.0
for shim in $shims; do
	expect=0
	case "$shim" in *-1.8.0/ | *-1.8.1/) expect=1 ;; esac
	got=0
	$CC $flags -fsyntax-only -I"$shim" tests/compat/parents.c 2>/dev/null || got=1
	if [ "$got" != "$expect" ]; then
		echo "FAIL: tests/compat/parents.c against $shim: expected $([ $expect = 1 ] && echo an error || echo no error)"
		status=1
	fi
done
[ "$status" = 0 ] && echo "ok: tests/compat/parents.c fails against 1.8.0 only"
exit $status
