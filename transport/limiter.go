package transport

import (
	"context"
	"fmt"
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
type KeyedLimiter struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewLimiter returns a KeyedLimiter allowing r attempts per second per key
// with the given burst (at least 1). rate.Inf, zero or a negative rate
// disables limiting: a bucket that never refills would refuse every call
// after the first few.
func NewLimiter(r rate.Limit, burst int) *KeyedLimiter {
	if burst < 1 {
		burst = 1
	}
	if r <= 0 {
		r = rate.Inf
	}
	return &KeyedLimiter{limit: r, burst: burst, buckets: map[string]*rate.Limiter{}}
}

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
func (l *KeyedLimiter) Wait(ctx context.Context, key string) error {
	if l.limit == rate.Inf {
		return ctx.Err()
	}
	r := l.bucket(key).Reserve()
	if !r.OK() {
		return fmt.Errorf("transport: rate limiter cannot grant a token (burst %d): %w", l.burst, tracking.ErrInvalidRequest)
	}
	delay := r.Delay()
	if delay == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		r.Cancel()
		return err
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
		r.Cancel()
		return &tracking.APIError{
			Kind:       tracking.ErrRateLimited,
			Message:    "the local rate limit would delay this call past its deadline",
			RetryAfter: delay,
		}
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
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
