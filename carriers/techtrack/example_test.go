package techtrack_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/techtrack/techtracktest"
	"github.com/parcelkit/tracking/credentials"
)

// Track a parcel through a tracking.Client, with the fake tenant standing
// in for techTRACK. techTRACK documents no status vocabulary, so the
// categories are mapped by the caller.
func Example() {
	s := techtracktest.NewServer()
	defer s.Close()

	store, err := credentials.NewMemoryStore(s.Credential()) // fields api_key and api_secret
	if err != nil {
		panic(err)
	}
	c := techtrack.New(
		techtrack.WithBaseURL(s.BaseURL()), // the tenant's host, e.g. https://acme.techtrack.cloud
		techtrack.WithStatusMapping(map[string]tracking.Status{
			"Delivered": tracking.StatusDelivered, "InTransit": tracking.StatusInTransit,
		}),
	)
	client, err := tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit
	if err != nil {
		panic(err)
	}
	sh, err := client.Track(context.Background(), tracking.Request{TrackingNumber: techtracktest.NumberDelivered})
	if err != nil {
		panic(err)
	}
	fmt.Println(sh.Status, sh.Raw.Code, sh.Raw.SubCode)
	for _, e := range sh.Events {
		fmt.Println(e.Time.Format("2006-01-02 15:04Z"), e.Status, e.Code)
	}
	// Output:
	// delivered Delivered Delivered
	// 2026-03-05 20:21Z delivered Delivered/Delivered
	// 2026-03-05 13:05Z in_transit InTransit/OutForDelivery
	// 2026-03-03 09:12Z in_transit InTransit/Departed
	// 2026-03-02 15:02Z unknown InfoReceived/LabelCreated
}

// Without WithBaseURL every call says what to do.
func ExampleNew_withoutBaseURL() {
	c := techtrack.New()
	cred := credentials.Credential{Code: "main", Carrier: techtrack.ID, Active: true,
		Fields: map[string]credentials.Secret{techtrack.FieldAPIKey: "key", techtrack.FieldAPISecret: "secret"}}
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999AA10000000041"}, cred)
	fmt.Println(errors.Is(err, tracking.ErrInvalidRequest))
	fmt.Println(err)
	// Output:
	// true
	// techtrack: no base URL: techTRACK has a host per tenant, so pass techtrack.WithBaseURL("https://<tenant>.techtrack.cloud"): tracking: invalid request
}

// The create names the techTRACK carrier credential whose code is the SDK
// credential's: the one the client resolved (the default here) or the one
// the request names. techTRACK never substitutes a default of its own, and
// a tenant without one still accepts the call.
func ExampleCarrier_Register_credentialCode() {
	s := techtracktest.NewServer(techtracktest.WithoutDefaultCredential())
	defer s.Close()
	c := techtrack.New(techtrack.WithBaseURL(s.BaseURL()))
	ctx := context.Background()

	req := tracking.Request{TrackingNumber: "1Z999AA10000000033", Courier: "UPS"}
	fmt.Println(c.Register(ctx, req, s.Credential()))

	east := s.Credential()
	east.Code = techtracktest.CarrierCredential
	req.Credential = east.Code
	fmt.Println(c.Register(ctx, req, east))
	for _, call := range s.Creates() {
		fmt.Printf("sent carrierCredentialsCode: %t %q\n", call.CredentialSent, call.CredentialCode)
	}
	// Output:
	// <nil>
	// <nil>
	// sent carrierCredentialsCode: true "fake-techtrack"
	// sent carrierCredentialsCode: true "ups-warehouse-east"
}

// The unverified parts of the wire format can be changed without a fork.
func ExampleWithWire() {
	w := techtrack.DefaultWire()
	w.CreatePath = "/api/v2/trackings" // as checked against the tenant's Swagger
	c := techtrack.New(techtrack.WithBaseURL("https://acme.techtrack.cloud"), techtrack.WithWire(w))
	fmt.Println(c.ID(), w.APIKeyHeader, w.Create.CredentialCode)
	// Output:
	// techtrack x-api-key carrierCredentialsCode
}

// A number techTRACK does not track is not registered unless asked for:
// creating a tracking may be charged. With WithAutoRegister(true), Track
// creates it (Request.Courier is the techTRACK carrier code) and answers
// it as pending.
func ExampleWithAutoRegister() {
	s := techtracktest.NewServer()
	defer s.Close()
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: techtracktest.NumberUnknown, Courier: "UPS"}

	c, cred := s.Carrier()
	_, err := c.Track(ctx, req, cred)
	fmt.Println(errors.Is(err, tracking.ErrNotFound), len(s.Creates()))

	c, cred = s.Carrier(techtrack.WithAutoRegister(true))
	sh, err := c.Track(ctx, req, cred)
	if err != nil {
		panic(err)
	}
	fmt.Println(sh.Status, len(s.Creates()))
	// Output:
	// true 0
	// pending 1
}
