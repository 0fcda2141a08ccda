package tracktry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// ID is the carrier ID of Tracktry.
const ID = "tracktry"

// DefaultBaseURL is Tracktry's API root; the carrier appends /v1/...
const DefaultBaseURL = "https://api.tracktry.com"

// apiVersion prefixes every path.
const apiVersion = "/v1"

// Credential fields (names as Credential.Fields keys).
const (
	// FieldAPIKey holds the API key, sent as the Tracktry-Api-Key header.
	FieldAPIKey = "api_key"
	// FieldEmail holds the account e-mail, which only verifies webhooks
	// (WebhookScheme): tracking does not need it.
	FieldEmail = "email"
)

// Defaults. Tracktry documents no rate limit; one request a second per
// credential is TrackingMore v2's limit for most endpoints, the
// conservative choice. Change it with WithRateLimit or WithLimiter.
const (
	DefaultRate          rate.Limit = 1
	DefaultBurst                    = 1
	DefaultRateLimitWait            = 120 * time.Second // Tracktry's "wait two minutes" after meta.code 429
	MaxBatch                        = 40                // trackings per POST /trackings/batch
	maxBatchTried                   = 200               // the limit Tracktry's 4020 message names
	DefaultListLimit                = 100               // page size of GET /trackings/get
	MaxListLimit                    = 2000
)

// Carrier tracks parcels through Tracktry's API v1. Build it with New; it
// is safe for concurrent use.
type Carrier struct {
	base          string
	cfgErr        error // a bad option, returned by every call
	hc            *http.Client
	autoRegister  bool
	loc           *time.Location
	rateLimitWait time.Duration
	batchSize     int

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.Registrar         = (*Carrier)(nil)
	_ tracking.Lister            = (*Carrier)(nil)
	_ tracking.BatchTracker      = (*Carrier)(nil)
)

// New returns a Tracktry carrier. An invalid WithBaseURL is reported by
// every call, as an error matching tracking.ErrInvalidRequest.
func New(opts ...Option) *Carrier {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	c := &Carrier{
		autoRegister:  o.autoRegister,
		loc:           o.location,
		rateLimitWait: DefaultRateLimitWait,
		batchSize:     MaxBatch,
	}
	b := o.kit.Build(ID, carrierkit.ProviderDefaults{BaseURL: DefaultBaseURL, Rate: DefaultRate, Burst: DefaultBurst}, c.classify)
	c.base, c.cfgErr, c.hc = b.Base, b.Err, b.HC
	if o.rateLimitWait != nil {
		c.rateLimitWait = max(*o.rateLimitWait, 0)
	}
	if o.batchSize > 0 {
		c.batchSize = min(o.batchSize, maxBatchTried)
	}
	c.defaults = b.Defaults
	return c
}

// ID returns "tracktry".
func (c *Carrier) ID() string { return ID }

// CredentialFields returns the one field tracking needs: "api_key". The
// "email" field is only used to verify webhooks.
func (c *Carrier) CredentialFields() []string { return []string{FieldAPIKey} }

// Track asks Tracktry for the tracking once: GET
// /v1/trackings/{Request.Courier}/{number}. A number Tracktry does not
// track (meta.code 4017) is answered with an error matching
// tracking.ErrNotFound that says to register it; with
// WithAutoRegister(true) Track creates it instead and answers a pending
// Shipment. Without Request.Courier, Track looks the number up with the
// list endpoint's numbers filter and cannot register it.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	number, err := checkNumber(req.TrackingNumber)
	if err != nil {
		return nil, err
	}
	courier := courierCode(req.Courier)
	if courier == "" {
		return c.trackByNumber(ctx, number, cred)
	}
	s, err := c.get(ctx, courier, number, cred)
	if err == nil || !isCode(err, codeNotExist) {
		return s, err
	}
	if !c.autoRegister {
		return nil, carrierkit.NotRegistered(err)
	}
	return c.create(ctx, req, cred)
}

// get returns the tracking of number with the courier, without registering
// anything: GET /v1/trackings/{courier}/{number}. An unknown number gives
// an error matching tracking.ErrNotFound with Code "4017".
func (c *Carrier) get(ctx context.Context, courier, number string, cred credentials.Credential) (*tracking.Shipment, error) {
	path, err := trackingPath(courier, number)
	if err != nil {
		return nil, err
	}
	a, err := c.call(ctx, cred, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, err
	}
	if a.code == codeEmpty {
		return nil, emptyNotFound(a, "Tracktry answered no tracking for this number")
	}
	ws, err := trackings(a.data)
	if err != nil {
		return nil, err
	}
	w := pick(ws, number, courierCode(courier))
	if w == nil {
		return nil, noTracking("GET /trackings/{carrier}/{number}")
	}
	s := toShipment(w, c.loc)
	if s.TrackingNumber == "" {
		s.TrackingNumber = strings.TrimSpace(number)
	}
	if s.Courier == "" {
		s.Courier = courierCodes.Courier(courierCode(courier))
	}
	return s, nil
}

