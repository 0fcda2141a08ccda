package credentials_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// resolverCreds holds one state per resolver rule. sliceStore keeps it as
// given, two techtrack defaults included.
var resolverCreds = []credentials.Credential{
	{Code: "se-main", Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey)},
	{Code: "se-old", Carrier: "shipengine", Active: false, Fields: fields("api_key", secretOther)},
	{Code: "t123-b", Carrier: "track123", Active: true, Fields: fields("api_secret", secretOther)},
	{Code: "t123-a", Carrier: "track123", Active: true, Fields: fields("api_secret", secretKey)},
	{Code: "t123-off", Carrier: "track123", Active: false, Fields: fields("api_secret", secretKey)},
	{Code: "tt-off", Carrier: "tracktry", Active: false, Default: true, Fields: fields("api_key", secretKey)},
	{Code: "tech-1", Carrier: "techtrack", Active: true, Default: true, Fields: fields("api_key", secretKey, "api_secret", secretOther)},
	{Code: "tech-2", Carrier: "techtrack", Active: true, Default: true, Fields: fields("api_key", secretKey, "api_secret", secretOther)},
	{Code: "ts-main", Carrier: "trackship", Active: true, Default: true, Fields: fields("api_key", secretKey, "app_name", "  ")},
	{Code: "aus-off", Carrier: "auspost", Active: false, Fields: fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther)},
	{Code: "acme-se", Carrier: "shipengine", Organization: "acme", Active: true, Default: true, Fields: fields("api_key", secretOther)},
}

func newTestResolver(s credentials.Store) *credentials.Resolver {
	r := credentials.NewResolver(s)
	r.RequireFields("shipengine", "api_key")
	r.RequireFields("track123", "api_secret")
	r.RequireFields("trackship", "api_key", "app_name")
	r.RequireFields("techtrack", "api_key", "api_secret")
	return r
}

func TestResolverRules(t *testing.T) {
	storeErr := errors.New("database unreachable")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	plain := sliceStore{creds: resolverCreds}
	leaky := sliceStore{creds: resolverCreds, ignoreOrg: true}
	tests := []struct {
		name    string
		store   credentials.Store // plain when nil
		ctx     context.Context   // background when nil
		org     string
		carrier string
		code    string

		want    string   // code of the resolved credential
		wantErr error    // matched with errors.Is
		wantMsg []string // substrings of the error message
	}{
		// A request naming a code.
		{name: "named/found", carrier: "shipengine", code: "se-main", want: "se-main"},
		{name: "named/found non-default", carrier: "track123", code: "t123-b", want: "t123-b"},
		{name: "named/found in other organization", org: "acme", carrier: "shipengine", code: "acme-se", want: "acme-se"},
		{name: "named/not found", carrier: "shipengine", code: "nope", wantErr: credentials.ErrUnknownCode},
		{name: "named/other carrier", carrier: "track123", code: "se-main", wantErr: credentials.ErrCarrierMismatch,
			wantMsg: []string{`"se-main"`, `"shipengine"`, `"track123"`}},
		{name: "named/other organization", org: "acme", carrier: "shipengine", code: "se-main", wantErr: credentials.ErrUnknownCode},
		{name: "named/other organization from a store ignoring organizations", store: leaky,
			org: "acme", carrier: "shipengine", code: "se-main", wantErr: credentials.ErrUnknownCode,
			wantMsg: []string{`"se-main"`, `"acme"`}},
		{name: "named/inactive", carrier: "shipengine", code: "se-old", wantErr: credentials.ErrInactive,
			wantMsg: []string{`"se-old"`}},
		{name: "named/inactive default", carrier: "tracktry", code: "tt-off", wantErr: credentials.ErrInactive},

		// A request naming no code.
		{name: "default/active", carrier: "shipengine", want: "se-main"},
		{name: "default/per organization", org: "acme", carrier: "shipengine", want: "acme-se"},
		{name: "default/store ignoring organizations", store: leaky, org: "acme", carrier: "shipengine", want: "acme-se"},
		{name: "default/none, codes listed", carrier: "track123", wantErr: credentials.ErrNoDefault,
			wantMsg: []string{"t123-a, t123-b", `"track123"`}},
		{name: "default/no credential at all", carrier: "startrack", wantErr: credentials.ErrNoDefault,
			wantMsg: []string{`"startrack"`, "add one"}},
		{name: "default/no credential in organization", org: "acme", carrier: "track123", wantErr: credentials.ErrNoDefault,
			wantMsg: []string{`"acme"`}},
		{name: "default/only inactive credentials", carrier: "auspost", wantErr: credentials.ErrNoDefault,
			wantMsg: []string{"aus-off", "activate"}},
		{name: "default/inactive", carrier: "tracktry", wantErr: credentials.ErrInactive,
			wantMsg: []string{`"tt-off"`}},
		{name: "default/two defaults", carrier: "techtrack", wantErr: credentials.ErrAmbiguousDefault,
			wantMsg: []string{"2 default"}},

		// Required fields.
		{name: "fields/missing on default", carrier: "trackship", wantErr: credentials.ErrMissingField,
			wantMsg: []string{"app_name", `"ts-main"`}},
		{name: "fields/missing on named", carrier: "trackship", code: "ts-main", wantErr: credentials.ErrMissingField,
			wantMsg: []string{"app_name"}},

		// The store and the context.
		{name: "store error/named", store: errStore{storeErr}, carrier: "shipengine", code: "se-main", wantErr: storeErr},
		{name: "store error/default", store: errStore{storeErr}, carrier: "shipengine", wantErr: storeErr},
		{name: "cancelled context/named", ctx: cancelled, carrier: "shipengine", code: "se-main", wantErr: context.Canceled},
		{name: "cancelled context/default", ctx: cancelled, carrier: "shipengine", wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := tt.store
			if store == nil {
				store = plain
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			got, err := newTestResolver(store).Resolve(ctx, tt.org, tt.carrier, tt.code)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Zero(t, got)
				for _, m := range tt.wantMsg {
					assert.Contains(t, err.Error(), m)
				}
				assertErrNoSecret(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Code)
			assert.Equal(t, tt.carrier, got.Carrier)
			assert.Equal(t, tt.org, got.Organization)
			assert.True(t, got.Active)
		})
	}
}

