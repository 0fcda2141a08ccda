package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// DefaultMargin is the limiter's default safety margin: each request's
// slot is 3% longer than the rate alone says. A provider counting in a
// strict window sees one request too many when the first of r+1 requests
// reaches it later than the last by more than the margin times the window
// (30 ms in a one-second window); 3% leaves 0.97 of the rate.
const DefaultMargin = 0.03

// Limiter is a transport.Limiter shared by every process using the same
// Redis: GCRA (the generic cell rate algorithm, github.com/go-redis/redis_rate)
// run by a Lua script on the Redis server, with the server's clock, so
// that replicas' clocks do not matter. Pass it to a carrier with its
// WithLimiter option. It is safe for concurrent use.
type Limiter struct {
	rl       *redis_rate.Limiter
	limit    redis_rate.Limit
	cfg      config
	fallback *transport.KeyedLimiter // nil: fail while Redis is down
	// tolerance is how late a call may start after its slot: the margin
	// of the provider's window.
	tolerance time.Duration
}

var _ transport.Limiter = (*Limiter)(nil)

// NewLimiter returns a Limiter allowing r requests a second per key (the
// key the carrier sets: its ID, organization and credential code, and the
// endpoint where the provider limits per endpoint), with the given burst,
// for all the processes sharing rdb's Redis. For a provider that counts r
// requests in a strict window, keep burst at 1: a burst of b lets b-1 more
// into one window. Use transport.PerMinute for per-minute limits.
//
// When Redis cannot be reached, Wait fails with an error matching
// ErrUnavailable and tracking.ErrUnavailable, and no request is sent;
// WithLocalFallback paces locally instead. How long a call waits for an
// unreachable Redis is rdb's DialTimeout, ReadTimeout, DialerRetries
// and MaxRetries: keep them short.
func NewLimiter(rdb redis.UniversalClient, r rate.Limit, burst int, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("redisstore: NewLimiter needs a Redis client")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	// One slot every Period: redis_rate takes a whole number of requests
	// per period, and the interval is all GCRA uses.
	interval := float64(time.Second) / float64(r) * (1 + cfg.margin)
	if !(r > 0) || !(interval >= float64(time.Microsecond)) || interval > math.MaxInt64 || burst < 1 {
		return nil, fmt.Errorf("redisstore: rate %v with burst %d cannot be shared; give a rate above 0 and up to a million a second, and a burst of at least 1", r, burst)
	}
	l := &Limiter{
		rl:    redis_rate.NewLimiter(rdb),
		limit: redis_rate.Limit{Rate: 1, Burst: burst, Period: time.Duration(interval)},
		cfg:   cfg,
		// R+1 slots span the window plus the margin: a call that starts
		// later than that after its slot could be counted with R others.
		// Without a margin there is nothing to protect.
		tolerance: time.Duration(cfg.margin * float64(cfg.window)),
	}
	if cfg.margin == 0 {
		l.tolerance = math.MaxInt64
	}
	if cfg.fallback > 0 {
		l.fallback = transport.NewLimiter(r*rate.Limit(cfg.fallback), 1)
	}
	return l, nil
}

// maxRequeue bounds how many times a late call takes a new slot.
const maxRequeue = 3

// maxReserve is how far ahead a call without a deadline may take its
// slot; beyond it the call waits and asks again.
const maxReserve = time.Minute

// Wait blocks until one request under key may start. When the slot comes
// after ctx's deadline it returns at once with an error matching
// tracking.ErrRateLimited whose RetryAfter says how long it would have
// taken. When Redis cannot be reached, see NewLimiter.
//
// Each call takes the next free slot on the shared schedule, even one in
// the future, and sleeps until it: GCRA admits a request "early" by as
// much as its burst tolerance, so the call widens that tolerance by the
// time it is willing to wait, and the grant's reset time tells where its
// slot lies. Polling instead would lose a round trip and a timer's delay
// at every slot, and a fleet would reach well under the rate. A call
// cancelled while it sleeps leaves its slot unused: the fleet then stays
// further under the limit, never over it.
func (l *Limiter) Wait(ctx context.Context, key string) error {
	k := redisKey("limit", l.cfg.namespace, key)
	interval := l.limit.Period // one request per Period
	requeued := 0
	for {
		asked := time.Now() // no later than Redis's own "now" for this call
		horizon := maxReserve
		dl, hasDeadline := ctx.Deadline()
		if hasDeadline {
			horizon = min(horizon, time.Until(dl))
		}
		ahead := int(max(horizon, 0) / interval) // slots this call may reserve ahead
		limit := l.limit
		limit.Burst += ahead
		res, err := l.rl.Allow(ctx, k, limit)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if l.fallback != nil {
				return l.fallback.Wait(ctx, key)
			}
			return &unavailableError{msg: "redisstore: the shared rate limit cannot be read from Redis, so the request was not sent; " +
				"retry later, check Redis, or pass WithLocalFallback", err: err}
		}
		if res.Allowed > 0 {
			// ResetAfter is when the schedule is free again; this call's
			// slot lies the caller's own burst before it.
			slot := res.ResetAfter - time.Duration(l.limit.Burst)*interval
			if err := sleep(ctx, slot); err != nil {
				return err
			}
			// A slot passed by more than the tolerance (a stalled process, a
			// throttled container) would crowd the provider's window: take a
			// new one, a few times at most, then go (a 429 is retried).
			if late := time.Since(asked) - max(slot, 0); late <= l.tolerance || requeued >= maxRequeue {
				return nil
			}
			requeued++
			continue
		}
		wait := res.RetryAfter + time.Duration(ahead)*interval // until the next free slot
		if hasDeadline && time.Until(dl) < wait {
			return &tracking.APIError{
				Kind:       tracking.ErrRateLimited,
				Message:    "the shared rate limit would delay this call past its deadline",
				RetryAfter: wait,
			}
		}
		// The queue is longer than maxReserve: ask again once it is not.
		if err := sleep(ctx, res.RetryAfter); err != nil {
			return err
		}
	}
}

// sleep waits for d, or returns ctx's error if it ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
