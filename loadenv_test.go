package tracking_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
)

// TestLoadEnvironReadsTheCarriersFields: credentials.LoadEnv takes the
// carriers themselves and reads the fields each declares. (Here rather
// than in package credentials, whose tests stay clear of the carriers.)
func TestLoadEnvironReadsTheCarriersFields(t *testing.T) {
	const key, secret, account = "k-123", "s-456", "ACCT-789"
	ctx := context.Background()
	environ := []string{"SHIPENGINE_API_KEY=" + key, "AUSPOST_ACCOUNT_NUMBER=" + account,
		"AUSPOST_API_KEY=" + key, "AUSPOST_API_SECRET=" + secret}
	s, err := credentials.LoadEnviron(environ, shipengine.New(), auspost.New(), auspost.NewStarTrack(), track123.New())
	require.NoError(t, err)
	se, err := s.Get(ctx, "", "env-shipengine")
	require.NoError(t, err)
	assert.Equal(t, map[string]credentials.Secret{"api_key": key}, se.Fields)
	au, err := s.Get(ctx, "", "env-auspost")
	require.NoError(t, err)
	assert.Equal(t, map[string]credentials.Secret{"account_number": account, "api_key": key, "api_secret": secret}, au.Fields)
	assert.Equal(t, []string{"auspost", "shipengine"}, s.CarrierIDs(), "carriers with nothing set are skipped")

	// The store requires each carrier's fields on later writes.
	_, err = s.Put(ctx, credentials.Credential{Code: "t", Carrier: "track123", Fields: map[string]credentials.Secret{"api_key": key}})
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorContains(t, err, "api_secret")

	_, err = credentials.LoadEnviron([]string{"STARTRACK_API_KEY=" + key}, auspost.NewStarTrack())
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorContains(t, err, "STARTRACK_ACCOUNT_NUMBER, STARTRACK_API_SECRET")
}
