package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// The default policy stops at ErrNotFound: a provider that answers is up.
// An application whose providers know different numbers widens it, so
// that a number one provider does not know is asked of the next.
func ExampleWithFailoverPolicy() {
	primary := trackingtest.NewCarrier("primary") // knows nothing: every number is not found
	secondary := trackingtest.NewCarrier("secondary")
	secondary.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	store, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "p", Carrier: "primary", Active: true, Default: true},
		credentials.Credential{Code: "s", Carrier: "secondary", Active: true, Default: true},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	orNotFound := func(ctx context.Context, err error) bool {
		return tracking.DefaultFailoverPolicy(ctx, err) || errors.Is(err, tracking.ErrNotFound)
	}
	for _, opts := range [][]tracking.Option{nil, {tracking.WithFailoverPolicy(orNotFound)}} {
		client, err := tracking.NewClient(append(opts,
			tracking.WithCarrier(primary), tracking.WithCarrier(secondary), tracking.WithCredentials(store),
			tracking.WithFailover("primary", "secondary"))...)
		if err != nil {
			fmt.Println(err)
			return
		}
		s, err := client.Track(context.Background(), tracking.Request{TrackingNumber: "LX123"})
		var apiErr *tracking.APIError
		switch {
		case errors.As(err, &apiErr):
			fmt.Println(apiErr.Carrier, http.StatusText(apiErr.StatusCode))
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Println(s.Carrier, s.Status)
		}
	}
	// Output:
	// primary Not Found
	// secondary in_transit
}
