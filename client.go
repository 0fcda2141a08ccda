package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// Client routes requests to carriers with the credential each needs. It is
// safe for concurrent use. Build it with NewClient.
type Client struct {
	carriers       map[string]Carrier
	defaultCarrier string
	resolver       *credentials.Resolver
	logger         *slog.Logger
	concurrency    int
	sendMistyped   bool // WithCheckDigitRefusal(false)
	failover       *failover
}

var _ Tracker = (*Client)(nil)

// Option configures NewClient. Options are recorded and then assembled in
// a fixed order, so the order they are passed in does not matter.
type Option func(*clientConfig)

type clientConfig struct {
	carriers       []Carrier
	store          credentials.Store
	defaultCarrier string
	logger         *slog.Logger
	concurrency    int
	sendMistyped   bool
	failover       failoverConfig
	defaults       CarrierDefaults // client_settings.go
}

// WithCarrier registers a carrier under its ID.
func WithCarrier(c Carrier) Option {
	return func(cfg *clientConfig) { cfg.carriers = append(cfg.carriers, c) }
}

// WithCredentials sets the store credentials are resolved from. When the
// store is a credentials.FieldChecker, the client tells it the fields each
// registered carrier needs, so that it refuses incomplete credentials when
// they are stored.
func WithCredentials(s credentials.Store) Option {
	return func(cfg *clientConfig) { cfg.store = s }
}

// WithDefaultCarrier names the carrier used when a Request names none. With
// a single registered carrier it is the default without this option.
func WithDefaultCarrier(id string) Option {
	return func(cfg *clientConfig) { cfg.defaultCarrier = id }
}

// WithLogger logs routing decisions at debug level, and every carrier
// given no logger of its own logs its attempts, retries and calls there
// (see CarrierDefaults). The client is silent without it. Secrets never
// reach the logger.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *clientConfig) { cfg.logger = l }
}

// WithConcurrency bounds how many calls TrackMany runs at once (default 8).
// The carriers' rate limits still decide how fast requests go out.
func WithConcurrency(n int) Option {
	return func(cfg *clientConfig) { cfg.concurrency = n }
}

