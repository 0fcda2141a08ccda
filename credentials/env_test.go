package credentials_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// declare turns a map of carrier IDs to fields into what LoadEnv takes.
func declare(m map[string][]string) []credentials.CarrierFields {
	var out []credentials.CarrierFields
	for id, f := range m {
		out = append(out, credentials.Declare(id, f...))
	}
	return out
}

// carrierFields is what the Client's carriers declare.
var carrierFields = map[string][]string{
	"shipengine": {"api_key"},
	"track123":   {"api_secret"},
	"auspost":    {"account_number", "api_key", "api_secret"},
	"techtrack":  {"api_key", "api_secret"},
}

func TestEnvVar(t *testing.T) {
	for _, tt := range []struct{ carrier, field, want string }{
		{"shipengine", "api_key", "SHIPENGINE_API_KEY"},
		{"track123", "api_secret", "TRACK123_API_SECRET"},
		{"auspost", "account_number", "AUSPOST_ACCOUNT_NUMBER"},
		{"my-carrier.v2", "api key", "MY_CARRIER_V2_API_KEY"},
		{"Ünï", "x", "_N__X"},
	} {
		assert.Equal(t, tt.want, credentials.EnvVar(tt.carrier, tt.field))
	}
}

func TestLoadEnviron(t *testing.T) {
	ctx := context.Background()
	environ := []string{
		"PATH=/usr/bin",
		"SHIPENGINE_API_KEY=" + secretOther, // replaced below: the last wins
		"SHIPENGINE_API_KEY=" + secretKey,
		"TRACK123_API_SECRET=" + secretOther,
		"AUSPOST_ACCOUNT_NUMBER=" + secretAccount,
		"AUSPOST_API_KEY=" + secretKey,
		"AUSPOST_API_SECRET=" + secretOther + "=with=equals",
		"TECHTRACK_API_KEY=",   // empty counts as unset ...
		"TECHTRACK_API_SECRET", // ... and so does an entry without '='
		"=C:=C:\\odd",
	}
	s, err := credentials.LoadEnviron(environ, declare(carrierFields)...)
	require.NoError(t, err)

	want := map[string]map[string]credentials.Secret{
		"shipengine": fields("api_key", secretKey),
		"track123":   fields("api_secret", secretOther),
		"auspost":    fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther+"=with=equals"),
	}
	r := credentials.NewResolver(s)
	for carrier, f := range want {
		got, err := r.Resolve(ctx, credentials.DefaultOrganization, carrier, "")
		require.NoError(t, err, carrier)
		assert.Equal(t, credentials.Credential{
			Code: "env-" + carrier, Carrier: carrier, Active: true, Default: true, Fields: f,
		}, got)
	}

	list, err := s.List(ctx, "", "techtrack")
	require.NoError(t, err)
	assert.Empty(t, list, "a carrier with no variable set is skipped")

	// The store requires the carriers' fields on later writes.
	_, err = s.Put(ctx, credentials.Credential{Code: "extra", Carrier: "techtrack", Fields: fields("api_key", secretKey)})
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), "api_secret")
	assertErrNoSecret(t, err)
}

