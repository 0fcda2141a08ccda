package tracking

import (
	"encoding/json"
	"fmt"
)

// Status is a shipment's normalized state: one of the values below.
type Status string

// The normalized statuses. Their string values are stable and are what
// String and JSON use.
const (
	StatusUnknown            Status = "unknown"              // missing, unrecognised, or the provider says unknown
	StatusPending            Status = "pending"              // registered, no carrier information yet
	StatusInfoReceived       Status = "info_received"        // label created, awaiting pickup
	StatusInTransit          Status = "in_transit"           // accepted, picked up and moving
	StatusOutForDelivery     Status = "out_for_delivery"     // on the vehicle for the final delivery
	StatusAvailableForPickup Status = "available_for_pickup" // waiting at a pickup point or depot
	StatusAttemptFailed      Status = "attempt_failed"       // a delivery attempt did not succeed
	StatusDelivered          Status = "delivered"            // handed over or left as instructed
	StatusException          Status = "exception"            // needs attention: held, damaged, lost, refused
	StatusReturnToSender     Status = "return_to_sender"     // going back, or back, to the sender
	StatusCancelled          Status = "cancelled"            // shipment or label cancelled
	StatusExpired            Status = "expired"              // the provider stopped tracking it
)

var allStatuses = [...]Status{
	StatusUnknown, StatusPending, StatusInfoReceived, StatusInTransit,
	StatusOutForDelivery, StatusAvailableForPickup, StatusAttemptFailed,
	StatusDelivered, StatusException, StatusReturnToSender, StatusCancelled,
	StatusExpired,
}

// Statuses returns every normalized status, in lifecycle order.
func Statuses() []Status {
	out := make([]Status, len(allStatuses))
	copy(out, allStatuses[:])
	return out
}

// String returns the status value.
func (s Status) String() string { return string(s) }

// Valid reports whether s is one of the normalized statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusUnknown, StatusPending, StatusInfoReceived, StatusInTransit,
		StatusOutForDelivery, StatusAvailableForPickup, StatusAttemptFailed,
		StatusDelivered, StatusException, StatusReturnToSender, StatusCancelled,
		StatusExpired:
		return true
	}
	return false
}

// Final reports whether no further change is expected: delivered,
// cancelled or expired.
func (s Status) Final() bool {
	return s == StatusDelivered || s == StatusCancelled || s == StatusExpired
}

// ParseStatus returns the status named by text, or an error wrapping
// ErrInvalidRequest when text is not one of the normalized values.
func ParseStatus(text string) (Status, error) {
	s := Status(text)
	if !s.Valid() {
		return StatusUnknown, fmt.Errorf("tracking: %q is not a status; use one of tracking.Statuses(): %w", text, ErrInvalidRequest)
	}
	return s, nil
}

// MarshalJSON writes the status value. The zero Status is written as
// "unknown", which is what it means, so that a zero Shipment or Event
// marshals; any other value outside the set is refused.
func (s Status) MarshalJSON() ([]byte, error) {
	if s == "" {
		s = StatusUnknown
	}
	if !s.Valid() {
		return nil, fmt.Errorf("tracking: cannot marshal status %q: %w", string(s), ErrInvalidRequest)
	}
	return json.Marshal(string(s))
}

// UnmarshalJSON reads a status value; JSON null leaves s unchanged, as
// encoding/json does for other types; anything else is an error.
func (s *Status) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return fmt.Errorf("tracking: status must be a JSON string: %w", err)
	}
	v, err := ParseStatus(text)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
