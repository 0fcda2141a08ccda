package shipengine

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// ID is the carrier ID of ShipEngine.
const ID = "shipengine"

// FieldAPIKey is the credential field holding the ShipEngine API key.
const FieldAPIKey = "api_key"

// Carrier tracks parcels through the ShipEngine API. It is safe for
// concurrent use. Build it with New.
type Carrier struct {
	base   string
	hc     *http.Client
	cfgErr error // a bad option, returned by every call

	defaults // a tracking.Client's settings fill in what the options left unset
}

// defaults gives Carrier TakeDefaults, of tracking.DefaultsTaker.
type defaults = carrierkit.Defaults

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
	_ tracking.Registrar         = (*Carrier)(nil)
)

// New returns a ShipEngine carrier. An invalid WithBaseURL is reported by
// every call, as an error matching tracking.ErrInvalidRequest.
func New(opts ...Option) *Carrier {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	// Production and sandbox keys have their own limits: the tiered
	// limiter applies both, unless the user gave a Limiter.
	o.kit.Limiter = o.limiter()
	b := o.kit.Build(ID, carrierkit.ProviderDefaults{BaseURL: DefaultBaseURL, Rate: DefaultRate, Burst: DefaultBurst}, classify)
	return &Carrier{base: b.Base, hc: b.HC, cfgErr: b.Err, defaults: b.Defaults}
}

// ID returns "shipengine".
func (c *Carrier) ID() string { return ID }

// CredentialFields returns the one field a credential needs: "api_key".
func (c *Carrier) CredentialFields() []string { return []string{FieldAPIKey} }

// Track asks ShipEngine where the parcel is: GET /v1/tracking with
// carrier_code (Request.Courier, required: ShipEngine does not detect
// couriers) and tracking_number. ShipEngine polls the courier on each
// call; nothing is registered.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	ref, err := trackingRef(req)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, cred, http.MethodGet, "/v1/tracking", ref.query())
	if err != nil {
		return nil, err
	}
	s, err := decodeShipment(resp.Body)
	if err != nil {
		return nil, err
	}
	if s.Courier == "" {
		s.Courier = courierCodes.Courier(ref.courier)
	}
	return s, nil
}

// parcelRef is what every tracking endpoint takes: carrier_code and
// tracking_number.
type parcelRef struct{ courier, number string }

// query encodes the reference as a query string.
func (r parcelRef) query() string {
	// Written out rather than through url.Values, whose map and sort cost
	// more than the rest of building the request.
	return "carrier_code=" + url.QueryEscape(r.courier) + "&tracking_number=" + url.QueryEscape(r.number)
}

// trackingRef checks req and returns its parcel reference.
func trackingRef(req tracking.Request) (parcelRef, error) {
	number := strings.TrimSpace(req.TrackingNumber)
	if number == "" {
		return parcelRef{}, fmt.Errorf("shipengine: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	// ShipEngine carrier codes are lower case (usps, fedex, stamps_com).
	// A canonical courier ID becomes its carrier_code; anything else is
	// taken as a carrier_code already.
	courier := strings.ToLower(courierCodes.Code(strings.TrimSpace(req.Courier)))
	if courier == "" {
		return parcelRef{}, fmt.Errorf("shipengine: Request.Courier is empty; set Request.Courier to a canonical courier ID "+
			"(for example usps, fedex, ups, dhl) or a ShipEngine carrier_code (stamps_com), since ShipEngine cannot detect the courier: %w",
			tracking.ErrInvalidRequest)
	}
	return parcelRef{courier: courier, number: number}, nil
}

// send makes one bodiless request to path with the credential's key and
// reads the answer. Every request goes through transport.Do, so each
// failure is a typed error.
func (c *Carrier) send(ctx context.Context, cred credentials.Credential, method, path, query string) (*transport.Response, error) {
	if c.cfgErr != nil {
		return nil, c.cfgErr
	}
	key, err := apiKey(cred)
	if err != nil {
		return nil, err
	}
	var u string
	if query == "" {
		u = c.base + path
	} else {
		u = c.base + path + "?" + query // one concatenation, one allocation
	}
	ctx = carrierkit.WithCredential(transport.WithLimitKey(ctx, limitKey(cred, key)), cred)
	req, err := http.NewRequestWithContext(ctx, method, u, http.NoBody)
	if err != nil {
		return nil, fmt.Errorf("shipengine: cannot build the request for %s: %w", path, tracking.ErrInvalidRequest)
	}
	req.Header.Set("API-Key", key)
	req.Header.Set("Accept", "application/json")
	return transport.Do(c.hc, ID, req, decodeError)
}

// apiKey returns the credential's API key, refusing a credential without
// one before any request goes out.
func apiKey(cred credentials.Credential) (string, error) {
	key := strings.TrimSpace(cred.Field(FieldAPIKey).Reveal())
	if key == "" {
		return "", fmt.Errorf("shipengine: credential %q has no %q field; add the ShipEngine API key under that name: %w (%w)",
			cred.Code, FieldAPIKey, credentials.ErrMissingField, tracking.ErrInvalidRequest)
	}
	return key, nil
}
