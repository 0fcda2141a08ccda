package shipengine

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
)

// byCode marks, in the tables below, a detail code whose row in the
// provider reference says "(status_code)".
const byCode = "(status_code)"

// wantStatusCodes is section 5.1 of the provider reference.
var wantStatusCodes = map[string]tracking.Status{
	"UN": tracking.StatusUnknown,
	"NY": tracking.StatusPending,
	"AC": tracking.StatusInTransit,
	"IT": tracking.StatusInTransit,
	"AT": tracking.StatusAttemptFailed,
	"DE": tracking.StatusDelivered,
	"EX": tracking.StatusException,
	"SP": tracking.StatusAvailableForPickup,
}

// wantDetailCodes is section 5.2 of the provider reference, row by row.
var wantDetailCodes = map[string]tracking.Status{
	"CARRIER_STATUS_NOT_MAPPED":                    byCode,
	"SHIPMENT_CREATED":                             tracking.StatusInfoReceived,
	"AWAITING_PICKUP_DROP_OFF":                     tracking.StatusInfoReceived,
	"DROPPED_OFF":                                  tracking.StatusInTransit,
	"ELEC_ADVICE_RECD_BY_CARRIER":                  tracking.StatusInfoReceived,
	"PICKED_UP":                                    tracking.StatusInTransit,
	"CUSTOMS_CLEARED":                              tracking.StatusInTransit,
	"CUSTOMS_PROCESSING":                           tracking.StatusInTransit,
	"DELIVERY_ARRANGED_WITH_RECIPIENT":             tracking.StatusInTransit,
	"HUB_SCAN_OUT":                                 tracking.StatusInTransit,
	"HUB_SCAN_IN":                                  tracking.StatusInTransit,
	"IN_TRANSIT":                                   tracking.StatusInTransit,
	"INFORMATION":                                  byCode,
	"PARCEL_OVER_LABELLED":                         byCode,
	"PARCEL_UPDATE_NOTIFICATION":                   byCode,
	"RECEIVED_BY_CARRIER":                          tracking.StatusInTransit,
	"RECEIVED_LOCAL_DELIVERY_DEPOT":                tracking.StatusInTransit,
	"SUB_CONTRACTOR_EVENT":                         byCode,
	"SUB_CONTRACTOR_RECEIVED":                      tracking.StatusInTransit,
	"PARCEL_REDIRECTED":                            tracking.StatusInTransit,
	"DELIVERY_SCHEDULED":                           tracking.StatusInTransit,
	"HUB_PROCESSING":                               tracking.StatusInTransit,
	"DELIVERY_RESCHEDULED":                         tracking.StatusInTransit,
	"ATTEMPTED_DELIVERY":                           tracking.StatusAttemptFailed,
	"ATTEMPTED_DELIVERY_FINAL":                     tracking.StatusAttemptFailed,
	"COD_AMOUNT_PAID":                              byCode,
	"CUSTOMER_CARDED":                              tracking.StatusAttemptFailed,
	"OUT_FOR_DELIVERY":                             tracking.StatusOutForDelivery,
	"AWAITING_COLLECTION_FROM_PICKUP_POINT":        tracking.StatusAvailableForPickup,
	"COLLECT_AT_LOCAL_PO":                          tracking.StatusAvailableForPickup,
	"CUSTOMER_TO_COLLECT_FROM_CARRIER":             tracking.StatusAvailableForPickup,
	"DELIVERED_TO_RECEPTION":                       tracking.StatusDelivered,
	"DELIVERED":                                    tracking.StatusDelivered,
	"DELIVERED_DAMAGED":                            tracking.StatusDelivered,
	"DELIVERED_IN_PART":                            tracking.StatusInTransit,
	"DELIVERED_SPECIFIED_SAFE_PLACE":               tracking.StatusDelivered,
	"DELIVERED_TO_ALTERNATIVE_DELIVERY_LOCATION":   tracking.StatusDelivered,
	"DELIVERED_TO_NEIGHBOUR":                       tracking.StatusDelivered,
	"DELIVERED_TO_PO_BOX":                          tracking.StatusDelivered,
	"PARCEL_COLLECTED_FROM_PICKUP_POINT":           tracking.StatusDelivered,
	"POST_TRANSIT_STATUS":                          byCode,
	"PROOF_OF_DELIVERY":                            tracking.StatusDelivered,
	"PICKUP_FAILED":                                tracking.StatusException,
	"NOT_YET_RECEIVED_BY_CARRIER":                  tracking.StatusInfoReceived,
	"PARCEL_DAMAGED":                               tracking.StatusException,
	"ADDRESS_QUERY":                                tracking.StatusException,
	"CARRIER_DELAYS":                               tracking.StatusException,
	"DELAYED_NOT_CARRIER":                          tracking.StatusException,
	"HELD_BY_CARRIER":                              tracking.StatusException,
	"HELD_BY_CARRIER_FOR_CLEARANCE_PRE_PROCESSING": tracking.StatusException,
	"HELD_BY_CUSTOMS":                              tracking.StatusException,
	"INCORRECT_DECLARATION":                        tracking.StatusException,
	"MISROUTED":                                    tracking.StatusException,
	"PARCEL_REPACKED":                              tracking.StatusException,
	"RECD_BY_CARRIER_NO_ELEC_ADVICE":               tracking.StatusInTransit,
	"COD_AMOUNT_NOT_PAID":                          tracking.StatusAttemptFailed,
	"CUSTOMER_IDENTIFICATION_FAILED":               tracking.StatusAttemptFailed,
	"NO_ACCESS_TO_RECIPIENTS_ADDRESS":              tracking.StatusAttemptFailed,
	"CANCELLED":                                    tracking.StatusCancelled,
	"CUSTOMER_MOVED":                               tracking.StatusReturnToSender,
	"HAZARDOUS_PROHIBITED":                         tracking.StatusException,
	"NOT_COLLECTED_FROM_PICKUP_POINT":              tracking.StatusReturnToSender,
	"NOT_DELIVERED":                                tracking.StatusReturnToSender,
	"NOT_DELIVERED_ADDRESSEE_DECEASED":             tracking.StatusException,
	"PARCEL_DISPOSED":                              tracking.StatusException,
	"PARCEL_LOST":                                  tracking.StatusException,
	"PARCEL_OUTSIDE_OF_SERVICE_CAPABILITY":         tracking.StatusException,
	"REFUSED_BY_CUSTOMER":                          tracking.StatusReturnToSender,
	"RETURN_TO_SENDER":                             tracking.StatusReturnToSender,
	"UNSPECIFIED_EXCEPTION":                        tracking.StatusException,
	"TRACKING_EXPIRED":                             tracking.StatusExpired,
	"DUTY_NOT_PAID":                                tracking.StatusException,
	"PARCEL_REDIRECTED_BY_CARRIER":                 tracking.StatusInTransit,
	"DELIVERED_TO_PICKUP_POINT":                    tracking.StatusAvailableForPickup,
	"UNDELIVERABLE_RETURNED_TO_SENDER":             tracking.StatusReturnToSender,
	"HELD_BY_EXPORT_CUSTOMS":                       tracking.StatusException, // 2025 spec only
	"HELD_BY_IMPORT_CUSTOMS":                       tracking.StatusException, // 2025 spec only
}

