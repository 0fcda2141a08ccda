package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/webhook"
)

// jwksAnswer is a JWKS endpoint as a RoundTripper: no network, and the test
// decides each answer.
type jwksAnswer func(*http.Request) (*http.Response, error)

func (f jwksAnswer) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func answer(r *http.Request, status int, contentType string, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: r}
}

// A key endpoint that answers 200 with something other than a key set is
// the key endpoint's fault, never the delivery's: the Handler answers 5xx
// so that ShipEngine retries, not 400, which it would not retry.
func TestShipEngineBrokenJWKSIsRetried(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	oversized := append([]byte(`{"keys":[],"pad":"`), bytes.Repeat([]byte("x"), 1<<20)...)
	oversized = append(oversized, `"}`...)
	keys := signer.JWKS() // {"keys":[...]}: pad it past the limit after the keys
	huge := append(keys[:len(keys)-1:len(keys)-1], `,"pad":"`+strings.Repeat("x", 1<<20)+`"}`...)
	for _, tc := range []struct {
		name        string
		contentType string
		body        []byte
	}{
		{"HTML page", "text/html", []byte("<!doctype html><html><body>Service temporarily unavailable</body></html>")},
		{"empty body", "application/json", nil},
		{"truncated JSON", "application/json", signer.JWKS()[:40]},
		{"key set over the size limit, truncated into bad JSON", "application/json", oversized},
		{"key set over the size limit, the key inside the limit", "application/json", huge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
				return answer(r, http.StatusOK, tc.contentType, tc.body), nil
			})
			se := shipengine.WebhookScheme(shipengine.WithJWKSClient(&http.Client{Transport: rt}))
			v := se.Verifier
			rec := &recorder{}
			h, err := webhook.NewHandler(testScheme(se), rec.fn)
			require.NoError(t, err)
			body := []byte(`{"data":{"trackNo":"SE1"}}`)
			w := post(h, body, signer.Sign(body, time.Now()), "")
			assert.GreaterOrEqual(t, w.Code, 500, "got %d: a broken key endpoint must make ShipEngine retry", w.Code)
			assert.Zero(t, rec.calls.Load())

			_, verr := v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
			assert.ErrorIs(t, verr, webhook.ErrKeysUnavailable)
			assert.NotErrorIs(t, verr, webhook.ErrMalformed)
		})
	}
}

// After a rotation, a delivery signed with the new key while the key
// endpoint is broken cannot be told from a forgery: it is answered 5xx, so
// that ShipEngine retries once the endpoint is back, not 401.
func TestShipEngineRotationDuringJWKSOutage(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	var broken atomic.Bool
	rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
		if broken.Load() {
			return answer(r, http.StatusOK, "text/html", []byte("<html>maintenance</html>")), nil
		}
		return answer(r, http.StatusOK, "application/json", signer.JWKS()), nil
	})
	v := seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: rt}))
	ctx := context.Background()
	body := []byte(`{}`)
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.NoError(t, err)

	broken.Store(true)
	old := signer.Sign(body, time.Now())
	require.NoError(t, signer.Rotate("k2"))
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrKeysUnavailable)
	assert.Equal(t, http.StatusInternalServerError, webhook.StatusFor(err))
	_, err = v.Verify(ctx, webhook.Delivery{Header: old, Body: body}, "")
	assert.NoError(t, err, "the cached key keeps verifying through the outage")

	broken.Store(false)
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrKeysUnavailable, "within the refresh interval the last failure stands")
}

// A key set of exactly the size limit (1 MiB) is read whole and used.
func TestShipEngineJWKSAtTheSizeLimit(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	keys := signer.JWKS()
	doc := append(keys[:len(keys)-1:len(keys)-1], `,"pad":"`...)
	doc = append(doc, strings.Repeat("x", 1<<20-len(doc)-2)+`"}`...)
	require.Len(t, doc, 1<<20)
	rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
		return answer(r, http.StatusOK, "application/json", doc), nil
	})
	v := seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: rt}))
	body := []byte(`{}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	assert.NoError(t, err)
}

// errAfter yields its bytes, then fails, like a connection cut mid-body.
type errAfter struct{ rest []byte }

func (e *errAfter) Read(p []byte) (int, error) {
	if len(e.rest) == 0 {
		return 0, errors.New("connection reset by peer")
	}
	n := copy(p, e.rest)
	e.rest = e.rest[n:]
	return n, nil
}

// Key endpoints that cannot even be asked, or whose answer breaks off, are
// the endpoint's fault too.
func TestShipEngineJWKSUnreachable(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	cut := jwksAnswer(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
			Body: io.NopCloser(&errAfter{rest: signer.JWKS()[:20]})}, nil
	})
	for name, v := range map[string]webhook.Verifier{
		"a URL that is no URL": seVerifier(shipengine.WithJWKSURL("://no-scheme")),
		"a body cut short":     seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: cut})),
	} {
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
		assert.ErrorIs(t, err, webhook.ErrKeysUnavailable, name)
	}
}
