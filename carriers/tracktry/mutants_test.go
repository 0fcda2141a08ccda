package tracktry

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// The tests in this file kill mutants that survived issue 16's gremlins
// run; each names the behaviour it pins, not the mutant.

// fillMeta joins the provider's text and the hint with "; ", adds nothing
// for a documented code without a hint, and names an undocumented code
// that came without text.
func TestFillMetaMessage(t *testing.T) {
	for _, tc := range []struct {
		code      int
		msg, want string
	}{
		{4013, "bad", "bad; set Request.TrackingNumber"},
		{4013, "", "set Request.TrackingNumber"},
		{405, "nope", "nope"},
		{405, "", ""},
		{4999, "", "undocumented Tracktry code"},
		{4999, "odd", "odd"},
	} {
		e := &tracking.APIError{}
		fillMeta(e, tc.code, tc.msg)
		assert.Equal(t, tc.want, e.Message, "%d %q", tc.code, tc.msg)
	}
}

// Only meta.code 429 without a Retry-After gets the configured wait.
func TestMetaErrorRetryAfterOnlyFor429(t *testing.T) {
	c := New()
	c.rateLimitWait = 2 * time.Minute
	r := &transport.Response{StatusCode: 200, Header: http.Header{}}
	assert.Zero(t, c.metaError(r, &wireMeta{Code: 4013}).RetryAfter)
	assert.Equal(t, 2*time.Minute, c.metaError(r, &wireMeta{Code: codeRateLimited}).RetryAfter)
	r = &transport.Response{StatusCode: 200, Header: http.Header{"Retry-After": {"5"}}}
	assert.Equal(t, 5*time.Second, c.metaError(r, &wireMeta{Code: codeRateLimited}).RetryAfter, "a real Retry-After wins")
}

// decodeError leaves e alone for a body without a meta or without a code,
// and gives the configured wait to rate-limit errors only.
func TestDecodeErrorEdges(t *testing.T) {
	c := New()
	c.rateLimitWait = 2 * time.Minute
	decode := func(status int, header http.Header, body string) *tracking.APIError {
		r := &transport.Response{StatusCode: status, Header: header, Body: []byte(body)}
		e := transport.NewAPIError(ID, r, nil)
		c.decodeError(r, e)
		return e
	}
	for _, body := range []string{`{}`, `{"meta":null}`, `{"meta":{"code":0,"message":"x"}}`} {
		e := decode(400, http.Header{}, body)
		assert.Empty(t, e.Code, body)
		assert.Empty(t, e.Message, body)
		assert.ErrorIs(t, e, tracking.ErrInvalidRequest, body)
	}
	assert.Zero(t, decode(400, http.Header{}, `{"meta":{"code":4013}}`).RetryAfter)
	e := decode(429, http.Header{}, `{"meta":{"code":4029,"message":"slow"}}`)
	assert.ErrorIs(t, e, tracking.ErrRateLimited)
	assert.Equal(t, 2*time.Minute, e.RetryAfter)
	assert.Equal(t, 5*time.Second, decode(429, http.Header{"Retry-After": {"5"}}, `{"meta":{"code":4029}}`).RetryAfter)
}

// Without a configured wait the classifier invents no Retry-After, and a
// response without headers is left alone.
func TestClassifierWithoutWait(t *testing.T) {
	body := fixture(t, "error-rate-limited-429.json")
	c := New(WithRateLimitWait(0))
	resp := &http.Response{StatusCode: 200, Header: http.Header{}}
	assert.Equal(t, transport.RateLimited, c.classify(resp, body))
	assert.Empty(t, resp.Header.Get("Retry-After"))
	c = New(WithRateLimitWait(90 * time.Second))
	assert.NotPanics(t, func() {
		assert.Equal(t, transport.RateLimited, c.classify(&http.Response{StatusCode: 200}, body))
	})
}

