package credentials_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

func seCred(code string) credentials.Credential {
	return credentials.Credential{Code: code, Carrier: "shipengine", Active: true, Fields: fields("api_key", secretKey)}
}

func TestMemoryStoreWrites(t *testing.T) {
	def := func(c credentials.Credential) credentials.Credential { c.Default = true; return c }
	inOrg := func(org string, c credentials.Credential) credentials.Credential { c.Organization = org; return c }
	withCarrier := func(carrier string, c credentials.Credential) credentials.Credential { c.Carrier = carrier; return c }
	withFields := func(f map[string]credentials.Secret, c credentials.Credential) credentials.Credential {
		c.Fields = f
		return c
	}

	tests := []struct {
		name     string
		existing []credentials.Credential
		update   bool // Update instead of Put
		in       credentials.Credential
		wantErr  error
		wantMsg  []string
	}{
		{name: "put/valid", in: seCred("main")},
		{name: "put/every allowed character", in: seCred("Az09-_.:x")},
		{name: "put/code of 64 characters", in: seCred(strings.Repeat("a", 64))},
		{name: "put/code of 65 characters", in: seCred(strings.Repeat("a", 65)), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"65 characters", "at most 64"}},
		{name: "put/empty carrier", in: withCarrier("", seCred("main")), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"carrier is empty", `"main"`}},
		{name: "put/blank carrier", in: withCarrier("  ", seCred("main")), wantErr: credentials.ErrInvalid},
		{name: "put/empty carrier, no code", in: withCarrier("", seCred("")), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"no code yet"}},
		{name: "put/space in code", in: seCred("my code"), wantErr: credentials.ErrInvalid, wantMsg: []string{"' '"}},
		{name: "put/slash in code", in: seCred("a/b"), wantErr: credentials.ErrInvalid, wantMsg: []string{"'/'"}},
		{name: "put/non-ASCII letter in code", in: seCred("café"), wantErr: credentials.ErrInvalid, wantMsg: []string{"'é'"}},
		{name: "put/newline in code", in: seCred("a\nb"), wantErr: credentials.ErrInvalid},
		{name: "put/duplicate code", existing: []credentials.Credential{seCred("main")}, in: seCred("main"),
			wantErr: credentials.ErrDuplicate, wantMsg: []string{`"main"`, "Update"}},
		{name: "put/duplicate code is invalid too", existing: []credentials.Credential{seCred("main")}, in: seCred("main"),
			wantErr: credentials.ErrInvalid},
		{name: "put/duplicate code, other carrier", existing: []credentials.Credential{seCred("main")},
			in: withCarrier("track123", seCred("main")), wantErr: credentials.ErrDuplicate},
		{name: "put/same code, other organization", existing: []credentials.Credential{seCred("main")},
			in: inOrg("acme", seCred("main"))},
		{name: "put/second default", existing: []credentials.Credential{def(seCred("main"))}, in: def(seCred("other")),
			wantErr: credentials.ErrAmbiguousDefault, wantMsg: []string{`"main"`, `"other"`, `"shipengine"`}},
		{name: "put/second default beside an inactive default",
			existing: []credentials.Credential{func() credentials.Credential { c := def(seCred("off")); c.Active = false; return c }()},
			in:       def(seCred("other")), wantErr: credentials.ErrAmbiguousDefault},
		{name: "put/second default without code", existing: []credentials.Credential{def(seCred("main"))}, in: def(seCred("")),
			wantErr: credentials.ErrAmbiguousDefault},
		{name: "put/default in other organization", existing: []credentials.Credential{def(seCred("main"))},
			in: inOrg("acme", def(seCred("other")))},
		{name: "put/default for other carrier", existing: []credentials.Credential{def(seCred("main"))},
			in: withCarrier("track123", def(seCred("other")))},
		{name: "put/required field missing", in: withFields(fields("api_kee", secretKey), seCred("main")),
			wantErr: credentials.ErrMissingField, wantMsg: []string{"api_key"}},
		{name: "put/required field blank", in: withFields(fields("api_key", " \t"), seCred("main")),
			wantErr: credentials.ErrMissingField, wantMsg: []string{"api_key"}},
		{name: "put/no fields at all", in: withFields(nil, seCred("main")),
			wantErr: credentials.ErrMissingField, wantMsg: []string{"api_key"}},
		{name: "put/several required fields missing", in: withFields(fields("api_key", secretKey), withCarrier("auspost", seCred("main"))),
			wantErr: credentials.ErrMissingField, wantMsg: []string{"account_number, api_secret"}},
		{name: "put/carrier without required fields", in: withFields(nil, withCarrier("other", seCred("main")))},

		{name: "update/valid", existing: []credentials.Credential{seCred("main")},
			update: true, in: withFields(fields("api_key", secretOther), seCred("main"))},
		{name: "update/default stays default", existing: []credentials.Credential{def(seCred("main"))},
			update: true, in: def(seCred("main"))},
		{name: "update/deactivate", existing: []credentials.Credential{def(seCred("main"))},
			update: true, in: func() credentials.Credential { c := def(seCred("main")); c.Active = false; return c }()},
		{name: "update/not found", update: true, in: seCred("main"), wantErr: credentials.ErrUnknownCode,
			wantMsg: []string{`"main"`, "Put"}},
		{name: "update/not found in that organization", existing: []credentials.Credential{seCred("main")},
			update: true, in: inOrg("acme", seCred("main")), wantErr: credentials.ErrUnknownCode},
		{name: "update/empty code", update: true, in: seCred(""), wantErr: credentials.ErrInvalid},
		{name: "update/bad code", update: true, in: seCred("a b"), wantErr: credentials.ErrInvalid},
		{name: "update/carrier change", existing: []credentials.Credential{seCred("main")},
			update: true, in: withCarrier("track123", seCred("main")), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"shipengine"`, "cannot change carrier"}},
		{name: "update/carrier emptied", existing: []credentials.Credential{seCred("main")},
			update: true, in: withCarrier("", seCred("main")), wantErr: credentials.ErrInvalid},
		{name: "update/second default", existing: []credentials.Credential{def(seCred("main")), seCred("other")},
			update: true, in: def(seCred("other")), wantErr: credentials.ErrAmbiguousDefault},
		{name: "update/required field removed", existing: []credentials.Credential{seCred("main")},
			update: true, in: withFields(nil, seCred("main")), wantErr: credentials.ErrMissingField, wantMsg: []string{"api_key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := credentials.NewMemoryStore(tt.existing...)
			require.NoError(t, err)
			s.RequireFields("shipengine", "api_key")
			s.RequireFields("auspost", "account_number", "api_key", "api_secret")

			var got credentials.Credential
			if tt.update {
				got, err = s.Update(ctx, tt.in)
			} else {
				got, err = s.Put(ctx, tt.in)
			}
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Zero(t, got)
				for _, m := range tt.wantMsg {
					assert.Contains(t, err.Error(), m)
				}
				assertErrNoSecret(t, err)
				// A refused write changes nothing.
				list, err := s.List(ctx, tt.in.Organization, tt.in.Carrier)
				require.NoError(t, err)
				for _, c := range list {
					assert.Contains(t, tt.existing, c)
				}
				return
			}
			require.NoError(t, err)
			if tt.in.Code != "" {
				assert.Equal(t, tt.in.Code, got.Code)
			}
			stored, err := s.Get(ctx, tt.in.Organization, got.Code)
			require.NoError(t, err)
			assert.Equal(t, got, stored)
			want := tt.in
			want.Code = got.Code
			assert.Equal(t, want, stored)
		})
	}
}

func TestNewMemoryStoreRefuses(t *testing.T) {
	_, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "a", Carrier: "shipengine", Default: true, Fields: fields("api_key", secretKey)},
		credentials.Credential{Code: "b", Carrier: "shipengine", Default: true, Fields: fields("api_key", secretOther)},
	)
	require.ErrorIs(t, err, credentials.ErrAmbiguousDefault)
	assert.Contains(t, err.Error(), "creds[1]")
	assertErrNoSecret(t, err)

	_, err = credentials.NewMemoryStore(seCred("a"), seCred("a"))
	require.ErrorIs(t, err, credentials.ErrDuplicate)
	assertErrNoSecret(t, err)
}

var generatedCode = regexp.MustCompile(`^cred_[0-9a-f]{16}$`)

func TestMemoryStoreGeneratesCodes(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.NewMemoryStore(seCred(""))
	require.NoError(t, err)
	list, err := s.List(ctx, "", "shipengine")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Regexp(t, generatedCode, list[0].Code)

	seen := map[string]bool{list[0].Code: true}
	for range 50 {
		c, err := s.Put(ctx, seCred(""))
		require.NoError(t, err)
		assert.Regexp(t, generatedCode, c.Code)
		assert.False(t, seen[c.Code], "code %s generated twice", c.Code)
		seen[c.Code] = true

		got, err := s.Get(ctx, "", c.Code)
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
}

func TestMemoryStoreCodesAreImmutable(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.NewMemoryStore()
	require.NoError(t, err)
	c, err := s.Put(ctx, seCred(""))
	require.NoError(t, err)

	// Update keeps the code and carrier and replaces the rest.
	c.Fields = fields("api_key", secretOther)
	c.Default = true
	_, err = s.Update(ctx, c)
	require.NoError(t, err)

	moved := c
	moved.Carrier = "track123"
	_, err = s.Update(ctx, moved)
	require.ErrorIs(t, err, credentials.ErrInvalid)

	got, err := s.Get(ctx, "", c.Code)
	require.NoError(t, err)
	assert.Equal(t, "shipengine", got.Carrier)
	assert.True(t, got.Default)
	assert.Equal(t, secretOther, got.Field("api_key").Reveal())

	// Put cannot reuse the code either.
	_, err = s.Put(ctx, c)
	require.ErrorIs(t, err, credentials.ErrDuplicate)
}

func TestMemoryStoreKeepsItsOwnCopies(t *testing.T) {
	ctx := context.Background()
	in := seCred("main")
	s, err := credentials.NewMemoryStore(in)
	require.NoError(t, err)
	in.Fields["api_key"] = "changed by caller"

	put, err := s.Put(ctx, seCred("second"))
	require.NoError(t, err)
	put.Fields["api_key"] = "changed by caller"

	got, err := s.Get(ctx, "", "main")
	require.NoError(t, err)
	got.Fields["api_key"] = "changed by caller"

	list, err := s.List(ctx, "", "shipengine")
	require.NoError(t, err)
	for _, c := range list {
		c.Fields["api_key"] = "changed by caller"
		c.Fields["extra"] = "added by caller"
	}
	list[0].Code = "renamed"

	list, err = s.List(ctx, "", "shipengine")
	require.NoError(t, err)
	require.Len(t, list, 2)
	for _, c := range list {
		assert.Equal(t, fields("api_key", secretKey), c.Fields, c.Code)
	}
}

func TestMemoryStoreListAndDelete(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.NewMemoryStore(
		seCred("c"), seCred("a"), seCred("b"),
		credentials.Credential{Code: "t", Carrier: "track123"},
		credentials.Credential{Code: "a", Carrier: "shipengine", Organization: "acme"},
	)
	require.NoError(t, err)

	codes := func(org, carrier string) []string {
		list, err := s.List(ctx, org, carrier)
		require.NoError(t, err)
		var out []string
		for _, c := range list {
			assert.Equal(t, org, c.Organization)
			assert.Equal(t, carrier, c.Carrier)
			out = append(out, c.Code)
		}
		return out
	}
	assert.Equal(t, []string{"a", "b", "c"}, codes("", "shipengine"))
	assert.Equal(t, []string{"t"}, codes("", "track123"))
	assert.Equal(t, []string{"a"}, codes("acme", "shipengine"))
	assert.Empty(t, codes("acme", "track123"))
	assert.Empty(t, codes("nobody", "shipengine"))

	require.NoError(t, s.Delete(ctx, "", "b"))
	assert.Equal(t, []string{"a", "c"}, codes("", "shipengine"))
	_, err = s.Get(ctx, "", "b")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	assert.Contains(t, err.Error(), `"b"`)

	err = s.Delete(ctx, "", "b")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	err = s.Delete(ctx, "", "t")
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, codes("acme", "shipengine"), "deleting in one organization leaves the others")

	// A deleted code may be used again.
	_, err = s.Put(ctx, seCred("b"))
	require.NoError(t, err)
}

func TestMemoryStoreRequireFieldsAppliesToLaterWrites(t *testing.T) {
	ctx := context.Background()
	incomplete := credentials.Credential{Code: "ts", Carrier: "trackship", Active: true, Default: true, Fields: fields("api_key", secretKey)}
	s, err := credentials.NewMemoryStore(incomplete)
	require.NoError(t, err)
	s.RequireFields("trackship", "api_key", "app_name")

	// Stored before: still there, and the Resolver refuses it.
	_, err = s.Get(ctx, "", "ts")
	require.NoError(t, err)
	r := credentials.NewResolver(s)
	r.RequireFields("trackship", "api_key", "app_name")
	_, err = r.Resolve(ctx, "", "trackship", "")
	require.ErrorIs(t, err, credentials.ErrMissingField)

	// Written after: refused.
	_, err = s.Update(ctx, incomplete)
	require.ErrorIs(t, err, credentials.ErrMissingField)
	other := incomplete
	other.Code, other.Default = "ts2", false
	_, err = s.Put(ctx, other)
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), "app_name")
	assertErrNoSecret(t, err)

	// A later call replaces the list; no fields clears it.
	s.RequireFields("trackship", "api_key")
	_, err = s.Put(ctx, other)
	require.NoError(t, err)
	s.RequireFields("trackship")
	other.Code, other.Fields = "ts3", nil
	_, err = s.Put(ctx, other)
	require.NoError(t, err)
}

func TestMemoryStoreZeroValue(t *testing.T) {
	ctx := context.Background()
	var s credentials.MemoryStore
	_, err := s.Get(ctx, "", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	list, err := s.List(ctx, "", "shipengine")
	require.NoError(t, err)
	assert.Empty(t, list)
	require.ErrorIs(t, s.Delete(ctx, "", "main"), credentials.ErrUnknownCode)
	s.RequireFields("shipengine", "api_key")
	_, err = s.Put(ctx, seCred("main"))
	require.NoError(t, err)
	_, err = s.Update(ctx, seCred("main"))
	require.NoError(t, err)
}

func TestMemoryStoreHonoursContext(t *testing.T) {
	s, err := credentials.NewMemoryStore(seCred("main"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err = s.Get(ctx, "", "main")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = s.List(ctx, "", "shipengine")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = s.Put(ctx, seCred("other"))
	assert.ErrorIs(t, err, context.Canceled)
	_, err = s.Update(ctx, seCred("main"))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.Delete(ctx, "", "main"), context.Canceled)

	_, err = s.Get(context.Background(), "", "other")
	assert.ErrorIs(t, err, credentials.ErrUnknownCode, "a cancelled Put stores nothing")
}

// TestMemoryStoreConcurrent is meant for -race: writers, readers and
// RequireFields on one store at once.
func TestMemoryStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "shared", Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey),
	})
	require.NoError(t, err)
	r := credentials.NewResolver(s)

	const workers, rounds = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			org := fmt.Sprintf("org-%d", w%2)
			for i := range rounds {
				c, err := s.Put(ctx, credentials.Credential{
					Code: fmt.Sprintf("w%d-%d", w, i), Carrier: "shipengine", Organization: org, Fields: fields("api_key", secretKey),
				})
				if err != nil {
					errs <- err
					continue
				}
				c.Active = true
				if _, err := s.Update(ctx, c); err != nil {
					errs <- err
				}
				if _, err := s.Get(ctx, org, c.Code); err != nil {
					errs <- err
				}
				list, err := s.List(ctx, org, "shipengine")
				if err != nil {
					errs <- err
				}
				for _, l := range list {
					l.Fields["api_key"] = "mutated" // copies: must not race with the store
				}
				if _, err := r.Resolve(ctx, "", "shipengine", ""); err != nil {
					errs <- err
				}
				if i%10 == 0 {
					r.RequireFields("shipengine", "api_key")
				}
				if i%2 == 0 {
					if err := s.Delete(ctx, org, c.Code); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for org := range 2 {
		list, err := s.List(ctx, fmt.Sprintf("org-%d", org), "shipengine")
		require.NoError(t, err)
		assert.Len(t, list, workers/2*rounds/2)
		for _, c := range list {
			assert.Equal(t, secretKey, c.Field("api_key").Reveal())
			assert.True(t, c.Active)
		}
	}
}

// TestErrorsShortenLongNames: a name in an error message is kept whole up
// to 128 bytes and cut, marked "...", beyond.
func TestErrorsShortenLongNames(t *testing.T) {
	for _, n := range []int{127, 128, 129, 5000} {
		carrier := strings.Repeat("c", n)
		_, err := credentials.NewMemoryStore(credentials.Credential{Code: "bad code", Carrier: carrier})
		require.ErrorIs(t, err, credentials.ErrInvalid)
		shown := min(n, 128)
		want := `carrier "` + strings.Repeat("c", shown) + `"`
		if n > 128 {
			want += "..."
		} else {
			want += " in"
		}
		assert.Contains(t, err.Error(), want, "%d bytes", n)
		assert.NotContains(t, err.Error(), strings.Repeat("c", shown+1), "%d bytes", n)
	}
}
