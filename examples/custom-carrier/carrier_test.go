package main

import (
	"context"
	"errors"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

func TestAcmeCarrierConformance(t *testing.T) {
	srv := newAcmeServer()
	t.Cleanup(srv.Close)
	trackingtest.TestCarrier(t, newAcmeCarrier(srv.URL), trackingtest.CarrierFixture{
		Credential: credentials.Credential{Code: "acme-main", Carrier: acmeID, Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": acmeAPIKey}},
		Known:   tracking.Request{TrackingNumber: "ACME123", Carrier: acmeID},
		Unknown: tracking.Request{TrackingNumber: "NOPE", Carrier: acmeID},
		Refused: credentials.Credential{Code: "acme-bad", Carrier: acmeID, Active: true,
			Fields: map[string]credentials.Secret{"api_key": "wrong-key-value"}},
	})
}

func TestAcmeStatuses(t *testing.T) {
	for state, want := range acmeStatuses {
		if got := acmeStatus(state); got != want {
			t.Errorf("acmeStatus(%q) = %s, want %s", state, got, want)
		}
	}
	if got := acmeStatus("teleported"); got != tracking.StatusUnknown {
		t.Errorf("an unknown state maps to %s, want unknown", got)
	}
}

func TestRun(t *testing.T) {
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestTrackErrors(t *testing.T) {
	srv := newAcmeServer()
	t.Cleanup(srv.Close)
	c := newAcmeCarrier(srv.URL)
	good := credentials.Credential{Code: "c", Fields: map[string]credentials.Secret{"api_key": acmeAPIKey}}
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "NOPE"}, good)
	if !errors.Is(err, tracking.ErrNotFound) {
		t.Errorf("unknown number: got %v, want ErrNotFound", err)
	}
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: " "}, good)
	if !errors.Is(err, tracking.ErrInvalidRequest) {
		t.Errorf("empty number: got %v, want ErrInvalidRequest", err)
	}
}
