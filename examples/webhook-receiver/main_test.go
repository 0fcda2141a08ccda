package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
)

func carrierFixture(t *testing.T, carrier, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "carriers", carrier, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dataOf returns the "data" member of a provider's webhook body.
func dataOf(t *testing.T, body []byte) json.RawMessage {
	t.Helper()
	var v struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.Data == nil {
		t.Fatalf("no data member: %v", err)
	}
	return v.Data
}

func TestReceiverAcceptsSignedDeliveries(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	store, err := credentials.NewMemoryStore(demoCredentials()...)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	mux, err := newMux(store, slog.New(slog.NewTextHandler(&logs, nil)), shipengine.WebhookScheme(shipengine.WithJWKSURL(signer.Server())))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	now := time.Now()
	seBody := carrierFixture(t, "shipengine", "webhook-track.json")
	tsBody := carrierFixture(t, "trackship", "webhook-track.json")
	var tsFields map[string]any
	if err := json.Unmarshal(tsBody, &tsFields); err != nil {
		t.Fatal(err)
	}
	tsFields["user_key"] = demoTrackShipKey
	tsBody, _ = json.Marshal(tsFields)

	t123Data := dataOf(t, carrierFixture(t, "track123", "webhook-track.json"))
	ttData := dataOf(t, carrierFixture(t, "tracktry", "webhook-track-tm-v2-assumed.json"))
	deliveries := []struct {
		carrier string
		body    []byte
		header  http.Header
		want    string // a status the log must show
		forged  []byte // sent without headers, it must be refused
	}{
		{"shipengine", seBody, signer.Sign(seBody, now), "status=in_transit", seBody},
		{"track123", track123test.WebhookBody(demoTrack123Secret, t123Data, now), nil, "status=delivered",
			track123test.WebhookBody("not-the-demo-secret", t123Data, now)},
		{"tracktry", tracktrytest.WebhookBody(demoTracktryEmail, ttData, now), nil, "status=delivered",
			tracktrytest.WebhookBody("someone@example.com", ttData, now)},
		{"trackship", tsBody, trackshiptest.WebhookHeaders(demoTrackShipKey), "status=out_for_delivery", tsBody},
	}
	for _, d := range deliveries {
		t.Run(d.carrier, func(t *testing.T) {
			logs.Reset()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/-/"+d.carrier, bytes.NewReader(d.body))
			for k, v := range d.header {
				req.Header[k] = v
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d; log:\n%s", resp.StatusCode, logs.String())
			}
			if !strings.Contains(logs.String(), d.want) {
				t.Errorf("log lacks %q:\n%s", d.want, logs.String())
			}
			for _, secret := range []string{demoTrack123Secret, demoTracktryEmail, demoTrackShipKey} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("a secret reached the log")
				}
			}

			// A delivery without its signature headers, or signed with
			// another secret, is refused.
			bad, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/-/"+d.carrier, bytes.NewReader(d.forged))
			resp, err = http.DefaultClient.Do(bad)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode/100 != 4 {
				t.Errorf("a forged delivery was answered %d, want a 4xx refusal", resp.StatusCode)
			}
		})
	}
	http.DefaultClient.CloseIdleConnections()
}
