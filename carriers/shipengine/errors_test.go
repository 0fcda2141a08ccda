package shipengine

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// decoded runs the error path of transport.Do on a status and body.
func decoded(status int, header http.Header, body []byte) *tracking.APIError {
	if header == nil {
		header = http.Header{}
	}
	err := transport.CheckResponse(ID, &transport.Response{StatusCode: status, Header: header, Body: body, Attempts: 1}, decodeError)
	var apiErr *tracking.APIError
	if !errors.As(err, &apiErr) {
		panic("CheckResponse returned no *tracking.APIError")
	}
	return apiErr
}

func TestDecodeErrorFixtures(t *testing.T) {
	for _, tc := range []struct {
		file      string
		status    int
		kind      error
		code      string
		requestID string
		message   string
	}{
		{"error-invalid-tracking-number-400.json", 400, tracking.ErrInvalidRequest, "invalid_field_value",
			"5e1c2d3f-8a9b-4c0d-9e1f-2a3b4c5d6e7f", "tracking_number is invalid"},
		{"error-tracking-not-supported-400.json", 400, tracking.ErrUnsupported, "tracking_not_supported",
			"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "Tracking is not supported for this carrier. (carrier example_carrier)"},
		{"error-unauthorized-401.json", 401, tracking.ErrUnauthorized, "unauthorized",
			"7d2a9c1e-1b2c-4d3e-8f40-5a6b7c8d9e0f", "The API key is invalid."},
		{"error-not-found-404.json", 404, tracking.ErrNotFound, "invalid_identifier",
			"2f4e6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b", "label_id se-0000000 was not found"},
		{"error-webhook-conflict-409.json", 409, tracking.ErrInvalidRequest, "webhook_event_type_conflict",
			"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "A webhook for the track event already exists."},
		{"error-rate-limited-429.json", 429, tracking.ErrRateLimited, "rate_limit_exceeded",
			"204c855f-dcc0-4270-ba12-c585fc5ef4bf", "You have exceeded the rate limit."},
	} {
		t.Run(tc.file, func(t *testing.T) {
			e := decoded(tc.status, nil, fixture(t, tc.file))
			if !errors.Is(e, tc.kind) || e.Code != tc.code || e.RequestID != tc.requestID || e.StatusCode != tc.status {
				t.Errorf("got kind %v, code %q, request id %q, status %d; want %v, %q, %q, %d",
					e.Category(), e.Code, e.RequestID, e.StatusCode, tc.kind, tc.code, tc.requestID, tc.status)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("Message %q does not contain %q", e.Message, tc.message)
			}
		})
	}
}

func TestDecodeErrorRules(t *testing.T) {
	envelope := func(items ...string) []byte {
		return []byte(`{"request_id":"r-1","errors":[` + strings.Join(items, ",") + `]}`)
	}
	item := func(source, typ, code string) string {
		return `{"error_source":"` + source + `","error_type":"` + typ + `","error_code":"` + code + `","message":"m"}`
	}
	for _, tc := range []struct {
		name   string
		status int
		body   []byte
		kind   error
		code   string
	}{
		{"invalid_identifier with 400 is a malformed id", 400, envelope(item("shipengine", "validation", "invalid_identifier")), tracking.ErrInvalidRequest, "invalid_identifier"},
		{"invalid_identifier with 404 is not found", 404, envelope(item("shipengine", "validation", "invalid_identifier")), tracking.ErrNotFound, "invalid_identifier"},
		{"rate limit from the carrier under 400", 400, envelope(item("carrier", "system", "rate_limit_exceeded")), tracking.ErrRateLimited, "rate_limit_exceeded"},
		{"429 decides whatever the code", 429, envelope(item("shipengine", "system", "unspecified")), tracking.ErrRateLimited, "unspecified"},
		{"401 decides whatever the code", 401, envelope(item("shipengine", "validation", "invalid_field_value")), tracking.ErrUnauthorized, "invalid_field_value"},
		{"forbidden", 403, envelope(item("shipengine", "security", "forbidden")), tracking.ErrUnauthorized, "forbidden"},
		{"security type with an unlisted code", 400, envelope(item("shipengine", "security", "new_code")), tracking.ErrUnauthorized, "new_code"},
		{"account status type", 400, envelope(item("shipengine", "account_status", "new_code")), tracking.ErrQuotaExceeded, "new_code"},
		{"billing code", 400, envelope(item("shipengine", "business_rules", "invalid_billing_plan")), tracking.ErrQuotaExceeded, "invalid_billing_plan"},
		{"carrier not connected", 400, envelope(item("shipengine", "integrations", "carrier_not_connected")), tracking.ErrUnsupported, "carrier_not_connected"},
		{"unknown code with 500 is unavailable", 500, envelope(item("shipengine", "system", "unknown")), tracking.ErrUnavailable, "unknown"},
		{"unspecified code with 400 follows the status", 400, envelope(item("shipengine", "system", "unspecified")), tracking.ErrInvalidRequest, "unspecified"},
		{"the strongest error decides", 400, envelope(
			item("shipengine", "validation", "invalid_field_value"),
			item("carrier", "business_rules", "tracking_not_supported")), tracking.ErrUnsupported, "tracking_not_supported"},
		{"codes are matched case-insensitively", 400, envelope(item("carrier", "business_rules", "Tracking_Not_Supported")), tracking.ErrUnsupported, "Tracking_Not_Supported"},
		{"empty errors list follows the status", 404, envelope(), tracking.ErrNotFound, ""},
		{"html page follows the status", 502, []byte("<html><body>Bad Gateway</body></html>"), tracking.ErrUnavailable, ""},
		{"empty body follows the status", 503, nil, tracking.ErrUnavailable, ""},
		{"wrong types follow the status", 400, []byte(`{"errors": "bad"}`), tracking.ErrInvalidRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := decoded(tc.status, nil, tc.body)
			if !errors.Is(e, tc.kind) || e.Code != tc.code {
				t.Errorf("got kind %v, code %q; want %v, %q", e.Category(), e.Code, tc.kind, tc.code)
			}
		})
	}
}

func TestDecodeErrorRequestIDHeader(t *testing.T) {
	h := http.Header{}
	h.Set("x-shipengine-requestid", "from-header")
	if e := decoded(500, h, []byte("oops")); e.RequestID != "from-header" {
		t.Errorf("RequestID = %q, want the header's when the body has none", e.RequestID)
	}
	if e := decoded(400, h, fixture(t, "error-invalid-tracking-number-400.json")); e.RequestID != "5e1c2d3f-8a9b-4c0d-9e1f-2a3b4c5d6e7f" {
		t.Errorf("RequestID = %q, want the body's", e.RequestID)
	}
}

func TestDecodeErrorHTMLMessage(t *testing.T) {
	e := decoded(502, nil, []byte("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"))
	if !strings.Contains(e.Error(), "not JSON") {
		t.Errorf("error for an HTML page = %q, want it to say the answer was not JSON", e.Error())
	}
}

// TestErrorCodesFromSpec walks every error_code of the vendor's spec:
// each has a category, except the two unclassified ones that follow the
// status.
func TestErrorCodesFromSpec(t *testing.T) {
	codes := openAPIEnum(t, "error_code")
	for _, code := range codes {
		switch code {
		case "unknown", "unspecified":
			if _, ok := errorCodes[code]; ok {
				t.Errorf("%s is classified; it must follow the HTTP status", code)
			}
			continue
		case "invalid_identifier":
			continue // depends on the status, see TestDecodeErrorRules
		}
		if _, ok := errorCodes[code]; !ok {
			t.Errorf("error_code %q from the spec has no category", code)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   transport.Verdict
	}{
		{200, `{"tracking_number":"1"}`, transport.Final},
		{207, `{"carriers":[],"errors":[{"error_code":"rate_limit_exceeded"}]}`, transport.Final},
		{400, `{"errors":[{"error_code":"invalid_field_value"}]}`, transport.Final},
		{400, `{"errors":[{"error_source":"carrier","error_code":"rate_limit_exceeded"}]}`, transport.RateLimited},
		{404, `{"errors":[{"error_code":"invalid_identifier"}]}`, transport.Final},
		{500, `{"errors":[{"error_code":"unspecified"}]}`, transport.Retryable},
		{500, `<html>`, transport.Retryable},
		{503, `{"errors":[{"error_code":"rate_limit_exceeded"}]}`, transport.RateLimited},
		{401, `not json`, transport.Final},
	} {
		if got := classify(&http.Response{StatusCode: tc.status}, []byte(tc.body)); got != tc.want {
			t.Errorf("classify(%d, %s) = %v, want %v", tc.status, tc.body, got, tc.want)
		}
	}
}
