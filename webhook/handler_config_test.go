package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

func TestNewHandlerNeedsItsParts(t *testing.T) {
	v, fn := t123Verifier(), (&recorder{}).fn
	for name, build := range map[string]func() (*webhook.Handler, error){
		"no verifier": func() (*webhook.Handler, error) {
			return webhook.NewHandler(webhook.Scheme{Carrier: "x", Parse: parseAny}, fn, webhook.WithSecret("s"))
		},
		"no parse function": func() (*webhook.Handler, error) {
			return webhook.NewHandler(webhook.Scheme{Carrier: "x", Verifier: v}, fn, webhook.WithSecret("s"))
		},
		"no callback": func() (*webhook.Handler, error) {
			return webhook.NewHandler(webhook.Scheme{Carrier: "x", Verifier: v, Parse: parseAny}, nil, webhook.WithSecret("s"))
		},
	} {
		h, err := build()
		assert.Error(t, err, name)
		assert.Nil(t, h, name)
	}
	_, err := webhook.NewHandler(webhook.Scheme{Carrier: "x", Verifier: v, Parse: parseAny}, fn, webhook.WithResolver(credentials.NewResolver(orgStore{})))
	assert.NoError(t, err, "a resolver supplies the secret")
	_, err = webhook.NewHandler(testScheme(shipengine.WebhookScheme()), fn)
	assert.NoError(t, err, "a scheme without a secret needs none")
}

// Without WithMaxBodySize, or with a limit of zero or less, the limit is
// DefaultMaxBodySize.
func TestHandlerDefaultBodyLimit(t *testing.T) {
	for _, opts := range [][]webhook.Option{nil, {webhook.WithMaxBodySize(0)}, {webhook.WithMaxBodySize(-1)}} {
		rec := &recorder{}
		h := track123Handler(t, rec, opts...)
		padded := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1","pad":"`+strings.Repeat("x", 4096)+`"}`), time.Now())
		assert.Equal(t, http.StatusOK, post(h, padded, nil, "").Code, "a 4 KiB delivery is under the default")
		huge := bytes.Repeat([]byte(" "), webhook.DefaultMaxBodySize+1)
		assert.Equal(t, http.StatusRequestEntityTooLarge, post(h, huge, nil, "").Code)
	}
}

// failingStore answers every lookup with err.
type failingStore struct{ err error }

func (s failingStore) Get(context.Context, string, string) (credentials.Credential, error) {
	return credentials.Credential{}, s.err
}
func (s failingStore) List(context.Context, string, string) ([]credentials.Credential, error) {
	return nil, s.err
}

// What the resolver says decides the answer: no usable credential is a
// refusal (401, the delivery cannot be checked), a store that fails is
// ours to fix (500, the provider retries).
func TestHandlerSecretResolution(t *testing.T) {
	body := track123test.WebhookBody("right", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	cred := func(code string, active, def bool, secret credentials.Secret) credentials.Credential {
		return credentials.Credential{Code: code, Carrier: "track123", Organization: "acme", Active: active, Default: def,
			Fields: map[string]credentials.Secret{"api_secret": secret}}
	}
	for _, tc := range []struct {
		name  string
		store credentials.Store
		opts  []webhook.Option
		want  int
	}{
		{"the default credential", orgStore{cred("a", true, true, "right")}, nil, http.StatusOK},
		{"the named credential", orgStore{cred("a", true, true, "wrong"), cred("b", true, false, "right")},
			[]webhook.Option{webhook.WithCredentialCode("b")}, http.StatusOK},
		{"a named credential that does not exist", orgStore{cred("a", true, true, "right")},
			[]webhook.Option{webhook.WithCredentialCode("zz")}, http.StatusUnauthorized},
		{"no default", orgStore{cred("a", true, false, "right")}, nil, http.StatusUnauthorized},
		{"two defaults", orgStore{cred("a", true, true, "right"), cred("b", true, true, "right")}, nil, http.StatusUnauthorized},
		{"inactive", orgStore{cred("a", false, true, "right")}, []webhook.Option{webhook.WithCredentialCode("a")}, http.StatusUnauthorized},
		{"without the secret's field", orgStore{{Code: "a", Carrier: "track123", Organization: "acme", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": "right"}}}, nil, http.StatusUnauthorized},
		{"another carrier's credential", orgStore{{Code: "a", Carrier: "tracktry", Organization: "acme", Active: true,
			Fields: map[string]credentials.Secret{"api_secret": "right"}}}, []webhook.Option{webhook.WithCredentialCode("a")}, http.StatusUnauthorized},
		{"the store fails", failingStore{errors.New("connection refused")}, nil, http.StatusInternalServerError},
		{"the store says not found", failingStore{credentials.ErrUnknownCode}, nil, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			opts := append([]webhook.Option{webhook.WithResolver(credentials.NewResolver(tc.store)), webhook.WithOrganization("acme")}, tc.opts...)
			h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), rec.fn, opts...)
			require.NoError(t, err)
			w := post(h, body, nil, "")
			assert.Equal(t, tc.want, w.Code, strings.TrimSpace(w.Body.String()))
			assert.Equal(t, tc.want == http.StatusOK, rec.calls.Load() == 1)
			if tc.want == http.StatusOK {
				assert.Equal(t, "acme", rec.last.Load().(webhook.Event).Organization)
			}
		})
	}

	// A scheme without a secret never asks the resolver.
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	rec := &recorder{}
	h, err := webhook.NewHandler(testScheme(shipengine.WebhookScheme(shipengine.WithStaticJWKS(signer.JWKS()))), rec.fn,
		webhook.WithResolver(credentials.NewResolver(failingStore{errors.New("must not be called")})))
	require.NoError(t, err)
	b := []byte(`{"data":{"trackNo":"S1"}}`)
	assert.Equal(t, http.StatusOK, post(h, b, signer.Sign(b, time.Now()), "").Code)
}

// Each refusal gets its status; TrackShip asks for 401 without its key
// header, ShipEngine for 404 without its signature headers, others 400.
func TestHandlerMissingHeaderStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scheme webhook.Scheme
		want   int
	}{
		{"TrackShip", trackship.WebhookScheme(), http.StatusUnauthorized},
		{"ShipEngine", shipengine.WebhookScheme(shipengine.WithStaticJWKS([]byte(`{"keys":[]}`))), http.StatusNotFound},
		{"Track123", track123.WebhookScheme(), http.StatusBadRequest},
		{"generic HMAC", webhook.Scheme{Carrier: "x", Verifier: webhook.NewHMACVerifier()}, http.StatusBadRequest},
		{"own status", webhook.Scheme{Carrier: "x", Verifier: webhook.NewHMACVerifier(), MissingHeaderStatus: http.StatusForbidden}, http.StatusForbidden},
	} {
		rec := &recorder{}
		h, err := webhook.NewHandler(testScheme(tc.scheme), rec.fn, webhook.WithSecret("s"))
		require.NoError(t, err)
		assert.Equal(t, tc.want, post(h, []byte(`{}`), nil, "").Code, tc.name)
		assert.Zero(t, rec.calls.Load())
	}
	// The status is for a missing header only: a bad signature is 401 whatever the scheme asks.
	h, err := webhook.NewHandler(testScheme(shipengine.WebhookScheme(shipengine.WithStaticJWKS([]byte(`{"keys":[]}`)))), (&recorder{}).fn)
	require.NoError(t, err)
	hdr := http.Header{"X-Shipengine-Rsa-Sha256-Key-Id": {"k"}, "X-Shipengine-Rsa-Sha256-Signature": {"AAAA"},
		"X-Shipengine-Timestamp": {time.Now().UTC().Format(time.RFC3339)}}
	assert.Equal(t, http.StatusUnauthorized, post(h, []byte(`{}`), hdr, "").Code)
}

