package transport

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
)

// Limiter paces attempts. Wait blocks until one attempt under key may
// start, or returns an error without waiting when that would be too late
// for ctx. An implementation shared by several processes can enforce one
// provider limit across replicas.
type Limiter interface {
	Wait(ctx context.Context, key string) error
}

// KeyedLimiter is a Limiter with one token bucket per key, created on first
// use. It is safe for concurrent use. Build it with NewLimiter; the zero
// value is not usable.
//
// It paces a little below the rate it is given (see RateMargin), because
// many providers count requests in a sliding window rather than with a
// token bucket: a bucket at exactly r spaces requests 1/r apart, so the
// (r·w+1)th request of a window w leaves exactly w after the first, and any
// delay of the first between the SDK and the provider puts both in one
// window and earns a 429.
type KeyedLimiter struct {
	limit rate.Limit // the effective rate, after the margin
	burst int
	slack time.Duration    // how late a waiter may wake and still go; 0: always
	now   func() time.Time // the clock of that check; tests stall it

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// DefaultMargin is the share of its rate a KeyedLimiter leaves unused
// unless RateMargin says otherwise: 2%, so requests are granted 2% further
// apart than the rate allows. That absorbs up to 20 ms of jitter per second
// of the provider's window (1.2 s on a per-minute limit) between the grant
// and the provider's clock, and costs 2% of the throughput. Half of it
// covers a waiter that wakes late (beyond that it takes a fresh token: see
// Wait), half the way from the limiter to the provider.
const DefaultMargin = 0.02

// maxMargin bounds RateMargin: a larger margin is a different rate, which
// belongs in the rate itself.
const maxMargin = 0.5

// LimiterOption adjusts how NewLimiter paces below its rate.
type LimiterOption func(*pacing)

type pacing struct {
	margin float64
	window time.Duration
}

// RateMargin sets the share of the rate left unused, from 0 to 0.5
// (DefaultMargin by default; values outside are clamped, NaN counts as 0).
// A margin m tolerates m/(1-m) of the provider's window of jitter between
// the limiter's grant and the provider's count: increase it for a provider
// far away or a process that stalls; 0 paces at exactly the rate, and never
// retakes a token after a late wake, which suits a provider known to count
// with a token bucket.
func RateMargin(m float64) LimiterOption {
	return func(p *pacing) {
		switch {
		case !(m >= 0): // negative or NaN
			m = 0
		case m > maxMargin:
			m = maxMargin
		}
		p.margin = m
	}
}

// RateWindow says the provider counts requests in a sliding or fixed window
// of length w (a second for "20 per second", a minute for "200 per
// minute"), so that a burst counts against the window too: a bucket of rate
// r and burst b grants up to b-1+r·w requests in a window w, and a provider
// allowing r·w refuses the extra b-1. With a window the rate is lowered to
// (r·w-(b-1))/w before the margin, and a burst above r·w is cut to r·w: each
// burst token beyond the first costs one request per window of sustained
// rate. Zero (the default) leaves the burst to the provider's tolerance, as
// a provider counting with a token bucket has.
func RateWindow(w time.Duration) LimiterOption {
	return func(p *pacing) { p.window = max(w, 0) }
}

// NewLimiter returns a KeyedLimiter allowing about r attempts per second per
// key with the given burst (at least 1), paced DefaultMargin below r unless
// opts say otherwise. rate.Inf, zero or a negative rate disables limiting:
// a bucket that never refills would refuse every call after the first few.
func NewLimiter(r rate.Limit, burst int, opts ...LimiterOption) *KeyedLimiter {
	p := pacing{margin: DefaultMargin}
	for _, o := range opts {
		if o != nil {
			o(&p)
		}
	}
	if burst < 1 {
		burst = 1
	}
	if r <= 0 || r == rate.Inf {
		return &KeyedLimiter{limit: rate.Inf, burst: burst, now: time.Now, buckets: map[string]*rate.Limiter{}}
	}
	r, burst = p.effective(r, burst)
	return &KeyedLimiter{limit: r, burst: burst, slack: p.slack(), now: time.Now, buckets: map[string]*rate.Limiter{}}
}

// slack is half the jitter the margin tolerates, m/(1-m) of the window (a
// second unless RateWindow says otherwise): a waiter woken later than that
// leaves the other half to the way from here to the provider.
func (p pacing) slack() time.Duration {
	w := p.window
	if w == 0 {
		w = time.Second
	}
	return time.Duration(float64(w) * p.margin / (1 - p.margin) / 2)
}

// effective is the rate and burst that keep a provider counting r per
// window below its limit: the burst taken out of the window's allowance
// when the window is known, then the margin.
func (p pacing) effective(r rate.Limit, burst int) (rate.Limit, int) {
	eff := float64(r)
	if p.window > 0 {
		w := p.window.Seconds()
		allowance := float64(r) * w
		// r·w is usually whole (20/s over 1 s, 200/min over 1 min); the
		// epsilon keeps 199.99999 from PerMinute's division from losing one.
		burst = min(burst, max(1, int(math.Floor(allowance+1e-9))))
		eff = (allowance - float64(burst-1)) / w
	}
	return rate.Limit(eff * (1 - p.margin)), burst
}

// Limit returns the rate the limiter actually grants per key: the rate it
// was given less the margin (and, with RateWindow, the burst's share), or
// rate.Inf when it does not limit.
func (l *KeyedLimiter) Limit() rate.Limit { return l.limit }

// Burst returns the bucket size per key.
func (l *KeyedLimiter) Burst() int { return l.burst }

// PerMinute converts a per-minute limit to a rate.Limit. n <= 0 gives
// rate.Inf (no limit).
func PerMinute(n int) rate.Limit {
	if n <= 0 {
		return rate.Inf
	}
	return rate.Limit(float64(n) / 60)
}

func (l *KeyedLimiter) bucket(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(l.limit, l.burst)
		l.buckets[key] = b
	}
	return b
}

