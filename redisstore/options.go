package redisstore

import (
	"fmt"
	"strings"
	"time"
)

// Option configures NewLimiter and NewReplayStore. Each option says which
// of them it applies to; the other ignores it.
type Option func(*config)

type config struct {
	namespace string
	margin    float64
	window    time.Duration
	fallback  float64
}

// WithNamespace puts every key under namespace, for example the
// deployment's or the provider account's name, so that unrelated
// deployments sharing one Redis never share a limit or a delivery. It is
// written to Redis as given: it must not be a secret. Replicas that share
// a provider account must use the same namespace (and the same credential
// codes). Both.
func WithNamespace(namespace string) Option { return func(c *config) { c.namespace = namespace } }

// WithMargin sets the limiter's safety margin: the fraction by which the
// interval between two requests is lengthened (DefaultMargin by default),
// so that network jitter between Redis's grant and the provider's count
// never puts one request too many into the provider's window. Limiter.
func WithMargin(fraction float64) Option {
	return func(c *config) { c.margin = fraction }
}

// WithWindow sets the length of the window in which the provider counts
// requests (one second by default; time.Minute for a limit stated per
// minute and counted so). A call that starts later than the margin times
// the window after its slot, because its process stalled, takes a new
// slot rather than crowd the window. Limiter.
func WithWindow(d time.Duration) Option { return func(c *config) { c.window = d } }

// WithLocalFallback makes the limiter pace calls with a local token bucket
// at fraction of the rate while Redis is unreachable, instead of failing
// them with ErrUnavailable. Local buckets do not know each other: with n
// replicas, 1/n keeps the fleet within the provider's limit. Each call
// tries Redis first, so the shared limit resumes as soon as Redis answers.
// Limiter.
func WithLocalFallback(fraction float64) Option { return func(c *config) { c.fallback = fraction } }

func newConfig(opts []Option) (config, error) {
	c := config{margin: DefaultMargin, window: time.Second}
	for _, o := range opts {
		o(&c)
	}
	switch {
	case strings.ContainsAny(c.namespace, " \r\n\t"):
		return c, fmt.Errorf("redisstore: namespace %q has white space; use letters, digits and punctuation", c.namespace)
	case c.margin < 0 || c.margin >= 1:
		return c, fmt.Errorf("redisstore: margin %v is outside [0, 1); 0.02 is 2%%", c.margin)
	case c.window <= 0:
		return c, fmt.Errorf("redisstore: window %v is not positive", c.window)
	case c.fallback < 0 || c.fallback > 1:
		return c, fmt.Errorf("redisstore: local fallback fraction %v is outside (0, 1]; with n replicas use 1/n", c.fallback)
	}
	return c, nil
}
