package track123test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// WebhookBody wraps data (a tracking) in the body Track123's API sends,
// with the verify object for time at signed with secret (the credential's
// api_secret, APISecret for the fake's): {"data": ..., "verify":
// {"timestamp": "<ms>", "signature": "<hex HMAC-SHA256>"}}.
func WebhookBody(secret credentials.Secret, data json.RawMessage, at time.Time) []byte {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	b, _ := json.Marshal(map[string]any{
		"data":   data,
		"verify": map[string]string{"timestamp": ts, "signature": webhook.HexHMAC(secret, ts)},
	})
	return b
}

// WebhookHeaders returns the header variant of Track123's signature (its
// Shopify app), for time at.
func WebhookHeaders(secret credentials.Secret, at time.Time) http.Header {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	h := http.Header{}
	h.Set("X-Track123-Timestamp", ts)
	h.Set("X-Track123-Signature", webhook.HexHMAC(secret, ts))
	return h
}
