package tracktry

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// Request.Metadata keys sent on create calls, under Tracktry's own field
// names. Other keys are ignored.
const (
	MetaTitle            = "title"
	MetaLogisticsChannel = "logistics_channel"
	MetaCustomerName     = "customer_name"
	MetaCustomerEmail    = "customer_email"
	MetaCustomerPhone    = "customer_phone"
	MetaOrderID          = "order_id"
	MetaOrderCreateTime  = "order_create_time" // free text, such as "2026-02-18 09:15"
	MetaAccountNumber    = "tracking_account_number"
	MetaComment          = "comment"
)

// create registers the tracking at Tracktry (POST /v1/trackings/post) and
// returns it, pending. Request.Courier is required (Tracktry's
// carrier_code); DestinationCountry, PostalCode, ShipDate, Language and the
// Meta* keys of Request.Metadata are sent when set. A tracking that already
// exists (meta.code 4016) is a success. Creating spends a tracking credit.
func (c *Carrier) create(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	body, err := createBodyFor(req, false)
	if err != nil {
		return nil, err
	}
	// Tracktry refuses a second create of the same tracking with 4016,
	// which is a success here, so repeating the POST is safe.
	a, err := c.call(transport.Idempotent(ctx), cred, http.MethodPost, "/trackings/post", nil, body, codeExists)
	if err != nil {
		return nil, err
	}
	if a.code == codeExists {
		return pending(body.TrackingNumber, body.CarrierCode), nil
	}
	// The answer's shape is undocumented: when it cannot be read the
	// tracking was still created, so the answer is a plain pending one.
	ws, err := trackings(a.data)
	if err != nil || len(ws) == 0 {
		return pending(body.TrackingNumber, body.CarrierCode), nil
	}
	return created(pick(ws, body.TrackingNumber, body.CarrierCode), body.TrackingNumber, body.CarrierCode, c.loc), nil
}

// Register creates the tracking at Tracktry: POST /v1/trackings/post.
// Request.Courier is required (Tracktry's carrier_code);
// DestinationCountry, PostalCode, ShipDate, Language and the Meta* keys of
// Request.Metadata are sent when set. A tracking that already exists
// (meta.code 4016) is a success. Registering spends a tracking credit.
func (c *Carrier) Register(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	_, err := c.create(ctx, req, cred)
	return err
}

// Unregister deletes the tracking: DELETE
// /v1/trackings/{courier}/{number}. Request.Courier is required. A
// tracking Tracktry does not have is a success.
func (c *Carrier) Unregister(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	err := c.remove(ctx, req.Courier, req.TrackingNumber, cred)
	if isCode(err, codeNotExist) {
		return nil
	}
	return err
}

// remove deletes the tracking: DELETE /v1/trackings/{courier}/{number}.
// An unknown number gives an error matching tracking.ErrNotFound.
func (c *Carrier) remove(ctx context.Context, courier, number string, cred credentials.Credential) error {
	path, err := trackingPath(courier, number)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, cred, http.MethodDelete, path, nil, nil)
	return err
}

// UpdateStatus is the status a PUT may set, as Tracktry numbers it.
type UpdateStatus int

// The statuses Update may set; zero leaves the status alone.
const (
	MarkDelivered UpdateStatus = 4 // mark the tracking delivered
	MarkException UpdateStatus = 7 // mark it an exception
	RestoreStatus UpdateStatus = 8 // go back to the courier's status
)

// Update holds the fields Update changes; empty fields are left alone.
type Update struct {
	Title            string
	LogisticsChannel string
	CustomerName     string
	CustomerEmail    string
	CustomerPhone    string
	OrderID          string
	DestinationCode  string // destination country, ISO 3166 alpha-2
	Archived         *bool  // nil: unchanged
	Status           UpdateStatus
}

// Update changes a tracking: PUT /v1/trackings/{courier}/{number}. Read
// the result with Track; the answer's shape is undocumented.
func (c *Carrier) Update(ctx context.Context, courier, number string, u Update, cred credentials.Credential) error {
	path, err := trackingPath(courier, number)
	if err != nil {
		return err
	}
	switch u.Status {
	case 0, MarkDelivered, MarkException, RestoreStatus:
	default:
		return fmt.Errorf("tracktry: update status %d is not one of MarkDelivered, MarkException, RestoreStatus: %w",
			u.Status, tracking.ErrInvalidRequest)
	}
	body := updateBody{
		Title:            strings.TrimSpace(u.Title),
		LogisticsChannel: strings.TrimSpace(u.LogisticsChannel),
		CustomerName:     strings.TrimSpace(u.CustomerName),
		CustomerEmail:    strings.TrimSpace(u.CustomerEmail),
		CustomerPhone:    strings.TrimSpace(u.CustomerPhone),
		OrderID:          strings.TrimSpace(u.OrderID),
		DestinationCode:  strings.ToUpper(strings.TrimSpace(u.DestinationCode)),
		Status:           int(u.Status),
	}
	if u.Archived != nil {
		body.Archived = fmt.Sprint(*u.Archived) // Tracktry wants the string "true" or "false"
	}
	_, err = c.call(ctx, cred, http.MethodPut, path, nil, body)
	return err
}

// createBodyFor builds one create object. The batch endpoint names the
// destination specialNumberDestination, the single one destination_code.
func createBodyFor(req tracking.Request, batch bool) (createBody, error) {
	number, err := checkNumber(req.TrackingNumber)
	if err != nil {
		return createBody{}, err
	}
	courier := courierCode(req.Courier)
	if courier == "" {
		return createBody{}, fmt.Errorf("tracktry: Tracktry needs a carrier code to register %q; set Request.Courier (DetectCourier suggests one): %w",
			number, tracking.ErrInvalidRequest)
	}
	m := func(k string) string { return strings.TrimSpace(req.Metadata[k]) }
	b := createBody{
		TrackingNumber:        number,
		CarrierCode:           courier,
		Title:                 m(MetaTitle),
		LogisticsChannel:      m(MetaLogisticsChannel),
		CustomerName:          m(MetaCustomerName),
		CustomerEmail:         m(MetaCustomerEmail),
		CustomerPhone:         m(MetaCustomerPhone),
		OrderID:               m(MetaOrderID),
		OrderCreateTime:       m(MetaOrderCreateTime),
		TrackingPostalCode:    strings.TrimSpace(req.PostalCode),
		TrackingAccountNumber: m(MetaAccountNumber),
		Lang:                  strings.TrimSpace(req.Language),
		Comment:               m(MetaComment),
	}
	dest := strings.ToUpper(strings.TrimSpace(req.DestinationCountry))
	if batch {
		b.SpecialNumberDestination = dest
	} else {
		b.DestinationCode = dest
	}
	if !req.ShipDate.IsZero() {
		b.TrackingShipDate = req.ShipDate.Format("20060102")
	}
	return b, nil
}
