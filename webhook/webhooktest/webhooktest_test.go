package webhooktest_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The helpers sign exactly as the generic machinery checks, and a changed
// secret or key does not verify. Each provider's signer is tested beside
// its scheme.
func TestHelpersSignAsVerifiersCheck(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	data := json.RawMessage(`{"trackNo":"T1"}`)

	hv := webhook.NewHMACVerifier()
	d := webhook.Delivery{Header: webhooktest.HMACHeaders(hv, "s", data, now), Body: data}
	if _, err := hv.Verify(ctx, d, "s"); err != nil {
		t.Errorf("HMAC: %v", err)
	}
	if _, err := hv.Verify(ctx, d, "other"); err == nil {
		t.Error("HMAC: verified with the wrong secret")
	}

	ks, err := webhooktest.NewKeySet("k1")
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	digest := sha256.Sum256(data)
	for _, rotate := range []bool{false, true} {
		if rotate {
			if err := ks.Rotate("k2"); err != nil {
				t.Fatal(err)
			}
		}
		kid, sig := ks.SignPKCS1v15(digest[:])
		jwks := webhook.NewJWKS(webhook.JWKSConfig{Name: "test", URL: ks.Server()})
		key, err := jwks.RSAKey(ctx, kid)
		if err != nil {
			t.Fatalf("key %s: %v", kid, err)
		}
		if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig); err != nil {
			t.Errorf("key %s: %v", kid, err)
		}
	}
	if _, err := webhook.NewJWKS(webhook.JWKSConfig{Static: ks.JWKS()}).RSAKey(ctx, "k1"); err != nil {
		t.Errorf("the rotated-out key is still published: %v", err)
	}
	if got := ks.Fetches(); got != 2 {
		t.Errorf("%d fetches, want 2", got)
	}
}

// EpochText's verdict follows the default tolerance, in seconds and in
// milliseconds.
func TestEpochText(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for _, tc := range []struct {
		offset int64
		millis bool
		text   string
		fresh  bool
	}{
		{0, false, "1800000000", true},
		{300, false, "1800000300", true},
		{301, false, "1800000301", false},
		{-301, true, "1799999699000", false},
		{-300, true, "1799999700000", true},
		{-1_800_000_001, false, "-1", false},
	} {
		text, fresh := webhooktest.EpochText(now, tc.offset, tc.millis)
		if text != tc.text || fresh != tc.fresh {
			t.Errorf("EpochText(%d, %v) = %s, %v; want %s, %v", tc.offset, tc.millis, text, fresh, tc.text, tc.fresh)
		}
	}
}
