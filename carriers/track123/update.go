package track123

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// Changes are the fields Update sets on a tracking. Empty fields are not
// sent, so they keep their value. Which fields Track123 lets you edit is
// not fully documented; it ignores or refuses the others.
type Changes struct {
	OrderNumber   string
	CustomerEmail string
	ShipTime      time.Time // sent zone-less in the carrier's location
	PostalCode    string
	Remark        string
	Custom1       string
	Custom2       string
	// ExtendFields are courier-specific extras, such as
	// {"phoneSuffix": "1234"}.
	ExtendFields map[string]string
}

// Update changes the stored fields of the tracking n (track/update). n
// needs both its number and its courier. A tracking Track123 does not hold
// is an error matching tracking.ErrNotFound.
func (c *Carrier) Update(ctx context.Context, n Number, ch Changes, cred credentials.Credential) error {
	body := updateRequest{
		TrackNo:       strings.TrimSpace(n.TrackingNumber),
		CourierCode:   courierCode(n.Courier),
		OrderNo:       ch.OrderNumber,
		CustomerEmail: ch.CustomerEmail,
		ShipTime:      c.formatTime(ch.ShipTime),
		PostalCode:    ch.PostalCode,
		Remark:        ch.Remark,
		Custom1:       ch.Custom1,
		Custom2:       ch.Custom2,
	}
	if len(ch.ExtendFields) > 0 {
		body.ExtendFieldMap = ch.ExtendFields
	}
	if body.TrackNo == "" || body.CourierCode == "" {
		return fmt.Errorf("track123: Update needs a tracking number and its courier code: %w", tracking.ErrInvalidRequest)
	}
	// Setting the same values twice leaves the same tracking: safe to repeat.
	_, _, err := c.call(ctx, cred, http.MethodPost, epUpdate, true, func(APIVersion) any { return body })
	return err
}

// ChangeCourier moves the tracking n (number and current courier) to
// newCourier (track/update-courier, "Change carrier" in Track123's
// documentation). The path comes from one client only: an account where
// it does not exist gets an error matching tracking.ErrUnsupported.
func (c *Carrier) ChangeCourier(ctx context.Context, n Number, newCourier string, cred credentials.Credential) error {
	body := updateCourierRequest{
		TrackNo:        strings.TrimSpace(n.TrackingNumber),
		CourierCode:    courierCode(n.Courier),
		NewCourierCode: courierCode(newCourier),
	}
	if body.TrackNo == "" || body.CourierCode == "" || body.NewCourierCode == "" {
		return fmt.Errorf("track123: ChangeCourier needs a tracking number, its courier code and the new courier code: %w",
			tracking.ErrInvalidRequest)
	}
	// Not marked idempotent: once done, a repeat would name a courier the
	// tracking no longer has.
	_, _, err := c.call(ctx, cred, http.MethodPost, epUpdateCourier, false, func(APIVersion) any { return body })
	return err
}