// NewClient returns a Client. It fails when no carrier is registered, two
// carriers share an ID, the default carrier is not registered, or the
// credential store holds credentials for a carrier that is not registered
// (checked for stores that implement credentials.CarrierIDLister, such as
// MemoryStore and Chain; the error names the near match, as "shipengine"
// for "shipengin", and the registered IDs).
func NewClient(opts ...Option) (*Client, error) {
	var cfg clientConfig
	for _, o := range opts {
		o(&cfg)
	}
	c := &Client{
		carriers:     make(map[string]Carrier, len(cfg.carriers)),
		logger:       cfg.logger,
		concurrency:  cfg.concurrency,
		sendMistyped: cfg.sendMistyped,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.concurrency <= 0 {
		c.concurrency = 8
	}
	if len(cfg.carriers) == 0 {
		return nil, fmt.Errorf("tracking: no carrier registered; pass tracking.WithCarrier: %w", ErrInvalidRequest)
	}
	for _, car := range cfg.carriers {
		if car == nil {
			return nil, fmt.Errorf("tracking: WithCarrier(nil): %w", ErrInvalidRequest)
		}
		id := car.ID()
		if id == "" {
			return nil, fmt.Errorf("tracking: a carrier of type %T has an empty ID: %w", car, ErrInvalidRequest)
		}
		if _, dup := c.carriers[id]; dup {
			return nil, fmt.Errorf("tracking: carrier %q registered twice: %w", id, ErrInvalidRequest)
		}
		c.carriers[id] = car
	}
	switch {
	case cfg.defaultCarrier != "":
		if _, ok := c.carriers[cfg.defaultCarrier]; !ok {
			return nil, fmt.Errorf("tracking: default carrier %q is not registered (have %s): %w",
				cfg.defaultCarrier, strings.Join(c.CarrierIDs(), ", "), ErrUnknownCarrier)
		}
		c.defaultCarrier = cfg.defaultCarrier
	case len(c.carriers) == 1:
		c.defaultCarrier = cfg.carriers[0].ID()
	}
	f, err := newFailover(cfg.failover, c)
	if err != nil {
		return nil, err
	}
	c.failover = f
	if cfg.store != nil {
		if err := checkStoreCarriers(cfg.store, c.CarrierIDs()); err != nil {
			return nil, err
		}
		c.resolver = credentials.NewResolver(cfg.store)
		for id, car := range c.carriers {
			if f, ok := car.(CredentialFielder); ok {
				c.resolver.RequireFields(id, f.CredentialFields()...)
			}
		}
	}
	giveDefaults(&cfg)
	return c, nil
}

// CarrierIDs returns the registered carriers' IDs, sorted.
func (c *Client) CarrierIDs() []string {
	ids := make([]string, 0, len(c.carriers))
	for id := range c.carriers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Carrier returns the registered carrier with the ID, for its optional
// capabilities (BatchTracker, Registrar, Lister).
func (c *Client) Carrier(id string) (Carrier, bool) {
	car, ok := c.carriers[id]
	return car, ok
}

// Track asks the request's carrier where the parcel is, with the credential
// the request names or the carrier's active default. With WithFailover, a
// request that names no carrier goes through the failover order instead.
func (c *Client) Track(ctx context.Context, req Request) (*Shipment, error) {
	if c.failover.routes(req) {
		return c.trackFailover(ctx, req)
	}
	car, err := c.validate(ctx, &req)
	if err != nil {
		return nil, err
	}
	cred, err := c.credentialFor(ctx, req)
	if err != nil {
		return nil, err
	}
	return c.trackNamed(ctx, car, req, cred)
}

// trackPrepared calls the carrier and checks what it returns.
func (c *Client) trackPrepared(ctx context.Context, car Carrier, req Request, cred credentials.Credential) (*Shipment, error) {
	if c.logger.Enabled(ctx, slog.LevelDebug) { // the arguments would be boxed even when the line is dropped
		c.logger.DebugContext(ctx, "track", "carrier", req.Carrier, "credential", cred.Code, "organization", req.Organization)
	}
	s, err := car.Track(ctx, req, cred)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, &DecodeError{Carrier: req.Carrier, Err: errors.New("carrier returned no shipment and no error")}
	}
	if s.Carrier == "" {
		s.Carrier = req.Carrier
	}
	return s, nil
}

// validate checks req, trims its number, fills its carrier ID (and its
// courier, when detected: see resolveCourier) and returns the carrier.
func (c *Client) validate(ctx context.Context, req *Request) (Carrier, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req.TrackingNumber = strings.TrimSpace(req.TrackingNumber)
	if req.TrackingNumber == "" {
		return nil, fmt.Errorf("tracking: empty tracking number; set Request.TrackingNumber: %w", ErrInvalidRequest)
	}
	car, err := c.carrierFor(req)
	if err != nil {
		return nil, err
	}
	if err := c.resolveCourier(car, req); err != nil {
		return nil, err
	}
	return car, nil
}

func (c *Client) carrierFor(req *Request) (Carrier, error) {
	if req.Carrier == "" {
		if c.defaultCarrier == "" {
			return nil, fmt.Errorf("tracking: the request names no carrier and the client has no default; set Request.Carrier to one of %s: %w",
				strings.Join(c.CarrierIDs(), ", "), ErrUnknownCarrier)
		}
		req.Carrier = c.defaultCarrier
	}
	car, ok := c.carriers[req.Carrier]
	if !ok {
		return nil, fmt.Errorf("tracking: carrier %q is not registered; use one of %s or register it with WithCarrier: %w",
			req.Carrier, strings.Join(c.CarrierIDs(), ", "), ErrUnknownCarrier)
	}
	return car, nil
}

// credentialFor resolves req's credential. Its errors match
// ErrNoCredential, but for the caller's own cancellation.
func (c *Client) credentialFor(ctx context.Context, req Request) (credentials.Credential, error) {
	if c.resolver == nil {
		return credentials.Credential{}, &credentialError{fmt.Errorf("tracking: no credentials for carrier %q; pass tracking.WithCredentials: %w",
			req.Carrier, credentials.ErrUnknownCode)}
	}
	cred, err := c.resolver.Resolve(ctx, req.Organization, req.Carrier, req.Credential)
	if err != nil && (ctx.Err() == nil || !errors.Is(err, ctx.Err())) {
		err = &credentialError{err}
	}
	return cred, err
}