func TestStatusFor(t *testing.T) {
	for err, want := range map[error]int{
		webhook.ErrTooLarge:                         http.StatusRequestEntityTooLarge,
		webhook.ErrBadSignature:                     http.StatusUnauthorized,
		webhook.ErrUnknownKey:                       http.StatusUnauthorized,
		webhook.ErrNoSecret:                         http.StatusUnauthorized,
		webhook.ErrMissingHeader:                    http.StatusBadRequest,
		webhook.ErrStale:                            http.StatusBadRequest,
		webhook.ErrMalformed:                        http.StatusBadRequest,
		webhook.ErrKeysUnavailable:                  http.StatusInternalServerError,
		webhook.ErrReplayed:                         http.StatusInternalServerError,
		errors.New("other"):                         http.StatusInternalServerError,
		fmt.Errorf("wrapped: %w", webhook.ErrStale): http.StatusBadRequest,
		// The key endpoint's fault wins over what it said about the keys.
		fmt.Errorf("%w: %w", webhook.ErrKeysUnavailable, webhook.ErrMalformed): http.StatusInternalServerError,
	} {
		assert.Equal(t, want, webhook.StatusFor(err), "%v", err)
	}
}

// recordLevels keeps the level of each log record.
type recordLevels struct {
	levels *[]slog.Level
	msgs   *[]string
}

func (r recordLevels) Enabled(context.Context, slog.Level) bool { return true }
func (r recordLevels) Handle(_ context.Context, rec slog.Record) error {
	*r.levels = append(*r.levels, rec.Level)
	var b strings.Builder
	b.WriteString(rec.Message)
	rec.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%v", a.Key, a.Value); return true })
	*r.msgs = append(*r.msgs, b.String())
	return nil
}
func (r recordLevels) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r recordLevels) WithGroup(string) slog.Handler      { return r }

// Refusals are logged at info level, failures that make the provider retry
// at error level; neither holds the secret.
func TestHandlerLogLevels(t *testing.T) {
	var levels []slog.Level
	var msgs []string
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithLogger(slog.New(recordLevels{&levels, &msgs})))
	post(h, track123test.WebhookBody("wrong", json.RawMessage(`{"trackNo":"T1"}`), time.Now()), nil, "")
	require.Len(t, levels, 1)
	assert.Equal(t, slog.LevelInfo, levels[0], "a bad signature is a refusal")
	rec.fail.Store(true)
	post(h, track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now()), nil, "")
	require.Len(t, levels, 2)
	assert.Equal(t, slog.LevelError, levels[1], "a failed callback is a failure")

	levels, msgs = nil, nil
	se := shipengine.WebhookScheme(shipengine.WithJWKSClient(&http.Client{Transport: jwksAnswer(func(r *http.Request) (*http.Response, error) {
		return answer(r, http.StatusOK, "text/html", []byte("<html>")), nil
	})}))
	hs, err := webhook.NewHandler(testScheme(se), rec.fn, webhook.WithLogger(slog.New(recordLevels{&levels, &msgs})))
	require.NoError(t, err)
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, post(hs, []byte(`{}`), signer.Sign([]byte(`{}`), time.Now()), "").Code)
	require.Len(t, levels, 1)
	assert.Equal(t, slog.LevelError, levels[0], "an unusable key endpoint is a failure")
	for _, m := range msgs {
		assert.NotContains(t, m, "secret-1")
	}
}
