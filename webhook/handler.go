package webhook

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// DefaultMaxBodySize bounds a delivery's body.
const DefaultMaxBodySize = 1 << 20

// DefaultReplayWindow is how long a processed delivery is remembered when
// its scheme signs no timestamp (or its check is off).
const DefaultReplayWindow = 72 * time.Hour

// DefaultReplayLease is how long a delivery being processed holds its
// replay key: if the replica processing it dies, the provider's next copy
// is processed once the lease runs out.
const DefaultReplayLease = 2 * time.Minute

// Event is a verified, decoded delivery handed to the application.
type Event struct {
	Carrier      string
	Organization string
	Shipments    []*tracking.Shipment
	Verified     Verified
}

// Handler is an http.Handler that verifies a provider's deliveries, decodes
// them and calls the application's function. It answers 405 for a method
// other than POST, 413 for a body over the limit, 400 for a malformed or
// stale delivery or a missing header (404 for schemes whose provider asks
// for it), 401 for a bad signature, unknown key or missing secret, 2xx
// once the function succeeds (and for a delivery already processed), and
// 500 when the function fails or the provider's signing keys cannot be
// read (ErrKeysUnavailable), so that the provider retries.
//
// Each delivery the scheme can tell apart is processed once: its key is
// reserved in the replay store while the function runs, committed when it
// succeeds and released when it fails or panics. A copy arriving while
// another is being processed, on this replica or another sharing the
// store, is answered 503 with Retry-After (the lease, in seconds): the
// first copy's outcome is not known yet, and every provider retries a 5xx,
// where some treat a 4xx such as 409 as final. A 503 also answers a replay
// store that fails. Once committed, a key is kept until the signed
// timestamp leaves the verifier's tolerance (plus a minute), or for the
// replay window when the scheme signs no timestamp.
type Handler struct {
	scheme Scheme
	fn     func(context.Context, Event) error
	cfg    handlerConfig
}

// Option configures NewHandler.
type Option func(*handlerConfig)

type handlerConfig struct {
	resolver    *credentials.Resolver
	secret      credentials.Secret
	org         string
	orgFrom     func(*http.Request) string
	code        string
	maxBody     int64
	replay      ReplayStore
	window      time.Duration
	lease       time.Duration
	logger      *slog.Logger
	now         func() time.Time
	noReplay    bool
	secretFixed bool
}

// WithResolver resolves the secret per delivery from the organization's
// credential for the carrier (the default one, or WithCredentialCode's).
func WithResolver(r *credentials.Resolver) Option { return func(c *handlerConfig) { c.resolver = r } }

// WithSecret uses one fixed secret instead of a resolver.
func WithSecret(s credentials.Secret) Option {
	return func(c *handlerConfig) { c.secret, c.secretFixed = s, true }
}

// WithOrganization mounts the handler for one organization.
func WithOrganization(org string) Option { return func(c *handlerConfig) { c.org = org } }

// WithOrganizationFrom reads the organization from each request, for
// example from the path: func(r *http.Request) string { return r.PathValue("org") }.
func WithOrganizationFrom(f func(*http.Request) string) Option {
	return func(c *handlerConfig) { c.orgFrom = f }
}

// WithCredentialCode names the credential holding the secret; without it
// the carrier's active default is used.
func WithCredentialCode(code string) Option { return func(c *handlerConfig) { c.code = code } }

// WithMaxBodySize bounds the body (DefaultMaxBodySize by default).
func WithMaxBodySize(n int64) Option { return func(c *handlerConfig) { c.maxBody = n } }

// WithReplayStore sets where deliveries are remembered (a
// MemoryReplayStore by default, which holds only within one process:
// replicas share one store, such as redisstore's). nil turns replay
// detection off.
func WithReplayStore(s ReplayStore) Option {
	return func(c *handlerConfig) { c.replay, c.noReplay = s, s == nil }
}

// WithReplayWindow sets how long processed deliveries are remembered when
// the scheme signs no timestamp (DefaultReplayWindow by default). One with
// a timestamp is remembered while the verifier would accept it.
func WithReplayWindow(d time.Duration) Option { return func(c *handlerConfig) { c.window = d } }

// WithReplayLease sets how long a delivery being processed holds its key
// (DefaultReplayLease by default). Make it longer than the function ever
// runs: a copy arriving after the lease ran out is processed too.
func WithReplayLease(d time.Duration) Option { return func(c *handlerConfig) { c.lease = d } }

