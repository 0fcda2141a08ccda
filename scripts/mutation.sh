#!/bin/sh
# mutation.sh PACKAGE: mutation-tests one package with gremlins and prints
# its score, killed / (killed + survived), the figure the docs quote.
#
#   scripts/mutation.sh ./webhook
#
# Only the package's own files are mutated (not its subpackages), each
# mutant against the package's own tests. Mutators: gremlins' defaults
# plus INVERT_LOGICAL (|| and &&) and INVERT_LOOPCTRL (break and
# continue). A mutant whose tests time out counts as killed, as gremlins
# counts it; mutants no test covers are counted apart. The survivors are
# listed so that each can be judged. Slow (minutes per package on two
# cores): not part of .ci/run. WORKERS sets gremlins' parallelism.
set -eu

pkg=${1:?usage: scripts/mutation.sh PACKAGE (for example ./webhook)}
version=v0.6.0
gremlins=$(go env GOPATH)/bin/gremlins
if ! go version -m "$gremlins" 2>/dev/null | grep -q "github.com/go-gremlins/gremlins[[:space:]]*$version"; then
	go install "github.com/go-gremlins/gremlins/cmd/gremlins@$version"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --exclude-files '/': a path with a slash is in a subpackage.
"$gremlins" unleash --invert-logical --invert-loopctrl --exclude-files '/' \
	--workers "${WORKERS:-2}" --timeout-coefficient 10 "$pkg" >"$log" 2>&1 || {
	cat "$log" >&2
	exit 1
}

awk -v pkg="$pkg" '
	$1 == "KILLED" || $1 == "TIMED" { killed++ }
	$1 == "LIVED" { lived++; survivors = survivors "  " $0 "\n" }
	$1 == "NOT" && $2 == "COVERED" { uncovered++ }
	$1 == "NOT" && $2 == "VIABLE" { unviable++ }
	END {
		if (killed + lived == 0) { print "no mutant ran; see gremlins output" > "/dev/stderr"; exit 1 }
		printf "%s: %.1f%% killed (%d killed, %d survived; %d not covered, %d not viable)\n",
			pkg, 100 * killed / (killed + lived), killed, lived, uncovered, unviable
		if (lived) printf "survivors:\n%s", survivors
	}' "$log"
