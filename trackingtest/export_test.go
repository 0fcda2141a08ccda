package trackingtest

import "time"

// SetFaultLatency shortens the backend latency the suite injects, so that
// tests of carriers that wait for the network stay fast. It returns the
// function that restores it. Tests using it must not run in parallel.
func SetFaultLatency(d time.Duration) (restore func()) {
	old := faultLatency
	faultLatency = d
	return func() { faultLatency = old }
}
