package techtrack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// ID is the carrier ID of techTRACK.
const ID = "techtrack"

// The default pace per credential. techTRACK documents no limit; two
// requests a second is a conservative choice. Override it with
// WithRateLimit.
const (
	DefaultRate  rate.Limit = 2
	DefaultBurst int        = 2
)

// Credential fields (names as Credential.Fields keys).
const (
	// FieldAPIKey is the portal's "API Key", sent in Wire.APIKeyHeader.
	FieldAPIKey = "api_key"
	// FieldAPISecret is the portal's "Password (Secret)", sent in
	// Wire.SecretHeader.
	FieldAPISecret = "api_secret"
	// FieldCarrierCredentialsCode is optional: the code of the techTRACK
	// carrier credential to name on create, whatever the SDK credential's
	// own Code is (see the package doc).
	FieldCarrierCredentialsCode = "carrier_credentials_code"
)

// errNoBaseURL is returned (matching tracking.ErrInvalidRequest) by every
// call of a Carrier built without WithBaseURL.
var errNoBaseURL = fmt.Errorf("techtrack: no base URL: techTRACK has a host per tenant, "+
	"so pass techtrack.WithBaseURL(\"https://<tenant>.techtrack.cloud\"): %w", tracking.ErrInvalidRequest)

// Carrier tracks parcels through techTRACK. Build it with New; it is safe
// for concurrent use.
type Carrier struct {
	base         string
	cfgErr       error // a bad option, returned by every call
	hc           *http.Client
	wire         Wire
	decoder      decoder
	autoRegister bool

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.Registrar         = (*Carrier)(nil)
)

// New returns a techTRACK carrier. WithBaseURL is required; without it, or
// with a bad one, every call returns an error matching
// tracking.ErrInvalidRequest that says so.
func New(opts ...Option) *Carrier {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	// techTRACK has a host per tenant, so there is no default base URL.
	b := o.kit.Build(ID, carrierkit.ProviderDefaults{Rate: DefaultRate, Burst: DefaultBurst}, classify)
	c := &Carrier{base: b.Base, cfgErr: b.Err, hc: b.HC, autoRegister: o.autoRegister, wire: o.wire.withDefaults()}
	if strings.TrimSpace(o.kit.BaseURL) == "" {
		c.cfgErr = errNoBaseURL
	}
	if c.cfgErr == nil {
		c.cfgErr = carrierkit.CheckStatusMapping(ID, o.statusMap)
	}
	c.decoder = decoder{fields: c.wire.Events, categories: newCategoryMap(o.statusMap)}
	if len(o.accessLevels) > 0 {
		c.decoder.levels = make(map[string]bool, len(o.accessLevels))
		for _, l := range o.accessLevels {
			c.decoder.levels[normalize(l)] = true
		}
	}
	c.defaults = b.Defaults
	return c
}

// ID returns "techtrack".
func (c *Carrier) ID() string { return ID }

// CredentialFields returns the fields a techTRACK credential needs:
// api_key and api_secret. carrier_credentials_code is optional.
func (c *Carrier) CredentialFields() []string { return []string{FieldAPIKey, FieldAPISecret} }

// Track reads the number's events once. A number techTRACK does not know
// (HTTP 404) is answered with an error matching tracking.ErrNotFound that
// says to register it; with WithAutoRegister(true) Track creates the
// tracking instead (see Register) and answers a pending Shipment. A known
// number without events is pending.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	number, err := c.check(req, cred)
	if err != nil {
		return nil, err
	}
	events, err := c.events(ctx, number, cred)
	if err == nil {
		return shipment(number, strings.TrimSpace(req.Courier), events), nil
	}
	if !errors.Is(err, tracking.ErrNotFound) {
		return nil, err
	}
	if !c.autoRegister {
		return nil, carrierkit.NotRegistered(err)
	}
	if strings.TrimSpace(req.Courier) == "" {
		return nil, fmt.Errorf("%w; set Request.Courier to the techTRACK carrier code so that Track can register the number", err)
	}
	if err := c.Register(ctx, req, cred); err != nil {
		return nil, err
	}
	return shipment(number, strings.TrimSpace(req.Courier), nil), nil
}

// events asks for one number's events: GET EventsPath?TrackingNumbers=n.
func (c *Carrier) events(ctx context.Context, number string, cred credentials.Credential) ([]tracking.Event, error) {
	u := c.base + c.wire.EventsPath + "?" + url.Values{c.wire.TrackingNumbersParam: {number}}.Encode()
	req, err := http.NewRequestWithContext(carrierkit.WithCredential(transport.WithLimitKey(ctx, limitKey(cred)), cred), http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("techtrack: building the request (check WithWire's EventsPath): %w", tracking.ErrInvalidRequest)
	}
	c.authorize(req, cred)
	r, err := transport.Do(c.hc, ID, req, decodeError)
	if err != nil {
		return nil, carrierkit.Scrub(err, cred)
	}
	return c.decoder.events(r.Body)
}

// check validates what every call needs and returns the trimmed number.
func (c *Carrier) check(req tracking.Request, cred credentials.Credential) (string, error) {
	if c.cfgErr != nil {
		return "", c.cfgErr
	}
	number := strings.TrimSpace(req.TrackingNumber)
	if number == "" {
		return "", fmt.Errorf("techtrack: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	if missing := cred.Missing(c.CredentialFields()); len(missing) > 0 {
		return "", fmt.Errorf("techtrack: credential %q lacks field(s) %s; set them in Credential.Fields: %w (%w)",
			cred.Code, strings.Join(missing, ", "), credentials.ErrMissingField, tracking.ErrInvalidRequest)
	}
	return number, nil
}

func (c *Carrier) authorize(req *http.Request, cred credentials.Credential) {
	req.Header.Set(c.wire.APIKeyHeader, cred.Field(FieldAPIKey).Reveal())
	req.Header.Set(c.wire.SecretHeader, cred.Field(FieldAPISecret).Reveal())
	req.Header.Set("Accept", "application/json")
}

// limitKey is the rate bucket of a credential, "techtrack/<organization>/<code>":
// nothing suggests a per-endpoint limit.
func limitKey(cred credentials.Credential) string {
	return ID + "/" + cred.Organization + "/" + cred.Code
}