// WithLogger logs refused deliveries at info level and failures at error
// level. Secrets and signatures are never logged. Silent by default.
func WithLogger(l *slog.Logger) Option { return func(c *handlerConfig) { c.logger = l } }

// NewHandler returns a Handler for the deliveries of s's carrier, such as
// track123.WebhookScheme(). fn is called with each verified delivery's
// shipments; an error from it makes the handler answer 500 so that the
// provider retries.
func NewHandler(s Scheme, fn func(context.Context, Event) error, opts ...Option) (*Handler, error) {
	var cfg handlerConfig
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case s.Verifier == nil || s.Parse == nil || fn == nil:
		return nil, fmt.Errorf("webhook: NewHandler needs a scheme with a verifier and a parse function, and a callback")
	case s.Verifier.SecretField() != "" && cfg.resolver == nil && !cfg.secretFixed:
		return nil, fmt.Errorf("webhook: the %s scheme needs a secret; pass WithResolver or WithSecret: %w", s.Carrier, ErrNoSecret)
	}
	if cfg.replay == nil && !cfg.noReplay {
		cfg.replay = NewMemoryReplayStore()
	}
	if cfg.window <= 0 {
		cfg.window = DefaultReplayWindow
	}
	if cfg.lease <= 0 {
		cfg.lease = DefaultReplayLease
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	return &Handler{scheme: s, fn: fn, cfg: cfg}, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	log := h.cfg.logger.With("carrier", h.scheme.Carrier)
	d, err := ReadDelivery(r, h.cfg.maxBody) // fills in the default limit
	if err != nil {
		h.refuse(ctx, w, log, err)
		return
	}
	org := h.cfg.org
	if h.cfg.orgFrom != nil {
		org = h.cfg.orgFrom(r)
	}
	log = log.With("organization", org)
	secret, err := h.secretFor(ctx, org)
	if err != nil {
		h.refuse(ctx, w, log, err)
		return
	}
	v, err := h.scheme.Verifier.Verify(ctx, d, secret)
	if err != nil {
		h.refuse(ctx, w, log, err)
		return
	}
	claim, ok := h.reserve(ctx, w, log, org, v)
	if !ok {
		return
	}
	processed := false
	if claim != nil {
		defer func() {
			if !processed { // failed or panicked: let the provider's next copy through
				claim.release(context.WithoutCancel(ctx))
			}
		}()
	}
	var shipments []*tracking.Shipment
	shipments, err = h.scheme.Parse(d.Body)
	if err != nil {
		h.refuse(ctx, w, log, fmt.Errorf("%w: %w", ErrMalformed, err))
		return
	}
	err = h.fn(ctx, Event{Carrier: h.scheme.Carrier, Organization: org, Shipments: shipments, Verified: v})
	if err != nil {
		log.ErrorContext(ctx, "webhook callback failed; answering 500 so that the provider retries", "error", err.Error())
		http.Error(w, "processing failed", http.StatusInternalServerError)
		return
	}
	processed = true
	if claim != nil {
		// The delivery was processed whatever happens now: if the commit
		// fails, the lease keeps copies out until it runs out.
		if err := claim.commit(context.WithoutCancel(ctx), h.replayExpiry(v)); err != nil {
			log.ErrorContext(ctx, "replay store failed to record a processed delivery; a copy arriving after the lease may be processed again", "error", err.Error())
		}
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "ok\n")
}

// replayClaim is a delivery's reservation in the replay store.
type replayClaim struct {
	store      ReplayStore
	key, token string
}

func (c *replayClaim) commit(ctx context.Context, expiry time.Time) error {
	return c.store.Commit(ctx, c.key, expiry)
}

func (c *replayClaim) release(ctx context.Context) {
	_ = c.store.Release(ctx, c.key, c.token) // on failure the lease runs out instead
}

// reserve claims v's replay key. It answers the delivery itself and
// returns false when it must not be processed now; a nil claim means the
// delivery has no key or replay detection is off.
func (h *Handler) reserve(ctx context.Context, w http.ResponseWriter, log *slog.Logger, org string, v Verified) (*replayClaim, bool) {
	if v.ReplayKey == "" || h.cfg.replay == nil {
		return nil, true
	}
	c := &replayClaim{store: h.cfg.replay, key: h.scheme.Carrier + "|" + org + "|" + v.ReplayKey, token: rand.Text()}
	state, err := c.store.Reserve(ctx, c.key, c.token, h.cfg.lease)
	switch {
	case err == nil && state == ReplayReserved:
		return c, true
	case err == nil && state == ReplayDone:
		log.InfoContext(ctx, "delivery already processed")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "already processed\n")
		return nil, false
	case err == nil && state == ReplayInFlight:
		log.InfoContext(ctx, "a copy of this delivery is being processed; answering 503 so that the provider retries")
		h.retryLater(w, "being processed, retry later")
		return nil, false
	case err == nil:
		err = fmt.Errorf("webhook: replay store answered an unknown state %v", state)
	}
	log.ErrorContext(ctx, "replay store failed; answering 503 so that the provider retries", "error", err.Error())
	h.retryLater(w, "temporary failure")
	return nil, false
}

