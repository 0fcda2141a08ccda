package shipengine

// Tests for behaviour that mutation testing (scripts/mutation.sh) found
// unasserted: each pins one decision a changed line would get wrong.

import (
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
)

// SignedBy is the signer of the newest event that names one, whatever the
// order of the events and however many events name no signer.
func TestDecodeSignerOfNewestEvent(t *testing.T) {
	for _, tc := range []struct {
		name, events, want string
	}{
		{"newest of two, newest last", `
			{"occurred_at":"2026-03-01T10:00:00Z","signer":"OLDER"},
			{"occurred_at":"2026-03-02T10:00:00Z","signer":"NEWER"}`, "NEWER"},
		{"newest of two, newest first", `
			{"occurred_at":"2026-03-02T10:00:00Z","signer":"NEWER"},
			{"occurred_at":"2026-03-01T10:00:00Z","signer":"OLDER"}`, "NEWER"},
		{"an event without a signer does not end the search", `
			{"occurred_at":"2026-03-03T10:00:00Z","signer":" "},
			{"occurred_at":"2026-03-02T10:00:00Z","signer":"J SMITH"}`, "J SMITH"},
		{"an undated signer loses to a dated one", `
			{"occurred_at":"2026-03-02T10:00:00Z","signer":"DATED"},
			{"occurred_at":"","signer":"UNDATED"}`, "DATED"},
		{"no event names one", `{"occurred_at":"2026-03-02T10:00:00Z"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decodeShipment([]byte(`{"tracking_number":"1","status_code":"DE","events":[` + tc.events + `]}`))
			if err != nil {
				t.Fatal(err)
			}
			if s.SignedBy != tc.want {
				t.Errorf("SignedBy = %q, want %q", s.SignedBy, tc.want)
			}
		})
	}
}

// A shipment without events has nil Events (JSON null), as one decoded
// from an empty list.
func TestDecodeNoEventsIsNil(t *testing.T) {
	for _, body := range []string{
		`{"tracking_number":"1","status_code":"UN"}`,
		`{"tracking_number":"1","status_code":"UN","events":[]}`,
	} {
		s, err := decodeShipment([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if s.Events != nil {
			t.Errorf("%s: Events = %#v, want nil", body, s.Events)
		}
	}
}

// The category's hint is added to the message, once, and only for the
// categories that have one.
func TestDecodeErrorHint(t *testing.T) {
	item := `{"request_id":"r-1","errors":[{"error_source":"shipengine","error_type":"validation","error_code":"invalid_identifier","message":"label_id se-1 was not found"}]}`
	e := decoded(404, nil, []byte(item))
	if want := "label_id se-1 was not found; " + hints[tracking.ErrNotFound]; e.Message != want {
		t.Errorf("404 message = %q, want %q", e.Message, want)
	}
	e = decoded(401, nil, []byte(strings.Replace(item, "invalid_identifier", "unauthorized", 1)))
	if want := "label_id se-1 was not found"; e.Message != want {
		t.Errorf("401 message = %q, want %q (no hint)", e.Message, want)
	}
}

// Among errors of the same category the first decides the code.
func TestDecodeErrorFirstOfEqualRank(t *testing.T) {
	body := `{"errors":[
		{"error_source":"carrier","error_type":"business_rules","error_code":"tracking_not_supported","message":"first"},
		{"error_source":"shipengine","error_type":"integrations","error_code":"carrier_not_connected","message":"second"}]}`
	e := decoded(400, nil, []byte(body))
	if e.Category() != tracking.ErrUnsupported || e.Code != "tracking_not_supported" {
		t.Errorf("got kind %v, code %q; want ErrUnsupported, tracking_not_supported", e.Category(), e.Code)
	}
}

// Only an error the carrier raised names the carrier in the message.
func TestDecodeErrorNamesCarrierOnlyForCarrierErrors(t *testing.T) {
	body := `{"errors":[
		{"error_source":"shipengine","error_type":"validation","error_code":"invalid_field_value","message":"from ShipEngine","carrier_code":"fedex"},
		{"error_source":"Carrier","error_type":"validation","error_code":"invalid_field_value","message":"from the carrier","carrier_code":"ups"},
		{"error_source":"carrier","error_type":"validation","error_code":"invalid_field_value","message":"no code"}]}`
	e := decoded(400, nil, []byte(body))
	if want := "from ShipEngine; from the carrier (carrier ups); no code"; e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
}

// A partial listing names ShipEngine's request id when it has one.
func TestPartialErrorRequestID(t *testing.T) {
	e := &PartialError{StatusCode: 207, Errors: []ProviderError{{Code: "carrier_disconnected", Message: "m"}}}
	if strings.Contains(e.Error(), "request id") {
		t.Errorf("without a request id: %q", e.Error())
	}
	e.RequestID = "req-42"
	if !strings.Contains(e.Error(), "; request id req-42;") {
		t.Errorf("with a request id: %q", e.Error())
	}
}
