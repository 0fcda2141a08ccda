package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/parcelkit/tracking/credentials"
)

// Circuit breaker defaults, for WithBreaker.
const (
	// DefaultBreakerFailures is how many provider-side failures in a row
	// open a carrier's circuit.
	DefaultBreakerFailures = 5
	// DefaultBreakerCoolDown is how long an open circuit sends nothing
	// before it lets one probe through.
	DefaultBreakerCoolDown = 30 * time.Second
)

// ErrCircuitOpen: the request was not sent because the carrier's circuit
// breaker is open after repeated provider-side failures (see WithBreaker).
// Errors matching it match ErrUnavailable too.
var ErrCircuitOpen = errors.New("tracking: circuit open")

// WithBreaker sets when a carrier's circuit opens: after failures
// provider-side failures in a row (default DefaultBreakerFailures) the
// client stops sending to that carrier and credential for coolDown
// (default DefaultBreakerCoolDown), then lets one probe through; when the
// probe gets an answer, traffic returns, and when it fails, the circuit
// opens for another coolDown. Zero keeps a default; a negative value is
// refused by NewClient.
//
// One breaker guards each carrier, organization and credential. Only
// provider-side failures count against it (errors matching ErrUnavailable
// or ErrRateLimited, connection errors and timeouts): any answer, even
// ErrNotFound or ErrUnauthorized, counts as the provider being up, and a
// call cut short by its context's end, or held back by the client's own
// rate limiter, does not count at all.
//
// Breakers guard the requests WithFailover routes (those that name no
// carrier). A request that names its carrier goes to it, breaker or not,
// unless WithBreakerOnNamedCarrier(true).
func WithBreaker(failures int, coolDown time.Duration) Option {
	return func(cfg *clientConfig) { cfg.failover.failures, cfg.failover.coolDown = failures, coolDown }
}

// WithBreakerOnNamedCarrier sets whether requests that name their carrier
// (Request.Carrier) go through its breaker too (default off: they are
// always sent). When on, a request to a carrier whose circuit is open
// fails at once with an error matching ErrCircuitOpen and ErrUnavailable,
// and the outcomes of such requests count against the breaker. It applies
// to Track and to TrackMany's single calls; the batches TrackMany sends to
// a BatchTracker are not guarded.
func WithBreakerOnNamedCarrier(on bool) Option {
	return func(cfg *clientConfig) { cfg.failover.breakNamed = on }
}

// breakers holds one circuit breaker per carrier, organization and
// credential, made on first use.
type breakers struct {
	failures int
	coolDown time.Duration
	logger   *slog.Logger

	mu sync.Mutex
	m  map[breakerKey]*gobreaker.CircuitBreaker[*Shipment]
}

type breakerKey struct{ carrier, org, credential string }

func newBreakers(failures int, coolDown time.Duration, logger *slog.Logger) (*breakers, error) {
	if failures < 0 || coolDown < 0 {
		return nil, fmt.Errorf("tracking: WithBreaker(%d, %s): neither may be negative; pass 0 for the defaults: %w",
			failures, coolDown, ErrInvalidRequest)
	}
	if failures == 0 {
		failures = DefaultBreakerFailures
	}
	if coolDown == 0 {
		coolDown = DefaultBreakerCoolDown
	}
	return &breakers{failures: failures, coolDown: coolDown, logger: logger,
		m: map[breakerKey]*gobreaker.CircuitBreaker[*Shipment]{}}, nil
}

