package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// A Handler for Track123 deliveries: the secret comes from the
// organization's Track123 credential, the body is verified before it is
// decoded with the carrier's own status mapping, and the application's
// function gets normalized shipments.
func ExampleNewHandler() {
	store, _ := credentials.NewMemoryStore(credentials.Credential{
		Code: "main", Carrier: track123.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_secret": "example-secret"},
	})
	h, err := webhook.NewHandler(track123.ID, webhook.NewTrack123Verifier(), track123.ParseWebhook,
		func(_ context.Context, e webhook.Event) error {
			for _, s := range e.Shipments {
				fmt.Println("received", s.TrackingNumber, s.Status)
			}
			return nil
		},
		webhook.WithResolver(credentials.NewResolver(store)))
	if err != nil {
		fmt.Println(err)
		return
	}

	// What Track123 would send, signed as Track123 signs it.
	data := json.RawMessage(`{"trackNo":"9261290000000000000017","transitStatus":"DELIVERED",
		"transitSubStatus":"DELIVERED_04","localLogisticsInfo":{"courierCode":"usps","trackingDetails":[]}}`)
	body := webhooktest.Track123Body("example-secret", data, time.Now())

	for _, b := range [][]byte{body, body, webhooktest.Track123Body("wrong-secret", data, time.Now())} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/webhooks/track123", bytes.NewReader(b)))
		fmt.Println(w.Code)
	}
	// Output:
	// received 9261290000000000000017 delivered
	// 200
	// 200
	// 401
}

// Verifying a delivery without the Handler: the core function takes the
// raw body and headers.
func ExampleTrackShipVerifier_Verify() {
	v := webhook.NewTrackShipVerifier()
	d := webhook.Delivery{Header: webhooktest.TrackShipHeaders("key-1"), Body: []byte(`{"tracking_number":"1Z"}`)}
	_, err := v.Verify(context.Background(), d, "key-1")
	fmt.Println(err)
	_, err = v.Verify(context.Background(), d, "key-2")
	fmt.Println(err)
	// Output:
	// <nil>
	// webhook: trackship API key does not match: webhook: bad signature
}
