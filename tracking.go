package tracking

import (
	"context"
	"iter"
	"time"

	"github.com/parcelkit/tracking/credentials"
)

// Request asks where one parcel is.
type Request struct {
	// TrackingNumber is the number the courier gave the parcel. Required.
	TrackingNumber string
	// Carrier is the carrier ID (for example "track123"); "" uses the
	// client's default carrier.
	Carrier string
	// Courier is the canonical courier ID (package couriers, for example
	// "usps" or "royal_mail"), which the carrier translates to its
	// provider's code; any other value goes to the provider unchanged, so
	// a provider's own code works too. "" lets the client detect it from
	// the number for carriers that need one, and the carrier where it can.
	Courier string
	// Credential is the credential code to use; "" uses the carrier's
	// active default credential.
	Credential string
	// Organization is the tenant that owns the credentials; "" is the
	// default organization.
	Organization string

	PostalCode         string
	DestinationCountry string // ISO 3166 alpha-2
	Language           string
	ShipDate           time.Time

	// Metadata is sent on register calls (order id, customer e-mail,
	// title...) by carriers whose provider stores such values.
	Metadata map[string]string
}

// Shipment is the normalized answer, whichever provider produced it.
//
// It marshals to JSON with snake_case keys (the field names below, as
// tracking_number or estimated_delivery), the status as its string name,
// times in RFC 3339, and empty values left out; it unmarshals from the
// same, so that a stored Shipment reads back as it was.
type Shipment struct {
	TrackingNumber string    `json:"tracking_number"`
	Carrier        string    `json:"carrier"`           // carrier ID
	Courier        string    `json:"courier,omitempty"` // canonical courier ID; the provider's code where the carrier's table lacks it
	Status         Status    `json:"status"`
	Summary        string    `json:"summary,omitempty"` // human text of the current state
	Raw            RawStatus `json:"raw,omitzero"`      // the provider's own values, untouched
	Events         []Event   `json:"events,omitempty"`  // newest first

	ShippedAt         *time.Time `json:"shipped_at,omitempty"`
	EstimatedDelivery *time.Time `json:"estimated_delivery,omitempty"`
	DeliveredAt       *time.Time `json:"delivered_at,omitempty"`

	SignedBy    string    `json:"signed_by,omitempty"`
	TrackingURL string    `json:"tracking_url,omitempty"`
	Origin      string    `json:"origin,omitempty"`      // ISO 3166 alpha-2
	Destination string    `json:"destination,omitempty"` // ISO 3166 alpha-2
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// RawStatus keeps the provider's own status values so that callers can
// override a mapping.
type RawStatus struct {
	Code    string `json:"code,omitempty"`
	SubCode string `json:"sub_code,omitempty"`
	Text    string `json:"text,omitempty"`
}

// Location is where an event happened. Latitude and Longitude are nil
// when the provider gives none.
type Location struct {
	City       string   `json:"city,omitempty"`
	State      string   `json:"state,omitempty"`
	PostalCode string   `json:"postal_code,omitempty"`
	Country    string   `json:"country,omitempty"` // ISO 3166 alpha-2 where the provider gives one
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
}

// Event is one step in a shipment's history.
type Event struct {
	// Time is in UTC; zero when the provider gives no usable time.
	Time time.Time `json:"time,omitzero"`
	// LocalTime is the provider's own timestamp text, as given.
	LocalTime   string   `json:"local_time,omitempty"`
	Status      Status   `json:"status"`
	Code        string   `json:"code,omitempty"`
	Description string   `json:"description,omitempty"`
	Location    Location `json:"location,omitzero"`
}

// Result is the outcome of one request in a batch: either Shipment or Err
// is set.
type Result struct {
	Request  Request
	Shipment *Shipment
	Err      error
}

// Tracker answers where a parcel is. *Client implements it; so does
// trackingtest.Tracker, for applications that mock at this interface.
type Tracker interface {
	Track(ctx context.Context, req Request) (*Shipment, error)
}

// Carrier is an adapter for one tracking API.
//
// Track receives a credential the client has already resolved and checked
// (active, right carrier and organization, required fields present). It is
// read-only: its Fields map may be shared with other calls (the client does
// not copy it for each call), so a carrier reads it with Field and never
// writes to it; such a write does not reach the store.
type Carrier interface {
	// ID is the stable carrier identifier, such as "shipengine".
	ID() string
	Track(ctx context.Context, req Request, cred credentials.Credential) (*Shipment, error)
}

// CredentialFielder is implemented by carriers that need particular
// credential fields. The client refuses a credential that lacks one
// before any request goes out.
type CredentialFielder interface {
	CredentialFields() []string
}

// BatchTracker is implemented by carriers whose provider answers several
// numbers in one call. TrackBatch returns one Result per request, in input
// order; a per-item failure is that Result's Err, not the call's error.
// The requests all use cred, and the client never passes more than
// BatchLimit of them at once.
type BatchTracker interface {
	BatchLimit() int
	TrackBatch(ctx context.Context, reqs []Request, cred credentials.Credential) ([]Result, error)
}

// Registrar is implemented by carriers whose provider must be told about a
// number before it tracks it (and, for some, before it sends webhooks).
// Both calls are idempotent in effect: registering a number the provider
// already holds, or unregistering one it does not hold, is a success. A
// provider with no way to stop tracking answers Unregister with an error
// matching ErrUnsupported.
type Registrar interface {
	Register(ctx context.Context, req Request, cred credentials.Credential) error
	Unregister(ctx context.Context, req Request, cred credentials.Credential) error
}

// ListOptions filters a Lister's listing. Zero values mean no filter.
type ListOptions struct {
	Since, Until time.Time
	Status       Status
	PageSize     int
}

// Lister is implemented by carriers whose provider lists the trackings an
// account holds. Pages are fetched lazily as the sequence is consumed; an
// error ends the sequence.
type Lister interface {
	List(ctx context.Context, opts ListOptions, cred credentials.Credential) iter.Seq2[*Shipment, error]
}