func TestStatusCodes(t *testing.T) {
	for code, want := range wantStatusCodes {
		for _, form := range []string{code, " " + code + " ", strings.ToLower(code)} {
			if got := mapStatus(form, ""); got != want {
				t.Errorf("mapStatus(%q, \"\") = %s, want %s", form, got, want)
			}
			// An unknown detail code never overrides a known status code.
			if got := mapStatus(form, "SOME_FUTURE_DETAIL_CODE"); got != want {
				t.Errorf("mapStatus(%q, unknown detail) = %s, want %s", form, got, want)
			}
		}
	}
}

func TestDetailCodes(t *testing.T) {
	for detail, want := range wantDetailCodes {
		if want != byCode {
			// The detail code decides, whatever the status code says.
			for _, code := range []string{"", "UN", "IT", "DE", "EX", "ZZ"} {
				if got := mapStatus(code, detail); got != want {
					t.Errorf("mapStatus(%q, %q) = %s, want %s", code, detail, got, want)
				}
			}
			if got := mapStatus("IT", strings.ToLower(detail)); got != want {
				t.Errorf("mapStatus(IT, %q) = %s, want %s (case-insensitive)", strings.ToLower(detail), got, want)
			}
			continue
		}
		// The status code decides.
		for code, wantByCode := range wantStatusCodes {
			if got := mapStatus(code, detail); got != wantByCode {
				t.Errorf("mapStatus(%q, %q) = %s, want %s (from the status code)", code, detail, got, wantByCode)
			}
		}
		if got := mapStatus("", detail); got != tracking.StatusUnknown {
			t.Errorf("mapStatus(\"\", %q) = %s, want unknown", detail, got)
		}
	}
}

