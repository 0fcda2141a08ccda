package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// parseAny turns any JSON object into one shipment, so that the handler's
// own behaviour is tested apart from a carrier's decoder.
func parseAny(body []byte) ([]*tracking.Shipment, error) {
	var v struct {
		Data struct {
			TrackNo string `json:"trackNo"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, err
	}
	return []*tracking.Shipment{{TrackingNumber: v.Data.TrackNo, Status: tracking.StatusDelivered}}, nil
}

// testScheme is s decoding with parseAny.
func testScheme(s webhook.Scheme) webhook.Scheme {
	s.Parse = parseAny
	return s
}

// The carriers' verifiers, as the webhook tests use them.
func t123Verifier(opts ...track123.WebhookOption) webhook.Verifier {
	return track123.WebhookScheme(opts...).Verifier
}

func ttVerifier(opts ...tracktry.WebhookOption) webhook.Verifier {
	return tracktry.WebhookScheme(opts...).Verifier
}

func seVerifier(opts ...shipengine.WebhookOption) webhook.Verifier {
	return shipengine.WebhookScheme(opts...).Verifier
}

type recorder struct {
	calls atomic.Int32
	fail  atomic.Bool
	last  atomic.Value // webhook.Event
}

func (r *recorder) fn(_ context.Context, e webhook.Event) error {
	r.calls.Add(1)
	r.last.Store(e)
	if r.fail.Load() {
		return errors.New("database down")
	}
	return nil
}

func post(h http.Handler, body []byte, hdr http.Header, target string) *httptest.ResponseRecorder {
	if target == "" {
		target = "/hooks"
	}
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	for k, v := range hdr {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func track123Handler(t *testing.T, rec *recorder, opts ...webhook.Option) http.Handler {
	t.Helper()
	opts = append([]webhook.Option{webhook.WithSecret("secret-1")}, opts...)
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), rec.fn, opts...)
	require.NoError(t, err)
	return h
}

func TestHandlerStatuses(t *testing.T) {
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithMaxBodySize(4096))
	good := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())

	req := httptest.NewRequest(http.MethodGet, "/hooks", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "POST", w.Header().Get("Allow"))

	assert.Equal(t, http.StatusRequestEntityTooLarge, post(h, bytes.Repeat([]byte("x"), 5000), nil, "").Code)
	assert.Equal(t, http.StatusBadRequest, post(h, []byte(`{"verify":`), nil, "").Code, "malformed JSON, no signature")
	bad := track123test.WebhookBody("other", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	assert.Equal(t, http.StatusUnauthorized, post(h, bad, nil, "").Code)
	stale := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now().Add(-time.Hour))
	assert.Equal(t, http.StatusBadRequest, post(h, stale, nil, "").Code)
	assert.Zero(t, rec.calls.Load(), "nothing unverified reaches the application")

	w = post(h, good, nil, "")
	assert.Equal(t, http.StatusOK, w.Code)
	require.EqualValues(t, 1, rec.calls.Load())
	ev := rec.last.Load().(webhook.Event)
	assert.Equal(t, "track123", ev.Carrier)
	require.Len(t, ev.Shipments, 1)
	assert.Equal(t, "T1", ev.Shipments[0].TrackingNumber)

	// The same delivery again is acknowledged without a second call.
	assert.Equal(t, http.StatusOK, post(h, good, nil, "").Code)
	assert.EqualValues(t, 1, rec.calls.Load())
}

func TestHandlerSignedButUnparseable(t *testing.T) {
	rec := &recorder{}
	s := track123.WebhookScheme()
	s.Parse = func([]byte) ([]*tracking.Shipment, error) { return nil, errors.New("no data") }
	h, err := webhook.NewHandler(s, rec.fn, webhook.WithSecret("secret-1"))
	require.NoError(t, err)
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{}`), time.Now())
	assert.Equal(t, http.StatusBadRequest, post(h, body, nil, "").Code)
	assert.Zero(t, rec.calls.Load())
}

func TestHandlerCallbackFailureLetsTheRetryThrough(t *testing.T) {
	rec := &recorder{}
	h := track123Handler(t, rec)
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T2"}`), time.Now())
	rec.fail.Store(true)
	assert.Equal(t, http.StatusInternalServerError, post(h, body, nil, "").Code)
	rec.fail.Store(false)
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code, "the provider's retry is processed")
	assert.EqualValues(t, 2, rec.calls.Load())
}

func TestHandlerShipEngineMissingHeadersIs404(t *testing.T) {
	rec := &recorder{}
	h, err := webhook.NewHandler(testScheme(shipengine.WebhookScheme(shipengine.WithStaticJWKS([]byte(`{"keys":[]}`)))), rec.fn)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, post(h, []byte(`{}`), nil, "").Code)
}

