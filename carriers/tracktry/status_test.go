package tracktry

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

func TestMapStatusEveryDocumentedValue(t *testing.T) {
	tests := []struct {
		status, substatus string
		want              tracking.Status
	}{
		// §5.1 status alone.
		{"pending", "", tracking.StatusPending},
		{"notfound", "", tracking.StatusPending},
		{"inforeceived", "", tracking.StatusInfoReceived},
		{"transit", "", tracking.StatusInTransit},
		{"pickup", "", tracking.StatusOutForDelivery},
		{"undelivered", "", tracking.StatusAttemptFailed},
		{"delivered", "", tracking.StatusDelivered},
		{"exception", "", tracking.StatusException},
		{"expired", "", tracking.StatusExpired},
		{"", "", tracking.StatusUnknown},
		{"null", "", tracking.StatusUnknown},
		{"something-new", "", tracking.StatusUnknown},

		// §5.2 every substatus under its status.
		{"notfound", "notfound001", tracking.StatusInfoReceived},
		{"notfound", "notfound002", tracking.StatusPending},
		{"transit", "transit001", tracking.StatusInTransit},
		{"transit", "transit002", tracking.StatusInTransit},
		{"transit", "transit003", tracking.StatusInTransit},
		{"transit", "transit004", tracking.StatusInTransit},
		{"transit", "transit005", tracking.StatusInTransit},
		{"delivered", "delivered001", tracking.StatusDelivered},
		{"delivered", "delivered002", tracking.StatusDelivered},
		{"delivered", "delivered003", tracking.StatusDelivered},
		{"delivered", "delivered004", tracking.StatusDelivered},
		{"undelivered", "undelivered001", tracking.StatusAttemptFailed},
		{"undelivered", "undelivered002", tracking.StatusAttemptFailed},
		{"undelivered", "undelivered003", tracking.StatusAttemptFailed},
		{"undelivered", "undelivered004", tracking.StatusAttemptFailed},
		{"exception", "exception001", tracking.StatusException},
		{"exception", "exception002", tracking.StatusException},
		{"exception", "exception003", tracking.StatusException},
		{"exception", "exception004", tracking.StatusException},
		{"exception", "exception005", tracking.StatusReturnToSender},
		{"exception", "exception006", tracking.StatusException},
		{"exception", "exception007", tracking.StatusException},
		{"exception", "exception008", tracking.StatusCancelled},
		{"exception", "exception009", tracking.StatusException},
		{"exception", "exception010", tracking.StatusReturnToSender},
		{"exception", "exception011", tracking.StatusReturnToSender},
		{"expired", "expired001", tracking.StatusExpired},

		// Unknown substatus falls back to the status.
		{"exception", "exception099", tracking.StatusException},
		{"transit", "transit999", tracking.StatusInTransit},
		{"pickup", "pickup001", tracking.StatusOutForDelivery},
		{"delivered", "garbage", tracking.StatusDelivered},
		// A substatus whose prefix is not the status is ignored.
		{"transit", "exception008", tracking.StatusInTransit},
		{"something-new", "delivered001", tracking.StatusUnknown},
		// An empty status lets a known substatus speak.
		{"", "exception005", tracking.StatusReturnToSender},
		{"", "nonsense001", tracking.StatusUnknown},
		// Spacing and case, as the docs print them.
		{"not found", "not found001", tracking.StatusInfoReceived},
		{"NotFound", " NOTFOUND002 ", tracking.StatusPending},
		{" Delivered ", "Delivered 003", tracking.StatusDelivered},
	}
	for _, tt := range tests {
		t.Run(tt.status+"/"+tt.substatus, func(t *testing.T) {
			assert.Equal(t, tt.want, mapStatus(tt.status, tt.substatus))
		})
	}
}

// Every table entry maps to a valid status, and every substatus is
// reachable through its own status.
func TestStatusTablesConsistent(t *testing.T) {
	for k, v := range statuses {
		assert.True(t, v.Valid(), k)
		assert.Equal(t, v, mapStatus(k, ""), k)
	}
	for k, v := range substatuses {
		assert.True(t, v.Valid(), k)
		prefix := k[:len(k)-3]
		_, ok := statuses[prefix]
		assert.True(t, ok, "substatus %s has no status %s", k, prefix)
		assert.Equal(t, v, mapStatus(prefix, k), k)
	}
}

func TestProviderStatuses(t *testing.T) {
	tests := []struct {
		in   tracking.Status
		want []string
		all  bool
	}{
		{tracking.StatusUnknown, nil, true},
		{tracking.StatusPending, []string{"notfound", "pending"}, false},
		{tracking.StatusInfoReceived, []string{"inforeceived", "notfound"}, false},
		{tracking.StatusInTransit, []string{"transit"}, false},
		{tracking.StatusOutForDelivery, []string{"pickup"}, false},
		{tracking.StatusAvailableForPickup, nil, false},
		{tracking.StatusAttemptFailed, []string{"undelivered"}, false},
		{tracking.StatusDelivered, []string{"delivered"}, false},
		{tracking.StatusException, []string{"exception"}, false},
		{tracking.StatusReturnToSender, []string{"exception"}, false},
		{tracking.StatusCancelled, []string{"exception"}, false},
		{tracking.StatusExpired, []string{"expired"}, false},
	}
	for _, tt := range tests {
		got, all := providerStatuses(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.all, all, tt.in)
	}
}

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"China": "CN", "United States": "US", " united  kingdom ": "GB", "UK": "GB", "us": "US",
		"Atlantis": "", "": "", "12": "",
	} {
		assert.Equal(t, want, countryCode(in), in)
	}
}
