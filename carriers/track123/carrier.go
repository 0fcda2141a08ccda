package track123

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// ID is the carrier ID of Track123.
const ID = "track123"

// FieldAPISecret is the credential field holding the API secret, sent in
// the Track123-Api-Secret header.
const FieldAPISecret = "api_secret"

// DefaultBaseURL is Track123's API root, without /tk/<version>.
const DefaultBaseURL = "https://api.track123.com/gateway/open-api"

// Rate-limit defaults: Track123 allows 5 requests per second on each
// endpoint. A burst of 1 spaces requests evenly, so no window of one
// second sees more than the limit.
const (
	DefaultRate  rate.Limit = 5
	DefaultBurst int        = 1
)

// MaxBatch is the most numbers Track123 takes in one import, query or
// delete call. Larger inputs are split into calls of at most MaxBatch.
const MaxBatch = 100

// DefaultMaxPages bounds one listing; see WithMaxPages.
const DefaultMaxPages = 1000

// APIVersion is a version of Track123's package-tracking API.
type APIVersion string

// The versions this package speaks.
const (
	V21 APIVersion = "v2.1" // the default
	V2  APIVersion = "v2"   // the fallback; numbers are queried as trackNos
)

// Carrier tracks parcels through Track123. It is safe for concurrent use.
// Build it with New.
type Carrier struct {
	base         string
	cfgErr       error // a bad option, returned by every call
	hc           *http.Client
	log          *slog.Logger
	version      APIVersion
	fallback     bool
	autoRegister bool
	loc          *time.Location
	maxPages     int

	mu sync.Mutex
	// onV2 holds the endpoints that answered "interface does not exist"
	// on v2.1 and now use v2.
	onV2 map[string]bool
	// queryTrackNos is set once v2.1 refused trackNoInfos but took
	// trackNos.
	queryTrackNos bool

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.BatchTracker      = (*Carrier)(nil)
	_ tracking.Registrar         = (*Carrier)(nil)
	_ tracking.Lister            = (*Carrier)(nil)
)

// New returns a Track123 carrier. Options may come in any order. A bad
// base URL or API version is reported by every call, as an error matching
// tracking.ErrInvalidRequest.
func New(opts ...Option) *Carrier {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	b := o.kit.Build(ID, carrierkit.ProviderDefaults{BaseURL: DefaultBaseURL, Rate: DefaultRate, Burst: DefaultBurst}, classify)
	c := &Carrier{
		base:         b.Base,
		cfgErr:       b.Err,
		hc:           b.HC,
		log:          b.Log,
		version:      o.version,
		fallback:     o.fallback == nil || *o.fallback,
		autoRegister: o.autoRegister,
		loc:          o.location,
		maxPages:     o.maxPages,
		onV2:         map[string]bool{},
	}
	c.defaults = b.Defaults
	switch c.version {
	case "":
		c.version = V21
	case V21, V2:
	default:
		c.cfgErr = errors.Join(c.cfgErr, fmt.Errorf("track123: API version %q is not one of %q and %q: %w",
			string(o.version), V21, V2, tracking.ErrInvalidRequest))
	}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.maxPages <= 0 {
		c.maxPages = DefaultMaxPages
	}
	return c
}

// ID returns "track123".
func (c *Carrier) ID() string { return ID }

// CredentialFields returns the field the carrier needs: api_secret.
func (c *Carrier) CredentialFields() []string { return []string{FieldAPISecret} }

// BatchLimit is the most requests TrackBatch sends in one query: 100.
func (c *Carrier) BatchLimit() int { return MaxBatch }

// Track asks Track123 once where the parcel is. A number Track123 does not
// know (with req.Courier, when set) is answered with an error matching
// tracking.ErrNotFound; with WithAutoRegister(true) it is registered
// instead and answered as a pending Shipment.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.TrackingNumber) == "" {
		return nil, fmt.Errorf("track123: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	res, err := c.TrackBatch(ctx, []tracking.Request{req}, cred)
	if err != nil {
		return nil, err
	}
	return res[0].Shipment, res[0].Err
}

// ready checks what every call needs before a request goes out.
func (c *Carrier) ready(ctx context.Context, cred credentials.Credential) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.cfgErr != nil {
		return c.cfgErr
	}
	return missingSecret(cred)
}

// versionFor is the version ep is called on.
func (c *Carrier) versionFor(ep string) APIVersion {
	if ep == epCouriers {
		return V2 // documented under /tk/v2 only
	}
	if c.version == V2 {
		return V2
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.onV2[ep] {
		return V2
	}
	return V21
}

// call sends one request to ep and returns the success envelope. body
// builds the request body for a version (nil for none). A v2.1 call that
// finds no such interface (C0113 or HTTP 404) is repeated on v2 when the
// fallback is on, and ep stays on v2.
func (c *Carrier) call(ctx context.Context, cred credentials.Credential, method, ep string, idempotent bool,
	body func(APIVersion) any) (*envelope, *transport.Response, error) {
	if err := c.ready(ctx, cred); err != nil {
		return nil, nil, err
	}
	v := c.versionFor(ep)
	env, resp, err := c.send(ctx, cred, method, v, ep, idempotent, body)
	if v == V21 && c.fallback && missingEndpoint(err) {
		c.mu.Lock()
		c.onV2[ep] = true
		c.mu.Unlock()
		c.log.DebugContext(ctx, "track123: endpoint missing on v2.1, falling back to v2", "endpoint", ep)
		env, resp, err = c.send(ctx, cred, method, V2, ep, idempotent, body)
	}
	return env, resp, carrierkit.Scrub(err, cred)
}

// missingEndpoint reports whether err says the path does not exist.
func missingEndpoint(err error) bool {
	var e *tracking.APIError
	return errors.As(err, &e) && (e.Code == CodeInterfaceNotExist || e.StatusCode == http.StatusNotFound)
}

// send makes one request on version v and reads its envelope. Any code
// but success is returned as an error, whatever the HTTP status.
func (c *Carrier) send(ctx context.Context, cred credentials.Credential, method string, v APIVersion, ep string,
	idempotent bool, body func(APIVersion) any) (*envelope, *transport.Response, error) {
	path := "/tk/" + string(v) + "/" + ep
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body(v))
		if err != nil {
			return nil, nil, fmt.Errorf("track123: cannot encode the %s request: %v: %w", ep, err, tracking.ErrInvalidRequest)
		}
		rd = bytes.NewReader(b)
	}
	// Track123 limits each path separately, so each has its own bucket.
	ctx = carrierkit.WithCredential(transport.WithLimitKey(ctx, cred.Code+" "+path), cred)
	if idempotent {
		ctx = transport.Idempotent(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("track123: cannot build the %s request: %v: %w", ep, err, tracking.ErrInvalidRequest)
	}
	req.Header.Set(headerSecret, strings.TrimSpace(cred.Field(FieldAPISecret).Reveal()))
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := transport.Do(c.hc, ID, req, decodeError)
	if err != nil {
		return nil, resp, err
	}
	env, err := decodeEnvelope(resp.Body)
	if err != nil {
		return nil, resp, err
	}
	if strings.TrimSpace(string(env.Code)) != codeSuccess {
		return env, resp, envelopeError(resp, env)
	}
	return env, resp, nil
}

// formatTime writes t as Track123 reads it: zone-less, in the carrier's
// location (UTC by default).
func (c *Carrier) formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(c.loc).Format(timeLayout)
}
