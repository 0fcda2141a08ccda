package tracktrytest

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// WebhookBody wraps data (a tracking) in the TrackingMore-v2-style body
// Tracktry is expected to send, with verifyInfo for time at keyed with
// the account e-mail (Email for the fake's): {meta, data, verifyInfo:
// {timeStr: <s>, signature: <hex HMAC-SHA256>}}.
func WebhookBody(email credentials.Secret, data json.RawMessage, at time.Time) []byte {
	ts := strconv.FormatInt(at.Unix(), 10)
	b, _ := json.Marshal(map[string]any{
		"meta":       map[string]any{"code": 200, "type": "Success", "message": "Success"},
		"data":       data,
		"verifyInfo": map[string]any{"timeStr": json.Number(ts), "signature": webhook.HexHMAC(email, ts)},
	})
	return b
}
