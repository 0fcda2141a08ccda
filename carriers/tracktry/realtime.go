package tracktry

import (
	"context"
	"net/http"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// Realtime asks Tracktry to fetch the tracking from the courier now: POST
// /v1/trackings/realtime with tracking_number and, when set,
// Request.Courier as carrier_code. Tracktry bills every call, so it is not
// repeated after a failure that may have reached it; TrackingMore limits
// the same number to once per two hours (uncertain for Tracktry).
func (c *Carrier) Realtime(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	number, err := checkNumber(req.TrackingNumber)
	if err != nil {
		return nil, err
	}
	courier := courierCode(req.Courier)
	a, err := c.call(ctx, cred, http.MethodPost, "/trackings/realtime", nil, numberBody{TrackingNumber: number, CarrierCode: courier})
	if err != nil {
		return nil, err
	}
	if a.code == codeEmpty {
		return nil, emptyNotFound(a, "Tracktry found no tracking for this number")
	}
	ws, err := trackings(a.data)
	if err != nil {
		return nil, err
	}
	w := pick(ws, number, courier)
	if w == nil {
		return nil, noTracking("POST /trackings/realtime")
	}
	s := toShipment(w, c.loc)
	if s.TrackingNumber == "" {
		s.TrackingNumber = number
	}
	if s.Courier == "" {
		s.Courier = courierCodes.Courier(courier)
	}
	return s, nil
}
