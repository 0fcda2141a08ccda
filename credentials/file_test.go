package credentials_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

func TestLoadFile(t *testing.T) {
	ctx := context.Background()
	s, err := credentials.LoadFile(filepath.Join("testdata", "credentials.json"))
	require.NoError(t, err)

	main, err := s.Get(ctx, "", "main")
	require.NoError(t, err)
	assert.Equal(t, credentials.Credential{
		Code: "main", Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey),
	}, main)

	backup, err := s.Get(ctx, "", "backup")
	require.NoError(t, err)
	assert.True(t, backup.Active, "active defaults to true")
	assert.False(t, backup.Default, "default defaults to false")

	old, err := s.Get(ctx, "", "old")
	require.NoError(t, err)
	assert.False(t, old.Active)

	au, err := s.Get(ctx, "acme", "au-1")
	require.NoError(t, err)
	assert.Equal(t, fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther), au.Fields)
	_, err = s.Get(ctx, "", "au-1")
	require.ErrorIs(t, err, credentials.ErrUnknownCode, "organizations are kept apart")

	t123, err := s.List(ctx, "", "track123")
	require.NoError(t, err)
	require.Len(t, t123, 1)
	assert.Regexp(t, generatedCode, t123[0].Code, "an entry without code gets one")

	r := credentials.NewResolver(s)
	got, err := r.Resolve(ctx, "", "shipengine", "")
	require.NoError(t, err)
	assert.Equal(t, "main", got.Code)
	got, err = r.Resolve(ctx, "acme", "auspost", "")
	require.NoError(t, err)
	assert.Equal(t, "au-1", got.Code)
}

func TestLoadFileBareList(t *testing.T) {
	s, err := credentials.LoadFile(filepath.Join("testdata", "array.json"))
	require.NoError(t, err)
	got, err := credentials.NewResolver(s).Resolve(context.Background(), "", "track123", "")
	require.NoError(t, err)
	assert.Equal(t, "main", got.Code)
	assert.Equal(t, secretOther, got.Field("api_secret").Reveal())
}

