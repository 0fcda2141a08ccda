package tracking_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// courierCarrier is a scripted carrier that serves a fixed set of
// canonical couriers and may need one per request.
type courierCarrier struct {
	*trackingtest.Carrier
	serves []string
	needs  bool
}

func (c *courierCarrier) ServesCourier(id string) bool { return slices.Contains(c.serves, id) }
func (c *courierCarrier) NeedsCourier() bool           { return c.needs }

// newCourierClient registers an "ups-only" carrier that needs a courier,
// a "posts" carrier that does not, and a plain one without a courier
// table, each answering every number.
func newCourierClient(t *testing.T, opts ...tracking.Option) (*tracking.Client, map[string]*courierCarrier, *trackingtest.Carrier) {
	t.Helper()
	cars := map[string]*courierCarrier{
		"ups-only": {Carrier: trackingtest.NewCarrier("ups-only"), serves: []string{"ups"}, needs: true},
		"posts":    {Carrier: trackingtest.NewCarrier("posts"), serves: []string{"usps", "royal_mail", "ups"}},
	}
	plain := trackingtest.NewCarrier("plain")
	var creds []credentials.Credential
	for _, id := range []string{"ups-only", "posts", "plain"} {
		creds = append(creds, credentials.Credential{Code: id + "-main", Carrier: id, Active: true, Default: true})
	}
	store, err := credentials.NewMemoryStore(creds...)
	if err != nil {
		t.Fatal(err)
	}
	opts = append(opts, tracking.WithCredentials(store), tracking.WithCarrier(cars["ups-only"]), tracking.WithCarrier(cars["posts"]), tracking.WithCarrier(plain))
	c, err := tracking.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, car := range cars {
		car.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	}
	plain.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	return c, cars, plain
}

func TestClientDetectsTheCourier(t *testing.T) {
	c, cars, _ := newCourierClient(t)
	ctx := context.Background()
	// A carrier that needs a courier gets the verified match.
	if _, err := c.Track(ctx, tracking.Request{Carrier: "ups-only", TrackingNumber: "1z 879e 9303 4683 4440"}); err != nil {
		t.Fatal(err)
	}
	// One that does not need one gets the request as it was.
	if _, err := c.Track(ctx, tracking.Request{Carrier: "posts", TrackingNumber: "RB123456785GB"}); err != nil {
		t.Fatal(err)
	}
	// No known format: nothing detected, the carrier reports what it needs.
	if _, err := c.Track(ctx, tracking.Request{Carrier: "ups-only", TrackingNumber: "ORDER-7781"}); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for id, car := range cars {
		for _, call := range car.Calls() {
			got[id] = append(got[id], call.Request.Courier)
		}
	}
	if !slices.Equal(got["ups-only"], []string{"ups", ""}) || !slices.Equal(got["posts"], []string{""}) {
		t.Errorf("couriers the carriers received = %v; want ups-only [ups \"\"], posts [\"\"]", got)
	}
}

func TestClientRefusesACourierTheCarrierDoesNotServe(t *testing.T) {
	c, cars, plain := newCourierClient(t)
	ctx := context.Background()
	_, err := c.Track(ctx, tracking.Request{Carrier: "ups-only", TrackingNumber: "RB123456785GB", Courier: "royal_mail"})
	if !errors.Is(err, tracking.ErrUnsupported) || !strings.Contains(err.Error(), "posts") || strings.Contains(err.Error(), "plain") {
		t.Errorf("err = %v; want ErrUnsupported naming the carrier that serves royal_mail (posts) only", err)
	}
	// Detected, then refused: the number is an S10 of Royal Mail.
	_, err = c.Track(ctx, tracking.Request{Carrier: "ups-only", TrackingNumber: "RB123456785GB"})
	if !errors.Is(err, tracking.ErrUnsupported) || !strings.Contains(err.Error(), "detected") {
		t.Errorf("err = %v; want ErrUnsupported for the detected courier", err)
	}
	// No carrier serves it.
	_, err = c.Track(ctx, tracking.Request{Carrier: "posts", TrackingNumber: "123", Courier: "yodel"})
	if !errors.Is(err, tracking.ErrUnsupported) || !strings.Contains(err.Error(), "no registered carrier") {
		t.Errorf("err = %v; want ErrUnsupported saying no carrier serves yodel", err)
	}
	// A provider's own code and a carrier without a table pass.
	for _, req := range []tracking.Request{
		{Carrier: "ups-only", TrackingNumber: "123", Courier: "UPSN"},
		{Carrier: "plain", TrackingNumber: "123", Courier: "royal_mail"},
	} {
		if _, err := c.Track(ctx, req); err != nil {
			t.Errorf("Track(%+v) = %v", req, err)
		}
	}
	if n := len(cars["ups-only"].Calls()); n != 1 {
		t.Errorf("ups-only got %d calls; the refused requests must not reach it", n)
	}
	if n := len(plain.Calls()); n != 1 {
		t.Errorf("plain got %d calls", n)
	}
}

func TestClientRefusesMistypedNumbers(t *testing.T) {
	c, cars, plain := newCourierClient(t)
	ctx := context.Background()
	for _, car := range []string{"ups-only", "posts", "plain"} {
		_, err := c.Track(ctx, tracking.Request{Carrier: car, TrackingNumber: "1Z879E930346834441"})
		if !errors.Is(err, tracking.ErrInvalidRequest) || !strings.Contains(err.Error(), "ups_1z") {
			t.Errorf("%s: err = %v; want ErrInvalidRequest naming the UPS check", car, err)
		}
	}
	// Bare digits failing FedEx's and Purolator's checks are no evidence.
	if _, err := c.Track(ctx, tracking.Request{Carrier: "posts", TrackingNumber: "123456789013"}); err != nil {
		t.Errorf("12 bare digits refused: %v", err)
	}
	// With a courier the caller vouches for the number.
	if _, err := c.Track(ctx, tracking.Request{Carrier: "posts", TrackingNumber: "1Z879E930346834441", Courier: "ups"}); err != nil {
		t.Errorf("refused with a courier set: %v", err)
	}
	if n := len(cars["ups-only"].Calls()) + len(plain.Calls()); n != 0 {
		t.Errorf("%d calls reached carriers with a mistyped number", n)
	}

	off, _, plainOff := newCourierClient(t, tracking.WithCheckDigitRefusal(false))
	if _, err := off.Track(ctx, tracking.Request{Carrier: "plain", TrackingNumber: "1Z879E930346834441"}); err != nil {
		t.Errorf("WithCheckDigitRefusal(false): %v", err)
	}
	if len(plainOff.Calls()) != 1 {
		t.Error("WithCheckDigitRefusal(false): the number did not reach the carrier")
	}
	// TrackMany applies the same rules per request.
	res := c.TrackMany(ctx, []tracking.Request{
		{Carrier: "plain", TrackingNumber: "1Z879E930346834441"},
		{Carrier: "plain", TrackingNumber: "1Z879E930346834440"},
	})
	if !errors.Is(res[0].Err, tracking.ErrInvalidRequest) || res[1].Err != nil {
		t.Errorf("TrackMany = %v, %v", res[0].Err, res[1].Err)
	}
}
