package redisstore_test

import (
	"context"
	"math"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/redisstore"
	"github.com/parcelkit/tracking/transport"
)

func TestNewLimiterRefusesBadSettings(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: closedAddr(t)})
	defer rdb.Close()
	_, err := redisstore.NewLimiter(nil, 1, 1)
	assert.ErrorContains(t, err, "needs a Redis client")
	for _, c := range []struct {
		r     rate.Limit
		burst int
		opts  []redisstore.Option
	}{
		{0, 1, nil}, {-1, 1, nil}, {rate.Inf, 1, nil}, {rate.Limit(math.NaN()), 1, nil}, {1, 0, nil},
		{1, 1, []redisstore.Option{redisstore.WithMargin(-0.1)}},
		{1, 1, []redisstore.Option{redisstore.WithMargin(1)}},
		{1, 1, []redisstore.Option{redisstore.WithLocalFallback(-0.5)}},
		{1, 1, []redisstore.Option{redisstore.WithLocalFallback(1.5)}},
		{1, 1, []redisstore.Option{redisstore.WithNamespace("a b")}},
	} {
		l, err := redisstore.NewLimiter(rdb, c.r, c.burst, c.opts...)
		assert.Error(t, err, "rate %v burst %d", c.r, c.burst)
		assert.Nil(t, l)
	}
	l, err := redisstore.NewLimiter(rdb, 1, 1, redisstore.WithMargin(0), redisstore.WithLocalFallback(1))
	assert.NoError(t, err)
	assert.NotNil(t, l)
}

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// Without Redis no request may go out unpaced: the error says so, and
// matches both sentinels.
func TestLimiterRedisDownIsUnavailable(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: closedAddr(t), MaxRetries: -1, DialerRetries: 1, Password: "hunter2-secret"})
	defer rdb.Close()
	l, err := redisstore.NewLimiter(rdb, 10, 1)
	require.NoError(t, err)
	err = l.Wait(context.Background(), "shipengine/live/acme/main")
	require.Error(t, err)
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.NotErrorIs(t, err, tracking.ErrRateLimited)
	assert.Contains(t, err.Error(), "WithLocalFallback", "the message says what to do")
	assert.NotContains(t, err.Error(), "hunter2")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, l.Wait(ctx, "k"), context.Canceled)
}

// With the fallback, calls go on at the local fraction of the rate.
func TestLimiterLocalFallback(t *testing.T) {
	rdb := newClient(t, closedAddr(t))
	l, err := redisstore.NewLimiter(rdb, transport.PerMinute(2), 1, redisstore.WithLocalFallback(0.5))
	require.NoError(t, err)
	require.NoError(t, l.Wait(context.Background(), "k"))
	// The local bucket allows one a minute (half of two): the second call
	// within a short deadline is refused as rate limited, not as Redis down.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	assertRateLimited(t, l.Wait(ctx, "k"), 50*time.Second) // the local rate is the fraction: one a minute
}

func TestLimiterDeadlineAndCancel(t *testing.T) {
	addr := redisAddr(t)
	rdb := newClient(t, addr)
	l, err := redisstore.NewLimiter(rdb, transport.PerMinute(1), 1, redisstore.WithNamespace(namespace(t)))
	require.NoError(t, err)
	require.NoError(t, l.Wait(context.Background(), "k"))

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	assertRateLimited(t, l.Wait(ctx, "k"), 50*time.Second)

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, l.Wait(ctx, "k"), context.Canceled)

	// Another key has its own slot.
	require.NoError(t, l.Wait(context.Background(), "other"))
}

