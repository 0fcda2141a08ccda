package track123_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// fuzzNow is the fuzz target's clock; the tolerance is the default.
var fuzzNow = time.Unix(1_800_000_000, 0).UTC()

// FuzzWebhookVerify is an oracle: it signs the delivery itself (its own
// HMAC, not the package's), in the body's verify object or the headers,
// tampers with it or not, and requires that the verifier accept it
// exactly when it is genuine.
func FuzzWebhookVerify(f *testing.F) {
	f.Add([]byte(`{"trackNo":"T1"}`), int64(0), true, uint8(0), uint8(0), "example-track123-api-secret", false)
	f.Add([]byte(`{"trackNo":"T1"}`), int64(98199999999), false, uint8(0), uint8(1), "s", false)
	f.Add([]byte(`x`), int64(-301), true, uint8(0), uint8(2), "s", false)
	for tamper := range uint8(8) {
		for where := range uint8(3) {
			f.Add([]byte(`{}`), int64(3), true, tamper, where, "k", tamper == 6)
		}
	}
	f.Add([]byte(`{}`), int64(0), true, uint8(0), uint8(0), "", false)
	f.Fuzz(func(t *testing.T, data []byte, offset int64, millis bool, tamper, where uint8, secret string, sha256Alt bool) {
		opts := []track123.WebhookOption{track123.WithWebhookClock(webhook.Clock{Now: func() time.Time { return fuzzNow }})}
		if sha256Alt {
			opts = append(opts, track123.WithWebhookSHA256())
		}
		v := track123.WebhookScheme(opts...).Verifier
		ts, genuine := webhooktest.EpochText(fuzzNow, offset, millis)
		mode := tamper % 8
		ts, sig, still := webhooktest.TamperSignedTime(mode, secret, ts, uint8(offset))
		genuine = genuine && still
		bodyData := string(data)
		switch mode {
		case 6:
			sum := sha256.Sum256([]byte(secret + ts))
			sig = hex.EncodeToString(sum[:])
			genuine = genuine && sha256Alt
		case 7:
			bodyData += "!" // the body is not signed: still genuine
		}
		if secret == "" {
			genuine = false
		}
		var d webhook.Delivery
		switch where % 3 {
		case 0: // the API's verify object, timestamp as a string
			d.Body, _ = json.Marshal(map[string]any{"data": bodyData, "verify": map[string]string{"timestamp": ts, "signature": sig}})
		case 1: // the verify object with a numeric timestamp
			d.Body, _ = json.Marshal(map[string]any{"data": bodyData, "verify": map[string]any{"timestamp": json.Number(ts), "signature": sig}})
		case 2: // the header variant
			d.Body, _ = json.Marshal(map[string]any{"trackingNumber": bodyData})
			d.Header = http.Header{}
			d.Header.Set(track123.WebhookTimestampHeader, ts)
			if sig != "" {
				d.Header.Set(track123.WebhookSignatureHeader, sig)
			}
		}
		got, err := v.Verify(context.Background(), d, credentials.Secret(secret))
		webhooktest.Judge(t, err, genuine, "where %d, tamper %d", where%3, mode)
		if err == nil && !strings.Contains(got.ReplayKey, strings.ToLower(sig)) {
			t.Fatalf("replay key %q does not name the signature", got.ReplayKey)
		}
	})
}
