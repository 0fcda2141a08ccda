package auspost

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Carrier IDs: one package serves both networks, one Carrier per network.
const (
	ID          = "auspost"   // Australia Post (eParcel, Parcel Post, International...)
	StarTrackID = "startrack" // StarTrack (Premium, Express)
)

// Credential fields both carriers need (names as Credential.Fields keys).
const (
	FieldAccountNumber = "account_number" // sent as the Account-Number header
	FieldAPIKey        = "api_key"        // HTTP Basic user name
	FieldAPISecret     = "api_secret"     // HTTP Basic password (the API password)
)

// MaxBatch is the most ids one /track call takes.
const MaxBatch = 10

// Account numbers have 10 digits for Australia Post and 8 for StarTrack.
const (
	apAccountDigits = 10
	stAccountDigits = 8
)

// Carrier tracks Australia Post or StarTrack parcels through the Shipping
// & Tracking API. Build it with New or NewStarTrack; it is safe for
// concurrent use.
type Carrier struct {
	id     string
	base   string // the API root with the environment's path prefix
	cfgErr error  // a bad option, reported by every call
	hc     *http.Client
	m      mapper
	log    *slog.Logger

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.BatchTracker      = (*Carrier)(nil)
)

// New returns the Australia Post carrier (ID "auspost"). A bad option is
// reported by every call, as an error matching tracking.ErrInvalidRequest.
func New(opts ...Option) *Carrier { return newCarrier(ID, opts) }

// NewStarTrack returns the StarTrack carrier (ID "startrack"). It takes
// the same options as New; its credentials are a StarTrack account's.
func NewStarTrack(opts ...Option) *Carrier { return newCarrier(StarTrackID, opts) }

func newCarrier(id string, opts []Option) *Carrier {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	b := o.kit.Build(id, carrierkit.ProviderDefaults{BaseURL: DefaultBaseURL, Rate: DefaultRate, Burst: DefaultBurst}, classify)
	c := &Carrier{id: id, hc: b.HC, log: b.Log, cfgErr: b.Err, m: mapper{overrides: o.statusMap, fromText: true}}
	if o.eventStatuses != nil {
		c.m.fromText = *o.eventStatuses
	}
	if c.cfgErr == nil && (strings.HasSuffix(b.Base, "/shipping/v1") || strings.HasSuffix(b.Base, "/shipping/v2")) {
		c.cfgErr = fmt.Errorf("%s: base URL %q includes the API path; give the root without /shipping/v1 (and use WithTestEnvironment for the test environment): %w",
			id, o.kit.BaseURL, tracking.ErrInvalidRequest)
	}
	if c.cfgErr == nil {
		c.cfgErr = carrierkit.CheckStatusMapping(id, o.statusMap)
	}
	prefix := ProductionPath
	if o.test {
		prefix = TestPath
	}
	c.base = b.Base + prefix
	c.defaults = b.Defaults
	return c
}

// ID returns "auspost" or "startrack".
func (c *Carrier) ID() string { return c.id }

// CredentialFields returns the fields a credential needs: account_number,
// api_key and api_secret.
func (c *Carrier) CredentialFields() []string {
	return []string{FieldAccountNumber, FieldAPIKey, FieldAPISecret}
}

// BatchLimit returns 10, the most ids one /track call takes. TrackBatch
// accepts more and chunks them.
func (c *Carrier) BatchLimit() int { return MaxBatch }

// Track asks the provider where one parcel is. An id the provider does not
// know gives an error matching tracking.ErrNotFound.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	d, err := c.Detail(ctx, req, cred)
	if err != nil {
		return nil, err
	}
	return d.Shipment, nil
}

// Detail is Track returning, besides the shipment, the status text of
// every level and every item of a consignment.
func (c *Carrier) Detail(ctx context.Context, req tracking.Request, cred credentials.Credential) (*Detail, error) {
	if err := c.check(cred); err != nil {
		return nil, err
	}
	id, err := c.trackingID(req)
	if err != nil {
		return nil, err
	}
	out := c.fetchAll(ctx, []string{id}, cred)
	o := out[key(id)]
	return o.detail, o.err
}

