package tracktry_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// FuzzWebhookVerify is an oracle: it signs verifyInfo itself (its own
// HMAC, not the package's), tampers with it or not, and requires that the
// verifier accept the delivery exactly when it is genuine.
func FuzzWebhookVerify(f *testing.F) {
	fuzzNow := time.Unix(1_800_000_000, 0).UTC()
	f.Add([]byte(`{"tracking_number":"X"}`), int64(0), false, uint8(0), "user@example.com", false)
	f.Add([]byte(`{}`), int64(98199999999), false, uint8(0), "user@example.com", true)
	f.Add([]byte(`{}`), int64(400), false, uint8(0), "user@example.com", true)
	for tamper := range uint8(7) {
		f.Add([]byte(`[]`), int64(-3), false, tamper, "e", tamper%2 == 0)
	}
	f.Add([]byte(`{}`), int64(0), false, uint8(0), "", false)
	f.Fuzz(func(t *testing.T, data []byte, offset int64, millis bool, tamper uint8, email string, asString bool) {
		v := tracktry.WebhookScheme(tracktry.WithWebhookClock(webhook.Clock{Now: func() time.Time { return fuzzNow }})).Verifier
		ts, genuine := webhooktest.EpochText(fuzzNow, offset, millis)
		mode := tamper % 7
		ts, sig, still := webhooktest.TamperSignedTime(mode, email, ts, uint8(offset))
		genuine = genuine && still
		if mode == 6 {
			data = append(data, '!') // the body is not signed: still genuine
		}
		if email == "" {
			genuine = false
		}
		var timeStr any = json.Number(ts)
		if asString {
			timeStr = ts
		}
		body, _ := json.Marshal(map[string]any{
			"meta": map[string]any{"code": 200}, "data": string(data),
			"verifyInfo": map[string]any{"timeStr": timeStr, "signature": sig},
		})
		_, err := v.Verify(context.Background(), webhook.Delivery{Body: body}, credentials.Secret(email))
		webhooktest.Judge(t, err, genuine, "tamper %d", mode)
	})
}
