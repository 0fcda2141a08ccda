package webhook_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

var sentinels = []error{
	webhook.ErrMissingHeader, webhook.ErrStale, webhook.ErrUnknownKey, webhook.ErrBadSignature,
	webhook.ErrMalformed, webhook.ErrNoSecret,
}

// typed fails unless err is nil or matches one of the sentinels.
func typed(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("untyped error: %v", err)
}

func FuzzTrack123Verify(f *testing.F) {
	f.Add(fixture(f, "track123-webhook-track.json"), "1772042712345", "abc")
	f.Add([]byte(`{"verify":{"timestamp":1,"signature":""}}`), "", "")
	f.Add([]byte(`{"verify":null}`), "9999999999999999999999", "zz")
	v := webhook.NewTrack123Verifier(webhook.WithTolerance(-1))
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string) {
		h := http.Header{}
		h.Set(webhook.Track123TimestampHeader, ts)
		h.Set(webhook.Track123SignatureHeader, sig)
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "k")
		typed(t, err)
	})
}

func FuzzTracktryVerify(f *testing.F) {
	f.Add(fixture(f, "tracktry-webhook-track.json"))
	f.Add([]byte(`{"verifyInfo":{"timeStr":"x","signature":1}}`))
	f.Add([]byte(`{"verifyInfo":{"timeStr":1e99,"signature":"a"}}`))
	v := webhook.NewTracktryVerifier(webhook.WithTolerance(-1))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := v.Verify(context.Background(), webhook.Delivery{Body: body}, "user@example.com")
		typed(t, err)
	})
}

func FuzzTrackShipVerify(f *testing.F) {
	f.Add(fixture(f, "trackship-webhook-track.json"), "5f2b0c0e0d0a4e7b9c1d2e3f40516273")
	f.Add([]byte(`{"user_key":5}`), "")
	v := webhook.NewTrackShipVerifier()
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		h := http.Header{}
		h.Set(webhook.TrackShipKeyHeader, key)
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "5f2b0c0e0d0a4e7b9c1d2e3f40516273")
		typed(t, err)
	})
}

func FuzzShipEngineVerify(f *testing.F) {
	jwks := fixture(f, "shipengine-jwks-test.json")
	body := fixture(f, "shipengine-webhook-track.json")
	f.Add(body, "test-rsa-2026-01", "GpXrKs2CJjo+6fSnujWszGX4AlcD4FdpQeRtb+0b09ic5g3BjudoRdDy3Q+5HzRFVXcH9vNW", "2026-03-04T22:41:07Z")
	f.Add([]byte{}, "test-ec-2026-01", "!!", "1772042712")
	f.Add([]byte("{}"), "", "", "")
	v := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(jwks), webhook.WithTolerance(-1))
	f.Fuzz(func(t *testing.T, body []byte, kid, sig, ts string) {
		h := http.Header{}
		h.Set(webhook.ShipEngineKeyIDHeader, kid)
		h.Set(webhook.ShipEngineSignatureHeader, sig)
		h.Set(webhook.ShipEngineTimestampHeader, ts)
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "")
		typed(t, err)
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(fixture(f, "shipengine-jwks-test.json"))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AAAAAAAA"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"","e":""}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		keys, _, err := webhook.ParseJWKS(doc)
		typed(t, err)
		for kid, k := range keys {
			if k.N == nil || k.N.BitLen() < 2040 || k.E < 3 {
				t.Fatalf("key %q accepted though unusable", kid)
			}
		}
	})
}

func FuzzHMACVerify(f *testing.F) {
	f.Add([]byte(`{"a":1}`), "1800000000", "00ff")
	f.Add([]byte{}, "", "")
	v := webhook.NewHMACVerifier(webhook.WithTolerance(-1))
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string) {
		h := http.Header{}
		h.Set("X-Timestamp", ts)
		h.Set("X-Signature", sig)
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "secret")
		typed(t, err)
	})
}

func FuzzURLToken(f *testing.F) {
	f.Add("https://example.com/h?token=abc")
	f.Add("/h?token=%zz")
	v := webhook.NewURLTokenVerifier("token", "")
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		_, err = v.Verify(context.Background(), webhook.Delivery{URL: u}, "abc")
		typed(t, err)
	})
}

// BenchmarkVerify compares each verifier with the bare crypto call it
// wraps, so that the package's own cost is visible.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	b.Run("ShipEngine", func(b *testing.B) {
		h, body := shipEngineHeaders(b)
		v := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(fixture(b, "shipengine-jwks-test.json")), webhook.WithTolerance(-1))
		d := webhook.Delivery{Header: h, Body: body}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, d, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ShipEngineBareRSA", func(b *testing.B) {
		h, body := shipEngineHeaders(b)
		keys, _, err := webhook.ParseJWKS(fixture(b, "shipengine-jwks-test.json"))
		if err != nil {
			b.Fatal(err)
		}
		key := keys[h.Get(webhook.ShipEngineKeyIDHeader)]
		sig := decodeStd(b, h.Get(webhook.ShipEngineSignatureHeader))
		ts := h.Get(webhook.ShipEngineTimestampHeader)
		b.ReportAllocs()
		for b.Loop() {
			sum := sha256.Sum256(append([]byte(ts+"."), body...))
			if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Track123", func(b *testing.B) {
		body := fixture(b, "track123-webhook-track.json")
		v := webhook.NewTrack123Verifier(webhook.WithTolerance(-1))
		d := webhook.Delivery{Body: body}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, d, "example-track123-api-secret"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Track123BareHMAC", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = webhook.Track123Signature(credentials.Secret("example-track123-api-secret"), "1772042712345")
		}
	})
}
