#!/usr/bin/env bash
# Counts the instructions one Track costs through the SDK and through the
# raw client, with valgrind's callgrind: unlike ns/op, the count does not
# depend on what else the machine is doing. Each path runs twice (N1 and N2
# iterations, one process each) and the per-operation figure is the
# difference divided by N2-N1, which cancels start-up and set-up.
#
# Needs valgrind (Debian: apt-get install valgrind). Run from anywhere:
#
#	bench/instructions.sh            # both paths, ratio
#	GOTOOLCHAIN=go1.27.3 bench/instructions.sh   # the same under Go 1.27
#	N1=200 N2=1000 bench/instructions.sh
#	CACHE=1 bench/instructions.sh    # also simulated cache misses per op
#
# With CACHE=1 callgrind also simulates the caches (valgrind's model of this
# machine's L1 and last level) and the script prints, per operation, the
# first-level instruction-cache misses (I1mr) and data-cache read and write
# misses (D1mr, D1mw): where wall time exceeds what the instructions
# explain, the misses usually do. Slower, about a minute.
#
# GOMAXPROCS=1 keeps idle processors from spinning (spinning would be
# counted) and asyncpreemptoff avoids the preemption signals callgrind
# cannot always follow.
set -euo pipefail
cd "$(dirname "$0")"
: "${N1:=300}" "${N2:=900}"
command -v valgrind >/dev/null || { echo "valgrind not found; install it (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/bench.test" .
echo "$(go env GOVERSION) GOEXPERIMENT=$(go env GOEXPERIMENT)"
sim=()
[ "${CACHE:-}" = 1 ] && sim=(--cache-sim=yes)
count() { # path iterations -> the run's totals: Ir, or Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
  GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind "${sim[@]}" --callgrind-out-file="$work/out" \
    "$work/bench.test" -test.run='^$' -test.bench="^BenchmarkTrack/$1\$" -test.benchtime="$2x" 2>&1 |
    sed -n 's/.*Collected : \([0-9 ]*\).*/\1/p'
}
declare -A per
for path in sdk raw; do
  read -ra a <<<"$(count "$path" "$N1")"
  read -ra b <<<"$(count "$path" "$N2")"
  per[$path]=$(( (b[0] - a[0]) / (N2 - N1) ))
  echo "$path: ${per[$path]} instructions/op"
  if [ ${#sim[@]} -gt 0 ]; then
    echo "$path: $(( (b[3] - a[3]) / (N2 - N1) )) I1mr/op, $(( (b[4] - a[4]) / (N2 - N1) )) D1mr/op, $(( (b[5] - a[5]) / (N2 - N1) )) D1mw/op"
  fi
done
awk -v s="${per[sdk]}" -v r="${per[raw]}" 'BEGIN { printf "ratio sdk/raw: %.3f\n", s / r }'
