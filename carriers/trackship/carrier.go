package trackship

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/transport"
)

// ID is the carrier ID of TrackShip.
const ID = "trackship"

// DefaultBaseURL is TrackShip's API root; the carrier appends /v1/...
const DefaultBaseURL = "https://api.trackship.com"

// The default pace per credential. TrackShip documents no limit; two
// requests a second is a conservative choice. Override it with
// WithRateLimit.
const (
	DefaultRate  rate.Limit = 2
	DefaultBurst int        = 2
)

// Credential fields TrackShip needs (names as Credential.Fields keys).
const (
	FieldAPIKey  = "api_key"  // sent as the trackship-api-key header
	FieldAppName = "app_name" // sent as the app-name header: your app or store name
)

// Carrier tracks parcels through TrackShip. Build it with New; it is safe
// for concurrent use.
type Carrier struct {
	base         string
	cfgErr       error // a bad option, returned by every call
	hc           *http.Client
	autoRegister bool
	loc          *time.Location

	mu         sync.Mutex // guards the supported-carriers cache
	couriers   []Courier
	couriersAt time.Time

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.Registrar         = (*Carrier)(nil)
)

// New returns a TrackShip carrier. A bad WithBaseURL is reported by every
// call, as an error matching tracking.ErrInvalidRequest.
func New(opts ...Option) *Carrier {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	b := o.kit.Build(ID, carrierkit.ProviderDefaults{BaseURL: DefaultBaseURL, Rate: DefaultRate, Burst: DefaultBurst}, classify)
	c := &Carrier{base: b.Base, cfgErr: b.Err, hc: b.HC, autoRegister: o.autoRegister, loc: time.UTC}
	if o.location != nil {
		c.loc = o.location
	}
	c.defaults = b.Defaults
	return c
}

// ID returns "trackship".
func (c *Carrier) ID() string { return ID }

// CredentialFields returns the fields a TrackShip credential needs:
// api_key and app_name.
func (c *Carrier) CredentialFields() []string { return []string{FieldAPIKey, FieldAppName} }

// Track asks TrackShip for the shipment once. A number TrackShip does not
// track is answered with an error matching tracking.ErrNotFound that says
// to register it; with WithAutoRegister(true) Track registers it instead
// (which needs Request.Courier and spends a tracker credit) and answers a
// pending Shipment.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	d, err := c.Detail(ctx, req, cred)
	if err == nil {
		return d.Shipment, nil
	}
	if !errors.Is(err, tracking.ErrNotFound) {
		return nil, err
	}
	if !c.autoRegister {
		return nil, carrierkit.NotRegistered(err)
	}
	if strings.TrimSpace(req.Courier) == "" {
		return nil, fmt.Errorf("%w; set Request.Courier to a TrackShip courier slug so that Track can register the number", err)
	}
	if err := c.Register(ctx, req, cred); err != nil {
		return nil, err
	}
	return pending(req), nil
}

// Detail asks TrackShip for the shipment once, without registering it,
// and returns it with the fields the normalized model has no place for.
// An unknown number gives an error matching tracking.ErrNotFound.
func (c *Carrier) Detail(ctx context.Context, req tracking.Request, cred credentials.Credential) (*Detail, error) {
	number, err := c.check(req, cred)
	if err != nil {
		return nil, err
	}
	body := getRequest{TrackingNumber: number, TrackingProvider: courierCode(req.Courier)}
	// get only reads, so repeating it is safe.
	r, err := c.post(transport.Idempotent(ctx), pathGet, body, cred)
	if err != nil {
		return nil, err
	}
	d, err := decodeGet(r, c.loc)
	if err != nil {
		return nil, carrierkit.Scrub(err, cred)
	}
	if d.Shipment.TrackingNumber == "" {
		d.Shipment.TrackingNumber = number
	}
	return d, nil
}

// check validates what every authenticated call needs and returns the
// trimmed tracking number.
func (c *Carrier) check(req tracking.Request, cred credentials.Credential) (string, error) {
	if c.cfgErr != nil {
		return "", c.cfgErr
	}
	number := strings.TrimSpace(req.TrackingNumber)
	if number == "" {
		return "", fmt.Errorf("trackship: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	if missing := cred.Missing(c.CredentialFields()); len(missing) > 0 {
		return "", fmt.Errorf("trackship: credential %q lacks field(s) %s; set them in Credential.Fields: %w (%w)",
			cred.Code, strings.Join(missing, ", "), credentials.ErrMissingField, tracking.ErrInvalidRequest)
	}
	return number, nil
}

// post sends an authenticated JSON POST, paced under the credential's code.
func (c *Carrier) post(ctx context.Context, path string, body any, cred credentials.Credential) (*transport.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("trackship: encoding the request: %w", err)
	}
	req, err := http.NewRequestWithContext(carrierkit.WithCredential(transport.WithLimitKey(ctx, limitKey(cred)), cred), http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("trackship: building the request: %w", tracking.ErrInvalidRequest)
	}
	req.Header.Set(headerAPIKey, cred.Field(FieldAPIKey).Reveal())
	req.Header.Set(headerAppName, cred.Field(FieldAppName).Reveal())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	r, err := transport.Do(c.hc, ID, req, decodeError)
	if err != nil {
		return nil, carrierkit.Scrub(err, cred)
	}
	return r, nil
}

// limitKey is the rate bucket of a credential, "trackship/<organization>/<code>":
// TrackShip has no per-endpoint limit, so one bucket per credential.
func limitKey(cred credentials.Credential) string {
	return ID + "/" + cred.Organization + "/" + cred.Code
}

// decodeGet reads POST /shipment/get/'s answer (HTTP 2xx): a shipment, or
// an error in the body.
func decodeGet(r *transport.Response, loc *time.Location) (*Detail, error) {
	var env envelope
	if err := decode.JSON(ID, r.Body, &env); err != nil {
		return nil, err
	}
	// On get, {status:"error", message} is how TrackShip says it has no
	// tracking information for the number.
	if err := bodyError(r, &env, tracking.ErrNotFound,
		"TrackShip does not track this number; "+carrierkit.RegisterHint); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("missing: want the shipment")}
	}
	if v, ok := lookupError(string(env.Data.TrackingEventStatus)); ok {
		return nil, apiError(r, string(env.Data.TrackingEventStatus), v)
	}
	return toDetail(env.Data, loc), nil
}

// bodyError returns the error an answer's envelope holds: an error value
// in status_msg or message whatever the status says, or status "error",
// which gives an error of kind fallback with the provider's text and hint.
func bodyError(r *transport.Response, env *envelope, fallback error, hint string) error {
	for _, value := range []string{string(env.StatusMsg), string(env.Message)} {
		if v, ok := lookupError(value); ok {
			return apiError(r, value, v)
		}
	}
	if normalize(string(env.Status)) != "error" {
		return nil
	}
	e := transport.NewAPIError(ID, r, fallback)
	text := string(env.Message)
	if text == "" {
		text = string(env.StatusMsg)
	}
	fill(e, text, hint)
	return e
}

// pending is the answer for a number just registered.
func pending(req tracking.Request) *tracking.Shipment {
	return &tracking.Shipment{
		TrackingNumber: strings.TrimSpace(req.TrackingNumber),
		Carrier:        ID,
		Courier:        courierCodes.Courier(courierCode(req.Courier)),
		Status:         tracking.StatusPending,
		Raw:            tracking.RawStatus{Code: "pending_trackship"},
		Summary:        summaryPending,
	}
}
