#!/bin/sh
# make bench: kam on generated plans (N = 1,000 and 10,000; and a richer
# corpus of 1,000: 20-60 contacts, 20-40 opportunities, the people and
# commerce fields), on a 5,000-commit history and a 500-plan, 3,000-commit
# one (the site with history, kam log --by-quarter), each run paired with its
# floor run on the same files. Prints CPU seconds (user + sys) and wall time
# for every figure with its ratios to the floor and to the peer (ajv +
# gray-matter in one node process, installed by `make bench-deps`), and
# writes build/bench.json. Corpora are cached in build/bench/ and written
# again when tests/bench/gen.c changes (the generator is deterministic).
#
# Each figure is the best of BENCH_RUNS (3) runs with warm caches; each
# ratio is the median of as many pairs, the floor measured right before the
# command: a shared virtual machine's speed drifts by a quarter within
# minutes.
set -eu
B=build/bench
KAM="$PWD/build/kam"
M="$B/measure"
SIZES="${BENCH_SIZES:-1000 10000}"
RICH="${BENCH_RICH:-1000}"
COMMITS="${BENCH_COMMITS:-5000}"
QBR_PLANS="${BENCH_QBR_PLANS:-500}"
QBR_COMMITS="${BENCH_QBR_COMMITS:-3000}"
RUNS="${BENCH_RUNS:-3}"
PEER_DIR=tests/bench/peer
export KAM_TODAY=2026-11-20
json="$B/bench.json.tmp"
printf '{\n  "machine": "%s, %s cores",\n  "results": [\n' "$(uname -m)" "$(nproc)" > "$json"
first=1

peer_ready() { [ -d "$PEER_DIR/node_modules/ajv" ] && command -v node > /dev/null; }
floor_cmd() { echo "$B/floor $1"; }

# pairs FLOOR_CMD -- CMD...: RUNS pairs "floor's measure line, command's
# measure line" (wall kib exit user sys, twice)
pairs() {
	fl=$1
	shift 2
	for _ in $(seq 1 "$RUNS"); do
		echo "$($M $fl) $($M "$@")"
	done
}

# stats: from pairs on stdin, "cpu wall kib floor_cpu floor_wall cpu_ratio
# wall_ratio": the best of each, the largest RSS, the median ratios
stats() {
	awk 'function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return a[int((n + 1) / 2)] }
	{ fw = $1; fc = $4 + $5; kw = $6; kc = $9 + $10
	  if (NR == 1 || kc < c) c = kc; if (NR == 1 || kw < w) w = kw; if ($7 > k) k = $7
	  if (NR == 1 || fc < bfc) bfc = fc; if (NR == 1 || fw < bfw) bfw = fw
	  rc[NR] = kc / fc; rw[NR] = kw / fw }
	END { printf "%.4f %.4f %d %.4f %.4f %.4f %.4f\n", c, w, k, bfc, bfw, med(rc, NR), med(rw, NR) }'
}

