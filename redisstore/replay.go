package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/parcelkit/tracking/webhook"
)

// A key holds leasePrefix+token while its delivery is processed and
// doneValue once it was; tokens cannot be confused with doneValue.
const (
	leasePrefix = "lease:"
	doneValue   = "done"
)

// reserveScript claims a free key with a lease (SET NX PX), or says who
// holds it, in one atomic step: 1 reserved, 2 in flight, 3 done.
var reserveScript = redis.NewScript(`
if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then
  return 1
end
if redis.call("GET", KEYS[1]) == "` + doneValue + `" then
  return 3
end
return 2
`)

// releaseScript drops a lease only if the token still holds it: a holder
// whose lease ran out must not free the next holder's.
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0
`)

// ReplayStore is a webhook.ReplayStore in Redis, shared by every replica
// using the same Redis: a delivery is processed once across them, and a
// lease whose replica died runs out on the server. It is safe for
// concurrent use.
type ReplayStore struct {
	rdb redis.UniversalClient
	cfg config
}

var _ webhook.ReplayStore = (*ReplayStore)(nil)

// NewReplayStore returns a ReplayStore for webhook.WithReplayStore. When
// Redis cannot be reached, its methods fail with an error matching
// ErrUnavailable and tracking.ErrUnavailable, and the webhook.Handler
// answers 503 so that the provider retries.
func NewReplayStore(rdb redis.UniversalClient, opts ...Option) (*ReplayStore, error) {
	if rdb == nil {
		return nil, errors.New("redisstore: NewReplayStore needs a Redis client")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return &ReplayStore{rdb: rdb, cfg: cfg}, nil
}

func (s *ReplayStore) key(k string) string { return redisKey("replay", s.cfg.namespace, k) }

// Reserve implements webhook.ReplayStore.
func (s *ReplayStore) Reserve(ctx context.Context, key, token string, lease time.Duration) (webhook.ReplayState, error) {
	n, err := reserveScript.Run(ctx, s.rdb, []string{s.key(key)}, leasePrefix+token, max(lease.Milliseconds(), 1)).Int()
	if err != nil {
		return 0, s.fail(ctx, "reserve", err)
	}
	switch n {
	case 1:
		return webhook.ReplayReserved, nil
	case 2:
		return webhook.ReplayInFlight, nil
	case 3:
		return webhook.ReplayDone, nil
	}
	return 0, fmt.Errorf("redisstore: the reserve script answered %d", n)
}

// Commit implements webhook.ReplayStore.
func (s *ReplayStore) Commit(ctx context.Context, key string, expiry time.Time) error {
	k := s.key(key)
	var err error
	if ttl := time.Until(expiry); ttl >= time.Millisecond {
		err = s.rdb.Set(ctx, k, doneValue, ttl).Err()
	} else {
		err = s.rdb.Del(ctx, k).Err() // expired already: forget it
	}
	return s.fail(ctx, "commit", err)
}

// Release implements webhook.ReplayStore.
func (s *ReplayStore) Release(ctx context.Context, key, token string) error {
	err := releaseScript.Run(ctx, s.rdb, []string{s.key(key)}, leasePrefix+token).Err()
	return s.fail(ctx, "release", err)
}

// fail wraps a Redis error; nil stays nil, and ctx's own error is
// returned as it is.
func (s *ReplayStore) fail(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &unavailableError{msg: "redisstore: cannot " + op + " a webhook delivery in Redis; the provider will retry it", err: err}
}
