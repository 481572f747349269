#!/bin/sh
# make bench: kam on generated plans (N = 1,000 and 10,000) and on a 5,000-
# commit history, against its floor measured in the same run on the same
# files. Prints a table and writes build/bench.json. Corpora are cached in
# build/bench/ (delete them to regenerate; the generator is deterministic).
# Each time is the best of BENCH_RUNS (3) runs with warm caches; each ratio
# to the floor is the median of as many pairs, the floor measured right
# before the command, so that both run on the same machine: a shared
# virtual machine's speed drifts by a quarter within minutes.
set -eu
B=build/bench
KAM="$PWD/build/kam"
M="$B/measure"
SIZES="${BENCH_SIZES:-1000 10000}"
COMMITS="${BENCH_COMMITS:-5000}"
export KAM_TODAY=2026-11-20
json="$B/bench.json.tmp"
printf '{\n  "machine": "%s, %s cores",\n  "results": [\n' "$(uname -m)" "$(nproc)" > "$json"
first=1
row() { # row NAME N SECONDS KIB FLOOR_SECONDS RATIO FILES BYTES
	ratio=$(awk -v r="$6" 'BEGIN { printf "%.2f", r }')
	rate=$(awk -v s="$3" -v f="$7" 'BEGIN { printf "%.0f", f / s }')
	mbs=$(awk -v s="$3" -v b="$8" 'BEGIN { printf "%.1f", b / s / 1048576 }')
	printf '%-28s %6s %9.3f s %9s plans/s %7s MB/s %8s MiB RSS   %6s x floor\n' "$1" "$2" "$3" "$rate" "$mbs" \
		"$(($4 / 1024))" "$ratio"
	[ $first = 1 ] || printf ',\n' >> "$json"
	first=0
	printf '    {"command": "%s", "plans": %s, "seconds": %s, "plans_per_second": %s, "mb_per_second": %s, "peak_rss_kib": %s, "floor_seconds": %s, "ratio_to_floor": "%s"}' \
		"$1" "$2" "$3" "$rate" "$mbs" "$4" "$5" "$ratio" >> "$json"
}
# best of BENCH_RUNS (default 3) wall times, the largest peak RSS: a shared
# virtual machine's noise only ever adds time
RUNS="${BENCH_RUNS:-3}"
measure() {
	for _ in $(seq 1 "$RUNS"); do "$M" "$@"; done |
		awk 'NR == 1 || $1 < t { t = $1 } $2 > r { r = $2 } END { printf "%s %s\n", t, r }'
}
# paired FLOOR_FUNCTION CMD ARGS...: RUNS pairs of the floor (a function
# printing its seconds) and the command; prints the command's best seconds,
# its largest peak RSS and the median of the pairs' ratios
paired() {
	fn=$1
	shift
	runs=$(for _ in $(seq 1 "$RUNS"); do echo "$($fn) $("$M" "$@")"; done)
	echo "$runs" | awk 'NR == 1 || $2 < t { t = $2 } $3 > k { k = $3 } END { printf "%s %s ", t, k }'
	echo "$runs" | awk '{ printf "%.4f\n", $2 / $1 }' | sort -n |
		awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }'
}
plans_floor() { "$B/floor" "$dir" | awk '{ printf "%.4f", $3 + $4 + $5 }'; }
git_floor() { "$M" git -C "$dir" diff --stat $floor_revs | awk '{ print $1 }'; }
floor_best() { # the floor with warm caches, best of RUNS
	"$B/floor" "$1" > /dev/null
	for _ in $(seq 1 "$RUNS"); do "$B/floor" "$1"; done |
		awk 'NR == 1 || $3 + $4 + $5 < best { best = $3 + $4 + $5; line = $0 } END { print line }'
}