# row CORPUS NAME N STATS [PEER_CPU PEER_WALL]: prints and records one figure
row() {
	r_corpus=$1 r_name=$2 r_n=$3
	set -- $4 ${5:-} ${6:-}
	peer_txt="" peer_json=""
	if [ $# -ge 9 ]; then
		peer_txt=$(awk -v c="$1" -v w="$2" -v pc="$8" -v pw="$9" 'BEGIN { printf "  peer/kam: cpu %5.2f wall %5.2f", pc / c, pw / w }')
		peer_json=$(awk -v c="$1" -v w="$2" -v pc="$8" -v pw="$9" 'BEGIN { printf ", \"peer_cpu_seconds\": %s, \"peer_wall_seconds\": %s, \"peer_cpu_over_kam\": %.2f, \"peer_wall_over_kam\": %.2f", pc, pw, pc / c, pw / w }')
	fi
	printf '%-26s %-11s %6s  cpu %7.3f s  wall %7.3f s  %5s MiB   x floor: cpu %5.2f wall %5.2f%s\n' \
		"$r_name" "$r_corpus" "$r_n" "$1" "$2" "$(($3 / 1024))" "$6" "$7" "$peer_txt"
	[ $first = 1 ] || printf ',\n' >> "$json"
	first=0
	printf '    {"command": "%s", "corpus": "%s", "plans": %s, "cpu_seconds": %s, "wall_seconds": %s, "peak_rss_kib": %s, "floor_cpu_seconds": %s, "floor_wall_seconds": %s, "cpu_ratio_to_floor": %s, "wall_ratio_to_floor": %s%s}' \
		"$r_name" "$r_corpus" "$r_n" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$peer_json" >> "$json"
}

# kam lsp: from a one-character edit to its diagnostics (BENCH_EDITS, 100)
lsp_row() {
	# a server too slow to answer (a loaded machine) loses its row, not the bench
	if ! lsp=$(KAM="$KAM" LATENCY_FORMAT=json /usr/bin/python3 tests/lsp/latency.py "$1" "${BENCH_EDITS:-100}" 2> /dev/null); then
		echo "lsp (edit -> diagnostics)  $3: no answer within tests/lsp/latency.py's time-out"
		return 0
	fi
	/usr/bin/python3 -c 'import json, sys
v, n = json.loads(sys.argv[1]), sys.argv[2]
print("%-26s %-11s %6s  edit -> diagnostics: median %.1f ms, 95th percentile %.1f ms; start %.3f s; %d MiB RSS" % (
    "lsp (edit -> diagnostics)", sys.argv[3], n, v["median_ms"], v["p95_ms"], v["start_ms"] / 1000, v["peak_rss_kib"] // 1024))' "$lsp" "$2" "$3"
	printf ',\n    {"command": "lsp edit -> diagnostics", "corpus": "%s", "plans": %s, "lsp": %s}' "$3" "$2" "$lsp" >> "$json"
}

# generated DIR GEN_ARGS...: DIR as the generator writes it now; a corpus
# that an older generator wrote (its stamp differs) is written again
generated() {
	g_dir=$1
	shift
	stamp="$(cksum < tests/bench/gen.c) $*"
	[ -d "$g_dir" ] && [ "$(cat "$g_dir.gen" 2> /dev/null)" = "$stamp" ] && return 0
	rm -rf "$g_dir" "$g_dir.gen"
	"$B/gen" "$@" && echo "$stamp" > "$g_dir.gen"
}

corpus() { # corpus NAME N GEN_FLAGS...
	name=$1 n=$2
	shift 2
	dir="$B/$name-$n"
	generated "$dir" "$@" "$dir" "$n"
	fl=$(floor_cmd "$dir")
	$M $fl > /dev/null # warm the caches
	bytes=$(du -sb "$dir/accounts" | awk '{ print $1 }')
	echo "== $name: $n plans, $(($bytes / 1048576)) MiB"
	set -- $(pairs "$fl" -- "$B/floor" "$dir" | stats)
	row "$name" "floor: read+libyaml+cmark" "$n" "$*"
	peer=""
	if peer_ready; then
		peer=$(pairs "$fl" -- node "$PEER_DIR/peer.js" schema/account-plan.schema.json "$dir" | stats)
		row "$name" "peer: ajv + gray-matter" "$n" "$peer"
		set -- $peer
		peer="$1 $2"
	else
		echo "(no peer: run make bench-deps)"
	fi
	row "$name" "check" "$n" "$(pairs "$fl" -- "$KAM" -C "$dir" check -q | stats)" $peer
	row "$name" "check (1 thread)" "$n" "$(pairs "$fl" -- env KAM_THREADS=1 "$KAM" -C "$dir" check -q | stats)" $peer
	row "$name" "links" "$n" "$(pairs "$fl" -- "$KAM" -C "$dir" links | stats)"
	row "$name" "status" "$n" "$(pairs "$fl" -- "$KAM" -C "$dir" status | stats)"
	row "$name" "render" "$n" "$(pairs "$fl" -- "$KAM" -C "$dir" render -q --force -o "$PWD/$B/site-$name-$n" | stats)"
	lsp_row "$dir" "$n" "$name"
}

for n in $SIZES; do corpus plans "$n"; done
for n in $RICH; do corpus rich "$n" --rich; done

if [ "$COMMITS" != 0 ]; then
	# history commands take a fraction of a second, where noise weighs most:
	# more pairs, BENCH_HISTORY_RUNS (7); the floor is git diff --stat
	RUNS="${BENCH_HISTORY_RUNS:-7}"
	n=1000
	dir="$B/history-$n-$COMMITS"
	half=$((COMMITS / 2))
	generated "$dir" "$dir" "$n" "$COMMITS"
	echo "== history: $n plans, $COMMITS commits over 8 quarters"
	git_against() { # git_against LABEL BASE HEAD ARGS...: kam ARGS against git diff --stat BASE HEAD
		label=$1 fl="git -C $dir diff --stat $2 $3"
		shift 3
		row "history" "$label" "$n" "$(pairs "$fl" -- "$KAM" -C "$dir" "$@" | stats)"
	}
	git_against "diff (2 revs)" HEAD~$half HEAD diff --format json HEAD~$half HEAD
	base=$(git -C "$dir" rev-list --first-parent -1 --before=2026-01-01T00:00:00Z HEAD)
	head=$(git -C "$dir" rev-list --first-parent -1 --before=2026-04-01T00:00:00Z HEAD)
	git_against "diff --quarter 2026-Q1" "$base" "$head" diff --quarter 2026-Q1 --format json
fi

if [ "$QBR_COMMITS" != 0 ]; then
	# the targets of issues 19 and 21 (item 3), on their own corpus: 500
	# plans, 3,000 commits (BENCH_QBR_PLANS, BENCH_QBR_COMMITS)
	RUNS="${BENCH_HISTORY_RUNS:-7}"
	n=$QBR_PLANS
	dir="$B/history-$n-$QBR_COMMITS"
	generated "$dir" "$dir" "$n" "$QBR_COMMITS"
	echo "== history: $n plans, $QBR_COMMITS commits over 8 quarters"
	# the site with its history (QBR pages, account histories) against the
	# site without (kam render --no-history) as its floor: target at most 3 x
	row "history" "render (history / no-history)" "$n" "$(pairs "$KAM -C $dir render -q --force --no-history -o $PWD/$B/site-history-none" -- \
		"$KAM" -C "$dir" render -q --force -o "$PWD/$B/site-history" | stats)"
	# kam log --by-quarter against git log -p over the same paths (the
	# plans' folder) as its floor: target at most 2 x; measure runs a
	# command without a shell, so the floor is a script
	printf '#!/bin/sh\nexec git -C "$1" log -p -- . > /dev/null\n' > "$B/git-log-p"
	chmod +x "$B/git-log-p"
	row "history" "log --by-quarter / git log -p" "$n" "$(pairs "$B/git-log-p $dir" -- \
		"$KAM" -C "$dir" log --by-quarter | stats)"
fi
printf '\n  ]\n}\n' >> "$json"
mv "$json" "$B/../bench.json"
echo "wrote build/bench.json"
