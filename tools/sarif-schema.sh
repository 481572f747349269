#!/bin/sh
# Fetch the official SARIF 2.1.0 JSON schema (as shipped in Microsoft's
# @microsoft/jest-sarif package on the npm registry) to DEST, for the test
# that validates kam's SARIF output. Nothing of it is committed.
# Usage: tools/sarif-schema.sh DEST
set -eu
dest="$1"
[ -s "$dest" ] && exit 0
command -v npm >/dev/null || { echo "sarif-schema: npm is needed (tools/deps.sh install)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null)
tar -xzf "$tmp"/microsoft-jest-sarif-*.tgz -C "$tmp" package/lib/schemas/sarif-2.1.0-rtm.5.json
mkdir -p "$(dirname "$dest")"
cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$dest"