// Two limiters on separate connections share one limit when they share
// the namespace, and not otherwise.
func TestLimiterIsShared(t *testing.T) {
	addr := redisAddr(t)
	ns := namespace(t)
	a, err := redisstore.NewLimiter(newClient(t, addr), transport.PerMinute(1), 1, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	b, err := redisstore.NewLimiter(newClient(t, addr), transport.PerMinute(1), 1, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	c, err := redisstore.NewLimiter(newClient(t, addr), transport.PerMinute(1), 1, redisstore.WithNamespace(ns+"-other"))
	require.NoError(t, err)
	require.NoError(t, a.Wait(context.Background(), "k"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	assert.ErrorIs(t, b.Wait(ctx, "k"), tracking.ErrRateLimited, "a's request spent the shared slot")
	assert.NoError(t, c.Wait(ctx, "k"), "another namespace is another account")
}

// Keys say what they are and whose, but the carrier's key only as a hash.
func TestLimiterKeys(t *testing.T) {
	addr := redisAddr(t)
	rdb := newClient(t, addr)
	ns := namespace(t)
	l, err := redisstore.NewLimiter(rdb, 10, 1, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	const key = "custom/acme/sk_live_51Habc" // a custom carrier's mistake
	require.NoError(t, l.Wait(context.Background(), key))
	keys, err := rdb.Keys(context.Background(), "*"+ns+"*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.True(t, strings.HasPrefix(keys[0], "rate:tracking:limit:"+ns+":"), keys[0])
	assert.NotContains(t, keys[0], "sk_live")
	assert.NotContains(t, keys[0], "acme")
	ttl, err := rdb.PTTL(context.Background(), keys[0]).Result()
	require.NoError(t, err)
	assert.Positive(t, ttl, "the limiter's state expires by itself")
}

// A burst of b lets b calls through at once; the next one's slot is one
// interval (plus the margin) later.
func TestLimiterBurst(t *testing.T) {
	addr := redisAddr(t)
	l, err := redisstore.NewLimiter(newClient(t, addr), transport.PerMinute(1), 3, redisstore.WithNamespace(namespace(t)))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := range 3 {
		require.NoError(t, l.Wait(ctx, "k"), "call %d of the burst", i+1)
	}
	after := assertRateLimited(t, l.Wait(ctx, "k"), 0)
	assert.InDelta(t, (61800 * time.Millisecond).Seconds(), after.Seconds(), 2, "one interval of a minute, 3%% longer")
}

func TestWithWindowMustBePositive(t *testing.T) {
	_, err := redisstore.NewLimiter(newClient(t, closedAddr(t)), 1, 1, redisstore.WithWindow(0))
	assert.ErrorContains(t, err, "window")
}

// A call that starts later than the margin of the window after its slot
// takes a new slot, a few times at most. With a window of a nanosecond
// every call is late, so one Wait spends four slots and cannot return
// before the fourth: a lower bound, which no slowness can break.
func TestLimiterRequeuesLateCalls(t *testing.T) {
	addr := redisAddr(t)
	const r = 100 // a slot every 10.3 ms with the default margin
	l, err := redisstore.NewLimiter(newClient(t, addr), r, 1,
		redisstore.WithNamespace(namespace(t)), redisstore.WithWindow(time.Nanosecond))
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, l.Wait(context.Background(), "k"))
	interval := time.Duration(float64(time.Second) / r * (1 + redisstore.DefaultMargin))
	assert.GreaterOrEqual(t, time.Since(start), 3*interval-time.Millisecond, "three new slots after the first")
}

// A replica's call waits for the slot its reservation got, after the
// other replica's: a lower bound again.
func TestLimiterWaitsForItsSlot(t *testing.T) {
	addr := redisAddr(t)
	const r = 20
	ns := namespace(t)
	a, err := redisstore.NewLimiter(newClient(t, addr), r, 1, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	b, err := redisstore.NewLimiter(newClient(t, addr), r, 1, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, a.Wait(context.Background(), "k"))
	require.NoError(t, b.Wait(context.Background(), "k"))
	require.NoError(t, a.Wait(context.Background(), "k"))
	interval := time.Duration(float64(time.Second) / r * (1 + redisstore.DefaultMargin))
	assert.GreaterOrEqual(t, time.Since(start), 2*interval-time.Millisecond)
}

// assertRateLimited checks that err is the limiter's refusal to wait past
// the deadline, with a RetryAfter above atLeast, and returns it.
func assertRateLimited(t *testing.T, err error, atLeast time.Duration) time.Duration {
	t.Helper()
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, tracking.ErrRateLimited)
	assert.Greater(t, apiErr.RetryAfter, atLeast)
	return apiErr.RetryAfter
}
