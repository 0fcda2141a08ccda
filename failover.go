package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/parcelkit/tracking/couriers"
	"github.com/parcelkit/tracking/credentials"
)

// WithFailover routes the requests that name no carrier through the
// carriers with these IDs, in this order: a request goes to the first
// one that serves its courier (Request.Courier, or the courier detected
// from the number; see CourierSupport: a carrier that does not implement
// it serves every courier) and whose circuit is not open (see
// WithBreaker), with that carrier's own credential for the request's
// organization. When the carrier fails on the provider's side, the
// request moves on to the next one; WithFailoverPolicy says which
// failures do (DefaultFailoverPolicy unless set).
//
// The answer's Shipment.Carrier names the carrier that served it. When
// more than one carrier was tried and none answered, the error is a
// *FailoverError holding each attempt's error.
//
// A request that names a carrier (Request.Carrier) goes to it alone, and
// WithDefaultCarrier no longer applies to Track and TrackMany. A
// request's Credential code is used with the carrier it belongs to; the
// other carriers use their own default credential, and one without a
// usable credential for the organization is passed over (and named in
// the error). TrackMany, TrackEach
// and TrackStream route each such request the same way, one call per
// request (no batches), each carrier paced by its own rate limiter.
//
// NewClient refuses an ID that is not registered or that appears twice.
// With WithFailover and no WithDefaultCarrier, the first carrier of the
// order is the default for Register, Unregister and List.
func WithFailover(carrierIDs ...string) Option {
	return func(cfg *clientConfig) {
		cfg.failover.order = append([]string(nil), carrierIDs...)
		cfg.failover.set = true
	}
}

// FailoverPolicy says whether a request moves on to the next carrier of
// WithFailover after the error err. ctx is the request's context, so
// that a policy can weigh a wait against its deadline. The client calls
// it only with an error, and never once ctx has ended: a request whose
// context ended stops there.
type FailoverPolicy func(ctx context.Context, err error) bool

// WithFailoverPolicy replaces DefaultFailoverPolicy. To widen it, call
// it from yours:
//
//	tracking.WithFailoverPolicy(func(ctx context.Context, err error) bool {
//		return tracking.DefaultFailoverPolicy(ctx, err) || errors.Is(err, tracking.ErrQuotaExceeded)
//	})
//
// A nil policy keeps the default. The policy does not change what counts
// against a circuit breaker (see WithBreaker).
func WithFailoverPolicy(p FailoverPolicy) Option {
	return func(cfg *clientConfig) { cfg.failover.policy = p }
}

// DefaultFailoverPolicy moves a request on to the next carrier after a
// provider-side failure:
//   - ErrUnavailable: a 5xx answer, a connection error or timeout after the
//     transport's retries, a spent retry budget, an open circuit
//     (ErrCircuitOpen);
//   - ErrRateLimited, unless the provider said how long to wait
//     (APIError.RetryAfter) and that wait ends before ctx's deadline: then
//     the caller can wait and retry the same carrier;
//   - a net.Error, or context.DeadlineExceeded from the carrier itself
//     while ctx is live (an attempt's own timeout).
//
// It stops on everything else, and in particular on the caller's fault
// (ErrInvalidRequest, ctx's end) and on ErrNotFound and ErrUnauthorized:
// a NotFound is an answer, not an outage (widen the policy to ask the
// next provider anyway), and a refused credential needs fixing rather
// than hiding.
func DefaultFailoverPolicy(ctx context.Context, err error) bool {
	switch {
	case err == nil, ctx.Err() != nil,
		errors.Is(err, ErrInvalidRequest), errors.Is(err, ErrNotFound), errors.Is(err, ErrUnauthorized):
		return false
	case errors.Is(err, ErrCircuitOpen):
		return true
	case errors.Is(err, ErrRateLimited):
		return !canWait(ctx, err)
	}
	return providerFailure(err)
}

// canWait reports whether a rate-limit error says how long to wait and
// that wait ends before ctx's deadline. Without a deadline the transport
// has already waited as long as it would in one call.
func canWait(ctx context.Context, err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.RetryAfter <= 0 {
		return false
	}
	dl, ok := ctx.Deadline()
	return ok && ae.RetryAfter <= time.Until(dl)
}