func TestLoadFileErrors(t *testing.T) {
	_, err := credentials.LoadFile(filepath.Join("testdata", "absent.json"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "absent.json")

	_, err = credentials.LoadFile(filepath.Join("testdata", "misspelt.json"))
	require.ErrorIs(t, err, credentials.ErrInvalid)
	assert.Contains(t, err.Error(), "misspelt.json")
	assert.Contains(t, err.Error(), "entry 1")
	assert.Contains(t, err.Error(), `"defualt"`)
	assertErrNoSecret(t, err)

	_, err = credentials.LoadFile(filepath.Join("testdata", "two_defaults.json"))
	require.ErrorIs(t, err, credentials.ErrAmbiguousDefault)
	assert.Contains(t, err.Error(), "entry 1")
	assertErrNoSecret(t, err)

	_, err = credentials.LoadFile("testdata")
	require.Error(t, err, "a directory is not a file")
}

func TestLoadJSON(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		in    string
		org   string
		check map[string][]string // carrier -> codes listed in org
	}{
		{name: "object", in: `{"credentials":[{"code":"main","carrier":"shipengine","organization":"","active":true,"default":true,"fields":{"api_key":"` + secretKey + `"}}]}`,
			check: map[string][]string{"shipengine": {"main"}}},
		{name: "bare list", in: `[{"code":"main","carrier":"shipengine","fields":{"api_key":"` + secretKey + `"}}]`,
			check: map[string][]string{"shipengine": {"main"}}},
		{name: "surrounding space", in: " \n\t[{\"code\":\"main\",\"carrier\":\"shipengine\"}]\n ",
			check: map[string][]string{"shipengine": {"main"}}},
		{name: "empty list", in: `{"credentials":[]}`, check: map[string][]string{"shipengine": nil}},
		{name: "empty bare list", in: `[]`, check: map[string][]string{"shipengine": nil}},
		{name: "organization", in: `[{"code":"x","carrier":"track123","organization":"acme"}]`, org: "acme",
			check: map[string][]string{"track123": {"x"}}},
		{name: "nulls are absent", in: `[{"code":"x","carrier":"track123","organization":null,"active":null,"default":null,"fields":null}]`,
			check: map[string][]string{"track123": {"x"}}},
		{name: "sorted by code", in: `[{"code":"b","carrier":"c"},{"code":"a","carrier":"c"},{"code":"c","carrier":"c"}]`,
			check: map[string][]string{"c": {"a", "b", "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := credentials.LoadJSON(strings.NewReader(tt.in))
			require.NoError(t, err)
			for carrier, want := range tt.check {
				list, err := s.List(ctx, tt.org, carrier)
				require.NoError(t, err)
				var codes []string
				for _, c := range list {
					codes = append(codes, c.Code)
					assert.True(t, c.Active, "active unless the entry says otherwise")
				}
				assert.Equal(t, want, codes)
			}
		})
	}
}

func TestLoadJSONErrors(t *testing.T) {
	entry := func(s string) string { return `{"credentials":[` + s + `]}` }
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantMsg []string
	}{
		{name: "empty", in: "", wantErr: credentials.ErrInvalid, wantMsg: []string{"empty"}},
		{name: "blank", in: " \n", wantErr: credentials.ErrInvalid, wantMsg: []string{"empty"}},
		{name: "null", in: "null", wantErr: credentials.ErrInvalid},
		{name: "string", in: `"` + secretKey + `"`, wantErr: credentials.ErrInvalid},
		{name: "number", in: "12", wantErr: credentials.ErrInvalid},
		{name: "HTML", in: "<html>proxy error</html>", wantErr: credentials.ErrInvalid},
		{name: "object without credentials", in: `{}`, wantErr: credentials.ErrInvalid, wantMsg: []string{`no "credentials" key`}},
		{name: "credentials null", in: `{"credentials":null}`, wantErr: credentials.ErrInvalid, wantMsg: []string{"list"}},
		{name: "credentials object", in: `{"credentials":{"code":"x"}}`, wantErr: credentials.ErrInvalid, wantMsg: []string{"list"}},
		{name: "unknown top-level key", in: `{"credentials":[],"version":2}`, wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"version"`}},
		{name: "top-level key in wrong case", in: `{"Credentials":[]}`, wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"Credentials"`}},
		{name: "unknown entry key", in: entry(`{"code":"x","carrier":"c","defualt":true}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"entry 0", `"defualt"`}},
		{name: "entry key in wrong case", in: entry(`{"Code":"x","carrier":"c"}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"Code"`}},
		{name: "unknown keys listed sorted", in: entry(`{"carrier":"c","zz":1,"aa":2}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"aa", "zz"`}},
		{name: "secret at the entry level", in: entry(`{"carrier":"c","api_key":"` + secretKey + `"}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"api_key"`}},
		{name: "entry is a string", in: entry(`"` + secretKey + `"`), wantErr: credentials.ErrInvalid, wantMsg: []string{"entry 0", "JSON object"}},
		{name: "entry is null", in: entry(`null`), wantErr: credentials.ErrInvalid, wantMsg: []string{"entry 0", "must be a JSON object"}},
		{name: "code is a number", in: entry(`{"code":12,"carrier":"c"}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"code" must be a JSON string`}},
		{name: "active is a string", in: entry(`{"carrier":"c","active":"yes"}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"active" must be a JSON boolean`}},
		{name: "fields is a list", in: entry(`{"carrier":"c","fields":["` + secretKey + `"]}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"fields"`}},
		{name: "field is a number", in: entry(`{"carrier":"c","fields":{"api_key":7766554433}}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`field "api_key" must be a JSON string`}},
		{name: "field is an object", in: entry(`{"carrier":"c","fields":{"api_key":{"v":"` + secretKey + `"}}}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{`"api_key"`}},
		{name: "unquoted secret", in: entry(`{"carrier":"c","fields":{"api_key":` + secretKey + `}}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"not valid JSON", "at byte"}},
		{name: "bad escape in secret", in: entry(`{"carrier":"c","fields":{"api_key":"` + secretKey + `\q"}}`), wantErr: credentials.ErrInvalid},
		{name: "truncated", in: `{"credentials":[{"carrier":"c","fields":{"api_key":"` + secretKey, wantErr: credentials.ErrInvalid,
			wantMsg: []string{"ends too early"}},
		{name: "trailing data", in: `[]` + secretKey, wantErr: credentials.ErrInvalid},
		{name: "two documents", in: `[] []`, wantErr: credentials.ErrInvalid},
		{name: "missing carrier", in: entry(`{"code":"x","fields":{"api_key":"` + secretKey + `"}}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"entry 0", "carrier is empty"}},
		{name: "bad code", in: entry(`{"code":"a b","carrier":"c"}`), wantErr: credentials.ErrInvalid,
			wantMsg: []string{"entry 0", "' '"}},
		{name: "duplicate code", in: entry(`{"code":"x","carrier":"c"},{"code":"x","carrier":"c"}`), wantErr: credentials.ErrDuplicate,
			wantMsg: []string{"entry 1", `"x"`}},
		{name: "two defaults", in: entry(`{"code":"x","carrier":"c","default":true},{"code":"y","carrier":"c","default":true,"active":false}`),
			wantErr: credentials.ErrAmbiguousDefault, wantMsg: []string{"entry 1", `"x"`, `"y"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := credentials.LoadJSON(strings.NewReader(tt.in))
			require.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, s)
			assert.True(t, strings.HasPrefix(err.Error(), "credentials: "), err.Error())
			for _, m := range tt.wantMsg {
				assert.Contains(t, err.Error(), m)
			}
			assertErrNoSecret(t, err)
			assert.NotContains(t, err.Error(), "7766554433")
			// encoding/json's syntax errors quote the offending character,
			// which may be part of a secret.
			assert.NotContains(t, err.Error(), "invalid character")
		})
	}
}

func TestLoadJSONReadError(t *testing.T) {
	readErr := errors.New("disk on fire")
	_, err := credentials.LoadJSON(iotest.ErrReader(readErr))
	require.ErrorIs(t, err, readErr)
	assert.Contains(t, err.Error(), "reading")

	_, err = credentials.LoadJSON(iotest.OneByteReader(strings.NewReader(`[{"carrier":"c"}]`)))
	require.NoError(t, err, "short reads are fine")
}