// TrackBatch tracks many parcels of this carrier's network, at most 10 ids
// a call (larger input is chunked; repeated ids are asked once). It
// returns one Result per request, in input order. A per-id failure
// (unknown id: tracking.ErrNotFound; a request for the other network or
// with an unusable number: tracking.ErrInvalidRequest) is that Result's
// Err. A call that fails as a whole (refused credential, rate limit,
// provider down) fails its ids and every later one with the same error.
// The error returned is for a bad configuration or credential only.
func (c *Carrier) TrackBatch(ctx context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	if err := c.check(cred); err != nil {
		return nil, err
	}
	results := make([]tracking.Result, len(reqs))
	ids := make([]string, 0, len(reqs))
	seen := map[string]bool{}
	for i, req := range reqs {
		results[i].Request = req
		id, err := c.trackingID(req)
		if err != nil {
			results[i].Err = err
			continue
		}
		if k := key(id); !seen[k] {
			seen[k] = true
			ids = append(ids, id)
		}
	}
	out := c.fetchAll(ctx, ids, cred)
	used := map[string]bool{}
	for i := range results {
		if results[i].Err != nil {
			continue
		}
		k := key(results[i].Request.TrackingNumber)
		o := out[k]
		results[i].Err = o.err
		if o.detail != nil {
			results[i].Shipment = o.detail.Shipment
			if used[k] { // a repeated id gets its own copy
				results[i].Shipment = cloneShipment(o.detail.Shipment)
			}
			used[k] = true
		}
	}
	return results, nil
}

// check validates what every call needs before anything is sent.
func (c *Carrier) check(cred credentials.Credential) error {
	if c.cfgErr != nil {
		return c.cfgErr
	}
	if missing := cred.Missing(c.CredentialFields()); len(missing) > 0 {
		return fmt.Errorf("%s: credential %q lacks field(s) %s; set them in Credential.Fields: %w (%w)",
			c.id, cred.Code, strings.Join(missing, ", "), credentials.ErrMissingField, tracking.ErrInvalidRequest)
	}
	// Australia Post accounts have 10 digits, StarTrack accounts 8: an
	// account of the other network would send every id to the wrong one.
	acct := strings.TrimSpace(cred.Field(FieldAccountNumber).Reveal())
	other, otherID := stAccountDigits, StarTrackID
	if c.id == StarTrackID {
		other, otherID = apAccountDigits, ID
	}
	if len(acct) == other && allDigits(acct) {
		return fmt.Errorf("%s: credential %q has a %d-digit account number, which is a %s account; register it for the %s carrier: %w",
			c.id, cred.Code, other, otherID, otherID, tracking.ErrInvalidRequest)
	}
	return nil
}

// trackingID validates one request and returns its trimmed number.
func (c *Carrier) trackingID(req tracking.Request) (string, error) {
	if req.Carrier != "" && req.Carrier != c.id {
		return "", fmt.Errorf("%s: the request is for carrier %q; Australia Post and StarTrack ids are never mixed, send it to that carrier: %w",
			c.id, req.Carrier, tracking.ErrInvalidRequest)
	}
	id := strings.TrimSpace(req.TrackingNumber)
	switch {
	case id == "":
		return "", fmt.Errorf("%s: empty tracking number; set Request.TrackingNumber: %w", c.id, tracking.ErrInvalidRequest)
	case strings.ContainsAny(id, ", \t\r\n"):
		return "", fmt.Errorf("%s: tracking number %q holds a comma or a space; give one id per request: %w",
			c.id, tracking.Truncate(id, 64), tracking.ErrInvalidRequest)
	}
	return id, nil
}

// outcome is one id's answer.
type outcome struct {
	detail *Detail
	err    error
}

// fetchAll asks for ids in chunks of MaxBatch, one chunk after another
// (the rate limit paces them anyway), and returns every id's outcome by
// key. A chunk that fails as a whole fails every id not yet answered.
func (c *Carrier) fetchAll(ctx context.Context, ids []string, cred credentials.Credential) map[string]outcome {
	out := make(map[string]outcome, len(ids))
	for start := 0; start < len(ids); start += MaxBatch {
		chunk := ids[start:min(start+MaxBatch, len(ids))]
		err := c.fetchChunk(ctx, chunk, cred, out)
		if err != nil {
			for _, id := range ids[start:] {
				if _, done := out[key(id)]; !done {
					out[key(id)] = outcome{err: err}
				}
			}
			return out
		}
	}
	return out
}

