package credentials_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

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
	s, err := credentials.LoadEnviron(environ, carrierFields)
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := credentials.LoadEnviron(tt.environ, tt.fields)
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
	s, err := credentials.LoadEnviron(nil, carrierFields)
	require.NoError(t, err)
	_, err = credentials.NewResolver(s).Resolve(context.Background(), "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrNoDefault)

	s, err = credentials.LoadEnviron([]string{"SHIPENGINE_API_KEY=x"}, nil)
	require.NoError(t, err)
	list, err := s.List(context.Background(), "", "shipengine")
	require.NoError(t, err)
	assert.Empty(t, list, "only the carriers asked for are read")
}

func TestLoadEnv(t *testing.T) {
	t.Setenv("SHIPENGINE_API_KEY", secretKey)
	t.Setenv("TRACK123_API_SECRET", "")
	s, err := credentials.LoadEnv(map[string][]string{"shipengine": {"api_key"}, "track123": {"api_secret"}})
	require.NoError(t, err)
	got, err := s.Get(context.Background(), "", "env-shipengine")
	require.NoError(t, err)
	assert.Equal(t, secretKey, got.Field("api_key").Reveal())
	_, err = s.Get(context.Background(), "", "env-track123")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)

	t.Setenv("AUSPOST_API_KEY", secretKey)
	_, err = credentials.LoadEnv(map[string][]string{"auspost": {"account_number", "api_key"}})
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), "AUSPOST_ACCOUNT_NUMBER")
	assertErrNoSecret(t, err)
}