func TestLoadEnvironErrors(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		fields  map[string][]string
		wantErr error
		wantMsg []string
	}{
		{name: "one of three missing", environ: []string{"AUSPOST_API_KEY=" + secretKey, "AUSPOST_ACCOUNT_NUMBER=" + secretAccount},
			fields: carrierFields, wantErr: credentials.ErrMissingField,
			wantMsg: []string{"AUSPOST_API_SECRET", `"auspost"`}},
		{name: "blank counts as missing", environ: []string{"TECHTRACK_API_KEY=" + secretKey, "TECHTRACK_API_SECRET=  "},
			fields: carrierFields, wantErr: credentials.ErrMissingField, wantMsg: []string{"TECHTRACK_API_SECRET"}},
		{name: "every incomplete carrier named", environ: []string{"AUSPOST_API_KEY=" + secretKey, "TECHTRACK_API_SECRET=" + secretOther, "SHIPENGINE_API_KEY=" + secretKey},
			fields: carrierFields, wantErr: credentials.ErrMissingField,
			wantMsg: []string{"AUSPOST_ACCOUNT_NUMBER, AUSPOST_API_SECRET", "TECHTRACK_API_KEY"}},
		{name: "carrier ID that makes a bad code", environ: []string{"MY_CARRIER_KEY=" + secretKey},
			fields: map[string][]string{"my carrier": {"key"}}, wantErr: credentials.ErrInvalid, wantMsg: []string{`"env-my carrier"`}},
		{name: "incomplete carrier whose ID makes a bad code: the missing variables are the news", environ: []string{"MY_CARRIER_A=" + secretKey},
			fields: map[string][]string{"my carrier": {"a", "b"}}, wantErr: credentials.ErrMissingField, wantMsg: []string{"MY_CARRIER_B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := credentials.LoadEnviron(tt.environ, declare(tt.fields)...)
			require.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, s)
			for _, m := range tt.wantMsg {
				assert.Contains(t, err.Error(), m)
			}
			assertErrNoSecret(t, err)
		})
	}
}

func TestLoadEnvironNothingSet(t *testing.T) {
	s, err := credentials.LoadEnviron(nil, declare(carrierFields)...)
	require.NoError(t, err)
	_, err = credentials.NewResolver(s).Resolve(context.Background(), "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrNoDefault)

	s, err = credentials.LoadEnviron([]string{"SHIPENGINE_API_KEY=x"})
	require.NoError(t, err)
	list, err := s.List(context.Background(), "", "shipengine")
	require.NoError(t, err)
	assert.Empty(t, list, "only the carriers asked for are read")
}

func TestLoadEnv(t *testing.T) {
	t.Setenv("SHIPENGINE_API_KEY", secretKey)
	t.Setenv("TRACK123_API_SECRET", "")
	s, err := credentials.LoadEnv(credentials.Declare("shipengine", "api_key"), credentials.Declare("track123", "api_secret"))
	require.NoError(t, err)
	got, err := s.Get(context.Background(), "", "env-shipengine")
	require.NoError(t, err)
	assert.Equal(t, secretKey, got.Field("api_key").Reveal())
	_, err = s.Get(context.Background(), "", "env-track123")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)

	t.Setenv("AUSPOST_API_KEY", secretKey)
	_, err = credentials.LoadEnv(credentials.Declare("auspost", "account_number", "api_key"))
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), "AUSPOST_ACCOUNT_NUMBER")
	assertErrNoSecret(t, err)
}

func TestLoadEnvironCarriers(t *testing.T) {
	ctx := context.Background()
	// A carrier given twice reads what both declare.
	s, err := credentials.LoadEnviron([]string{"ACME_A=1", "ACME_B=2"},
		credentials.Declare("acme", "a"), credentials.Declare("acme", "b", "a"))
	require.NoError(t, err)
	got, err := s.Get(ctx, "", "env-acme")
	require.NoError(t, err)
	assert.Equal(t, fields("a", "1", "b", "2"), got.Fields)

	// A carrier that declares no field is skipped, whatever is set.
	s, err = credentials.LoadEnviron([]string{"NOFIELDS_=x"}, credentials.Declare("nofields"))
	require.NoError(t, err)
	assert.Empty(t, s.CarrierIDs())

	_, err = credentials.LoadEnviron(nil, credentials.Declare("acme", "a"), nil)
	require.ErrorIs(t, err, credentials.ErrInvalid)
	assert.ErrorContains(t, err, "carrier 1 is nil")
	_, err = credentials.LoadEnviron(nil, credentials.Declare(" ", "a"))
	require.ErrorIs(t, err, credentials.ErrInvalid)
	assert.ErrorContains(t, err, "empty ID")

	// Declare keeps its own copy of the names.
	names := []string{"a"}
	d := credentials.Declare("acme", names...)
	names[0] = "changed"
	assert.Equal(t, []string{"a"}, d.CredentialFields())
	d.CredentialFields()[0] = "changed"
	assert.Equal(t, []string{"a"}, d.CredentialFields())
	assert.Equal(t, "acme", d.ID())
}
