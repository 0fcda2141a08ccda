package fakeprovider

import "time"

// slidingWindow admits at most n requests within any span of length w, as
// a provider that counts a strict sliding window does. Unlike a token
// bucket it grants no burst beyond n, and a request arriving a hair under w
// after the one n places back is refused.
type slidingWindow struct {
	n        int
	w        time.Duration
	accepted []time.Time // the arrival times still within w, oldest first; at most n
}

// allow admits or refuses a request arriving at at. Arrivals never go
// backwards (Faults stamps them under its lock). Only admitted requests
// count, as most providers count what they served.
func (s *slidingWindow) allow(at time.Time) bool {
	// A request exactly w earlier is no longer in the window: the window
	// is half-open, as in MaxInWindow, so that MaxInWindow(w) <= n is the
	// invariant the fake enforces.
	drop := 0
	for drop < len(s.accepted) && at.Sub(s.accepted[drop]) >= s.w {
		drop++
	}
	s.accepted = append(s.accepted[:0], s.accepted[drop:]...)
	if len(s.accepted) >= s.n {
		return false
	}
	s.accepted = append(s.accepted, at)
	return true
}

// RateLimitWindow answers with the provider's rate-limit signal when n
// requests were already served within the last window (a request arriving
// at t counts those that arrived in (t-window, t]), as a provider counting
// a strict sliding window does; retryAfter is sent with each refusal.
// Unlike RateLimit it grants no burst: however long the pause before, no
// span of length window holds more than n served requests. n 0 (or a
// window of 0) turns it off. Refused requests do not count, nor do
// requests answered by a queued fault. It applies after RateLimit's bucket
// when both are set.
func (f *Faults) RateLimitWindow(n int, window, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n <= 0 || window <= 0 {
		f.window, f.windowRetryAfter = nil, 0
		return
	}
	f.window = &slidingWindow{n: n, w: window, accepted: make([]time.Time, 0, n)}
	f.windowRetryAfter = retryAfter
}