// FailoverError is the error of a request that WithFailover sent to more
// than one carrier without an answer: each attempt's error, in order. It
// unwraps to every one of them, so errors.Is and errors.As find what any
// attempt failed with (ErrUnavailable, *APIError...).
type FailoverError struct {
	TrackingNumber string
	Attempts       []FailoverAttempt
	// Exhausted is true when every carrier was tried and each failed over;
	// false when the last attempt failed with an error that does not fail
	// over (ErrNotFound, for one) or the context ended.
	Exhausted bool
}

// FailoverAttempt is one carrier's try at a request. Err matches
// ErrCircuitOpen when the carrier's circuit was open and nothing was sent.
type FailoverAttempt struct {
	Carrier string
	Err     error
}

// Error names the carriers tried, each one's error and what to do next.
func (e *FailoverError) Error() string {
	var b strings.Builder
	if e.Exhausted {
		fmt.Fprintf(&b, "tracking: every carrier failed for %q (tried %s)", e.TrackingNumber, strings.Join(e.Carriers(), ", "))
	} else {
		fmt.Fprintf(&b, "tracking: no answer for %q (tried %s)", e.TrackingNumber, strings.Join(e.Carriers(), ", "))
	}
	for _, a := range e.Attempts {
		b.WriteString("; ")
		msg := a.Err.Error()
		if !strings.HasPrefix(msg, a.Carrier+": ") {
			b.WriteString(a.Carrier)
			b.WriteString(": ")
		}
		b.WriteString(msg)
	}
	switch {
	case e.Exhausted && e.providersFailing():
		b.WriteString("; the providers are failing: retry later, or add another carrier to WithFailover")
	case e.Exhausted:
		b.WriteString("; act on each error as it says")
	default:
		b.WriteString("; the last error does not fail over: act on it as it says")
	}
	return b.String()
}

// providersFailing reports whether every attempt failed on the
// provider's side (no credential error among them).
func (e *FailoverError) providersFailing() bool {
	for _, a := range e.Attempts {
		if !providerFailure(a.Err) {
			return false
		}
	}
	return true
}

// Unwrap returns each attempt's error.
func (e *FailoverError) Unwrap() []error {
	errs := make([]error, len(e.Attempts))
	for i, a := range e.Attempts {
		errs[i] = a.Err
	}
	return errs
}

// Carriers returns the IDs of the carriers tried, in order.
func (e *FailoverError) Carriers() []string {
	ids := make([]string, len(e.Attempts))
	for i, a := range e.Attempts {
		ids[i] = a.Carrier
	}
	return ids
}

// failoverConfig is what the failover and breaker options record.
type failoverConfig struct {
	order      []string
	set        bool
	policy     FailoverPolicy
	failures   int
	coolDown   time.Duration
	breakNamed bool
}

// failover routes the requests that name no carrier. It is a Carrier
// only so that TrackMany can hand such a request to a worker as a job of
// its own; its ID is never registered.
type failover struct {
	c          *Client
	order      []string // empty without WithFailover
	policy     FailoverPolicy
	breakNamed bool
	breakers   *breakers
}

// newFailover checks cfg against c's carriers. It makes the first carrier
// of the order c's default when c has none.
func newFailover(cfg failoverConfig, c *Client) (*failover, error) {
	b, err := newBreakers(cfg.failures, cfg.coolDown, c.logger)
	if err != nil {
		return nil, err
	}
	f := &failover{c: c, order: cfg.order, policy: cfg.policy, breakNamed: cfg.breakNamed, breakers: b}
	if f.policy == nil {
		f.policy = DefaultFailoverPolicy
	}
	if cfg.set && len(cfg.order) == 0 {
		return nil, fmt.Errorf("tracking: WithFailover names no carrier; pass the carrier IDs in the order to try them: %w", ErrInvalidRequest)
	}
	seen := make(map[string]bool, len(cfg.order))
	for _, id := range cfg.order {
		if _, ok := c.carriers[id]; !ok {
			return nil, fmt.Errorf("tracking: WithFailover: carrier %q is not registered (have %s); register it with WithCarrier: %w",
				id, strings.Join(c.CarrierIDs(), ", "), ErrUnknownCarrier)
		}
		if seen[id] {
			return nil, fmt.Errorf("tracking: WithFailover names carrier %q twice: %w", id, ErrInvalidRequest)
		}
		seen[id] = true
	}
	if c.defaultCarrier == "" && len(cfg.order) > 0 {
		c.defaultCarrier = cfg.order[0]
	}
	return f, nil
}

