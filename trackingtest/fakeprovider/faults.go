package fakeprovider

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Writers let a provider's fake answer faults in its own wire format.
// A nil writer falls back to a small generic JSON answer.
type Writers struct {
	// Error writes a failure with the HTTP status (500, 503, ...).
	Error func(w http.ResponseWriter, r *http.Request, status int)
	// RateLimited writes the provider's rate-limit answer; retryAfter is
	// what a Retry-After header should say (0: send none; SetRetryAfter
	// formats it).
	RateLimited func(w http.ResponseWriter, r *http.Request, retryAfter time.Duration)
}

// SetRetryAfter sets a Retry-After header of d in whole seconds, rounded
// up so that a client waiting as told is never early. d <= 0 sets nothing.
func SetRetryAfter(h http.Header, d time.Duration) {
	if d <= 0 {
		return
	}
	h.Set("Retry-After", strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10))
}

func defaultError(w http.ResponseWriter, _ *http.Request, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"error":{"status":%d,"message":%q}}`, status, http.StatusText(status))
}

func defaultRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	SetRetryAfter(w.Header(), retryAfter)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"error":{"status":429,"message":"Too Many Requests"}}`))
}

// Rates are the probabilities, from 0 to 1, of each fault on every
// request, for soak tests. They are drawn in this order and at most one
// applies.
type Rates struct {
	ServerError float64 // a 5xx (500, 502, 503 or 504)
	RateLimited float64 // the provider's rate-limit answer with Retry-After
	Drop        float64 // the connection closed before any answer
	Truncate    float64 // a good answer cut in half
}

// failure is one queued FailNext or RateLimitNext answer.
type failure struct {
	status     int
	retryAfter time.Duration
}

// Faults injects failures and counts requests. Its methods are safe for
// concurrent use. Use NewFaults; a zero Faults answers faults in the
// generic format.
type Faults struct {
	writers Writers
	now     func() time.Time // the clock stamping hits; tests may replace it

	mu               sync.Mutex
	failNext         []failure // the next failures, in the order they were asked for
	malformed        int
	truncated        int
	dropped          int
	latency          time.Duration
	limiter          *rate.Limiter
	limitRetryAfter  time.Duration
	window           *slidingWindow
	windowRetryAfter time.Duration
	rates            Rates
	ratesRetryAfter  time.Duration
	rng              *rand.Rand
	hits             []*Hit // in arrival order
}

// Hit is one request the fake received.
type Hit struct {
	Time   time.Time // when it arrived
	Method string
	Path   string
	Status int    // what the fake answered; 0 for a dropped connection or one still being answered
	Fault  string // the fault injected ("fail", "ratelimit", "drop", "malformed", "truncate"), "" for none
}

// NewFaults returns a Faults answering in the given provider format.
func NewFaults(w Writers) *Faults {
	return &Faults{writers: w, rng: rand.New(rand.NewPCG(1, 2))}
}

// FailNext makes the next n requests fail with the HTTP status. Failures
// queued by FailNext and RateLimitNext are served in the order they were
// queued; a status of 429 gets the rate-limit answer without Retry-After.
func (f *Faults) FailNext(n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failNext = append(f.failNext, failure{status: status})
	}
}

// RateLimitNext makes the next n requests get the provider's rate-limit
// answer with the given Retry-After, queued after any failure already
// pending.
func (f *Faults) RateLimitNext(n int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failNext = append(f.failNext, failure{status: http.StatusTooManyRequests, retryAfter: retryAfter})
	}
}

// MalformNext makes the next n answers bodies that are not JSON, whatever
// their status.
func (f *Faults) MalformNext(n int) { f.mu.Lock(); f.malformed += n; f.mu.Unlock() }

// TruncateNext cuts the next n answers short, whatever their status: the
// client reads part of the promised body, then an unexpected EOF.
func (f *Faults) TruncateNext(n int) { f.mu.Lock(); f.truncated += n; f.mu.Unlock() }

// DropNext closes the connection of the next n requests without answering.
func (f *Faults) DropNext(n int) { f.mu.Lock(); f.dropped += n; f.mu.Unlock() }

// SetLatency delays every answer by d.
func (f *Faults) SetLatency(d time.Duration) { f.mu.Lock(); f.latency = d; f.mu.Unlock() }

// RateLimit answers with the provider's rate-limit signal when requests
// come faster than perSecond (with the given burst), as the real provider
// does. retryAfter is sent with each refusal. perSecond 0 turns it off.
// Requests answered by a queued fault (FailNext, DropNext ...) do not
// spend from it.
func (f *Faults) RateLimit(perSecond float64, burst int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if perSecond <= 0 {
		f.limiter, f.limitRetryAfter = nil, 0
		return
	}
	f.limiter = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
	f.limitRetryAfter = retryAfter
}

// SetRates injects random faults with the given probabilities, drawn from
// a generator seeded with seed so that a soak is repeatable.
func (f *Faults) SetRates(r Rates, retryAfter time.Duration, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rates, f.ratesRetryAfter = r, retryAfter
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Reset clears every pending fault, the rate limits, the random rates, the
// latency and the counters.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failNext, f.malformed, f.truncated, f.dropped = nil, 0, 0, 0
	f.latency, f.limiter, f.limitRetryAfter = 0, nil, 0
	f.window, f.windowRetryAfter = nil, 0
	f.rates, f.ratesRetryAfter, f.hits = Rates{}, 0, nil
}

// Requests returns how many requests arrived.
func (f *Faults) Requests() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.hits) }

// RequestsTo returns how many requests arrived for the path.
func (f *Faults) RequestsTo(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		if h.Path == path {
			n++
		}
	}
	return n
}

// Hits returns a copy of every request's record, in arrival order.
func (f *Faults) Hits() []Hit {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Hit, len(f.hits))
	for i, h := range f.hits {
		out[i] = *h
	}
	return out
}

// Served returns how many answers had the HTTP status.
func (f *Faults) Served(status int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		if h.Status == status {
			n++
		}
	}
	return n
}

// MaxInWindow returns the most requests that arrived within any span of
// length window (a half-open interval [t, t+window)): the observed peak
// rate. It is 0 for a window of zero or less.
func (f *Faults) MaxInWindow(window time.Duration) int {
	if window <= 0 {
		return 0
	}
	hits := f.Hits() // in arrival order, so their times never decrease
	best, lo := 0, 0
	for hi := range hits {
		for hits[hi].Time.Sub(hits[lo].Time) >= window {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}
