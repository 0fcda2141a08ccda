package credentials_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// holder keeps Secrets and a Credential in exported fields, as an
// application's config struct would.
type holder struct {
	Name   string
	Key    credentials.Secret
	Keys   []credentials.Secret
	ByName map[string]credentials.Secret
	Cred   credentials.Credential
	Ptr    *credentials.Secret
}

func newHolder() holder {
	s := credentials.Secret(secretAccount)
	return holder{
		Name:   "config",
		Key:    secretKey,
		Keys:   []credentials.Secret{secretKey, secretOther},
		ByName: fields("a", secretKey, "b", secretOther),
		Cred: credentials.Credential{
			Code: "main", Carrier: "auspost", Active: true, Default: true,
			Fields: fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther),
		},
		Ptr: &s,
	}
}

func TestSecretRedactsInFmt(t *testing.T) {
	h := newHolder()
	values := map[string]any{
		"secret":             credentials.Secret(secretKey),
		"pointer to secret":  h.Ptr,
		"struct":             h,
		"pointer to struct":  &h,
		"credential":         h.Cred,
		"pointer to cred":    &h.Cred,
		"map of secrets":     h.ByName,
		"secrets as map key": map[credentials.Secret]int{secretKey: 1},
		"slice of secrets":   h.Keys,
		"interface slice":    []any{credentials.Secret(secretKey), h.Cred},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v", "%-20s", "% x", "%T %v"}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			assertNoSecret(t, out)
			if strings.Contains(verb, "v") || strings.Contains(verb, "s") {
				assert.NotEmpty(t, out, "%s with %s", name, verb)
			}
		}
		assertNoSecret(t, fmt.Sprint(v))
		assertNoSecret(t, fmt.Sprintln(v))
	}

	s := credentials.Secret(secretKey)
	assert.Equal(t, "[REDACTED]", fmt.Sprint(s))
	assert.Equal(t, "[REDACTED]", s.String())
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", s))
	assert.Equal(t, `credentials.Secret("[REDACTED]")`, fmt.Sprintf("%#v", s))
	assert.Equal(t, secretKey, s.Reveal())
	assert.Equal(t, "", credentials.Secret("").Reveal())

	// The credential prints its field names, not their values.
	out := fmt.Sprintf("%v", h.Cred)
	assert.Contains(t, out, "account_number,api_key,api_secret")
	assert.Contains(t, fmt.Sprintf("%+v", &h), "[REDACTED]")
}

func TestSecretRedactsInJSON(t *testing.T) {
	h := newHolder()
	for name, v := range map[string]any{
		"secret":     credentials.Secret(secretKey),
		"credential": h.Cred,
		"struct":     h,
		"pointer":    &h,
	} {
		b, err := json.Marshal(v)
		require.NoError(t, err, name)
		assertNoSecret(t, string(b))
		assert.Contains(t, string(b), "[REDACTED]", name)
	}
	b, err := json.Marshal(credentials.Secret(secretKey))
	require.NoError(t, err)
	assert.JSONEq(t, `"[REDACTED]"`, string(b))

	b, err = json.Marshal(h.Cred)
	require.NoError(t, err)
	// LoadFile's entry format (issue 14 changed the keys to it).
	assert.JSONEq(t, `{"code":"main","carrier":"auspost","organization":"","active":true,"default":true,
		"fields":{"account_number":"[REDACTED]","api_key":"[REDACTED]","api_secret":"[REDACTED]"}}`, string(b))

	// Unmarshal reads the value, so a Secret can come from a config file.
	var s credentials.Secret
	require.NoError(t, json.Unmarshal([]byte(`"`+secretKey+`"`), &s))
	assert.Equal(t, secretKey, s.Reveal())
	err = json.Unmarshal([]byte(`12345`), &s)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "12345")
}

type xmlDoc struct {
	Key  credentials.Secret
	Attr credentials.Secret `xml:"attr,attr"`
	Keys []credentials.Secret
}

func TestSecretRedactsInXML(t *testing.T) {
	h := newHolder()
	b, err := xml.Marshal(xmlDoc{h.Key, h.Key, h.Keys})
	require.NoError(t, err)
	assertNoSecret(t, string(b))
	assert.Contains(t, string(b), "[REDACTED]")
}

func TestSecretRedactsInSlog(t *testing.T) {
	h := newHolder()
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	for name, newHandler := range handlers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(newHandler(&buf))
			log.Info("attr", "key", credentials.Secret(secretKey))
			log.Info("attr pointer", "key", h.Ptr)
			log.Info("typed attr", slog.Any("key", credentials.Secret(secretKey)))
			log.Info("credential", "cred", h.Cred)
			log.Info("credential pointer", "cred", &h.Cred)
			log.Info("struct", "config", h)
			log.Info("map", "fields", h.ByName)
			log.Info("group", slog.Group("g", "key", credentials.Secret(secretKey), "cred", h.Cred))
			log.With("key", credentials.Secret(secretKey)).Info("with")

			out := buf.String()
			assertNoSecret(t, out)
			assert.Equal(t, 9, strings.Count(out, "\n"))
			assert.Contains(t, out, "[REDACTED]")
			assert.Contains(t, out, "main", "the credential's code is logged")
		})
	}
}