// Wait takes one token for key. When the token would come after ctx's
// deadline it returns at once with an error matching
// tracking.ErrRateLimited whose RetryAfter says how long it would have
// taken.
//
// A waiter that wakes later than its token was due by more than half the
// margin's tolerance (a stalled process, a loaded machine) takes a fresh
// token instead of going at once: its request would otherwise reach the
// provider in the same window as the requests granted after it, on time.
// The stale token is lost, which costs one slot; a 429 would cost the
// provider's whole Retry-After. After maxRetakes fresh tokens it goes anyway.
func (l *KeyedLimiter) Wait(ctx context.Context, key string) error {
	if l.limit == rate.Inf {
		return ctx.Err()
	}
	b := l.bucket(key)
	for try := 0; ; try++ {
		due, err := l.take(ctx, b)
		if err != nil || l.slack == 0 || try == maxRetakes || l.now().Sub(due) <= l.slack {
			return err
		}
	}
}

// maxRetakes bounds the fresh tokens one Wait takes after waking late.
const maxRetakes = 3

// take reserves a token from b and waits for it, returning when it was due.
func (l *KeyedLimiter) take(ctx context.Context, b *rate.Limiter) (time.Time, error) {
	now := time.Now()
	r := b.ReserveN(now, 1)
	if !r.OK() {
		return time.Time{}, fmt.Errorf("transport: rate limiter cannot grant a token (burst %d): %w", l.burst, tracking.ErrInvalidRequest)
	}
	delay := r.DelayFrom(now)
	if delay == 0 {
		return now, nil
	}
	if err := ctx.Err(); err != nil {
		r.Cancel()
		return time.Time{}, err
	}
	if dl, ok := ctx.Deadline(); ok && dl.Sub(now) < delay {
		r.Cancel()
		return time.Time{}, &tracking.APIError{
			Kind:       tracking.ErrRateLimited,
			Message:    "the local rate limit would delay this call past its deadline",
			RetryAfter: delay,
		}
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return now.Add(delay), nil
	case <-ctx.Done():
		r.Cancel()
		return time.Time{}, ctx.Err()
	}
}

type limitKey struct{}

// WithLimitKey returns a context whose requests are paced under key (for
// example the credential code, plus the endpoint for providers that limit
// per endpoint). Without one the request's host is the key.
func WithLimitKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, limitKey{}, key)
}

func limitKeyOf(ctx context.Context, host string) string {
	if k, ok := ctx.Value(limitKey{}).(string); ok {
		return k
	}
	return host
}