// get returns the breaker of the carrier, organization and credential.
func (b *breakers) get(k breakerKey) *gobreaker.CircuitBreaker[*Shipment] {
	b.mu.Lock()
	defer b.mu.Unlock()
	cb, ok := b.m[k]
	if !ok {
		cb = gobreaker.NewCircuitBreaker[*Shipment](gobreaker.Settings{
			Name:        k.carrier + "/" + k.credential,
			MaxRequests: 1, // one probe after the cool-down
			Timeout:     b.coolDown,
			ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= uint32(b.failures) },
			OnStateChange: func(_ string, from, to gobreaker.State) {
				level := slog.LevelInfo
				if to == gobreaker.StateOpen {
					level = slog.LevelWarn
				}
				b.logger.Log(context.Background(), level, "circuit breaker", "carrier", k.carrier,
					"credential", k.credential, "organization", k.org, "from", from.String(), "to", to.String())
			},
			IsSuccessful: func(err error) bool { return verdictOf(err) == verdictAnswered },
			IsExcluded:   func(err error) bool { return verdictOf(err) == verdictExcluded },
		})
		b.m[k] = cb
	}
	return cb
}

// do calls the carrier through its breaker. An open circuit fails at once
// with an *APIError matching ErrCircuitOpen and ErrUnavailable.
func (b *breakers) do(ctx context.Context, car Carrier, req Request, cred credentials.Credential,
	call func(context.Context, Carrier, Request, credentials.Credential) (*Shipment, error),
) (*Shipment, error) {
	cb := b.get(breakerKey{car.ID(), req.Organization, cred.Code})
	s, err := cb.Execute(func() (*Shipment, error) {
		s, err := call(ctx, car, req, cred)
		if err != nil {
			return nil, &judged{err: err, verdict: judge(ctx, err)}
		}
		return s, nil
	})
	var j *judged
	switch {
	case err == nil:
		return s, nil
	case errors.As(err, &j):
		return nil, j.err
	case errors.Is(err, gobreaker.ErrOpenState):
		return nil, circuitOpen(car.ID(), fmt.Sprintf("credential %q failed %d times in a row on the provider's side, so the client waits up to %s before one probe",
			cred.Code, b.failures, b.coolDown))
	case errors.Is(err, gobreaker.ErrTooManyRequests):
		return nil, circuitOpen(car.ID(), fmt.Sprintf("credential %q is on probation after repeated failures, and its one probe is under way", cred.Code))
	}
	return nil, err
}

// circuitOpen says why the circuit of a carrier sent nothing.
func circuitOpen(carrier, why string) error {
	return &APIError{Carrier: carrier, Kind: ErrUnavailable, Err: ErrCircuitOpen, Message: "not sent: " + why}
}

// verdict is how an outcome counts for a breaker.
type verdict int

const (
	verdictAnswered verdict = iota // the provider answered, whatever it said
	verdictFailed                  // a provider-side failure
	verdictExcluded                // cut short by the caller: it says nothing of the provider
)

// judged carries a failed call's error to the breaker with its verdict,
// taken while the call's context is at hand.
type judged struct {
	err     error
	verdict verdict
}

func (j *judged) Error() string { return j.err.Error() }
func (j *judged) Unwrap() error { return j.err }

func verdictOf(err error) verdict {
	if j, ok := err.(*judged); ok {
		return j.verdict
	}
	if err == nil {
		return verdictAnswered
	}
	return verdictFailed // a carrier's panic, which Execute passes as a plain error
}

// judge says how a failed call counts against the carrier's breaker.
func judge(ctx context.Context, err error) verdict {
	switch {
	case ctx.Err() != nil, localRateLimit(err):
		return verdictExcluded
	case providerFailure(err):
		return verdictFailed
	}
	return verdictAnswered
}

// localRateLimit reports whether err is the client's own rate limiter
// declining to wait past the call's deadline (transport.KeyedLimiter):
// rate limited, with no HTTP status since no provider answered.
func localRateLimit(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == 0 && ae.Category() == ErrRateLimited
}

// providerFailure reports whether err says the provider failed rather
// than answered: it matches ErrUnavailable (5xx answers, connection errors
// and attempt timeouts after the transport's retries, a spent retry
// budget, an open circuit) or ErrRateLimited, or it is a net.Error or a
// context.DeadlineExceeded of the carrier's own (judge rules out the
// caller's). These, and only these, count against a circuit breaker.
func providerFailure(err error) bool {
	var ne net.Error
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrRateLimited) ||
		errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne)
}
