package tracking_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

var categories = []error{
	tracking.ErrNotFound, tracking.ErrUnauthorized, tracking.ErrRateLimited,
	tracking.ErrInvalidRequest, tracking.ErrQuotaExceeded, tracking.ErrUnavailable,
	tracking.ErrUnsupported, tracking.ErrInvalidResponse,
}

func TestAPIErrorMatchesItsKindOnly(t *testing.T) {
	for _, kind := range categories {
		err := fmt.Errorf("wrapped: %w", &tracking.APIError{Carrier: "acme", StatusCode: http.StatusTeapot, Kind: kind})
		for _, other := range categories {
			assert.Equal(t, kind == other, errors.Is(err, other), "Kind %v, target %v", kind, other)
		}
		assert.NotErrorIs(t, err, tracking.ErrUnknownCarrier)
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, kind, apiErr.Category())
		assert.Equal(t, "acme", apiErr.Carrier)
	}
}

func TestAPIErrorCategoryFromStatus(t *testing.T) {
	for status, want := range map[int]error{
		401: tracking.ErrUnauthorized, 404: tracking.ErrNotFound, 429: tracking.ErrRateLimited,
		402: tracking.ErrQuotaExceeded, 503: tracking.ErrUnavailable, 400: tracking.ErrInvalidRequest,
	} {
		err := &tracking.APIError{StatusCode: status}
		assert.ErrorIs(t, err, want, status)
		assert.Equal(t, want, err.Category(), status)
	}
	// Kind wins over the status: some providers answer 200 or 400 for everything.
	err := &tracking.APIError{StatusCode: 400, Kind: tracking.ErrNotFound}
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.NotErrorIs(t, err, tracking.ErrInvalidRequest)
}

func TestCategoryForStatus(t *testing.T) {
	tests := []struct {
		status int
		want   error
	}{
		{0, tracking.ErrUnavailable},
		{200, tracking.ErrInvalidResponse},
		{204, tracking.ErrInvalidResponse},
		{301, tracking.ErrInvalidResponse},
		{304, tracking.ErrInvalidResponse},
		{400, tracking.ErrInvalidRequest},
		{401, tracking.ErrUnauthorized},
		{402, tracking.ErrQuotaExceeded},
		{403, tracking.ErrUnauthorized},
		{404, tracking.ErrNotFound},
		{405, tracking.ErrInvalidRequest},
		{408, tracking.ErrUnavailable},
		{409, tracking.ErrInvalidRequest},
		{410, tracking.ErrNotFound},
		{413, tracking.ErrInvalidRequest},
		{422, tracking.ErrInvalidRequest},
		{429, tracking.ErrRateLimited},
		{499, tracking.ErrInvalidRequest},
		{500, tracking.ErrUnavailable},
		{501, tracking.ErrUnsupported},
		{502, tracking.ErrUnavailable},
		{503, tracking.ErrUnavailable},
		{504, tracking.ErrUnavailable},
		{599, tracking.ErrUnavailable},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tracking.CategoryForStatus(tt.status), "status %d", tt.status)
	}
}

