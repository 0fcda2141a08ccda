package tracking_test

import (
	"context"
	"fmt"
	"log"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/credentials"
)

// Read the provider's facts about a successful call: its request id and,
// where the provider sends them, its rate-limit headroom. The fake sends
// neither, so both are reported unknown.
func ExampleWithLastResponse() {
	srv := ausposttest.NewServer()
	defer srv.Close()
	carrier, cred := srv.Carrier() // Australia Post pointed at the fake
	store, err := credentials.NewMemoryStore(cred)
	if err != nil {
		log.Fatal(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(carrier),
		tracking.WithCredentials(store),
	)
	if err != nil {
		log.Fatal(err)
	}

	var last tracking.ProviderResponse
	ctx := tracking.WithLastResponse(context.Background(), &last)
	if _, err := client.Track(ctx, tracking.Request{TrackingNumber: "7XX1000000000001"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(last.Carrier, last.StatusCode, last.Attempts)
	fmt.Printf("request id %q, rate limit known: %v\n", last.RequestID, last.RateLimit.Known())
	// Output:
	// auspost 200 1
	// request id "", rate limit known: false
}
