package trackship

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/transport"
)

// Metadata keys Register sends as TrackShip's create fields. Other keys
// are ignored.
const (
	MetaOrderID          = "order_id" // default: the tracking number
	MetaCustomerName     = "customer_name"
	MetaCustomerEmail    = "customer_email" // comma-separated CCs allowed
	MetaCustomerPhone    = "customer_phone"
	MetaShippingAddress1 = "shipping_address_1"
	MetaShippingAddress2 = "shipping_address_2"
	MetaShippingCity     = "shipping_city"
	MetaShippingState    = "shipping_state"
	MetaShippingPostcode = "shipping_postcode"
)

// Register creates the shipment in TrackShip (POST /shipment/create/), so
// that it tracks the number and sends webhooks. Request.Courier (a
// TrackShip courier slug, see Couriers) is required; the order id
// is Metadata["order_id"], or the tracking number when unset; PostalCode,
// DestinationCountry and the Meta* keys are sent when set. Each create may
// spend a tracker credit: insufficient_balance gives an error matching
// tracking.ErrQuotaExceeded, carrier_unsupported one matching
// tracking.ErrUnsupported, even though TrackShip answers them with HTTP 200.
func (c *Carrier) Register(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	number, err := c.check(req, cred)
	if err != nil {
		return err
	}
	courier := courierCode(req.Courier)
	if courier == "" {
		return fmt.Errorf("trackship: registering %q needs a courier; set Request.Courier to a TrackShip courier slug (see Couriers): %w",
			number, tracking.ErrInvalidRequest)
	}
	m := req.Metadata
	body := createRequest{
		TrackingNumber:     number,
		TrackingProvider:   courier,
		OrderID:            orderID(req, number),
		PostalCode:         strings.TrimSpace(req.PostalCode),
		DestinationCountry: strings.TrimSpace(req.DestinationCountry),
		CustomerName:       m[MetaCustomerName],
		CustomerEmail:      m[MetaCustomerEmail],
		CustomerPhone:      m[MetaCustomerPhone],
		ShippingAddress1:   m[MetaShippingAddress1],
		ShippingAddress2:   m[MetaShippingAddress2],
		ShippingCity:       m[MetaShippingCity],
		ShippingState:      m[MetaShippingState],
		ShippingPostcode:   m[MetaShippingPostcode],
	}
	// Not marked idempotent: TrackShip documents no deduplication and a
	// create spends a credit, so a create that may have arrived is not sent
	// again.
	r, err := c.post(ctx, pathCreate, body, cred)
	if err != nil {
		return err
	}
	return carrierkit.Scrub(decodeCreate(r), cred)
}

// Unregister deletes the shipment from TrackShip (POST /shipment/delete,
// known from TrackShip's plugin only), which stops its tracking. It sends
// the same order id as Register. A shipment TrackShip does not hold is a
// success, as tracking.Registrar promises.
func (c *Carrier) Unregister(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	number, err := c.check(req, cred)
	if err != nil {
		return err
	}
	body := deleteRequest{OrderID: orderID(req, number), TrackingNumber: number, TrackingProvider: courierCode(req.Courier)}
	// Deleting twice deletes nothing more, so repeating it is safe.
	r, err := c.post(transport.Idempotent(ctx), pathDelete, body, cred)
	if err != nil {
		return err
	}
	var env envelope
	if err := decode.JSON(ID, r.Body, &env); err != nil {
		return err
	}
	err = bodyError(r, &env, tracking.ErrInvalidRequest, "TrackShip refused to delete the shipment")
	if errors.Is(err, tracking.ErrNotFound) {
		return nil
	}
	return carrierkit.Scrub(err, cred)
}

func orderID(req tracking.Request, number string) string {
	if id := strings.TrimSpace(req.Metadata[MetaOrderID]); id != "" {
		return id
	}
	return number
}

// decodeCreate reads create's answer (HTTP 2xx) in TrackShip's documented
// order: status "error" or an error value in status_msg is an error, even
// with status "ok"; then "ok"/"success" or pending_trackship is accepted.
func decodeCreate(r *transport.Response) error {
	var env envelope
	if err := decode.JSON(ID, r.Body, &env); err != nil {
		return err
	}
	if err := bodyError(r, &env, tracking.ErrInvalidRequest, "TrackShip refused to create the shipment"); err != nil {
		return err
	}
	switch {
	case normalize(string(env.StatusMsg)) == "pending_trackship":
		return nil
	case normalize(string(env.Status)) == "ok", normalize(string(env.Status)) == "success":
		return nil
	}
	return &tracking.DecodeError{Carrier: ID, Field: "status",
		Err: errors.New("neither ok nor pending_trackship: the shipment may not have been created")}
}