// fetchChunk asks for up to MaxBatch ids in one call and records each
// id's outcome. When the provider refuses the chunk as a whole because of
// some of its ids (51103: Australia Post and StarTrack ids mixed; 51104:
// ids not found), each id is asked alone, so the good ones are answered and
// the bad ones fail on their own. Other whole-call failures are returned.
func (c *Carrier) fetchChunk(ctx context.Context, chunk []string, cred credentials.Credential, out map[string]outcome) error {
	err := c.call(ctx, chunk, cred, out)
	var e *tracking.APIError
	if err == nil || len(chunk) < 2 || !errors.As(err, &e) || (e.Code != CodeMixedAPAndST && e.Code != CodeInvalidTrackingIDs) {
		return err
	}
	c.log.DebugContext(ctx, "chunk refused for some of its ids; asking each id alone",
		"carrier", c.id, "code", e.Code, "ids", len(chunk))
	for _, id := range chunk {
		err := c.call(ctx, []string{id}, cred, out)
		switch {
		case err == nil:
		case perID(err):
			out[key(id)] = outcome{err: err}
		default:
			return err
		}
	}
	return nil
}

// perID reports whether a whole-call error of a single-id call is about
// that id only (so later ids may still succeed).
func perID(err error) bool {
	return errors.Is(err, tracking.ErrNotFound) || errors.Is(err, tracking.ErrInvalidRequest) ||
		errors.Is(err, tracking.ErrUnsupported)
}

// call sends one GET /track for ids and records each id's outcome; a
// failure of the call as a whole is returned instead.
func (c *Carrier) call(ctx context.Context, ids []string, cred credentials.Credential, out map[string]outcome) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	escaped := make([]string, len(ids))
	for i, id := range ids {
		escaped[i] = url.QueryEscape(id)
	}
	// The ids are joined with literal commas, as documented.
	u := c.base + "/track?tracking_ids=" + strings.Join(escaped, ",")
	ctx = carrierkit.WithCredential(transport.WithLimitKey(ctx, c.id+"/"+cred.Organization+"/"+cred.Code), cred)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("%s: building the request: %w", c.id, tracking.ErrInvalidRequest)
	}
	req.SetBasicAuth(cred.Field(FieldAPIKey).Reveal(), cred.Field(FieldAPISecret).Reveal())
	req.Header.Set("Account-Number", strings.TrimSpace(cred.Field(FieldAccountNumber).Reveal()))
	req.Header.Set("Accept", "application/json")
	r, err := transport.Do(c.hc, c.id, req, decodeError)
	if err != nil {
		return carrierkit.Scrub(err, cred)
	}
	logRateHeaders(ctx, c.log, c.id, r.Header)
	resp, err := decodeTrack(c.id, r.Body)
	if err != nil {
		return err
	}
	if len(resp.TrackingResults) == 0 && len(resp.Errors) > 0 {
		return carrierkit.Scrub(envelopeError(c.id, r, resp.Errors), cred)
	}
	byKey := make(map[string]*trackingResult, len(resp.TrackingResults))
	for i := range resp.TrackingResults {
		res := &resp.TrackingResults[i]
		if k := key(string(res.TrackingID)); k != "" {
			byKey[k] = res
		}
	}
	for _, id := range ids {
		res := byKey[key(id)]
		if res == nil && len(ids) == 1 && len(resp.TrackingResults) == 1 {
			res = &resp.TrackingResults[0] // a lone answer that does not echo the id
		}
		switch {
		case res == nil:
			out[key(id)] = outcome{err: &tracking.DecodeError{Carrier: c.id, Field: "tracking_results",
				Err: fmt.Errorf("no result for tracking id %q", tracking.Truncate(id, 64))}}
		case len(res.Errors) > 0 && !res.hasData():
			out[key(id)] = outcome{err: carrierkit.Scrub(itemError(c.id, r, res.Errors), cred)}
		default:
			out[key(id)] = outcome{detail: c.m.detail(c.id, res, id)}
		}
	}
	return nil
}

// key is how ids are matched with the provider's answer: trimmed and
// upper case, since the provider may echo them normalized.
func key(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func cloneShipment(s *tracking.Shipment) *tracking.Shipment {
	cp := *s
	cp.Events = append([]tracking.Event(nil), s.Events...)
	return &cp
}

// logRateHeaders logs X-RateLimit-* headers at debug level: one unverified
// source says the provider sends them, so they are only logged.
func logRateHeaders(ctx context.Context, log *slog.Logger, carrier string, h http.Header) {
	var attrs []any
	for name, vs := range h {
		if strings.HasPrefix(strings.ToLower(name), "x-ratelimit-") && len(vs) > 0 {
			attrs = append(attrs, name, vs[0])
		}
	}
	if len(attrs) > 0 {
		log.DebugContext(ctx, "rate limit headers", append([]any{"carrier", carrier}, attrs...)...)
	}
}
