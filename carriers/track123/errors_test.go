package track123

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// TestEveryDocumentedCode walks Track123's code table.
func TestEveryDocumentedCode(t *testing.T) {
	tests := map[string]error{
		"A0001": tracking.ErrInvalidRequest,
		"A0200": tracking.ErrUnauthorized,
		"A0201": tracking.ErrUnauthorized,
		"A0202": tracking.ErrUnauthorized,
		"A0203": tracking.ErrUnauthorized,
		"A0230": tracking.ErrUnauthorized,
		"A0231": tracking.ErrUnauthorized,
		"A0300": tracking.ErrUnauthorized,
		"A0301": tracking.ErrUnauthorized,
		"A0400": tracking.ErrInvalidRequest,
		"A0410": tracking.ErrInvalidRequest,
		"A0706": tracking.ErrRateLimited,
		"B0001": tracking.ErrUnavailable,
		"B0100": tracking.ErrUnavailable,
		"B0210": tracking.ErrRateLimited,
		"B0300": tracking.ErrUnavailable,
		"B0310": tracking.ErrUnavailable,
		"C0113": tracking.ErrUnsupported,
		"D0000": tracking.ErrInvalidRequest,
		"Z9999": tracking.ErrInvalidResponse, // not documented
		"":      tracking.ErrInvalidResponse,
	}
	assert.Len(t, codes, len(tests)-2, "every documented code is in the table")
	r := &transport.Response{StatusCode: http.StatusOK, Header: http.Header{}}
	for code, want := range tests {
		e := codeError(r, code, "some message", "trace-1")
		assert.ErrorIs(t, e, want, code)
		assert.Equal(t, code, e.Code, "the code is kept")
		assert.Equal(t, "trace-1", e.RequestID)
		assert.Equal(t, http.StatusOK, e.StatusCode)
	}
}

func TestMessagesRefineTheCode(t *testing.T) {
	r := &transport.Response{StatusCode: http.StatusOK, Header: http.Header{}}
	tests := []struct {
		code, msg string
		want      error
	}{
		{"A0400", "trackNo not registered", tracking.ErrNotFound},
		{"A0400", "TrackNo Not Registered", tracking.ErrNotFound},
		{"A0400", "The order number has been imported", tracking.ErrInvalidRequest},
		{"A0400", "unsupported logistics supplier code", tracking.ErrInvalidRequest},
		{"A0400", "insufficient balance", tracking.ErrQuotaExceeded},
		{"B0310", "quota exhausted", tracking.ErrQuotaExceeded},
		{"D0000", "tracking does not exist", tracking.ErrNotFound},
		{"C0113", "Interface does not exist", tracking.ErrUnsupported},
		{"A0230", "trackNo not registered", tracking.ErrUnauthorized}, // auth is never overridden
		{"A0706", "balance", tracking.ErrRateLimited},
	}
	for _, tt := range tests {
		assert.ErrorIs(t, codeError(r, tt.code, tt.msg, ""), tt.want, tt.code+" "+tt.msg)
	}
}

func TestClassify(t *testing.T) {
	tests := map[string]transport.Verdict{
		`{"code":"A0706","msg":"Too Many Requests"}`: transport.RateLimited,
		`{"code":"B0210"}`:                           transport.RateLimited,
		`{"code":"B0001"}`:                           transport.Retryable,
		`{"code":"B0100"}`:                           transport.Retryable,
		`{"code":"B0300"}`:                           transport.Retryable,
		`{"code":"B0310"}`:                           transport.Retryable,
		`{"code":"00000","data":{}}`:                 transport.Final,
		`{"code":"A0230"}`:                           transport.Final,
		`{"code":"C0113"}`:                           transport.Final,
		`{"code":706}`:                               transport.Final,
		`<html>bad gateway</html>`:                   transport.Final,
		``:                                           transport.Final,
		`[]`:                                         transport.Final,
	}
	for body, want := range tests {
		assert.Equal(t, want, classify(&http.Response{StatusCode: 200}, []byte(body)), body)
	}
}

func TestDecodeErrorForHTTPErrors(t *testing.T) {
	decodeWith := func(status int, body string) *tracking.APIError {
		r := &transport.Response{StatusCode: status, Header: http.Header{}, Body: []byte(body)}
		err := transport.CheckResponse(ID, r, decodeError)
		var e *tracking.APIError
		require.True(t, errors.As(err, &e))
		return e
	}
	e := decodeWith(401, `{"code":"A0230","msg":"Token invalid or expired","data":null,"traceId":"t1"}`)
	assert.ErrorIs(t, e, tracking.ErrUnauthorized)
	assert.Equal(t, "A0230", e.Code)
	assert.Equal(t, "t1", e.RequestID)

	e = decodeWith(400, `{"code":"A0410","message":"trackNo is required","data":null}`)
	assert.ErrorIs(t, e, tracking.ErrInvalidRequest)
	assert.Contains(t, e.Message, "trackNo is required")

	e = decodeWith(429, `{"code":"A0706","msg":"Too Many Requests"}`)
	assert.ErrorIs(t, e, tracking.ErrRateLimited)

	e = decodeWith(404, `<html>Not Found</html>`)
	assert.ErrorIs(t, e, tracking.ErrUnsupported, "a 404 means no such route")

	e = decodeWith(502, `<html>Bad Gateway</html>`)
	assert.ErrorIs(t, e, tracking.ErrUnavailable)
	assert.Empty(t, e.Code)

	e = decodeWith(500, `{"code":"B0001","msg":"System execution error"}`)
	assert.ErrorIs(t, e, tracking.ErrUnavailable)
	assert.Equal(t, "B0001", e.Code)
}

func TestAlreadyRegistered(t *testing.T) {
	assert.True(t, alreadyRegistered("The order number has been imported"))
	assert.True(t, alreadyRegistered("trackNo has already been imported"))
	assert.True(t, alreadyRegistered("Duplicate trackNo"))
	assert.False(t, alreadyRegistered("trackNo not registered"))
	assert.False(t, alreadyRegistered("unsupported logistics supplier code"))
}
