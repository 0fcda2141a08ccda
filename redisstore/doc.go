// Package redisstore shares what replicas of one application must agree
// on through Redis: the provider's rate limit (Limiter, a
// transport.Limiter for a carrier's WithLimiter option) and which webhook
// deliveries were processed (ReplayStore, for webhook.WithReplayStore).
//
// # Keys
//
// Every key starts with "tracking:", then "limit:" or "replay:", then the
// namespace set with WithNamespace, if any, then a SHA-256 of the key the
// carrier or the webhook.Handler gives. A carrier's limit key names the
// carrier, the organization and the credential code (and the endpoint
// where the provider limits per endpoint), never the API key; hashing it
// keeps even a custom carrier's mistake out of Redis. Replicas share a
// limit when they use the same Redis, the same namespace and the same
// credential code for one provider account.
//
// # When Redis is down
//
// Limiter.Wait fails with an error matching ErrUnavailable and
// tracking.ErrUnavailable and the request is not sent: an unpaced fleet
// could run through the provider's limit and be blocked. WithLocalFallback
// paces with a local token bucket at a fraction of the rate instead. The
// ReplayStore fails the same way and the webhook.Handler answers 503, so
// that the provider delivers again later. Nothing is cached: once Redis
// answers again, the next call uses it, without a restart.
//
// # A module of its own
//
// redisstore is a nested module (github.com/parcelkit/tracking/redisstore,
// with its own go.mod) so that go-redis and redis_rate stay out of the
// dependency graph, go.sum and vulnerability reports of applications that
// import only github.com/parcelkit/tracking. It needs Go 1.26, as go-redis
// v9.23 does; the core module keeps its own minimum. In this repository a
// replace directive points it at the checkout beside it.
//
// Its tests need a Redis server: scripts/redis.sh start prints the
// TRACKING_REDIS_ADDR to export. Without one they are skipped, except
// under CI=true, where they fail. scripts/test-all.sh tests both modules.
package redisstore
