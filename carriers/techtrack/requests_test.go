package techtrack

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carriertest"
	"github.com/parcelkit/tracking/transport"
)

const mockRoot = "https://acme.techtrack.test"

var mockCred = credentials.Credential{
	Code: "ups-warehouse-east", Carrier: ID, Active: true, Default: true,
	Fields: map[string]credentials.Secret{FieldAPIKey: "portal-key-0123", FieldAPISecret: "portal-secret-4567"},
}

func mocked(t *testing.T, opts ...Option) (*Carrier, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]Option{
		WithBaseURL(mockRoot),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithRetry(transport.RetryPolicy{MaxRetries: -1}),
	}, opts...)
	return New(opts...), mt
}

func TestRequestEvents(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodGet, mockRoot+"/api/v2/event/get-by-tracking-numbers",
		rec.Responder(200, fixture(t, "get-events-by-tracking-numbers.json")))

	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " 1Z999AA1 0000000041 "}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, "1Z999AA1 0000000041", s.TrackingNumber)
	assert.Equal(t, http.MethodGet, rec.Last(t).Method)
	assert.Equal(t, mockRoot+"/api/v2/event/get-by-tracking-numbers?TrackingNumbers=1Z999AA1+0000000041", rec.Last(t).URL)
	assert.Equal(t, []string{"portal-key-0123"}, rec.Last(t).Header.Values("x-api-key"))
	assert.Equal(t, []string{"portal-secret-4567"}, rec.Last(t).Header.Values("x-user-key"))
	assert.Equal(t, "application/json", rec.Last(t).Header.Get("Accept"))
	assert.Empty(t, rec.Last(t).Body)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// TestRequestCreateCredentialCode walks the rule of which carrier
