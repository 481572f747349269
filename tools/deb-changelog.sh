#!/bin/sh
# The debian/changelog of a package built from a release tarball: one entry
# for the Debian version given (made by make deb from kam's version), dated
# now, or SOURCE_DATE_EPOCH when set, for reproducible packages.
#   tools/deb-changelog.sh DEB_VERSION > debian/changelog
set -eu
version="$1"
when=$(date -u -R ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"})
cat <<END
kam ($version) unstable; urgency=medium

  * Release $version, built from the tarball of make dist.

 -- the kam authors <kam@example.org>  $when
END