func TestHandlerShipEngineEndToEnd(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	rec := &recorder{}
	h, err := webhook.NewHandler(testScheme(shipengine.WebhookScheme(shipengine.WithJWKSURL(signer.Server()))), rec.fn)
	require.NoError(t, err)
	body := []byte(`{"data":{"trackNo":"SE1"}}`)
	assert.Equal(t, http.StatusOK, post(h, body, signer.Sign(body, time.Now()), "").Code)
	tampered := []byte(`{"data":{"trackNo":"SE2"}}`)
	assert.Equal(t, http.StatusUnauthorized, post(h, tampered, signer.Sign(body, time.Now()), "").Code)
	assert.EqualValues(t, 1, rec.calls.Load())
}

func TestHandlerResolvesSecretPerOrganization(t *testing.T) {
	store := orgStore{
		{Code: "a", Carrier: "track123", Organization: "acme", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_secret": "acme-secret"}},
		{Code: "b", Carrier: "track123", Organization: "globex", Active: false, Default: true,
			Fields: map[string]credentials.Secret{"api_secret": "globex-secret"}},
	}
	rec := &recorder{}
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), rec.fn,
		webhook.WithResolver(credentials.NewResolver(store)),
		webhook.WithOrganizationFrom(func(r *http.Request) string { return strings.TrimPrefix(r.URL.Path, "/hooks/") }))
	require.NoError(t, err)

	acme := track123test.WebhookBody("acme-secret", json.RawMessage(`{"trackNo":"A1"}`), time.Now())
	assert.Equal(t, http.StatusOK, post(h, acme, nil, "/hooks/acme").Code)
	assert.Equal(t, "acme", rec.last.Load().(webhook.Event).Organization)
	assert.Equal(t, http.StatusUnauthorized, post(h, acme, nil, "/hooks/initech").Code, "an organization without a credential refuses")
	globex := track123test.WebhookBody("globex-secret", json.RawMessage(`{"trackNo":"G1"}`), time.Now())
	assert.Equal(t, http.StatusUnauthorized, post(h, globex, nil, "/hooks/globex").Code, "an inactive credential is never used")
}

func TestNewHandlerFailsClosed(t *testing.T) {
	_, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), (&recorder{}).fn)
	assert.ErrorIs(t, err, webhook.ErrNoSecret)
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), (&recorder{}).fn, webhook.WithSecret(""))
	require.NoError(t, err)
	body := track123test.WebhookBody("", json.RawMessage(`{}`), time.Now())
	assert.Equal(t, http.StatusUnauthorized, post(h, body, nil, "").Code)
}

// orgStore is a small credentials.Store for the resolver test.
type orgStore []credentials.Credential

func (s orgStore) Get(_ context.Context, org, code string) (credentials.Credential, error) {
	for _, c := range s {
		if c.Organization == org && c.Code == code {
			return c, nil
		}
	}
	return credentials.Credential{}, credentials.ErrUnknownCode
}

func (s orgStore) List(_ context.Context, org, carrier string) ([]credentials.Credential, error) {
	var out []credentials.Credential
	for _, c := range s {
		if c.Organization == org && c.Carrier == carrier {
			out = append(out, c)
		}
	}
	return out, nil
}

// Track123's header-signed variant carries no data wrapper: the Handler
// with the carrier's parser accepts it like the API's shape (issue 10,
// item 4: it used to verify and then be refused as malformed).
func TestHandlerTrack123HeaderVariant(t *testing.T) {
	rec := &recorder{}
	h, err := webhook.NewHandler(track123.WebhookScheme(), rec.fn,
		webhook.WithSecret("secret-1"))
	require.NoError(t, err)
	body := []byte(`{"carrierInfo":{"code":"royal-mail"},"trackingNumber":"RM000000001GB","transitStatus":"Delivered",` +
		`"transitSubStatus":"Delivered","trackInfo":[{"eventTime":"2026-02-27 11:20:00","eventDetail":"Delivered","eventLocation":"GB,Leeds"}]}`)
	w := post(h, body, track123test.WebhookHeaders("secret-1", time.Now()), "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	ev := rec.last.Load().(webhook.Event)
	require.Len(t, ev.Shipments, 1)
	assert.Equal(t, "RM000000001GB", ev.Shipments[0].TrackingNumber)
	assert.Equal(t, "royal_mail", ev.Shipments[0].Courier)
	assert.Equal(t, tracking.StatusDelivered, ev.Shipments[0].Status)

	forged := track123test.WebhookHeaders("other-secret", time.Now())
	assert.Equal(t, http.StatusUnauthorized, post(h, body, forged, "").Code)
	assert.EqualValues(t, 1, rec.calls.Load())
}