// trackByNumber finds a number Tracktry tracks under any courier, through
// the list endpoint's numbers filter.
func (c *Carrier) trackByNumber(ctx context.Context, number string, cred credentials.Credential) (*tracking.Shipment, error) {
	for s, err := range c.ListMatching(ctx, Query{Numbers: []string{number}}, cred) {
		if err != nil {
			return nil, err
		}
		if sameNumber(s.TrackingNumber, number) {
			return s, nil
		}
	}
	return nil, &tracking.APIError{Carrier: ID, Kind: tracking.ErrNotFound,
		Message: "Tracktry tracks no such number; " + carrierkit.RegisterHint + ", with Request.Courier set (DetectCourier suggests couriers)"}
}

// answer is a Tracktry answer whose meta.code is a success.
type answer struct {
	code int
	data json.RawMessage
	resp *transport.Response
}

// call sends one request and reads the envelope: meta.code decides the
// outcome whatever the HTTP status. 200, 201 and 4031 are successes, and so
// are the codes in accept; any other code is a typed error.
func (c *Carrier) call(ctx context.Context, cred credentials.Credential, method, path string, query url.Values, body any, accept ...int) (*answer, error) {
	if c.cfgErr != nil {
		return nil, c.cfgErr
	}
	key, err := apiKey(cred)
	if err != nil {
		return nil, err
	}
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("tracktry: cannot encode the request for %s: %v: %w", path, err, tracking.ErrInvalidRequest)
		}
		rd = bytes.NewReader(b)
	}
	u := c.base + apiVersion + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	ctx = carrierkit.WithCredential(transport.WithLimitKey(ctx, limitKey(cred)), cred)
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("tracktry: cannot build the request for %s: %w", path, tracking.ErrInvalidRequest)
	}
	req.Header.Set("Tracktry-Api-Key", key)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	ok := func(code int) bool { return success(code) || slices.Contains(accept, code) }
	resp, err := transport.Do(c.hc, ID, req, c.decodeError)
	if err != nil {
		// The body decides, even under an HTTP error status.
		if resp != nil {
			if env, derr := readEnvelope(resp.Body); derr == nil && ok(int(env.Meta.Code)) {
				return &answer{code: int(env.Meta.Code), data: env.Data, resp: resp}, nil
			}
		}
		return nil, carrierkit.Scrub(err, cred)
	}
	env, err := readEnvelope(resp.Body)
	if err != nil {
		return nil, err
	}
	if code := int(env.Meta.Code); ok(code) {
		return &answer{code: code, data: env.Data, resp: resp}, nil
	}
	return nil, carrierkit.Scrub(c.metaError(resp, env.Meta), cred)
}

// emptyNotFound is the error for a 4031 (empty) answer where one tracking
// was expected.
func emptyNotFound(a *answer, msg string) error {
	e := transport.NewAPIError(ID, a.resp, tracking.ErrNotFound)
	e.Code = "4031"
	e.Message = msg
	return e
}

// apiKey returns the credential's API key, refusing a credential without
// one before any request goes out.
func apiKey(cred credentials.Credential) (string, error) {
	key := strings.TrimSpace(cred.Field(FieldAPIKey).Reveal())
	if key == "" {
		return "", fmt.Errorf("tracktry: credential %q has no %q field; add the Tracktry API key under that name: %w (%w)",
			cred.Code, FieldAPIKey, credentials.ErrMissingField, tracking.ErrInvalidRequest)
	}
	return key, nil
}

// limitKey is the rate bucket of one credential. Tracktry documents no
// per-endpoint limit, so one bucket covers every endpoint.
func limitKey(cred credentials.Credential) string {
	return ID + "/" + cred.Organization + "/" + cred.Code
}

// checkNumber returns the trimmed tracking number, refusing an empty one.
func checkNumber(n string) (string, error) {
	n = strings.TrimSpace(n)
	if n == "" {
		return "", fmt.Errorf("tracktry: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	return n, nil
}

// courierCode turns Request.Courier into a Tracktry carrier code
// ("china-post", "4px"): a canonical courier ID is translated, anything
// else is taken as a carrier code already.
func courierCode(s string) string { return strings.ToLower(courierCodes.Code(strings.TrimSpace(s))) }

// trackingPath is /trackings/{courier}/{number}, both required, each one
// path segment: a dot segment is refused so that the request stays on its
// endpoint.
func trackingPath(courier, number string) (string, error) {
	number, err := checkNumber(number)
	if err != nil {
		return "", err
	}
	courier = courierCode(courier)
	if courier == "" {
		return "", fmt.Errorf("tracktry: empty courier; set Request.Courier to a Tracktry carrier code such as china-post (see Couriers): %w",
			tracking.ErrInvalidRequest)
	}
	c, err := carrierkit.PathSegment(ID, "Request.Courier", courier)
	if err != nil {
		return "", err
	}
	n, err := carrierkit.PathSegment(ID, "Request.TrackingNumber", number)
	if err != nil {
		return "", err
	}
	return "/trackings/" + c + "/" + n, nil
}
