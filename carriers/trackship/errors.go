package trackship

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// errorValue is what one of TrackShip's error values means.
type errorValue struct {
	kind error
	hint string // what the caller should do next
}

// errorValues are the values that look like statuses but are errors.
// TrackShip sends them in status_msg (create), message (get) or
// tracking_event_status, often with HTTP 200 and even with status "ok".
// Keys are lower case: matching ignores case, since the 400 answers are
// free text with spaces and capitals.
var errorValues = map[string]errorValue{
	"invalid_tracking":            {tracking.ErrInvalidRequest, "TrackShip says the tracking number is invalid for this courier; check it and Request.Courier"},
	"invalid_carrier":             {tracking.ErrInvalidRequest, "TrackShip does not know this courier slug; pick one from Couriers"},
	"missing_order_id":            {tracking.ErrInvalidRequest, "set Metadata[\"order_id\"] or leave it to default to the tracking number"},
	"missing_tracking":            {tracking.ErrInvalidRequest, "set Request.TrackingNumber"},
	"missing_carrier":             {tracking.ErrInvalidRequest, "set Request.Courier to a TrackShip courier slug"},
	"carrier_unsupported":         {tracking.ErrUnsupported, "TrackShip does not track this courier; pick one from Couriers"},
	"insufficient_balance":        {tracking.ErrQuotaExceeded, "the TrackShip account has no tracker credits left"},
	"unauthorized":                {tracking.ErrUnauthorized, "check the credential's api_key and app_name"},
	"unauthorized_api_key":        {tracking.ErrUnauthorized, "TrackShip knows no account with this api_key"},
	"unauthorized_store":          {tracking.ErrUnauthorized, "the store named by app_name is not connected to TrackShip"},
	"unauthorized_store_api_key":  {tracking.ErrUnauthorized, "the store is linked to another TrackShip account than this api_key"},
	"invalid_user_key":            {tracking.ErrUnauthorized, "check the credential's api_key"},
	"ssl_error":                   {tracking.ErrUnauthorized, "TrackShip requires the store URL to be HTTPS"},
	"connection_issue":            {tracking.ErrUnavailable, "TrackShip could not reach the courier"},
	"order id not found":          {tracking.ErrInvalidRequest, "set Metadata[\"order_id\"]"},
	"tracking number not found":   {tracking.ErrNotFound, "check Request.TrackingNumber"},
	"shipping provider not found": {tracking.ErrInvalidRequest, "set Request.Courier to a TrackShip courier slug from Couriers"},
}

// lookupError reports what value means when it is one of errorValues.
func lookupError(value string) (errorValue, bool) {
	v, ok := errorValues[normalize(value)]
	return v, ok
}

// apiError returns the typed error for an error value found in a body
// answered with r's status (often 200).
func apiError(r *transport.Response, value string, v errorValue) *tracking.APIError {
	e := transport.NewAPIError(ID, r, v.kind)
	fill(e, value, v.hint)
	return e
}

// fill sets an APIError's code and message from a TrackShip value: a
// snake_case value is a code, free text is the message.
func fill(e *tracking.APIError, value, hint string) {
	value = strings.TrimSpace(value)
	msg := hint
	if strings.ContainsAny(value, " \t") {
		msg = value
		if hint != "" {
			msg += "; " + hint
		}
	} else {
		e.Code = value
	}
	e.Message = tracking.Truncate(msg, 256)
}

// decodeError is the transport.ErrorDecoder for answers of HTTP 400 and
// above: {status:"error", status_msg|message:"..."}.
func decodeError(r *transport.Response, e *tracking.APIError) {
	var env struct {
		StatusMsg string `json:"status_msg"`
		Message   string `json:"message"`
	}
	_ = json.Unmarshal(r.Body, &env) // not JSON: CheckResponse keeps a little of the text
	value := env.StatusMsg
	if value == "" {
		value = env.Message
	}
	if v, ok := lookupError(value); ok {
		e.Kind = v.kind
		fill(e, value, v.hint)
		return
	}
	if r.StatusCode == http.StatusNotFound {
		// TrackShip answers 404 for a route it does not have, never for an
		// unknown number; the delete and carriers routes are undocumented.
		e.Kind = tracking.ErrUnsupported
		e.Message = "TrackShip has no such route; check WithBaseURL (the root, without /v1)"
		return
	}
	if value != "" {
		fill(e, value, "")
	}
}

// classify is the transport.Classifier: HTTP 500 and connection_issue
// (TrackShip could not reach the courier) are transient, whatever the
// HTTP status they came with.
func classify(resp *http.Response, body []byte) transport.Verdict {
	if resp.StatusCode == http.StatusInternalServerError {
		return transport.Retryable
	}
	var env struct {
		StatusMsg string `json:"status_msg"`
		Message   string `json:"message"`
		Data      *struct {
			TrackingEventStatus string `json:"tracking_event_status"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &env) != nil {
		return transport.Final
	}
	values := []string{env.StatusMsg, env.Message}
	if env.Data != nil {
		values = append(values, env.Data.TrackingEventStatus)
	}
	for _, v := range values {
		if normalize(v) == "connection_issue" {
			return transport.Retryable
		}
	}
	return transport.Final
}
