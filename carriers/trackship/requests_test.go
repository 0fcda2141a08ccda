package trackship

import (
	"context"
	"encoding/json"
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

const mockRoot = "https://trackship.test"

var mockCred = credentials.Credential{
	Code: "main", Carrier: ID, Active: true, Default: true,
	Fields: map[string]credentials.Secret{FieldAPIKey: "key-0123456789", FieldAppName: "Example Store"},
}

func mocked(t *testing.T, opts ...Option) (*Carrier, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]Option{
		WithBaseURL(mockRoot + "/"),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithRetry(transport.RetryPolicy{MaxRetries: -1}),
	}, opts...)
	return New(opts...), mt
}

func assertAuthHeaders(t *testing.T, h http.Header) {
	t.Helper()
	assert.Equal(t, []string{"key-0123456789"}, h.Values("trackship-api-key"))
	assert.Equal(t, []string{"Example Store"}, h.Values("app-name"))
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "application/json", h.Get("Accept"))
}

func TestRequestGet(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", rec.Responder(200, fixture(t, "get-shipment-delivered.json")))

	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " 9200000000000000000045 ", Courier: "usps"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, http.MethodPost, rec.Last(t).Method)
	assert.Equal(t, mockRoot+"/v1/shipment/get/", rec.Last(t).URL, "documented trailing slash, no query")
	assertAuthHeaders(t, rec.Last(t).Header)
	assert.JSONEq(t, string(fixture(t, "get-shipment-request.json")), string(rec.Last(t).Body))
	assert.Equal(t, 1, mt.GetTotalCallCount(), "asked once, no create for a known number")
}

func TestRequestGetWithoutCourier(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", rec.Responder(200, fixture(t, "get-shipment-delivered.json")))
	_, err := c.Detail(context.Background(), tracking.Request{TrackingNumber: "9200000000000000000045"}, mockCred)
	require.NoError(t, err)
	assert.JSONEq(t, `{"tracking_number":"9200000000000000000045"}`, string(rec.Last(t).Body))
}

func TestRequestCreate(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/create/", rec.Responder(200, fixture(t, "create-shipment-response.json")))

	req := tracking.Request{
		TrackingNumber: "1Z999AA10000000033", Courier: "ups", PostalCode: "98012", DestinationCountry: "US",
		Metadata: map[string]string{
			MetaOrderID: "1042", MetaCustomerName: "Jamie Example", MetaCustomerEmail: "jamie@example.com,ops@example.com",
			MetaCustomerPhone: "+15555550101", MetaShippingAddress1: "100 Example Ave", MetaShippingAddress2: "Apt 1",
			MetaShippingCity: "Mill Creek", MetaShippingState: "WA", MetaShippingPostcode: "98012",
			"title": "ignored",
		},
	}
	require.NoError(t, c.Register(context.Background(), req, mockCred))
	assert.Equal(t, http.MethodPost, rec.Last(t).Method)
	assert.Equal(t, mockRoot+"/v1/shipment/create/", rec.Last(t).URL)
	assertAuthHeaders(t, rec.Last(t).Header)
	// The fixture's body without shipment_items, which Request cannot carry.
	var want map[string]any
	require.NoError(t, json.Unmarshal(fixture(t, "create-shipment-request.json"), &want))
	delete(want, "shipment_items")
	wantBody, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantBody), string(rec.Last(t).Body))
}

func TestRequestCreateMinimal(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/create/", rec.Responder(200, fixture(t, "create-shipment-response.json")))
	require.NoError(t, c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z9", Courier: "ups"}, mockCred))
	assert.JSONEq(t, `{"tracking_number":"1Z9","tracking_provider":"ups","order_id":"1Z9"}`, string(rec.Last(t).Body), "order id defaults to the number")
}

// TestRequestTrackRegisters: with WithAutoRegister(true), get once, then
// create, then answer pending.
func TestRequestTrackRegisters(t *testing.T) {
	c, mt := mocked(t, WithAutoRegister(true))
	var get, create carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", get.Responder(200, fixture(t, "error-get-not-found.json")))
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/create/", create.Responder(200, fixture(t, "create-shipment-response.json")))

	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z9", Courier: "ups"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	assert.Equal(t, "pending_trackship", s.Raw.Code)
	assert.Equal(t, ID, s.Carrier)
	assert.Equal(t, "ups", s.Courier)
	info := mt.GetCallCountInfo()
	assert.Equal(t, 1, info["POST "+mockRoot+"/v1/shipment/get/"])
	assert.Equal(t, 1, info["POST "+mockRoot+"/v1/shipment/create/"])
}

func TestRequestTrackNoAutoRegister(t *testing.T) {
	c, mt := mocked(t, WithAutoRegister(false))
	var get carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", get.Responder(200, fixture(t, "error-get-not-found.json")))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z9", Courier: "ups"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "no create")
}

func TestRequestDelete(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/delete", rec.Responder(200, []byte(`{"status":"ok","status_msg":"deleted"}`)))
	req := tracking.Request{TrackingNumber: "1Z9", Courier: "ups", Metadata: map[string]string{MetaOrderID: "77"}}
	require.NoError(t, c.Unregister(context.Background(), req, mockCred))
	assert.Equal(t, http.MethodPost, rec.Last(t).Method)
	assert.Equal(t, mockRoot+"/v1/shipment/delete", rec.Last(t).URL, "no trailing slash, as the plugin sends it")
	assertAuthHeaders(t, rec.Last(t).Header)
	assert.JSONEq(t, `{"order_id":"77","tracking_number":"1Z9","tracking_provider":"ups"}`, string(rec.Last(t).Body))
}

func TestRequestCouriers(t *testing.T) {
	c, mt := mocked(t)
	var rec carriertest.Recorder
	mt.RegisterResponder(http.MethodGet, mockRoot+"/v1/shipping_carriers/supported", rec.Responder(200, fixture(t, "supported-carriers.json")))
	list, err := c.Couriers(context.Background())
	require.NoError(t, err)
	assert.Len(t, list, 4)
	assert.Equal(t, http.MethodGet, rec.Last(t).Method)
	assert.Empty(t, rec.Last(t).Header.Get("trackship-api-key"), "no credential on the public route")
	assert.Empty(t, rec.Last(t).Body)

	list[0].Slug = "changed by the caller"
	again, err := c.Couriers(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ups", again[0].Slug, "the cache is not shared with callers")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "cached")
}

// TestRequestNothingSentForBadInput: refused before any request.
func TestRequestNothingSentForBadInput(t *testing.T) {
	c, mt := mocked(t)
	ctx := context.Background()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "  "}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)

	noApp := mockCred.Clone()
	delete(noApp.Fields, FieldAppName)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1"}, noApp)
	assert.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), FieldAppName)

	assert.ErrorIs(t, c.Register(ctx, tracking.Request{TrackingNumber: "1"}, mockCred), tracking.ErrInvalidRequest, "no courier")

	bad := New(WithBaseURL("ftp://nowhere"))
	_, err = bad.Track(ctx, tracking.Request{TrackingNumber: "1"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	_, err = bad.Couriers(ctx)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount())
}