func TestUnknownStatuses(t *testing.T) {
	for _, tc := range []struct{ code, detail string }{
		{"", ""},
		{"   ", ""},
		{"null", ""},
		{"ZZ", ""},
		{"DELIVERED", ""}, // a detail code in the status field
		{"", "SOME_FUTURE_DETAIL_CODE"},
		{"XX", "SOME_FUTURE_DETAIL_CODE"},
		{"", "INFORMATION"},
		{"UN", "CARRIER_STATUS_NOT_MAPPED"},
	} {
		if got := mapStatus(tc.code, tc.detail); got != tracking.StatusUnknown {
			t.Errorf("mapStatus(%q, %q) = %s, want unknown (never in_transit)", tc.code, tc.detail, got)
		}
	}
}

// TestTablesMatchReference keeps the mapping tables and the reference's
// rows in step: no value missing, none added.
func TestTablesMatchReference(t *testing.T) {
	if len(statusCodes) != len(wantStatusCodes) {
		t.Errorf("statusCodes has %d entries, the reference %d", len(statusCodes), len(wantStatusCodes))
	}
	for code := range statusCodes {
		if _, ok := wantStatusCodes[code]; !ok {
			t.Errorf("statusCodes maps %q, which the reference does not list", code)
		}
	}
	if len(detailCodes) != len(wantDetailCodes) {
		t.Errorf("detailCodes has %d entries, the reference %d", len(detailCodes), len(wantDetailCodes))
	}
	for detail, s := range detailCodes {
		want, ok := wantDetailCodes[detail]
		switch {
		case !ok:
			t.Errorf("detailCodes maps %q, which the reference does not list", detail)
		case want == byCode && s != fromStatusCode, want != byCode && s != want:
			t.Errorf("detailCodes[%q] = %q, the reference says %s", detail, s, want)
		}
		if s != fromStatusCode && !s.Valid() {
			t.Errorf("detailCodes[%q] = %q is not a status", detail, s)
		}
	}
}

// TestOpenAPIEnums walks every status_code and status_detail_code of the
// vendor's OpenAPI spec: each must be mapped.
func TestOpenAPIEnums(t *testing.T) {
	codes := openAPIEnum(t, "status_code")
	details := openAPIEnum(t, "status_detail_code")
	if len(codes) != 8 || len(details) != 75 {
		t.Fatalf("the spec lists %d status codes and %d detail codes, want 8 and 75: did testdata/openapi.json change?", len(codes), len(details))
	}
	for _, code := range codes {
		if _, ok := statusCodes[code]; !ok {
			t.Errorf("status_code %q from the spec is not mapped", code)
		}
		if _, ok := wantStatusCodes[code]; !ok {
			t.Errorf("status_code %q from the spec is missing from the test table", code)
		}
	}
	for _, detail := range details {
		if _, ok := detailCodes[detail]; !ok {
			t.Errorf("status_detail_code %q from the spec is not mapped", detail)
		}
		if _, ok := wantDetailCodes[detail]; !ok {
			t.Errorf("status_detail_code %q from the spec is missing from the test table", detail)
		}
	}
	// The two codes removed in 2026 stay mapped for old payloads.
	for _, old := range []string{"HELD_BY_EXPORT_CUSTOMS", "HELD_BY_IMPORT_CUSTOMS"} {
		if slices.Contains(details, old) {
			t.Errorf("%s is back in the spec; drop its 2025-only note", old)
		}
	}
}

// openAPIEnum returns the enum of a schema in testdata/openapi.json.
func openAPIEnum(t *testing.T, schema string) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Enum []string `json:"enum"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	s, ok := spec.Components.Schemas[schema]
	if !ok || len(s.Enum) == 0 {
		t.Fatalf("schema %q has no enum in the spec", schema)
	}
	return s.Enum
}
