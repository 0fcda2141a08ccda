package transport_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// A decoder that finds the provider's code but no message keeps the
// message empty: the body's text stands in only when it found neither.
func TestCheckResponseKeepsACodeWithoutMessage(t *testing.T) {
	r := &transport.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}, Body: []byte("plain words")}
	err := transport.CheckResponse("fake", r, func(_ *transport.Response, e *tracking.APIError) { e.Code = "E42" })
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "E42", apiErr.Code)
	assert.Empty(t, apiErr.Message)

	err = transport.CheckResponse("fake", r, nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "plain words", apiErr.Message)
}

// The first request-id header present wins.
func TestNewAPIErrorTakesTheFirstRequestID(t *testing.T) {
	h := http.Header{}
	h.Set("X-Request-Id", "first")
	h.Set("Request-Id", "second")
	h.Set("X-Amzn-Requestid", "third")
	e := transport.NewAPIError("fake", &transport.Response{StatusCode: 500, Header: h}, nil)
	assert.Equal(t, "first", e.RequestID)
}

// With a client not built by New, Do completes an *APIError its
// transport returns (carrier, attempts), and hands on a context error the
// transport returns while the caller's context is still alive as it is.
func TestDoCompletesErrorsFromAPlainClient(t *testing.T) {
	hc := &http.Client{Transport: rtFunc(func(*http.Request) (*http.Response, error) {
		return nil, &tracking.APIError{Kind: tracking.ErrRateLimited}
	})}
	_, err := get(t, hc, context.Background(), "http://provider.example/")
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "fake", apiErr.Carrier)
	assert.Equal(t, 1, apiErr.Attempts)

	hc = &http.Client{Transport: rtFunc(func(*http.Request) (*http.Response, error) {
		return nil, &tracking.APIError{Kind: tracking.ErrRateLimited, Carrier: "other", Attempts: 3}
	})}
	_, err = get(t, hc, context.Background(), "http://provider.example/")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "other", apiErr.Carrier)
	assert.Equal(t, 3, apiErr.Attempts)

	for _, cause := range []error{context.Canceled, context.DeadlineExceeded} {
		hc = &http.Client{Transport: rtFunc(func(*http.Request) (*http.Response, error) { return nil, cause })}
		_, err = get(t, hc, context.Background(), "http://provider.example/")
		require.ErrorIs(t, err, cause)
		assert.False(t, errors.As(err, &apiErr), "a context error is not turned into an APIError")
	}
}

// Used directly, without Do, the client completes an *APIError its base
// returns (carrier, attempts), and keeps what the error already says.
func TestBaseAPIErrorIsCompletedWithoutDo(t *testing.T) {
	for _, tt := range []struct {
		given        *tracking.APIError
		wantCarrier  string
		wantAttempts int
	}{
		{&tracking.APIError{Kind: tracking.ErrRateLimited}, "direct", 1},
		{&tracking.APIError{Kind: tracking.ErrRateLimited, Carrier: "other", Attempts: 5}, "other", 5},
	} {
		hc := transport.New(transport.WithCarrier("direct"), transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
			transport.WithBase(rtFunc(func(*http.Request) (*http.Response, error) { return nil, tt.given })))
		resp, err := hc.Get("http://provider.example/")
		if resp != nil {
			_ = resp.Body.Close()
		}
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, tt.wantCarrier, apiErr.Carrier)
		assert.Equal(t, tt.wantAttempts, apiErr.Attempts)
	}
}
