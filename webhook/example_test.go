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
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// A Handler for Track123 deliveries: the secret comes from the
// organization's Track123 credential, the body is verified before it is
// decoded with the carrier's own status mapping, and the application's
// function gets normalized shipments.
func ExampleNewHandler() {
	store, _ := credentials.NewMemoryStore(credentials.Credential{
		Code: "main", Carrier: track123.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{track123.FieldAPISecret: "example-secret"},
	})
	h, err := webhook.NewHandler(track123.WebhookScheme(),
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
	body := track123test.WebhookBody("example-secret", data, time.Now())

	for _, b := range [][]byte{body, body, track123test.WebhookBody("wrong-secret", data, time.Now())} {
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
