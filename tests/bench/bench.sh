#!/bin/sh
# make bench: kam on generated plans (N = 1,000 and 10,000) and on a 5,000-
# commit history, against its floor measured in the same run on the same
# files. Prints a table and writes build/bench.json. Corpora are cached in
# build/bench/ (delete them to regenerate; the generator is deterministic).
# Each figure is the best of BENCH_RUNS (3) runs with warm caches.
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
row() { # row NAME N SECONDS KIB FLOOR_SECONDS FILES BYTES
	ratio=$(awk -v a="$3" -v b="$5" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	rate=$(awk -v s="$3" -v f="$6" 'BEGIN { printf "%.0f", f / s }')
	mbs=$(awk -v s="$3" -v b="$7" 'BEGIN { printf "%.1f", b / s / 1048576 }')
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
floor_best() { # the floor with warm caches, best of RUNS
	"$B/floor" "$1" > /dev/null
	for _ in $(seq 1 "$RUNS"); do "$B/floor" "$1"; done |
		awk 'NR == 1 || $3 + $4 + $5 < best { best = $3 + $4 + $5; line = $0 } END { print line }'
}

for n in $SIZES; do
	dir="$B/plans-$n"
	[ -d "$dir" ] || "$B/gen" "$dir" "$n"
	set -- $(floor_best "$dir")
	files=$1 bytes=$2 read=$3 yaml=$4 cmark=$5
	floor=$(awk -v a="$read" -v b="$yaml" -v c="$cmark" 'BEGIN { printf "%.4f", a + b + c }')
	echo "== $n plans, $(($bytes / 1048576)) MiB; floor on one core: read $read s + libyaml $yaml s + cmark $cmark s = $floor s"
	row "floor: read+libyaml+cmark" "$n" "$floor" 0 "$floor" "$files" "$bytes"
	set -- $(measure "$KAM" -C "$dir" check -q); row "check" "$n" "$1" "$2" "$floor" "$files" "$bytes"
	set -- $(KAM_THREADS=1 measure "$KAM" -C "$dir" check -q); row "check (1 thread)" "$n" "$1" "$2" "$floor" "$files" "$bytes"
	set -- $(measure "$KAM" -C "$dir" links); row "links" "$n" "$1" "$2" "$floor" "$files" "$bytes"
	set -- $(measure "$KAM" -C "$dir" links --format dot); row "links --format dot" "$n" "$1" "$2" "$floor" "$files" "$bytes"
	set -- $(measure "$KAM" -C "$dir" status); row "status" "$n" "$1" "$2" "$floor" "$files" "$bytes"
	set -- $(measure "$KAM" -C "$dir" render -q --force -o "$PWD/$B/site-$n"); row "render" "$n" "$1" "$2" "$floor" "$files" "$bytes"
done

n=1000
dir="$B/history-$n-$COMMITS"
half=$((COMMITS / 2))
[ -d "$dir" ] || "$B/gen" "$dir" "$n" "$COMMITS"
set -- $("$B/floor" "$dir")
files=$1 bytes=$2
echo "== history: $n plans, $COMMITS commits over 8 quarters"
set -- $(measure git -C "$dir" diff --stat HEAD~$half HEAD); gitfloor=$1
row "git diff --stat (2 revs)" "$n" "$1" "$2" "$1" "$files" "$bytes"
set -- $(measure "$KAM" -C "$dir" diff --format json HEAD~$half HEAD); row "diff (2 revs)" "$n" "$1" "$2" "$gitfloor" "$files" "$bytes"
base=$(git -C "$dir" rev-list --first-parent -1 --before=2026-01-01T00:00:00Z HEAD)
head=$(git -C "$dir" rev-list --first-parent -1 --before=2026-04-01T00:00:00Z HEAD)
set -- $(measure git -C "$dir" diff --stat "$base" "$head"); qfloor=$1
row "git diff --stat (2026-Q1)" "$n" "$1" "$2" "$1" "$files" "$bytes"
set -- $(measure "$KAM" -C "$dir" diff --quarter 2026-Q1 --format json); row "diff --quarter 2026-Q1" "$n" "$1" "$2" "$qfloor" "$files" "$bytes"
printf '\n  ]\n}\n' >> "$json"
mv "$json" "$B/../bench.json"
echo "wrote build/bench.json"