# kam lsp: from a one-character edit to its diagnostics (BENCH_EDITS, 100),
# and the server's start (index built, first diagnostics) beside kam check
lsp_row() {
	lsp=$(KAM="$KAM" LATENCY_FORMAT=json /usr/bin/python3 tests/lsp/latency.py "$1" "${BENCH_EDITS:-100}")
	check_s=$(measure "$KAM" -C "$1" check -q | awk '{ print $1 }')
	/usr/bin/python3 -c 'import json, sys
v, n, c = json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3])
print("%-28s %6s  edit -> diagnostics: median %.1f ms, 95th percentile %.1f ms; start %.3f s (check %.3f s, %.2f x); %d MiB RSS" % (
    "lsp (edit -> diagnostics)", n, v["median_ms"], v["p95_ms"], v["start_ms"] / 1000, c,
    v["start_ms"] / 1000 / c, v["peak_rss_kib"] // 1024))' "$lsp" "$2" "$check_s"
	printf ',\n    {"command": "lsp edit -> diagnostics", "plans": %s, "lsp": %s, "check_seconds": %s}' "$2" "$lsp" "$check_s" >> "$json"
}

for n in $SIZES; do
	dir="$B/plans-$n"
	[ -d "$dir" ] || "$B/gen" "$dir" "$n"
	set -- $(floor_best "$dir")
	files=$1 bytes=$2 read=$3 yaml=$4 cmark=$5
	floor=$(awk -v a="$read" -v b="$yaml" -v c="$cmark" 'BEGIN { printf "%.4f", a + b + c }')
	echo "== $n plans, $(($bytes / 1048576)) MiB; floor on one core: read $read s + libyaml $yaml s + cmark $cmark s = $floor s"
	row "floor: read+libyaml+cmark" "$n" "$floor" 0 "$floor" 1 "$files" "$bytes"
	against() { # against NAME ARGS...: kam ARGS against the floor
		name=$1
		shift
		set -- $(paired plans_floor "$KAM" -C "$dir" "$@")
		row "$name" "$n" "$1" "$2" "$floor" "$3" "$files" "$bytes"
	}
	against "check" check -q
	set -- $(paired plans_floor env KAM_THREADS=1 "$KAM" -C "$dir" check -q)
	row "check (1 thread)" "$n" "$1" "$2" "$floor" "$3" "$files" "$bytes"
	against "links" links
	against "links --format dot" links --format dot
	against "status" status
	against "render" render -q --force -o "$PWD/$B/site-$n"
	lsp_row "$dir" "$n"
done

# history commands take a fraction of a second, where noise weighs most:
# more pairs, BENCH_HISTORY_RUNS (7)
RUNS="${BENCH_HISTORY_RUNS:-7}"
n=1000
dir="$B/history-$n-$COMMITS"
half=$((COMMITS / 2))
[ -d "$dir" ] || "$B/gen" "$dir" "$n" "$COMMITS"
set -- $("$B/floor" "$dir")
files=$1 bytes=$2
echo "== history: $n plans, $COMMITS commits over 8 quarters"
git_against() { # git_against NAME LABEL BASE HEAD ARGS...: git diff --stat BASE HEAD, then kam ARGS against it
	name=$1 label=$2 floor_revs="$3 $4"
	shift 4
	kam_run=$(paired git_floor "$KAM" -C "$dir" "$@")
	set -- $(measure git -C "$dir" diff --stat $floor_revs)
	row "git diff --stat ($name)" "$n" "$1" "$2" "$1" 1 "$files" "$bytes"
	gitfloor=$1
	set -- $kam_run
	row "$label" "$n" "$1" "$2" "$gitfloor" "$3" "$files" "$bytes"
}
git_against "2 revs" "diff (2 revs)" HEAD~$half HEAD diff --format json HEAD~$half HEAD
base=$(git -C "$dir" rev-list --first-parent -1 --before=2026-01-01T00:00:00Z HEAD)
head=$(git -C "$dir" rev-list --first-parent -1 --before=2026-04-01T00:00:00Z HEAD)
git_against "2026-Q1" "diff --quarter 2026-Q1" "$base" "$head" diff --quarter 2026-Q1 --format json
# the site with its history (QBR pages, account histories) against the
# site without (kam render --no-history), paired: target at most 3 x
site_floor() { "$M" "$KAM" -C "$dir" render -q --force --no-history -o "$PWD/$B/site-history-none" | awk '{ print $1 }'; }
set -- $(measure "$KAM" -C "$dir" render -q --force --no-history -o "$PWD/$B/site-history-none")
nohist=$1
row "render --no-history" "$n" "$1" "$2" "$1" 1 "$files" "$bytes"
set -- $(paired site_floor "$KAM" -C "$dir" render -q --force -o "$PWD/$B/site-history")
row "render (history / no-history)" "$n" "$1" "$2" "$nohist" "$3" "$files" "$bytes"
printf '\n  ]\n}\n' >> "$json"
mv "$json" "$B/../bench.json"
echo "wrote build/bench.json"
