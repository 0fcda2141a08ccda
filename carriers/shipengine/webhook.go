package shipengine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// The webhook resource types that carry tracking data.
const (
	ResourceTypeTrack   = "API_TRACK"      // api.shipengine.com
	ResourceTypeTrackV2 = "TRACK_EVENT_V2" // the ShipStation API v2 host
)

// ParseWebhook decodes a track webhook body (resource_type API_TRACK or
// TRACK_EVENT_V2) into the one shipment it carries, normalized as Track
// does. It does not verify the signature: the webhook package's
// ShipEngine verifier does that on the raw body first. Another resource
// type gives an error matching tracking.ErrUnsupported; a body that
// cannot be read, one matching tracking.ErrInvalidResponse.
func ParseWebhook(body []byte) ([]*tracking.Shipment, error) {
	var w webhookBody
	if err := decode.JSON(ID, body, &w); err != nil {
		return nil, err
	}
	switch rt := strings.TrimSpace(string(w.ResourceType)); rt {
	case ResourceTypeTrack, ResourceTypeTrackV2:
	default:
		return nil, fmt.Errorf("shipengine: webhook resource_type %q carries no tracking data; point only the track event's webhook here: %w",
			tracking.Truncate(rt, 40), tracking.ErrUnsupported)
	}
	if w.Data == nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("missing")}
	}
	s, err := w.Data.shipment("data.")
	if err != nil {
		return nil, err
	}
	return []*tracking.Shipment{s}, nil
}