// A create answer naming the tracking is normalized from it; only 4016 or
// an answer naming nothing gives a plain pending one.
func TestCreateKeepsTheAnswer(t *testing.T) {
	_, c := newMock(t, []reply{ok(`[{"tracking_number":"N1","carrier_code":"usps","status":"transit","title":"t1"}]`)})
	s, err := c.create(context.Background(), tracking.Request{TrackingNumber: "N1", Courier: "usps"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)

	_, c = newMock(t, []reply{metaReply(codeExists, "exists")})
	s, err = c.create(context.Background(), tracking.Request{TrackingNumber: "N1", Courier: "usps"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
}

// created and get fill only what the answer leaves empty.
func TestFillsOnlyEmptyIdentity(t *testing.T) {
	s := created(&wireTracking{}, "N1", "usps", nil)
	assert.Equal(t, "N1", s.TrackingNumber)
	assert.Equal(t, courierCodes.Courier("usps"), s.Courier)
	s = created(&wireTracking{TrackingNumber: "n1", CarrierCode: "dhl", Status: "transit"}, "N1", "usps", nil)
	assert.Equal(t, "n1", s.TrackingNumber)
	assert.Equal(t, courierCodes.Courier("dhl"), s.Courier)
	assert.Equal(t, tracking.StatusInTransit, s.Status)

	_, c := newMock(t, []reply{ok(`[{"id":"i1","status":"transit"}]`)})
	s, err := c.get(context.Background(), "usps", "X1", mockCred)
	require.NoError(t, err)
	assert.Equal(t, "X1", s.TrackingNumber)
	assert.Equal(t, courierCodes.Courier("usps"), s.Courier)
}

// pick prefers the tracking matching number and courier over the first.
func TestPickMatchesNumberAndCourier(t *testing.T) {
	ws := []wireTracking{{TrackingNumber: "N2", CarrierCode: "usps"}, {TrackingNumber: "N1", CarrierCode: "dhl"}, {TrackingNumber: "N1", CarrierCode: "usps"}}
	assert.Same(t, &ws[1], pick(ws, "N1", ""))
	assert.Same(t, &ws[2], pick(ws, "N1", "usps"))
}

// A batch error naming no carrier applies to the item; a batch answer
// without data, or an empty one, adds every item.
func TestBatchErrorMatchingAndEmptyData(t *testing.T) {
	be, ok := matchError([]batchError{{TrackingNumber: "N1", Code: 4014}}, "usps")
	assert.True(t, ok)
	assert.Equal(t, 4014, be.code())
	_, ok = matchError([]batchError{{TrackingNumber: "N1", CarrierCode: "dhl"}}, "usps")
	assert.False(t, ok)
	for _, data := range []string{"", "[]", "null"} {
		r, err := readBatch([]byte(data))
		require.NoError(t, err, data)
		assert.Empty(t, r.errs, data)
	}
	_, err := readBatchError([]byte(`"not json"`))
	assert.Error(t, err)
}

// A later chunk failing ends the batch: no further call is made.
func TestRegisterBatchStopsAfterFailedChunk(t *testing.T) {
	m, c := newMock(t, []reply{ok(`null`), metaReply(4001, "no"), ok(`null`)}, WithBatchSize(1))
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "A1", Courier: "usps"}, {TrackingNumber: "B2", Courier: "usps"}, {TrackingNumber: "C3", Courier: "usps"},
	}, mockCred)
	require.NoError(t, err)
	assert.NoError(t, results[0].Err)
	assert.ErrorIs(t, results[1].Err, tracking.ErrUnauthorized)
	assert.ErrorIs(t, results[2].Err, tracking.ErrUnauthorized)
	assert.Nil(t, results[2].Shipment)
	assert.Len(t, m.requests(), 2)
}

// A 202 answer gives every item it does not name an error.
func TestRegisterBatch202EveryMissingItem(t *testing.T) {
	_, c := newMock(t, []reply{{body: `{"meta":{"code":202},"data":{"trackings":[]}}`}})
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "A1", Courier: "usps"}, {TrackingNumber: "B2", Courier: "usps"},
	}, mockCred)
	require.NoError(t, err)
	for _, r := range results {
		assert.ErrorIs(t, r.Err, tracking.ErrQuotaExceeded, r.Request.TrackingNumber)
	}
}

// Realtime fills only what the answer leaves empty.
func TestRealtimeFillsOnlyEmptyIdentity(t *testing.T) {
	_, c := newMock(t, []reply{ok(`[{"id":"i1","status":"transit"}]`)})
	s, err := c.Realtime(context.Background(), tracking.Request{TrackingNumber: "X1", Courier: "usps"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, "X1", s.TrackingNumber)
	assert.Equal(t, courierCodes.Courier("usps"), s.Courier)
}

// isLetters takes both ends of both ASCII letter ranges and nothing
// between them.
func TestIsLettersBounds(t *testing.T) {
	assert.True(t, isLetters("azAZ"))
	for _, s := range []string{"[", "`", "@", "{", "1"} {
		assert.False(t, isLetters(s), s)
	}
}

// A number with a comma fails alone, before any call: it would split the
// numbers filter.
func TestTrackBatchCommaNumberFailsAlone(t *testing.T) {
	m, c := newMock(t, nil)
	results, err := c.TrackBatch(context.Background(), []tracking.Request{{TrackingNumber: "A1,B2"}}, mockCred)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err, tracking.ErrInvalidRequest)
	assert.Empty(t, m.requests())
}

