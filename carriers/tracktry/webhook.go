package tracktry

import (
	"errors"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// ParseWebhook decodes a webhook body in the TrackingMore v2 format
// Tracktry is expected to use (its webhooks are undocumented):
// {meta, data: tracking, verifyInfo}. It does not verify the signature:
// WebhookScheme's verifier does, before this runs. Zone-less times are not
// converted; WithWebhookLocation gives WebhookScheme a zone for them.
func ParseWebhook(body []byte) ([]*tracking.Shipment, error) {
	return parseWebhook(body, nil)
}

func parseWebhook(body []byte, loc *time.Location) ([]*tracking.Shipment, error) {
	// meta is optional here: the body is data plus verifyInfo at least.
	var env envelope
	if err := decode.JSON(ID, body, &env); err != nil {
		return nil, err
	}
	if env.Meta != nil && env.Meta.Code != 0 && !success(int(env.Meta.Code)) {
		code := int(env.Meta.Code)
		e := &tracking.APIError{Carrier: ID}
		fillMeta(e, code, string(env.Meta.Message))
		return nil, e
	}
	ws, err := trackings(env.Data)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the webhook holds no tracking")}
	}
	out := make([]*tracking.Shipment, len(ws))
	for i := range ws {
		// A tracking known by its id alone names no shipment the
		// application could update.
		if strings.TrimSpace(string(ws[i].TrackingNumber)) == "" {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data.tracking_number", Err: errors.New("missing")}
		}
		out[i] = toShipment(&ws[i], loc)
	}
	return out, nil
}
