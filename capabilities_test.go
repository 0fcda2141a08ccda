package tracking_test

import (
	"context"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// fullCarrier records Register, Unregister and List calls with the
// credential code each was given.
type fullCarrier struct {
	calls []string
}

func (f *fullCarrier) ID() string                 { return "full" }
func (f *fullCarrier) CredentialFields() []string { return []string{"api_key"} }
func (f *fullCarrier) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	return &tracking.Shipment{}, nil
}
func (f *fullCarrier) Register(_ context.Context, r tracking.Request, c credentials.Credential) error {
	f.calls = append(f.calls, "register "+r.TrackingNumber+" "+c.Code)
	return nil
}
func (f *fullCarrier) Unregister(_ context.Context, r tracking.Request, c credentials.Credential) error {
	f.calls = append(f.calls, "unregister "+r.TrackingNumber+" "+c.Code)
	return nil
}
func (f *fullCarrier) List(_ context.Context, _ tracking.ListOptions, c credentials.Credential) iter.Seq2[*tracking.Shipment, error] {
	return func(yield func(*tracking.Shipment, error) bool) {
		for _, n := range []string{"A", "B", "C"} {
			f.calls = append(f.calls, "list "+n+" "+c.Code)
			if !yield(&tracking.Shipment{TrackingNumber: n}, nil) {
				return
			}
		}
	}
}

// trackOnly has no optional capability.
type trackOnly struct{}

func (trackOnly) ID() string { return "plain" }
func (trackOnly) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	return &tracking.Shipment{}, nil
}

func TestClientCapabilities(t *testing.T) {
	full := &fullCarrier{}
	noKey := cred("nokey", "full", false)
	noKey.Fields = nil
	c, err := tracking.NewClient(tracking.WithCarrier(full), tracking.WithCarrier(trackOnly{}),
		tracking.WithCredentials(listStore{cred("main", "full", true), noKey, cred("p", "plain", true)}))
	require.NoError(t, err)
	ctx := context.Background()

	require.NoError(t, c.Register(ctx, tracking.Request{Carrier: "full", TrackingNumber: "N1"}))
	require.NoError(t, c.Unregister(ctx, tracking.Request{Carrier: "full", TrackingNumber: "N1"}))
	var listed []string
	for s, err := range c.List(ctx, tracking.Request{Carrier: "full"}, tracking.ListOptions{}) {
		require.NoError(t, err)
		listed = append(listed, s.TrackingNumber)
		if len(listed) == 2 {
			break
		}
	}
	assert.Equal(t, []string{"A", "B"}, listed)
	assert.Equal(t, []string{"register N1 main", "unregister N1 main", "list A main", "list B main"}, full.calls,
		"the default credential is resolved, and breaking stops the listing")

	assert.ErrorIs(t, c.Register(ctx, tracking.Request{Carrier: "full", TrackingNumber: "N2", Credential: "nokey"}),
		credentials.ErrMissingField, "required fields are checked before the carrier is called")
	assert.ErrorIs(t, c.Register(ctx, tracking.Request{Carrier: "full"}), tracking.ErrInvalidRequest)
	assert.ErrorIs(t, c.Register(ctx, tracking.Request{Carrier: "plain", TrackingNumber: "N"}), tracking.ErrUnsupported)
	assert.ErrorIs(t, c.Unregister(ctx, tracking.Request{Carrier: "nope", TrackingNumber: "N"}), tracking.ErrUnknownCarrier)
	for _, err := range c.List(ctx, tracking.Request{Carrier: "plain"}, tracking.ListOptions{}) {
		assert.ErrorIs(t, err, tracking.ErrUnsupported)
	}
	for _, err := range c.List(ctx, tracking.Request{Carrier: "full", Credential: "ghost"}, tracking.ListOptions{}) {
		assert.ErrorIs(t, err, credentials.ErrUnknownCode)
	}
	assert.Len(t, full.calls, 4, "no failed call reached the carrier")
}
