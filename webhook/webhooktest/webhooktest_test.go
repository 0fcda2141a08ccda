package webhooktest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Each helper's output verifies with the matching verifier, and a changed
// secret does not: the helpers sign exactly as the verifiers check.
func TestHelpersSignAsVerifiersCheck(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	data := json.RawMessage(`{"trackNo":"T1"}`)

	signer, err := webhooktest.NewShipEngineSigner("k1")
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	body := []byte(`{"resource_type":"API_TRACK"}`)
	se := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(signer.JWKS()))
	if _, err := se.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, now), Body: body}, ""); err != nil {
		t.Errorf("ShipEngine: %v", err)
	}

	cases := []struct {
		name string
		v    webhook.Verifier
		d    webhook.Delivery
	}{
		{"Track123 body", webhook.NewTrack123Verifier(), webhook.Delivery{Body: webhooktest.Track123Body("s", data, now)}},
		{"Track123 headers", webhook.NewTrack123Verifier(), webhook.Delivery{Header: webhooktest.Track123Headers("s", now), Body: data}},
		{"Tracktry", webhook.NewTracktryVerifier(), webhook.Delivery{Body: webhooktest.TracktryBody("s", data, now)}},
		{"TrackShip", webhook.NewTrackShipVerifier(), webhook.Delivery{Header: webhooktest.TrackShipHeaders("s"), Body: data}},
	}
	hv := webhook.NewHMACVerifier()
	cases = append(cases, struct {
		name string
		v    webhook.Verifier
		d    webhook.Delivery
	}{"HMAC", hv, webhook.Delivery{Header: webhooktest.HMACHeaders(hv, "s", data, now), Body: data}})
	for _, c := range cases {
		if _, err := c.v.Verify(ctx, c.d, "s"); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if _, err := c.v.Verify(ctx, c.d, "other"); err == nil {
			t.Errorf("%s: verified with the wrong secret", c.name)
		}
	}
}
