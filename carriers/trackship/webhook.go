package trackship

import (
	"errors"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// ParseWebhook decodes the body TrackShip POSTs on each tracking event:
// the shipment's fields at the top level (not wrapped in data), as get
// returns them, plus user_key, which is never kept. It only decodes:
// TrackShip signs nothing, and the webhook package checks the
// trackship-api-key header. Zone-less times are read as UTC. An error
// value in tracking_event_status (carrier_unsupported, ...) gives the
// matching typed error; a body that cannot be read gives an error
// matching tracking.ErrInvalidResponse.
func ParseWebhook(body []byte) ([]*tracking.Shipment, error) {
	var d shipmentData
	if err := decode.JSON(ID, body, &d); err != nil {
		return nil, err
	}
	// A blank number names no shipment the application could update.
	if strings.TrimSpace(string(d.TrackingNumber)) == "" {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "tracking_number", Err: errors.New("missing")}
	}
	raw := string(d.TrackingEventStatus)
	if v, ok := lookupError(raw); ok {
		e := &tracking.APIError{Carrier: ID, Kind: v.kind}
		fill(e, raw, v.hint)
		return nil, e
	}
	return []*tracking.Shipment{toDetail(&d, time.UTC).Shipment}, nil
}
