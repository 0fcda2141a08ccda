package credentials_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// TestResolveDoesNotCopyFields: resolving from a MemoryStore, by default
// or by code, allocates nothing (issue 15: the Fields map was copied on
// every Track).
func TestResolveDoesNotCopyFields(t *testing.T) {
	s, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "main", Carrier: "track123", Active: true, Default: true, Fields: fields("api_secret", secretKey)},
		credentials.Credential{Code: "other", Carrier: "track123", Active: true, Fields: fields("api_secret", secretOther)},
	)
	require.NoError(t, err)
	r := credentials.NewResolver(s)
	r.RequireFields("track123", "api_secret")
	ctx := context.Background()
	for _, code := range []string{"", "other"} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := r.Resolve(ctx, "", "track123", code); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "code %q", code)
	}
}

// TestResolvedFieldsCannotChangeTheStore: a caller that writes to the
// Fields map Resolve lent it (which the contract forbids) changes neither
// the store nor what later lookups return.
func TestResolvedFieldsCannotChangeTheStore(t *testing.T) {
	ctx := context.Background()
	for _, tamper := range []struct {
		name string
		do   func(map[string]credentials.Secret)
	}{
		{"changed", func(m map[string]credentials.Secret) { m["api_key"] = "tampered" }},
		{"added", func(m map[string]credentials.Secret) { m["extra"] = "tampered" }},
		{"deleted", func(m map[string]credentials.Secret) { delete(m, "api_key") }},
		{"deleted and added", func(m map[string]credentials.Secret) { delete(m, "api_key"); m["other"] = secretKey }},
	} {
		for _, code := range []string{"", "main"} {
			t.Run(tamper.name+"/code "+code, func(t *testing.T) {
				s, err := credentials.NewMemoryStore(credentials.Credential{Code: "main", Carrier: "shipengine",
					Active: true, Default: true, Fields: fields("api_key", secretKey)})
				require.NoError(t, err)
				r := credentials.NewResolver(s)
				got, err := r.Resolve(ctx, "", "shipengine", code)
				require.NoError(t, err)
				tamper.do(got.Fields)

				want := fields("api_key", secretKey)
				stored, err := s.Get(ctx, "", "main")
				require.NoError(t, err)
				assert.Equal(t, want, stored.Fields, "Get")
				listed, err := s.List(ctx, "", "shipengine")
				require.NoError(t, err)
				assert.Equal(t, want, listed[0].Fields, "List")
				for _, c := range []string{"", "main"} {
					again, err := r.Resolve(ctx, "", "shipengine", c)
					require.NoError(t, err)
					assert.Equal(t, want, again.Fields, "Resolve(%q) after the change", c)
				}
			})
		}
	}
}

// TestResolveFollowsWrites: what Resolve lends follows Update and Delete.
func TestResolveFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.NewMemoryStore(credentials.Credential{Code: "main", Carrier: "shipengine",
		Active: true, Default: true, Fields: fields("api_key", secretKey)})
	require.NoError(t, err)
	r := credentials.NewResolver(s)

	_, err = s.Update(ctx, credentials.Credential{Code: "main", Carrier: "shipengine", Active: true, Default: true,
		Fields: fields("api_key", secretOther)})
	require.NoError(t, err)
	for _, code := range []string{"", "main"} {
		got, err := r.Resolve(ctx, "", "shipengine", code)
		require.NoError(t, err)
		assert.Equal(t, secretOther, got.Field("api_key").Reveal(), "code %q", code)
	}

	require.NoError(t, s.Delete(ctx, "", "main"))
	_, err = r.Resolve(ctx, "", "shipengine", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	_, err = r.Resolve(ctx, "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrNoDefault)

	var zero credentials.MemoryStore // the zero value lends too
	_, err = zero.Put(ctx, credentials.Credential{Code: "z", Carrier: "shipengine", Active: true, Default: true,
		Fields: fields("api_key", secretKey)})
	require.NoError(t, err)
	got, err := credentials.NewResolver(&zero).Resolve(ctx, "", "shipengine", "")
	require.NoError(t, err)
	assert.Equal(t, secretKey, got.Field("api_key").Reveal())
}
