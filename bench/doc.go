// Package bench holds benchmarks of the SDK's own overhead, measured
// against plain net/http and encoding/json on loopback. It has no API;
// run it with
//
//	go test -run='^$' -bench=. -benchtime=2000x -count=1 ./bench/
package bench
