package shipengine

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// errorCodes classifies every documented error_code. Codes not listed
// here (unknown, unspecified and any new one) fall back to error_type,
// then to the HTTP status. invalid_identifier depends on the status: see
// kindOf.
var errorCodes = map[string]error{
	"rate_limit_exceeded": tracking.ErrRateLimited,

	"unauthorized": tracking.ErrUnauthorized,
	"forbidden":    tracking.ErrUnauthorized,

	"file_not_found":          tracking.ErrNotFound,
	"shipping_rule_not_found": tracking.ErrNotFound,

	"subscription_inactive": tracking.ErrQuotaExceeded,
	"trial_expired":         tracking.ErrQuotaExceeded,
	"invalid_billing_plan":  tracking.ErrQuotaExceeded,
	"terms_not_accepted":    tracking.ErrQuotaExceeded,
	"insufficient_funds":    tracking.ErrQuotaExceeded,

	// The carrier cannot be tracked, or not through this account.
	"tracking_not_supported": tracking.ErrUnsupported,
	"carrier_not_connected":  tracking.ErrUnsupported,
	"carrier_disconnected":   tracking.ErrUnsupported,
	"carrier_not_supported":  tracking.ErrUnsupported,

	// Request validation and conflicts: permanent.
	"carrier_conflict":            tracking.ErrInvalidRequest,
	"invalid_field_value":         tracking.ErrInvalidRequest,
	"field_value_required":        tracking.ErrInvalidRequest,
	"invalid_string_length":       tracking.ErrInvalidRequest,
	"field_conflict":              tracking.ErrInvalidRequest,
	"request_body_required":       tracking.ErrInvalidRequest,
	"invalid_object":              tracking.ErrInvalidRequest,
	"identifiers_must_match":      tracking.ErrInvalidRequest,
	"identifier_conflict":         tracking.ErrInvalidRequest,
	"invalid_status":              tracking.ErrInvalidRequest,
	"webhook_event_type_conflict": tracking.ErrInvalidRequest,

	// Label, rate, batch, funding and warehouse codes, not expected from
	// tracking calls: permanent.
	"auto_fund_not_supported":                 tracking.ErrInvalidRequest,
	"batch_cannot_be_modified":                tracking.ErrInvalidRequest,
	"confirmation_not_supported":              tracking.ErrInvalidRequest,
	"default_warehouse_cannot_be_deleted":     tracking.ErrInvalidRequest,
	"invalid_address":                         tracking.ErrInvalidRequest,
	"label_images_not_supported":              tracking.ErrInvalidRequest,
	"meter_failure":                           tracking.ErrInvalidRequest,
	"order_source_not_active":                 tracking.ErrInvalidRequest,
	"refresh_not_supported":                   tracking.ErrInvalidRequest,
	"return_label_not_supported":              tracking.ErrInvalidRequest,
	"settings_not_supported":                  tracking.ErrInvalidRequest,
	"verification_failure":                    tracking.ErrInvalidRequest,
	"warehouse_conflict":                      tracking.ErrInvalidRequest,
	"customs_items_required":                  tracking.ErrInvalidRequest,
	"incompatible_paired_labels":              tracking.ErrInvalidRequest,
	"invalid_charge_event":                    tracking.ErrInvalidRequest,
	"no_rates_returned":                       tracking.ErrInvalidRequest,
	"service_not_determined":                  tracking.ErrInvalidRequest,
	"funding_source_registration_in_progress": tracking.ErrInvalidRequest,
	"insurance_failure":                       tracking.ErrInvalidRequest,
	"funding_source_missing_configuration":    tracking.ErrInvalidRequest,
	"funding_source_error":                    tracking.ErrInvalidRequest,
}

// errorTypes classifies the error_type values that say more than the
// status when the code is not listed.
var errorTypes = map[string]error{
	"security":       tracking.ErrUnauthorized,
	"account_status": tracking.ErrQuotaExceeded,
}

