// Command custom-carrier shows a carrier written outside this module: a
// made-up "Acme Parcel API" served in-process, tracked through the client
// with the shared transport, and checked by trackingtest.TestCarrier in
// its test.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	srv := newAcmeServer()
	defer srv.Close()

	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "acme-main", Carrier: acmeID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": acmeAPIKey},
	})
	if err != nil {
		return err
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(newAcmeCarrier(srv.URL)),
		tracking.WithCredentials(store),
	)
	if err != nil {
		return err
	}
	s, err := client.Track(ctx, tracking.Request{TrackingNumber: "ACME123"})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "%s is %s (Acme says %q)\n", s.TrackingNumber, s.Status, s.Raw.Code)
	for _, e := range s.Events {
		fmt.Fprintf(os.Stdout, "  %s  %-16s %s, %s\n", e.Time.Format("2006-01-02 15:04Z"), e.Status, e.Description, e.Location.City)
	}
	return nil
}
