package fakeprovider

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Writers let a provider's fake answer faults in its own wire format.
type Writers struct {
	// Error writes a failure with the HTTP status (500, 503, ...).
	Error func(w http.ResponseWriter, r *http.Request, status int)
	// RateLimited writes the provider's rate-limit answer; retryAfter is
	// what a Retry-After header should say (0: send none).
	RateLimited func(w http.ResponseWriter, r *http.Request, retryAfter time.Duration)
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

// Faults injects failures and counts requests. Its methods are safe for
// concurrent use; the zero value is not usable, use NewFaults.
type Faults struct {
	writers Writers

	mu         sync.Mutex
	failNext   []int // statuses of the next failures, in order
	malformed  int
	truncated  int
	dropped    int
	latency    time.Duration
	limiter    *rate.Limiter
	retryAfter time.Duration
	rates      Rates
	rng        *rand.Rand
	hits       []Hit
}

// Hit is one request the fake received.
type Hit struct {
	Time   time.Time
	Method string
	Path   string
	Status int    // what the fake answered; 0 for a dropped connection
	Fault  string // the fault injected, "" for none
}

// NewFaults returns a Faults answering in the given provider format.
func NewFaults(w Writers) *Faults {
	return &Faults{writers: w, rng: rand.New(rand.NewPCG(1, 2))}
}

// FailNext makes the next n requests fail with the HTTP status.
func (f *Faults) FailNext(n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failNext = append(f.failNext, status)
	}
}

// RateLimitNext makes the next n requests get the provider's rate-limit
// answer with the given Retry-After.
func (f *Faults) RateLimitNext(n int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.retryAfter = retryAfter
	for range n {
		f.failNext = append(f.failNext, http.StatusTooManyRequests)
	}
}

// MalformNext makes the next n answers bodies that are not JSON.
func (f *Faults) MalformNext(n int) { f.mu.Lock(); f.malformed += n; f.mu.Unlock() }

// TruncateNext cuts the next n good answers in half.
func (f *Faults) TruncateNext(n int) { f.mu.Lock(); f.truncated += n; f.mu.Unlock() }

// DropNext closes the connection of the next n requests without answering.
func (f *Faults) DropNext(n int) { f.mu.Lock(); f.dropped += n; f.mu.Unlock() }

// SetLatency delays every answer by d.
func (f *Faults) SetLatency(d time.Duration) { f.mu.Lock(); f.latency = d; f.mu.Unlock() }

// RateLimit answers with the provider's rate-limit signal when requests
// come faster than perSecond (with the given burst), as the real provider
// does. retryAfter is sent with each refusal. perSecond 0 turns it off.
func (f *Faults) RateLimit(perSecond float64, burst int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if perSecond <= 0 {
		f.limiter = nil
		return
	}
	f.limiter = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
	f.retryAfter = retryAfter
}

// SetRates injects random faults with the given probabilities, drawn from
// a generator seeded with seed so that a soak is repeatable.
func (f *Faults) SetRates(r Rates, retryAfter time.Duration, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rates, f.retryAfter = r, retryAfter
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Reset clears every pending fault, the rate limit, the latency and the
// counters.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failNext, f.malformed, f.truncated, f.dropped = nil, 0, 0, 0
	f.latency, f.limiter, f.rates, f.hits = 0, nil, Rates{}, nil
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
	return append([]Hit(nil), f.hits...)
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
// length window: the observed peak rate.
func (f *Faults) MaxInWindow(window time.Duration) int {
	hits := f.Hits()
	best, lo := 0, 0
	for hi := range hits {
		for hits[hi].Time.Sub(hits[lo].Time) >= window {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}
