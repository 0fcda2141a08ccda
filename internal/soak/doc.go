// Package soak proves that the SDK holds under faults and runs at a
// provider's rate limit. It has no API: it is a package of tests and
// benchmarks that drive tracking.Client.TrackMany against the carriers'
// fake servers (shipenginetest, track123test).
//
// TestFaultSoak sends 10,000 ShipEngine calls and 1,000 Track123 calls
// (a tenth under -short) through TrackMany with high concurrency while the
// fakes inject 20% 5xx, 5% rate limits with Retry-After, 2% dropped
// connections and 1% truncated JSON from a fixed seed, and checks that:
//   - every call ends in a Shipment or a typed error (*tracking.APIError,
//     *tracking.DecodeError, or one of the sentinels), and nothing panics
//     (a panic in any of TrackMany's goroutines ends the test binary);
//   - the rate the fake observed never exceeds its limit plus its burst in
//     any one-second window;
//   - every Retry-After is honoured: an attempt recorded by a base
//     RoundTripper never follows a rate-limit answer for the same number
//     sooner than the wait it asked for;
//   - no credential value reaches a debug log line (client, carrier and
//     transport share one JSON slog handler) or an error string.
//
// BenchmarkTrackManyAtLimit refreshes 10,000 shipments against a fake
// that enforces R requests per second, with the carrier paced at the same
// R, and reports the throughput achieved as a fraction of R, the 429s the
// fake served, and the peak heap during the run. Its fake runs in a child
// process (this test binary, re-executed), so that the heap measured is
// the client's alone.
//
// TestMain checks that no goroutine outlives the tests. See BENCHMARKS.md
// at the module root for the commands and the figures measured.
package soak