// credential code the create carries.
func TestRequestCreateCredentialCode(t *testing.T) {
	withField := mockCred.Clone()
	withField.Fields[FieldCarrierCredentialsCode] = "ups-prod"
	codeless := mockCred.Clone()
	codeless.Code = ""
	tests := []struct {
		name string
		req  tracking.Request
		cred credentials.Credential
		want string // the expected body
	}{
		{"the request names the credential: its Code is sent",
			tracking.Request{TrackingNumber: "1Z999AA10000000033", Courier: "UPS", Credential: "ups-warehouse-east"}, mockCred,
			string(fixture(t, "assumed-create-tracking-request.json"))},
		{"no code named: the resolved credential's Code is sent all the same",
			tracking.Request{TrackingNumber: "1Z999AA10000000033", Courier: "UPS"}, mockCred,
			string(fixture(t, "assumed-create-tracking-request.json"))},
		{"a credential without a Code and no code named: omitted, techTRACK's default applies",
			tracking.Request{TrackingNumber: "1Z999AA10000000033", Courier: "UPS"}, codeless,
			`{"trackingNumber":"1Z999AA10000000033","carrierCode":"UPS"}`},
		{"a credential without a Code: the request's code is sent",
			tracking.Request{TrackingNumber: "1Z1", Courier: "UPS", Credential: " east "}, codeless,
			`{"trackingNumber":"1Z1","carrierCode":"UPS","carrierCredentialsCode":"east"}`},
		{"the credential's field names it",
			tracking.Request{TrackingNumber: "1Z1", Courier: "UPS"}, withField,
			`{"trackingNumber":"1Z1","carrierCode":"UPS","carrierCredentialsCode":"ups-prod"}`},
		{"the field wins over the credential's Code",
			tracking.Request{TrackingNumber: "1Z1", Courier: "UPS", Credential: "ups-warehouse-east"}, withField,
			`{"trackingNumber":"1Z1","carrierCode":"UPS","carrierCredentialsCode":"ups-prod"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := mocked(t)
			var rec carriertest.Recorder
			mt.RegisterResponder(http.MethodPost, mockRoot+"/api/v2/tracking/create", rec.Responder(201, []byte(`{}`)))
			require.NoError(t, c.Register(context.Background(), tt.req, tt.cred))
			assert.Equal(t, http.MethodPost, rec.Last(t).Method)
			assert.Equal(t, mockRoot+"/api/v2/tracking/create", rec.Last(t).URL)
			assert.Equal(t, "application/json", rec.Last(t).Header.Get("Content-Type"))
			assert.Equal(t, "portal-key-0123", rec.Last(t).Header.Get("x-api-key"))
			assert.Equal(t, "portal-secret-4567", rec.Last(t).Header.Get("x-user-key"))
			assert.JSONEq(t, tt.want, string(rec.Last(t).Body))
		})
	}
}

// TestRequestTrackRegisters: with WithAutoRegister(true), 404 -> create -> pending.
func TestRequestTrackRegisters(t *testing.T) {
	c, mt := mocked(t, WithAutoRegister(true))
	var get, create carriertest.Recorder
	mt.RegisterResponder(http.MethodGet, mockRoot+"/api/v2/event/get-by-tracking-numbers", get.Responder(404, nil))
	mt.RegisterResponder(http.MethodPost, mockRoot+"/api/v2/tracking/create", create.Responder(200, nil))
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	assert.Equal(t, 2, mt.GetTotalCallCount())
	assert.JSONEq(t, `{"trackingNumber":"1Z1","carrierCode":"UPS","carrierCredentialsCode":"ups-warehouse-east"}`, string(create.Last(t).Body))
}

// TestRequestNoDefaultCredential: the assumed refusal becomes the
// dedicated error, which also matches ErrInvalidRequest.
func TestRequestNoDefaultCredential(t *testing.T) {
	for _, status := range []int{400, 422} {
		c, mt := mocked(t)
		mt.RegisterResponder(http.MethodPost, mockRoot+"/api/v2/tracking/create",
			httpmock.NewBytesResponder(status, fixture(t, "assumed-error-no-default-credential.json")))
		// Only a credential without a code sends none.
		codeless := mockCred.Clone()
		codeless.Code = ""
		err := c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS"}, codeless)
		assert.ErrorIs(t, err, ErrCredentialCodeRequired, status)
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest, status)
		assert.Contains(t, err.Error(), "Request.Credential")
		var e *tracking.APIError
		require.ErrorAs(t, err, &e)
		assert.Equal(t, status, e.StatusCode)
	}

	// A code was sent: the refusal is about that code, not a missing default.
	c, mt := mocked(t)
	mt.RegisterResponder(http.MethodPost, mockRoot+"/api/v2/tracking/create", httpmock.NewStringResponder(400, `{"title":"Carrier credential not found"}`))
	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS", Credential: "ups-warehouse-east"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.NotErrorIs(t, err, ErrCredentialCodeRequired)
	assert.Contains(t, err.Error(), "belongs to carrier UPS")

	// Other statuses are not read as a missing default.
	c, mt = mocked(t)
	mt.RegisterResponder(http.MethodPost, mockRoot+"/api/v2/tracking/create", httpmock.NewStringResponder(403, ``))
	err = c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
	assert.NotErrorIs(t, err, ErrCredentialCodeRequired)
}

// TestRequestCustomWire: every unverified name can be changed.
func TestRequestCustomWire(t *testing.T) {
	w := Wire{
		APIKeyHeader: "X-Portal-Key", SecretHeader: "X-Portal-Secret",
		EventsPath: "/api/v3/events", TrackingNumbersParam: "trackingNumbers",
		CreateMethod: http.MethodPut, CreatePath: "/api/v3/trackings",
		Create: CreateFields{TrackingNumber: "number", CarrierCode: "carrier", CredentialCode: "credentialCode"},
	}
	c, mt := mocked(t, WithWire(w), WithAutoRegister(true))
	var get, create carriertest.Recorder
	mt.RegisterResponder(http.MethodGet, mockRoot+"/api/v3/events", get.Responder(404, nil))
	mt.RegisterResponder(http.MethodPut, mockRoot+"/api/v3/trackings", create.Responder(204, nil))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS", Credential: "ups-warehouse-east"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, mockRoot+"/api/v3/events?trackingNumbers=1Z1", get.Last(t).URL)
	assert.Equal(t, "portal-key-0123", get.Last(t).Header.Get("X-Portal-Key"))
	assert.Equal(t, "portal-secret-4567", get.Last(t).Header.Get("X-Portal-Secret"))
	assert.Empty(t, get.Last(t).Header.Get("x-api-key"))
	assert.JSONEq(t, `{"number":"1Z1","carrier":"UPS","credentialCode":"ups-warehouse-east"}`, string(create.Last(t).Body))
}

func TestDefaultWire(t *testing.T) {
	w := DefaultWire()
	assert.Equal(t, w, Wire{}.withDefaults(), "an empty Wire is the default")
	w.APIKeyHeader = "changed"
	assert.Equal(t, "x-api-key", DefaultWire().APIKeyHeader, "callers cannot change the default")
}

func TestNoBaseURL(t *testing.T) {
	c := New()
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z1"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "techtrack.WithBaseURL")
	assert.ErrorIs(t, c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z1", Courier: "UPS"}, mockCred), tracking.ErrInvalidRequest)

	_, err = New(WithBaseURL("acme.techtrack.cloud")).Track(context.Background(), tracking.Request{TrackingNumber: "1Z1"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "no scheme")
}

func TestRequestNothingSentForBadInput(t *testing.T) {
	c, mt := mocked(t)
	ctx := context.Background()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: " "}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	noSecret := mockCred.Clone()
	delete(noSecret.Fields, FieldAPISecret)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1"}, noSecret)
	assert.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), FieldAPISecret)
	assert.ErrorIs(t, c.Register(ctx, tracking.Request{TrackingNumber: "1"}, mockCred), tracking.ErrInvalidRequest, "no courier")
	assert.ErrorIs(t, c.Unregister(ctx, tracking.Request{TrackingNumber: "1"}, mockCred), tracking.ErrUnsupported)
	assert.Zero(t, mt.GetTotalCallCount())
}
