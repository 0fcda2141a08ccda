package trackship

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// TestMapStatus walks every value of trackship.md §5.
func TestMapStatus(t *testing.T) {
	tests := []struct {
		value string
		want  tracking.Status
	}{
		{"pending_trackship", tracking.StatusPending},
		{"pending", tracking.StatusPending},
		{"shipped", tracking.StatusPending},
		{"unknown", tracking.StatusUnknown},
		{"pre_transit", tracking.StatusInfoReceived},
		{"in_transit", tracking.StatusInTransit},
		{"out_for_delivery", tracking.StatusOutForDelivery},
		{"available_for_pickup", tracking.StatusAvailableForPickup},
		{"failure", tracking.StatusAttemptFailed},
		{"on_hold", tracking.StatusException},
		{"exception", tracking.StatusException},
		{"return_to_sender", tracking.StatusReturnToSender},
		{"delivered", tracking.StatusDelivered},
		{"label_cancelled", tracking.StatusCancelled},
		{"cancelled", tracking.StatusCancelled},
		{"expired", tracking.StatusExpired},
		{"deleted", tracking.StatusUnknown},
		{"", tracking.StatusUnknown},
		{"teleported", tracking.StatusUnknown},
		{"  Delivered ", tracking.StatusDelivered}, // case and spaces ignored
		// Error-like values are errors, never a parcel status.
		{"invalid_tracking", tracking.StatusUnknown},
		{"carrier_unsupported", tracking.StatusUnknown},
		{"insufficient_balance", tracking.StatusUnknown},
		{"connection_issue", tracking.StatusUnknown},
	}
	require.Len(t, statuses, 17, "a value was added to the table: add it here too")
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, mapStatus(tt.value, ""))
		})
	}
	for value, want := range statuses {
		assert.True(t, want.Valid(), value)
	}
}

func TestMapStatusDetailRefines(t *testing.T) {
	assert.Equal(t, tracking.StatusOutForDelivery, mapStatus("in_transit", "out_for_delivery"))
	assert.Equal(t, tracking.StatusInTransit, mapStatus("in_transit", "arrived_at_hub"), "an unknown detail falls back")
	assert.Equal(t, tracking.StatusInTransit, mapStatus("in_transit", "unknown"), "detail unknown does not erase the status")
	assert.Equal(t, tracking.StatusUnknown, mapStatus("teleported", "beamed"))
}

// TestErrorValues walks every error-like value of trackship.md §3 through
// each place TrackShip puts it: status_msg with HTTP 200 and status "ok",
// message on get, and tracking_event_status.
func TestErrorValues(t *testing.T) {
	tests := []struct {
		value string
		want  error
	}{
		{"invalid_tracking", tracking.ErrInvalidRequest},
		{"invalid_carrier", tracking.ErrInvalidRequest},
		{"missing_order_id", tracking.ErrInvalidRequest},
		{"missing_tracking", tracking.ErrInvalidRequest},
		{"missing_carrier", tracking.ErrInvalidRequest},
		{"carrier_unsupported", tracking.ErrUnsupported},
		{"insufficient_balance", tracking.ErrQuotaExceeded},
		{"unauthorized", tracking.ErrUnauthorized},
		{"unauthorized_api_key", tracking.ErrUnauthorized},
		{"unauthorized_store", tracking.ErrUnauthorized},
		{"unauthorized_store_api_key", tracking.ErrUnauthorized},
		{"invalid_user_key", tracking.ErrUnauthorized},
		{"ssl_error", tracking.ErrUnauthorized},
		{"connection_issue", tracking.ErrUnavailable},
		{"Order id not found", tracking.ErrInvalidRequest},
		{"Tracking number not found", tracking.ErrNotFound},
		{"Shipping provider not found", tracking.ErrInvalidRequest},
		{"CARRIER_UNSUPPORTED", tracking.ErrUnsupported},
	}
	require.Len(t, errorValues, 17, "a value was added to the table: add it here too")
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			bodies := map[string]string{
				"create status_msg": fmt.Sprintf(`{"status":"ok","status_msg":%q,"trackers_balance":"3"}`, tt.value),
				"get message":       fmt.Sprintf(`{"status":"error","message":%q}`, tt.value),
				"event status":      fmt.Sprintf(`{"status":"success","data":{"tracking_number":"1","tracking_event_status":%q,"events":[]}}`, tt.value),
			}
			for where, body := range bodies {
				r := &transport.Response{StatusCode: http.StatusOK, Body: []byte(body)}
				_, err := decodeGet(r, nil)
				assert.ErrorIs(t, err, tt.want, where)
				var apiErr *tracking.APIError
				require.True(t, errors.As(err, &apiErr), where)
				assert.Equal(t, http.StatusOK, apiErr.StatusCode, where)
			}
			err := decodeCreate(&transport.Response{StatusCode: http.StatusOK, Body: []byte(bodies["create status_msg"])})
			assert.ErrorIs(t, err, tt.want, "create")
		})
	}
}

func TestClassify(t *testing.T) {
	resp := func(code int) *http.Response { return &http.Response{StatusCode: code} }
	tests := []struct {
		name string
		code int
		body string
		want transport.Verdict
	}{
		{"connection_issue in status_msg", 200, `{"status":"ok","status_msg":"connection_issue"}`, transport.Retryable},
		{"connection_issue in message", 200, `{"status":"error","message":"Connection_Issue"}`, transport.Retryable},
		{"connection_issue as status", 200, `{"status":"success","data":{"tracking_event_status":"connection_issue"}}`, transport.Retryable},
		{"server error", 500, `<html>oops</html>`, transport.Retryable},
		{"quota is final", 200, `{"status":"ok","status_msg":"insufficient_balance"}`, transport.Final},
		{"success", 200, `{"status":"success","data":{"tracking_event_status":"delivered"}}`, transport.Final},
		{"not JSON", 200, `<html>`, transport.Final},
		{"empty", 200, ``, transport.Final},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, classify(resp(tt.code), []byte(tt.body)))
		})
	}
}
