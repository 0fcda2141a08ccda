package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// acmeID is the carrier ID of this example's made-up provider, "Acme
// Parcel API": GET /v1/parcels/{number} with an X-Api-Key header.
const acmeID = "acme"

// acmeCarrier is a whole custom carrier: the transport gives it rate
// limiting and retries, transport.Do typed errors.
type acmeCarrier struct {
	base string
	http *http.Client
}

var (
	_ tracking.Carrier           = (*acmeCarrier)(nil)
	_ tracking.CredentialFielder = (*acmeCarrier)(nil)
)

func newAcmeCarrier(base string) *acmeCarrier {
	return &acmeCarrier{
		base: strings.TrimRight(base, "/"),
		http: transport.New(
			transport.WithCarrier(acmeID),
			transport.WithRateLimit(rate.Limit(10), 5), // Acme allows 10 requests a second
			transport.WithRetry(transport.RetryPolicy{MaxRetries: 3, MinWait: 50 * time.Millisecond}),
		),
	}
}

func (c *acmeCarrier) ID() string { return acmeID }

// CredentialFields makes the client refuse a credential without a key
// before any request goes out.
func (c *acmeCarrier) CredentialFields() []string { return []string{"api_key"} }

// acmeParcel is the provider's answer.
type acmeParcel struct {
	Number string `json:"number"`
	State  string `json:"state"`
	Events []struct {
		At      string `json:"at"`
		State   string `json:"state"`
		Text    string `json:"text"`
		City    string `json:"city"`
		Country string `json:"country"`
	} `json:"events"`
}

// acmeStatuses maps every state Acme documents; anything else is unknown.
var acmeStatuses = map[string]tracking.Status{
	"registered": tracking.StatusPending,
	"label":      tracking.StatusInfoReceived,
	"moving":     tracking.StatusInTransit,
	"on_van":     tracking.StatusOutForDelivery,
	"at_locker":  tracking.StatusAvailableForPickup,
	"missed":     tracking.StatusAttemptFailed,
	"delivered":  tracking.StatusDelivered,
	"problem":    tracking.StatusException,
	"returning":  tracking.StatusReturnToSender,
}

func acmeStatus(state string) tracking.Status {
	if s, ok := acmeStatuses[state]; ok {
		return s
	}
	return tracking.StatusUnknown
}

func (c *acmeCarrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	if strings.TrimSpace(req.TrackingNumber) == "" {
		return nil, fmt.Errorf("acme: empty tracking number: %w", tracking.ErrInvalidRequest)
	}
	ctx = transport.WithLimitKey(ctx, cred.Code) // one bucket per credential
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/v1/parcels/"+url.PathEscape(req.TrackingNumber), nil)
	if err != nil {
		return nil, fmt.Errorf("acme: %v: %w", err, tracking.ErrInvalidRequest)
	}
	httpReq.Header.Set("X-Api-Key", cred.Field("api_key").Reveal())
	resp, err := transport.Do(c.http, acmeID, httpReq, nil)
	if err != nil {
		return nil, err
	}
	var p acmeParcel
	if err := decodeJSON(resp.Body, &p); err != nil {
		return nil, &tracking.DecodeError{Carrier: acmeID, Err: err}
	}
	s := &tracking.Shipment{
		TrackingNumber: req.TrackingNumber,
		Carrier:        acmeID,
		Status:         acmeStatus(p.State),
		Raw:            tracking.RawStatus{Code: p.State},
	}
	for _, e := range p.Events {
		t, _ := time.Parse(time.RFC3339, e.At)
		s.Events = append(s.Events, tracking.Event{
			Time: t.UTC(), LocalTime: e.At, Status: acmeStatus(e.State), Code: e.State,
			Description: e.Text, Location: tracking.Location{City: e.City, Country: e.Country},
		})
	}
	tracking.SortEvents(s.Events)
	if len(s.Events) > 0 {
		s.Summary = s.Events[0].Description
		s.UpdatedAt = s.Events[0].Time
	}
	if s.Status == tracking.StatusDelivered && len(s.Events) > 0 {
		t := s.Events[0].Time
		s.DeliveredAt = &t
	}
	return s, nil
}

var errEmpty = errors.New("empty body")
