// Package bench holds benchmarks of the SDK's own overhead, measured
// against plain net/http and encoding/json on loopback. It has no API;
// run it with
//
//	go test -run='^$' -bench=. -benchtime=3000x -count=10 ./bench/
//
// Track/interleaved gives the time ratio that holds on a loaded machine;
// bench/instructions.sh gives the instruction counts (it needs valgrind).
// BENCHMARKS.md at the module root has the figures and how to read them.
package bench
