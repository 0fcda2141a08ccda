package tracking_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// fixedCarrier answers every Track with the same shipment, so that a
// benchmark through it measures the client alone.
type fixedCarrier struct{ s tracking.Shipment }

func (f *fixedCarrier) ID() string                 { return "fixed" }
func (f *fixedCarrier) CredentialFields() []string { return []string{"api_key"} }
func (f *fixedCarrier) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	return &f.s, nil
}

// BenchmarkClientTrack is Client.Track's own cost, credential resolution
// included, by default credential and by code (issue 15: the copy of the
// credential's Fields map on every Track).
func BenchmarkClientTrack(b *testing.B) {
	store, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "main", Carrier: "fixed", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": "k1"}},
		credentials.Credential{Code: "other", Carrier: "fixed", Active: true,
			Fields: map[string]credentials.Secret{"api_key": "k2"}},
	)
	require.NoError(b, err)
	c, err := tracking.NewClient(tracking.WithCarrier(&fixedCarrier{s: tracking.Shipment{Carrier: "fixed"}}),
		tracking.WithCredentials(store), tracking.WithCheckDigitRefusal(false))
	require.NoError(b, err)
	ctx := context.Background()
	for _, bc := range []struct{ name, code string }{{"default", ""}, {"named", "other"}} {
		b.Run(bc.name, func(b *testing.B) {
			req := tracking.Request{TrackingNumber: "9400100000000000000000", Credential: bc.code}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Track(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
