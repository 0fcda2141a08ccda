package shipengine_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// fuzzNow is the fuzz target's clock; the tolerance is the default.
var fuzzNow = time.Unix(1_800_000_000, 0).UTC()

// FuzzWebhookVerify is an oracle: it signs the delivery itself (its own
// RSA computation, not the package's), tampers with it or not, and
// requires that the verifier accept it exactly when it is genuine.
func FuzzWebhookVerify(f *testing.F) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	if err != nil {
		f.Fatal(err)
	}
	impostor, err := shipenginetest.NewWebhookSigner("k1") // same id, another key
	if err != nil {
		f.Fatal(err)
	}
	jwks := signer.JWKS()
	body := readFixture(f, "webhook-track.json")
	f.Add(body, int64(0), uint8(0), uint8(0))
	f.Add(body, int64(253402300799-1_800_000_000), uint8(0), uint8(0)) // 9999-12-31T23:59:59Z
	f.Add([]byte{}, int64(-301), uint8(0), uint8(0))
	for tamper := range uint8(9) {
		f.Add([]byte(`{}`), int64(5), tamper, tamper)
	}
	clock := shipengine.WithWebhookClock(webhook.Clock{Now: func() time.Time { return fuzzNow }})
	f.Fuzz(func(t *testing.T, body []byte, offset int64, tamper, enc uint8) {
		v := shipengine.WebhookScheme(shipengine.WithStaticJWKS(jwks), clock).Verifier
		offset %= 1 << 36 // within years 0 to 9999 or so
		at := fuzzNow.Add(time.Duration(offset) * time.Second)
		ts := at.Format(time.RFC3339)
		genuine := offset >= -300 && offset <= 300
		key, kid := signer.Key, "k1"
		sent := body
		mode := tamper % 9
		switch mode {
		case 1:
			key = impostor.Key
			genuine = false
		case 2:
			sent = append(append([]byte{}, body...), '\n')
			genuine = false
		case 3:
			kid = "k2"
			genuine = false
		}
		sum := sha256.Sum256(append([]byte(ts+"."), body...))
		raw, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		if mode == 4 {
			raw[int(enc)%len(raw)] ^= 0x80
			genuine = false
		}
		encodings := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
		sig := encodings[int(enc)%len(encodings)].EncodeToString(raw) // any spelling of the same bytes
		if mode == 5 {
			ts = at.Format("2006-01-02T15:04:05.000Z07:00") // the same instant, other bytes
			genuine = false
		}
		h := http.Header{}
		h.Set(shipengine.WebhookKeyIDHeader, kid)
		h.Set(shipengine.WebhookSignatureHeader, sig)
		h.Set(shipengine.WebhookTimestampHeader, ts)
		switch mode {
		case 6:
			h.Del(shipengine.WebhookSignatureHeader)
			genuine = false
		case 7:
			h.Del(shipengine.WebhookTimestampHeader)
			genuine = false
		case 8:
			h.Set(shipengine.WebhookSignatureHeader, sig[:len(sig)/2])
			genuine = false
		}
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: sent}, "")
		webhooktest.Judge(t, err, genuine, "tamper %d, encoding %d, time %s", mode, int(enc)%len(encodings), ts)
		if err == nil && !got.Timestamp.Equal(at) {
			t.Fatalf("timestamp %s, want %s", got.Timestamp, at)
		}
	})
}

// BenchmarkWebhookVerify compares the verifier with the bare crypto call it
// wraps, so that the scheme's own cost is visible.
func BenchmarkWebhookVerify(b *testing.B) {
	ctx := context.Background()
	h, body, _ := webhookVector(b)
	jwks := readFixture(b, "jwks-test.json")
	b.Run("ShipEngine", func(b *testing.B) {
		v := shipengine.WebhookScheme(shipengine.WithStaticJWKS(jwks), shipengine.WithWebhookClock(webhook.Clock{Tolerance: -1})).Verifier
		d := webhook.Delivery{Header: h, Body: body}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, d, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ShipEngineBareRSA", func(b *testing.B) {
		keys, _, err := webhook.ParseJWKS(jwks)
		if err != nil {
			b.Fatal(err)
		}
		key := keys[h.Get(shipengine.WebhookKeyIDHeader)]
		sig, err := base64.StdEncoding.DecodeString(h.Get(shipengine.WebhookSignatureHeader))
		if err != nil {
			b.Fatal(err)
		}
		ts := h.Get(shipengine.WebhookTimestampHeader)
		b.ReportAllocs()
		for b.Loop() {
			sum := sha256.Sum256(append([]byte(ts+"."), body...))
			if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
				b.Fatal(err)
			}
		}
	})
}