// Without a courier the first tracking listed for the number answers; the
// not-found hint asks for the courier only when it was missing.
func TestTrackBatchFirstMatchAndHint(t *testing.T) {
	_, c := newMock(t, []reply{ok(`{"items":[{"id":"1","tracking_number":"N1","carrier_code":"usps","status":"transit"},
	  {"id":"2","tracking_number":"N1","carrier_code":"dhl","status":"delivered"}]}`)})
	results, err := c.TrackBatch(context.Background(), []tracking.Request{{TrackingNumber: "N1"}, {TrackingNumber: "M1"}, {TrackingNumber: "M2", Courier: "usps"}}, mockCred)
	require.NoError(t, err)
	require.NotNil(t, results[0].Shipment)
	assert.Equal(t, courierCodes.Courier("usps"), results[0].Shipment.Courier)
	assert.ErrorIs(t, results[1].Err, tracking.ErrNotFound)
	assert.Contains(t, results[1].Err.Error(), "with Request.Courier set")
	assert.ErrorIs(t, results[2].Err, tracking.ErrNotFound)
	assert.NotContains(t, results[2].Err.Error(), "with Request.Courier set")
}

// A tracking auto-registered by TrackBatch is pending whatever the create
// answer says.
func TestTrackBatchAutoRegisteredIsPending(t *testing.T) {
	_, c := newMock(t, []reply{ok(`{"items":[]}`),
		ok(`{"trackings":[{"tracking_number":"N1","carrier_code":"usps","status":"transit"}]}`)}, WithAutoRegister(true))
	results, err := c.TrackBatch(context.Background(), []tracking.Request{{TrackingNumber: "N1", Courier: "usps"}}, mockCred)
	require.NoError(t, err)
	require.NoError(t, results[0].Err)
	assert.Equal(t, tracking.StatusPending, results[0].Shipment.Status)
}

// A provider repeating a page is named with both page numbers.
func TestListRepeatedPageNamed(t *testing.T) {
	item := `{"items":[{"id":"1","tracking_number":"A","status":"transit"},{"id":"2","tracking_number":"B","status":"transit"}]}`
	_, c := newMock(t, []reply{ok(item)})
	var last error
	for _, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		last = err
	}
	require.Error(t, last)
	assert.Contains(t, last.Error(), "page 2 repeats page 1")
}

// A page reaching total exactly is the last; an answer without data ends
// the listing.
func TestListStopsAtTotal(t *testing.T) {
	m, c := newMock(t, []reply{ok(`{"limit":2,"total":2,"items":[{"id":"1","tracking_number":"A"},{"id":"2","tracking_number":"B"}]}`),
		ok(`{"items":[{"id":"3","tracking_number":"C"}]}`)})
	n := 0
	for _, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Len(t, m.requests(), 1)

	_, c = newMock(t, []reply{{body: `{"meta":{"code":200}}`}})
	assert.NotPanics(t, func() {
		for _, err := range c.ListMatching(context.Background(), Query{}, mockCred) {
			_ = err
		}
	})
}

// List's status filter skips a tracking of another status and goes on.
func TestListStatusFilterSkipsOthers(t *testing.T) {
	_, c := newMock(t, []reply{ok(`{"items":[{"id":"1","tracking_number":"A","status":"transit"},{"id":"2","tracking_number":"B","status":"delivered"}]}`)})
	var got []string
	for s, err := range c.List(context.Background(), tracking.ListOptions{Status: tracking.StatusDelivered}, mockCred) {
		require.NoError(t, err)
		got = append(got, s.TrackingNumber)
	}
	assert.Equal(t, []string{"B"}, got)
}

// DeliveredAt is the time of the first delivered event in Events' order.
func TestDeliveredAtFirstDeliveredEvent(t *testing.T) {
	w := &wireTracking{TrackingNumber: "N1", Status: "delivered", OriginInfo: &wireInfo{TrackInfo: []wireEvent{
		{Date: "2026-02-20 10:00:00", StatusDescription: "Delivered again", CheckpointStatus: "delivered"},
		{Date: "2026-02-19 10:00:00", StatusDescription: "Delivered", CheckpointStatus: "delivered"},
	}}}
	s := toShipment(w, time.UTC)
	var first *time.Time
	n := 0
	for _, e := range s.Events {
		if e.Status == tracking.StatusDelivered {
			if first == nil {
				first = &e.Time
			}
			n++
		}
	}
	require.Equal(t, 2, n)
	require.NotNil(t, s.DeliveredAt)
	assert.Equal(t, *first, *s.DeliveredAt)
}

// A request without a query has no "?" on the wire.
func TestNoEmptyQueryOnTheWire(t *testing.T) {
	var urls []string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		urls = append(urls, r.URL.String())
		return &http.Response{StatusCode: 200, Header: http.Header{}, Request: r,
			Body: io.NopCloser(strings.NewReader(`{"meta":{"code":200},"data":[{"tracking_number":"X1"}]}`))}, nil
	})
	c := New(append([]Option{WithHTTPClient(&http.Client{Transport: rt})}, testOptions(mockRoot)...)...)
	_, err := c.get(context.Background(), "usps", "X1", mockCred)
	require.NoError(t, err)
	assert.Equal(t, []string{mockRoot + "/v1/trackings/usps/X1"}, urls)
}
