package trackship_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// TestWebhookHandler plugs WebhookScheme into webhook.Handler, on the
// fixture delivery.
func TestWebhookHandler(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "webhook-track.json"))
	require.NoError(t, err)
	const key = "5f2b0c0e0d0a4e7b9c1d2e3f40516273" // the fixture's placeholder

	var got []*tracking.Shipment
	h, err := webhook.NewHandler(trackship.WebhookScheme(),
		func(_ context.Context, e webhook.Event) error { got = e.Shipments; return nil },
		webhook.WithSecret(key))
	require.NoError(t, err)

	deliver := func(key, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks/trackship", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if key != "" {
			r.Header.Set("Trackship-Api-Key", key)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	assert.Equal(t, http.StatusOK, deliver(key, string(body)))
	require.Len(t, got, 1)
	assert.Equal(t, tracking.StatusOutForDelivery, got[0].Status)

	got = nil
	assert.Equal(t, http.StatusUnauthorized, deliver(key[:len(key)-1]+"4", string(body)))
	assert.Equal(t, http.StatusUnauthorized, deliver("", string(body)))
	assert.Equal(t, http.StatusBadRequest, deliver(key, `{"user_key":"`+key+`","events":[]}`), "no tracking number")
	assert.Nil(t, got)
}

func TestWebhookKey(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "webhook-track.json"))
	require.NoError(t, err)
	const key = credentials.Secret("5f2b0c0e0d0a4e7b9c1d2e3f40516273")
	v := trackship.WebhookScheme().Verifier
	ctx := context.Background()
	_, err = v.Verify(ctx, webhook.Delivery{Header: trackshiptest.WebhookHeaders(key), Body: body}, key)
	require.NoError(t, err)

	odd := http.Header{"Trackship-Api-Key": {key.Reveal()}}
	_, err = v.Verify(ctx, webhook.Delivery{Header: odd, Body: body}, key)
	assert.NoError(t, err, "header names are case-insensitive")

	_, err = v.Verify(ctx, webhook.Delivery{Header: trackshiptest.WebhookHeaders("5f2b0c0e0d0a4e7b9c1d2e3f40516274"), Body: body}, key)
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	_, err = v.Verify(ctx, webhook.Delivery{Header: http.Header{}, Body: body}, key)
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)

	// The body's user_key must agree with the header when present.
	other := bytes.Replace(body, []byte(key.Reveal()), []byte("00000000000000000000000000000000"), 1)
	require.NotEqual(t, body, other, "the fixture's user_key is the API key")
	_, err = v.Verify(ctx, webhook.Delivery{Header: trackshiptest.WebhookHeaders(key), Body: other}, key)
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
}

// The scheme names the carrier and its secret field, and answers 401
// without the key header.
func TestWebhookSchemeWiring(t *testing.T) {
	s := trackship.WebhookScheme()
	assert.Equal(t, trackship.ID, s.Carrier)
	assert.Equal(t, trackship.FieldAPIKey, s.Verifier.SecretField())
	assert.Equal(t, http.StatusUnauthorized, s.MissingHeaderStatus)
	assert.NotNil(t, s.Parse)
}

// FuzzWebhookVerify is an oracle: the delivery is genuine exactly when the
// header, trimmed, is the secret and the body's user_key, when present
// and not empty, is the secret too.
func FuzzWebhookVerify(f *testing.F) {
	const key = "5f2b0c0e0d0a4e7b9c1d2e3f40516273"
	f.Add([]byte(`{"order_id":"1"}`), key, key, key, true)
	f.Add([]byte(`{}`), key, key, "", false)
	f.Add([]byte(`{}`), key+" ", key, "", true)
	f.Add([]byte(`{}`), key, key, "00000000000000000000000000000000", true)
	f.Add([]byte(`{}`), "5f2b0c0e0d0a4e7b9c1d2e3f40516274", key, key, true)
	f.Add([]byte(`{}`), "", key, "", false)
	f.Add([]byte(`{}`), "", "", "", false)
	f.Fuzz(func(t *testing.T, data []byte, header, secret, userKey string, withUserKey bool) {
		v := trackship.WebhookScheme().Verifier
		fields := map[string]any{"data": string(data)}
		if withUserKey {
			fields["user_key"] = userKey
		}
		body, _ := json.Marshal(fields)
		userKey = jsonRoundTrip(userKey) // what the body now says
		h := http.Header{}
		h.Set(trackship.WebhookKeyHeader, header)
		genuine := secret != "" && strings.TrimSpace(header) == secret &&
			(!withUserKey || userKey == "" || userKey == secret)
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, credentials.Secret(secret))
		webhooktest.Judge(t, err, genuine, "header %q, user_key %q", header, userKey)
		if err == nil && got.ReplayKey == "" {
			t.Fatal("accepted without a replay key")
		}
	})
}

// jsonRoundTrip returns s as it reads back from JSON (invalid UTF-8
// becomes U+FFFD).
func jsonRoundTrip(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// Verifying a delivery without the Handler: the scheme's verifier takes
// the raw body and headers.
func ExampleWebhookScheme() {
	v := trackship.WebhookScheme().Verifier
	d := webhook.Delivery{Header: trackshiptest.WebhookHeaders("key-1"), Body: []byte(`{"tracking_number":"1Z"}`)}
	_, err := v.Verify(context.Background(), d, "key-1")
	fmt.Println(err)
	_, err = v.Verify(context.Background(), d, "key-2")
	fmt.Println(err)
	// Output:
	// <nil>
	// webhook: trackship API key does not match: webhook: bad signature
}