// rank orders categories when a body lists several errors: the first
// that applies decides.
var rank = []error{
	tracking.ErrRateLimited,
	tracking.ErrUnauthorized,
	tracking.ErrQuotaExceeded,
	tracking.ErrUnsupported,
	tracking.ErrNotFound,
	tracking.ErrInvalidRequest,
}

// hints say what to do next, for the categories whose provider text
// rarely does.
var hints = map[error]string{
	tracking.ErrNotFound:    "check the tracking number, the carrier_code (Request.Courier) or the label id; ShipEngine may also have no data from the carrier yet",
	tracking.ErrUnsupported: "connect that carrier to the ShipEngine account, or track with a carrier_code it supports",
}

// kindOf classifies one error of a response with the HTTP status; nil
// when neither its code nor its type says anything.
func kindOf(status int, it errorItem) error {
	code := strings.ToLower(strings.TrimSpace(string(it.ErrorCode)))
	if code == "invalid_identifier" { // an unknown id with 404, a malformed one otherwise
		if status == http.StatusNotFound {
			return tracking.ErrNotFound
		}
		return tracking.ErrInvalidRequest
	}
	if kind, ok := errorCodes[code]; ok {
		return kind
	}
	return errorTypes[strings.ToLower(strings.TrimSpace(string(it.ErrorType)))]
}

// decodeError fills e from ShipEngine's error envelope {request_id,
// errors[]}. The HTTP status decides for 429 and 401; otherwise the
// strongest error's code or type does, and the status when none says
// anything. A body that is not the envelope leaves e to CheckResponse.
func decodeError(resp *transport.Response, e *tracking.APIError) {
	var body errorBody
	if json.Unmarshal(resp.Body, &body) != nil {
		return
	}
	if id := strings.TrimSpace(string(body.RequestID)); id != "" {
		e.RequestID = id
	}
	if len(body.Errors) == 0 {
		return
	}
	main, kind := strongest(resp.StatusCode, body.Errors)
	e.Code = string(body.Errors[main].ErrorCode)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		e.Kind = tracking.ErrRateLimited
	case resp.StatusCode == http.StatusUnauthorized:
		e.Kind = tracking.ErrUnauthorized
	case kind != nil:
		e.Kind = kind
	}
	e.Message = messages(body.Errors)
	if hint := hints[e.Kind]; hint != "" {
		e.Message += "; " + hint
	}
}

// strongest returns the index of the error that decides the category, and
// that category (nil when no error says anything).
func strongest(status int, errs []errorItem) (int, error) {
	best, bestRank := 0, len(rank)
	for i, it := range errs {
		if r := slices.Index(rank, kindOf(status, it)); r >= 0 && r < bestRank {
			best, bestRank = i, r
		}
	}
	if bestRank == len(rank) {
		return best, nil
	}
	return best, rank[bestRank]
}

// messages joins the errors' messages, naming the carrier when the
// carrier, not ShipEngine, raised the error.
func messages(errs []errorItem) string {
	parts := make([]string, 0, len(errs))
	for _, it := range errs {
		m := strings.TrimSpace(string(it.Message))
		if m == "" {
			m = string(it.ErrorCode)
		}
		if strings.EqualFold(string(it.ErrorSource), "carrier") && it.CarrierCode != "" {
			m += " (carrier " + string(it.CarrierCode) + ")"
		}
		parts = append(parts, m)
	}
	return strings.Join(parts, "; ")
}

// classify is the transport's reading of ShipEngine answers the status
// does not settle: a rate_limit_exceeded error under another status (the
// carrier's own limit) is a rate limit, and 500, which ShipEngine uses for
// transient failures, is retryable. Other statuses keep the transport's
// reading (429 rate limited; 502, 503 and 504 retryable).
func classify(resp *http.Response, body []byte) transport.Verdict {
	if resp.StatusCode < 400 {
		return transport.Final
	}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		for _, it := range eb.Errors {
			if strings.EqualFold(strings.TrimSpace(string(it.ErrorCode)), "rate_limit_exceeded") {
				return transport.RateLimited
			}
		}
	}
	if resp.StatusCode == http.StatusInternalServerError {
		return transport.Retryable
	}
	return transport.Final
}
