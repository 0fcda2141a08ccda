package shipengine

import (
	"context"
	"net/http"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// Register subscribes the number to ShipEngine's track webhooks: POST
// /v1/tracking/start with carrier_code (Request.Courier) and
// tracking_number as query parameters and no body; ShipEngine answers 204.
// A webhook for the "track" event must already exist on the account.
// Tracking itself needs no registration: Track works without it.
func (c *Carrier) Register(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	return c.subscription(ctx, "/v1/tracking/start", req, cred)
}

// Unregister ends the webhook subscription: POST /v1/tracking/stop.
// ShipEngine ends it by itself once a parcel is delivered or in exception.
func (c *Carrier) Unregister(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	return c.subscription(ctx, "/v1/tracking/stop", req, cred)
}

func (c *Carrier) subscription(ctx context.Context, path string, req tracking.Request, cred credentials.Credential) error {
	ref, err := trackingRef(req)
	if err != nil {
		return err
	}
	// Starting or stopping a subscription sets its state for the
	// carrier_code and tracking_number; doing it twice leaves the same
	// state, so the POST may be retried like a GET.
	_, err = c.send(transport.Idempotent(ctx), cred, http.MethodPost, path, ref.query())
	return err
}