func TestAPIErrorText(t *testing.T) {
	err := &tracking.APIError{
		Carrier: "acme", StatusCode: 429, Code: "A0706", Message: "too many requests",
		RequestID: "req-42", RetryAfter: 2 * time.Second, Attempts: 3,
	}
	assert.Equal(t, "acme: rate limited (HTTP 429, code A0706): too many requests; retry after 2s; 3 attempts; "+
		"request id req-42; slow down or lower the carrier's rate limit", err.Error())

	tests := []struct {
		name string
		err  *tracking.APIError
		want []string
	}{
		{"unauthorized hint", &tracking.APIError{Carrier: "acme", StatusCode: 401},
			[]string{"acme: unauthorized (HTTP 401)", "check the credential's fields"}},
		{"quota hint", &tracking.APIError{Carrier: "acme", StatusCode: 402},
			[]string{"quota exceeded", "top up or upgrade"}},
		{"unavailable hint", &tracking.APIError{Carrier: "acme", StatusCode: 503, Attempts: 5},
			[]string{"provider unavailable (HTTP 503)", "5 attempts", "retry later"}},
		{"code without status", &tracking.APIError{Carrier: "acme", Code: "E1", Kind: tracking.ErrNotFound},
			[]string{"acme: not found (code E1)"}},
		{"not found hint", &tracking.APIError{Carrier: "acme", StatusCode: 404},
			[]string{"check the tracking number and courier code"}},
		{"invalid request hint", &tracking.APIError{Carrier: "acme", StatusCode: 400, Message: "courier_code is required"},
			[]string{"courier_code is required; correct the request as the provider's message says"}},
		{"unsupported hint", &tracking.APIError{Carrier: "acme", StatusCode: 501},
			[]string{"use a courier or carrier that supports this request"}},
		{"invalid response hint", &tracking.APIError{Carrier: "acme", StatusCode: 200, Kind: tracking.ErrInvalidResponse},
			[]string{"report it with the carrier ID"}},
		{"no carrier", &tracking.APIError{StatusCode: 404},
			[]string{"tracking: not found (HTTP 404)"}},
		{"cause", &tracking.APIError{Carrier: "acme", Kind: tracking.ErrUnavailable, Message: "could not reach the provider", Err: io.ErrUnexpectedEOF},
			[]string{"could not reach the provider: unexpected EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				assert.Contains(t, tt.err.Error(), w)
			}
		})
	}
	one := (&tracking.APIError{Carrier: "acme", StatusCode: 404, Attempts: 1}).Error()
	assert.NotContains(t, one, "attempts", "a single attempt is not worth saying")
}

func TestAPIErrorShortensMessage(t *testing.T) {
	err := &tracking.APIError{Carrier: "acme", StatusCode: 500, Message: strings.Repeat("é", 1000)}
	text := err.Error()
	assert.Less(t, len(text), 400)
	assert.Contains(t, text, "…")
	assert.True(t, utf8.ValidString(text))
}

func TestAPIErrorUnwrap(t *testing.T) {
	err := error(&tracking.APIError{Carrier: "acme", Kind: tracking.ErrUnavailable, Err: io.ErrUnexpectedEOF})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, io.ErrUnexpectedEOF, errors.Unwrap(err))
	assert.NoError(t, errors.Unwrap(&tracking.APIError{StatusCode: 404}))
}

func TestDecodeError(t *testing.T) {
	inner := errors.New("want string, got number")
	err := fmt.Errorf("track: %w", &tracking.DecodeError{Carrier: "acme", Field: "data.status", Err: inner})
	assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
	assert.ErrorIs(t, err, inner)
	assert.NotErrorIs(t, err, tracking.ErrNotFound)
	var de *tracking.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "data.status", de.Field)
	assert.Contains(t, err.Error(), "acme: cannot decode field data.status: want string, got number")
	assert.Contains(t, err.Error(), "report it with the carrier ID")

	whole := &tracking.DecodeError{Carrier: "acme", Err: errors.New("empty body")}
	assert.Contains(t, whole.Error(), "cannot decode response body: empty body")
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 0, ""},
		{"", 5, ""},
		{"hello", 5, "hello"},
		{"hello", 10, "hello"},
		{"hello world", 5, "hello…"},
		{"hello", 0, "…"},
		{"héllo", 2, "h…"},  // é is two bytes: never cut in its middle
		{"héllo", 3, "hé…"}, // exactly after é
		{"日本語", 4, "日…"},    // three-byte runes
		{"日本語", 6, "日本…"},   // on a boundary
		{"a😀b", 4, "a…"},    // four-byte rune
		{"a😀b", 5, "a😀…"},   // after it
		{"😀", 3, "…"},       // nothing fits
		{"hello", -1, "…"},  // a negative n keeps nothing, and does not panic
		{"", -1, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tracking.Truncate(tt.s, tt.n), "Truncate(%q, %d)", tt.s, tt.n)
	}
	s := "aé日😀bé日😀c"
	for n := 0; n <= len(s)+1; n++ {
		got := tracking.Truncate(s, n)
		assert.True(t, utf8.ValidString(got), "Truncate(%q, %d) = %q", s, n, got)
		kept := strings.TrimSuffix(got, "…")
		assert.LessOrEqual(t, len(kept), n)
		assert.True(t, strings.HasPrefix(s, kept))
	}
}
