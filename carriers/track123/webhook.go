package track123

import (
	"bytes"
	"errors"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// ParseWebhook decodes a Track123 webhook body, {"data": <tracking>,
// "verify": {...}}, into normalized shipments with this carrier's status
// mapping (data may also be an array of trackings). It does not verify the
// signature: the webhook package does that, on the raw body, before. The
// zone-less shipment timestamps are read as UTC. A body that cannot be
// read is an error matching tracking.ErrInvalidResponse.
func ParseWebhook(body []byte) ([]*tracking.Shipment, error) {
	var w webhookBody
	if err := decode.JSON(ID, body, &w); err != nil {
		return nil, err
	}
	data := bytes.TrimSpace(w.Data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the webhook has no data")}
	}
	var list []wireTracking
	if data[0] == '[' {
		if err := decodeData(data, &list); err != nil {
			return nil, err
		}
	} else {
		var one wireTracking
		if err := decodeData(data, &one); err != nil {
			return nil, err
		}
		list = []wireTracking{one}
	}
	if len(list) == 0 {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the webhook holds no tracking")}
	}
	out := make([]*tracking.Shipment, 0, len(list))
	for i := range list {
		if strings.TrimSpace(string(list[i].TrackNo)) == "" {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data.trackNo", Err: errors.New("a tracking without a number")}
		}
		out = append(out, decodeTracking(&list[i], nil).Shipment)
	}
	return out, nil
}
