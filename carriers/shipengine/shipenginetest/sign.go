package shipenginetest

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// WebhookSigner signs webhook deliveries as ShipEngine does and serves
// the matching JWKS (its KeySet's Server, for shipengine.WithJWKSURL, or
// JWKS for shipengine.WithStaticJWKS).
type WebhookSigner struct {
	*webhooktest.KeySet
}

// NewWebhookSigner returns a signer with a fresh 2048-bit key named keyID.
func NewWebhookSigner(keyID string) (*WebhookSigner, error) {
	ks, err := webhooktest.NewKeySet(keyID)
	if err != nil {
		return nil, err
	}
	return &WebhookSigner{ks}, nil
}

// Sign returns the headers ShipEngine sends with body at time at: the key
// id, the base64 RSA-SHA256 signature of timestamp + "." + body, and the
// RFC 3339 timestamp.
func (s *WebhookSigner) Sign(body []byte, at time.Time) http.Header {
	return s.SignText(body, at.UTC().Format(time.RFC3339))
}

// SignText is Sign with the timestamp header's text as given, for tests of
// other time formats and of malformed ones.
func (s *WebhookSigner) SignText(body []byte, ts string) http.Header {
	h := sha256.New()
	h.Write([]byte(ts + "."))
	h.Write(body)
	kid, sig := s.SignPKCS1v15(h.Sum(nil))
	hdr := http.Header{}
	hdr.Set("X-ShipEngine-RSA-SHA256-Key-ID", kid)
	hdr.Set("X-ShipEngine-RSA-SHA256-Signature", base64.StdEncoding.EncodeToString(sig))
	hdr.Set("X-ShipEngine-Timestamp", ts)
	hdr.Set("Content-Type", "application/json")
	return hdr
}
