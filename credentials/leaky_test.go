package credentials_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// leakyStore ignores the organization and the carrier asked for: it hands
// every credential it holds to Get (by code) and List. The resolver must
// not let such a store leak one tenant's credentials, or their codes, to
// another.
type leakyStore []credentials.Credential

func (s leakyStore) Get(_ context.Context, _, code string) (credentials.Credential, error) {
	for _, c := range s {
		if c.Code == code {
			return c, nil
		}
	}
	return credentials.Credential{}, credentials.ErrUnknownCode
}

func (s leakyStore) List(context.Context, string, string) ([]credentials.Credential, error) {
	return append([]credentials.Credential(nil), s...), nil
}

// TestResolverFiltersALeakyStore: foreign credentials come first in the
// list, so a filter that stopped at the first one, or let one through,
// shows in the resolved credential or in the error message.
func TestResolverFiltersALeakyStore(t *testing.T) {
	foreign := []credentials.Credential{
		{Code: "other-org-default", Carrier: "shipengine", Organization: "globex", Active: true, Default: true, Fields: fields("api_key", secretOther)},
		{Code: "other-org-spare", Carrier: "shipengine", Organization: "globex", Active: true, Fields: fields("api_key", secretOther)},
		{Code: "other-carrier-default", Carrier: "track123", Organization: "acme", Active: true, Default: true, Fields: fields("api_secret", secretOther)},
		{Code: "other-carrier-off", Carrier: "track123", Organization: "acme", Active: false, Fields: fields("api_secret", secretOther)},
	}
	ctx := context.Background()

	t.Run("no default of its own: the message lists only its own codes", func(t *testing.T) {
		own := credentials.Credential{Code: "acme-spare", Carrier: "shipengine", Organization: "acme", Active: true, Fields: fields("api_key", secretKey)}
		r := newTestResolver(leakyStore(append(append([]credentials.Credential(nil), foreign...), own)))
		_, err := r.Resolve(ctx, "acme", "shipengine", "")
		require.ErrorIs(t, err, credentials.ErrNoDefault)
		assert.Contains(t, err.Error(), "acme-spare")
		for _, c := range foreign {
			assert.NotContains(t, err.Error(), c.Code)
		}
	})

	t.Run("only inactive ones of its own", func(t *testing.T) {
		own := credentials.Credential{Code: "acme-off", Carrier: "shipengine", Organization: "acme", Active: false, Fields: fields("api_key", secretKey)}
		r := newTestResolver(leakyStore(append(append([]credentials.Credential(nil), foreign...), own)))
		_, err := r.Resolve(ctx, "acme", "shipengine", "")
		require.ErrorIs(t, err, credentials.ErrNoDefault)
		assert.Contains(t, err.Error(), "inactive: acme-off")
		for _, c := range foreign {
			assert.NotContains(t, err.Error(), c.Code)
		}
	})

	t.Run("none of its own", func(t *testing.T) {
		r := newTestResolver(leakyStore(foreign))
		_, err := r.Resolve(ctx, "acme", "shipengine", "")
		require.ErrorIs(t, err, credentials.ErrNoDefault)
		assert.Contains(t, err.Error(), "add one")
		for _, c := range foreign {
			assert.NotContains(t, err.Error(), c.Code)
		}
	})

	t.Run("its own default, whatever the others'", func(t *testing.T) {
		twice := append(append([]credentials.Credential(nil), foreign...), foreign[0])
		twice[len(twice)-1].Code = "other-org-default-2"
		own := credentials.Credential{Code: "acme-main", Carrier: "shipengine", Organization: "acme", Active: true, Default: true, Fields: fields("api_key", secretKey)}
		r := newTestResolver(leakyStore(append(twice, own)))
		got, err := r.Resolve(ctx, "acme", "shipengine", "")
		require.NoError(t, err)
		assert.Equal(t, "acme-main", got.Code)
	})

	t.Run("a named code of another organization is not found", func(t *testing.T) {
		r := newTestResolver(leakyStore(foreign))
		_, err := r.Resolve(ctx, "acme", "shipengine", "other-org-spare")
		require.ErrorIs(t, err, credentials.ErrUnknownCode)
		assert.False(t, errors.Is(err, credentials.ErrCarrierMismatch))
	})
}
