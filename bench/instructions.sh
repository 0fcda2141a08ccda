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
count() { # path iterations -> instructions of the whole run
  GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file="$work/out" \
    "$work/bench.test" -test.run='^$' -test.bench="^BenchmarkTrack/$1\$" -test.benchtime="$2x" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A per
for path in sdk raw; do
  a=$(count "$path" "$N1")
  b=$(count "$path" "$N2")
  per[$path]=$(( (b - a) / (N2 - N1) ))
  echo "$path: ${per[$path]} instructions/op"
done
awk -v s="${per[sdk]}" -v r="${per[raw]}" 'BEGIN { printf "ratio sdk/raw: %.3f\n", s / r }'