func TestResolverWithoutStore(t *testing.T) {
	var nilResolver *credentials.Resolver
	_, err := nilResolver.Resolve(context.Background(), "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)

	_, err = credentials.NewResolver(nil).Resolve(context.Background(), "", "shipengine", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
}

func TestResolverWithoutRequiredFields(t *testing.T) {
	// Without RequireFields the resolver does not judge the fields.
	r := credentials.NewResolver(sliceStore{creds: resolverCreds})
	got, err := r.Resolve(context.Background(), "", "trackship", "")
	require.NoError(t, err)
	assert.Equal(t, "ts-main", got.Code)
}

func TestResolverRequireFieldsReachesFieldChecker(t *testing.T) {
	s, err := credentials.NewMemoryStore()
	require.NoError(t, err)
	r := credentials.NewResolver(s)
	r.RequireFields("trackship", "api_key", "app_name")

	_, err = s.Put(context.Background(), credentials.Credential{
		Code: "ts", Carrier: "trackship", Active: true, Fields: fields("api_key", secretKey),
	})
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), "app_name")
	assertErrNoSecret(t, err)
}

func TestResolverReturnsCopies(t *testing.T) {
	s, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "main", Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey),
	})
	require.NoError(t, err)
	r := credentials.NewResolver(s)
	got, err := r.Resolve(context.Background(), "", "shipengine", "")
	require.NoError(t, err)
	got.Fields["api_key"] = "changed"

	again, err := r.Resolve(context.Background(), "", "shipengine", "main")
	require.NoError(t, err)
	assert.Equal(t, secretKey, again.Field("api_key").Reveal())
}

// TestResolverNamesAStoreFailure: a store's own failure is wrapped with
// what was looked up; its ErrUnknownCode and context errors are not, so
// that their messages stay as the store wrote them.
func TestResolverNamesAStoreFailure(t *testing.T) {
	ctx := context.Background()
	down := errors.New("database unreachable")
	for _, code := range []string{"", "main"} {
		_, err := newTestResolver(errStore{down}).Resolve(ctx, "acme", "shipengine", code)
		require.ErrorIs(t, err, down)
		what := "the credentials"
		if code != "" {
			what = `credential "main"`
		}
		assert.EqualError(t, err, `credentials: the store failed to look up `+what+
			` for carrier "shipengine" in organization "acme"; retry, or check the store: database unreachable`)

		for _, own := range []error{context.Canceled, context.DeadlineExceeded, credentials.ErrUnknownCode} {
			_, err := newTestResolver(errStore{own}).Resolve(ctx, "acme", "shipengine", code)
			assert.Equal(t, own, err, "code %q: returned as the store wrote it", code)
		}
	}
}