// routes reports whether req goes through the failover order.
func (f *failover) routes(req Request) bool { return len(f.order) > 0 && req.Carrier == "" }

// ID names the route in TrackMany's errors; no carrier has it.
func (f *failover) ID() string { return "failover" }

// Track routes req through the failover order; the client resolves each
// carrier's credential, so cred is unused.
func (f *failover) Track(ctx context.Context, req Request, _ credentials.Credential) (*Shipment, error) {
	return f.c.trackFailover(ctx, req)
}

// trackFailover tries the carriers of the failover order that serve req's
// courier, one after the other, until one answers or the policy stops.
func (c *Client) trackFailover(ctx context.Context, req Request) (*Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := c.failover
	courier := courierOf(req)
	var tried []FailoverAttempt
	served, stopped := false, false
	for _, id := range f.order {
		if cs, ok := c.carriers[id].(CourierSupport); ok && courier != "" && !cs.ServesCourier(courier) {
			// Checked here too since validate detects the courier only
			// for carriers that need one.
			continue
		}
		r := req
		r.Carrier = id
		car, err := c.validate(ctx, &r)
		if errors.Is(err, ErrUnsupported) {
			continue // it does not serve the courier
		}
		if err != nil {
			if len(tried) == 0 {
				return nil, err // the caller's fault, or ctx ended
			}
			// Past the first carrier only ctx's end fails validation.
			tried, stopped = append(tried, FailoverAttempt{Carrier: id, Err: err}), true
			break
		}
		served = true
		cred, err := c.failoverCredential(ctx, &r)
		if err != nil {
			// A carrier without a credential for the organization is
			// passed over, and named in the error.
			tried = append(tried, FailoverAttempt{Carrier: id, Err: err})
			if ctx.Err() != nil {
				stopped = true
				break
			}
			continue
		}
		s, err := f.breakers.do(ctx, car, r, cred, c.trackPrepared)
		if err == nil {
			return s, nil
		}
		tried = append(tried, FailoverAttempt{Carrier: id, Err: err})
		if ctx.Err() != nil || !f.policy(ctx, err) {
			stopped = true
			break
		}
		if c.logger.Enabled(ctx, slog.LevelDebug) {
			c.logger.DebugContext(ctx, "failing over", "carrier", id, "organization", r.Organization, "error", err.Error())
		}
	}
	switch {
	case !served:
		return nil, fmt.Errorf("tracking: no carrier of WithFailover (%s) serves courier %q; set Request.Courier to the provider's own code, or register a carrier that serves it: %w",
			strings.Join(f.order, ", "), courier, ErrUnsupported)
	case len(tried) == 1:
		return nil, tried[0].Err
	}
	return nil, &FailoverError{TrackingNumber: strings.TrimSpace(req.TrackingNumber), Attempts: tried, Exhausted: !stopped}
}

// courierOf is req's canonical courier: the one it names or, when it
// names none, the one detected from its number; "" when neither is
// known (a provider's own code, or no clear match).
func courierOf(req Request) string {
	id := strings.TrimSpace(req.Courier)
	if id == "" {
		id, _ = couriers.Suggest(strings.TrimSpace(req.TrackingNumber))
	}
	if _, canonical := couriers.Lookup(id); !canonical {
		return ""
	}
	return id
}

// failoverCredential resolves r's credential for r.Carrier. A code that
// belongs to another carrier gives way to this carrier's default, and r
// then names none.
func (c *Client) failoverCredential(ctx context.Context, r *Request) (credentials.Credential, error) {
	cred, err := c.credentialFor(ctx, *r)
	if r.Credential != "" && errors.Is(err, credentials.ErrCarrierMismatch) {
		r.Credential = ""
		return c.credentialFor(ctx, *r)
	}
	return cred, err
}

// trackNamed calls a request's own carrier: through its breaker with
// WithBreakerOnNamedCarrier, straight otherwise. TrackMany's failover
// jobs pass through to their route.
func (c *Client) trackNamed(ctx context.Context, car Carrier, req Request, cred credentials.Credential) (*Shipment, error) {
	if !c.failover.breakNamed || car == Carrier(c.failover) {
		return c.trackPrepared(ctx, car, req, cred)
	}
	return c.failover.breakers.do(ctx, car, req, cred, c.trackPrepared)
}
