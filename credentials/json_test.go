package credentials_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// withoutSecrets is c as it comes back from JSON: every field's value empty.
func withoutSecrets(c credentials.Credential) credentials.Credential {
	c = c.Clone()
	for k := range c.Fields {
		c.Fields[k] = ""
	}
	return c
}

// TestCredentialJSONRoundTrip: a Credential marshals without its secrets
// and unmarshals to itself but for them.
func TestCredentialJSONRoundTrip(t *testing.T) {
	for _, c := range []credentials.Credential{
		{Code: "main", Carrier: "auspost", Organization: "acme", Active: true, Default: true,
			Fields: fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther)},
		{Code: "off", Carrier: "shipengine", Active: false, Fields: fields("api_key", secretKey)},
		{Code: "bare", Carrier: "shipengine"}, // no Fields, inactive
		{},                                    // the zero Credential
	} {
		b, err := json.Marshal(c)
		require.NoError(t, err)
		assertNoSecret(t, string(b))
		var got credentials.Credential
		require.NoError(t, json.Unmarshal(b, &got), string(b))
		if diff := cmp.Diff(withoutSecrets(c), got); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
		}
		// And again: a Credential read back marshals the same.
		b2, err := json.Marshal(got)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(b2))
	}
}

// TestCredentialJSONIsLoadFileFormat: every entry of the credentials file
// unmarshals into the Credential LoadFile stores for it.
func TestCredentialJSONIsLoadFileFormat(t *testing.T) {
	path := filepath.Join("testdata", "credentials.json")
	store, err := credentials.LoadFile(path)
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var file struct{ Credentials []credentials.Credential }
	require.NoError(t, json.Unmarshal(b, &file))
	require.NotEmpty(t, file.Credentials)
	for _, c := range file.Credentials {
		if c.Code == "" {
			continue // LoadFile generates one
		}
		stored, err := store.Get(context.Background(), c.Organization, c.Code)
		require.NoError(t, err, c.Code)
		if diff := cmp.Diff(stored, c); diff != "" {
			t.Errorf("entry %q (-LoadFile +Unmarshal):\n%s", c.Code, diff)
		}
	}

	// "active" defaults to true, as in the file.
	var c credentials.Credential
	require.NoError(t, json.Unmarshal([]byte(`{"carrier":"shipengine"}`), &c))
	assert.Equal(t, credentials.Credential{Carrier: "shipengine", Active: true}, c)
}

// TestRedactedCredentialIsNeverUsed: what a marshalled credential holds
// in place of its secrets never becomes a secret: Unmarshal empties it,
// so that it is refused before any request, and LoadJSON refuses it.
func TestRedactedCredentialIsNeverUsed(t *testing.T) {
	ctx := context.Background()
	c := credentials.Credential{Code: "main", Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey)}
	b, err := json.Marshal(c)
	require.NoError(t, err)

	var back credentials.Credential
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, []string{"api_key"}, back.Missing([]string{"api_key"}))
	s, err := credentials.NewMemoryStore(back)
	require.NoError(t, err)
	r := credentials.NewResolver(s)
	r.RequireFields("shipengine", "api_key")
	_, err = r.Resolve(ctx, "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrMissingField)

	var secret credentials.Secret
	require.NoError(t, json.Unmarshal([]byte(`"[REDACTED]"`), &secret))
	assert.Empty(t, secret.Reveal())

	_, err = credentials.LoadJSON(strings.NewReader(`[` + string(b) + `]`))
	require.ErrorIs(t, err, credentials.ErrInvalid)
	assert.ErrorContains(t, err, `entry 0: field "api_key" holds "[REDACTED]"`)
}

func TestCredentialUnmarshalErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":  `["` + secretKey + `"]`,
		"unknown key":    `{"carrier":"c","defualt":true}`,
		"bad boolean":    `{"carrier":"c","active":"` + secretKey + `"}`,
		"field a number": `{"carrier":"c","fields":{"api_key":12345}}`,
		"fields a list":  `{"carrier":"c","fields":["` + secretKey + `"]}`,
		"not JSON":       `{"carrier":"c","fields":{"api_key":"` + secretKey + `"`,
	} {
		t.Run(name, func(t *testing.T) {
			c := credentials.Credential{Code: "kept"}
			err := json.Unmarshal([]byte(in), &c)
			require.Error(t, err)
			if name != "not JSON" { // encoding/json refuses it before UnmarshalJSON runs
				require.ErrorIs(t, err, credentials.ErrInvalid)
			}
			assertErrNoSecret(t, err)
			assert.NotContains(t, err.Error(), "12345")
			assert.Equal(t, "kept", c.Code, "a refused input leaves the credential as it was")
		})
	}
	c := credentials.Credential{Code: "kept"}
	require.NoError(t, json.Unmarshal([]byte(`null`), &c))
	assert.Equal(t, "kept", c.Code, "null leaves it unchanged")
}

// FuzzCredentialJSON: whatever Unmarshal accepts marshals without a
// secret and reads back to the same credential without its secrets;
// whatever it refuses is refused with ErrInvalid.
func FuzzCredentialJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `{"carrier":"c"}`, `{"code":"a","carrier":"c","organization":"o","active":false,"default":true,"fields":{"k":"v"}}`,
		`{"fields":{"k":"[REDACTED]"}}`, `{"fields":null}`, `{"fields":{}}`, `{"x":1}`, `[]`, `"s"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var c credentials.Credential
		if err := c.UnmarshalJSON(in); err != nil {
			if !strings.Contains(err.Error(), credentials.ErrInvalid.Error()) {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var written struct{ Fields map[string]string }
		if err := json.Unmarshal(b, &written); err != nil {
			t.Fatal(err)
		}
		for k, v := range written.Fields {
			if v != "[REDACTED]" {
				t.Fatalf("field %q written as %q in %s", k, v, b)
			}
		}
		var back credentials.Credential
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot read back %s: %v", b, err)
		}
		if diff := cmp.Diff(withoutSecrets(c), back); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", b, diff)
		}
	})
}