// retryLater answers 503 with a Retry-After of one lease, after which the
// copy being processed has committed, released or lost its lease.
func (h *Handler) retryLater(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(int((h.cfg.lease+time.Second-1)/time.Second)))
	http.Error(w, msg, http.StatusServiceUnavailable)
}

// replayExpiry is when a processed delivery may be forgotten: once its
// signed timestamp leaves the verifier's tolerance, copies are refused as
// stale anyway; without one, after the replay window.
func (h *Handler) replayExpiry(v Verified) time.Time {
	now := h.cfg.now()
	if v.ValidFor > 0 {
		return now.Add(v.ValidFor + replaySlack)
	}
	return now.Add(h.cfg.window)
}

func (h *Handler) secretFor(ctx context.Context, org string) (credentials.Secret, error) {
	field := h.scheme.Verifier.SecretField()
	if field == "" {
		return "", nil
	}
	if h.cfg.secretFixed {
		if h.cfg.secret == "" {
			return "", ErrNoSecret
		}
		return h.cfg.secret, nil
	}
	cred, err := h.cfg.resolver.Resolve(ctx, org, h.scheme.Carrier, h.cfg.code)
	switch {
	case err == nil:
	case errors.Is(err, credentials.ErrUnknownCode), errors.Is(err, credentials.ErrInactive),
		errors.Is(err, credentials.ErrNoDefault), errors.Is(err, credentials.ErrAmbiguousDefault),
		errors.Is(err, credentials.ErrCarrierMismatch), errors.Is(err, credentials.ErrMissingField):
		return "", fmt.Errorf("%w: %w", ErrNoSecret, err) // no usable secret: fail closed
	default:
		// The store itself failed: ours to fix, so the provider should retry.
		return "", fmt.Errorf("webhook: resolving the %s credential failed; answering 500 so that the provider retries: %w", h.scheme.Carrier, err)
	}
	s := cred.Field(field)
	if s == "" {
		return "", fmt.Errorf("webhook: credential %q has no %s field: %w", cred.Code, field, ErrNoSecret)
	}
	return s, nil
}

// refuse answers a delivery that cannot be accepted, with the status the
// error calls for.
func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, log *slog.Logger, err error) {
	status := StatusFor(err)
	if errors.Is(err, ErrMissingHeader) && h.scheme.MissingHeaderStatus != 0 {
		status = h.scheme.MissingHeaderStatus
	}
	if status >= 500 {
		log.ErrorContext(ctx, "webhook delivery failed", "status", status, "error", err.Error())
	} else {
		log.InfoContext(ctx, "webhook delivery refused", "status", status, "error", err.Error())
	}
	http.Error(w, http.StatusText(status), status)
}

// StatusFor returns the HTTP status a Handler answers for err.
func StatusFor(err error) int {
	switch {
	case errors.Is(err, ErrKeysUnavailable): // before the others: never the delivery's fault
		return http.StatusInternalServerError
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrBadSignature), errors.Is(err, ErrUnknownKey), errors.Is(err, ErrNoSecret):
		return http.StatusUnauthorized
	case errors.Is(err, ErrMissingHeader), errors.Is(err, ErrStale), errors.Is(err, ErrMalformed):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// ReadDelivery reads r's body, up to max bytes (DefaultMaxBodySize when
// max <= 0), into a Delivery. A larger body gives an error matching
// ErrTooLarge.
func ReadDelivery(r *http.Request, max int64) (Delivery, error) {
	if max <= 0 {
		max = DefaultMaxBodySize
	}
	if r.ContentLength > max {
		return Delivery{}, fmt.Errorf("webhook: body of %d bytes is over the %d-byte limit: %w", r.ContentLength, max, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return Delivery{}, fmt.Errorf("webhook: reading the body: %v: %w", err, ErrMalformed)
	}
	if int64(len(body)) > max {
		return Delivery{}, fmt.Errorf("webhook: body is over the %d-byte limit: %w", max, ErrTooLarge)
	}
	return Delivery{Header: r.Header, Body: body, URL: r.URL}, nil
}
