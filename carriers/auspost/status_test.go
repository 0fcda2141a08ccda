package auspost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// documented is every status text the provider file lists, as written
// there, with its normalized status.
var documented = []struct {
	text string
	want tracking.Status
}{
	{"Delivered", tracking.StatusDelivered},
	{"Delivered in Full", tracking.StatusDelivered},
	{"Item Delivered", tracking.StatusDelivered},
	{"In transit", tracking.StatusInTransit},
	{"On Board for Delivery", tracking.StatusOutForDelivery},
	{"Awaiting collection", tracking.StatusAvailableForPickup},
	{"Ready for Pickup", tracking.StatusAvailableForPickup},
	{"Unsuccessful Delivery", tracking.StatusAttemptFailed},
	{"To be Re-Delivered", tracking.StatusAttemptFailed},
	{"Possible delay", tracking.StatusException},
	{"Held by courier", tracking.StatusException},
	{"Article damaged", tracking.StatusException},
	{"Cannot be delivered", tracking.StatusException},
	{"Cancelled", tracking.StatusCancelled},
	{"Unknown", tracking.StatusUnknown},
}

// variants returns text as the provider may send it: other cases, extra
// and odd white space.
func variants(text string) []string {
	words := strings.Fields(text)
	return []string{
		text,
		strings.ToLower(text),
		strings.ToUpper(text),
		title(text),
		"  " + text + "  ",
		strings.Join(words, "   "),
		"\t" + strings.Join(words, " \t ") + "\n",
	}
}

// title capitalizes each word and lower-cases the rest ("In Transit").
func title(text string) string {
	words := strings.Fields(strings.ToLower(text))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func TestMapStatusDocumented(t *testing.T) {
	for _, tc := range documented {
		for _, v := range variants(tc.text) {
			assert.Equal(t, tc.want, MapStatus(v), "MapStatus(%q)", v)
			assert.Equal(t, tc.want, mapper{}.status(v), "mapper.status(%q)", v)
		}
	}
}

// TestStatusTableIsDocumented keeps the table and the test in step: every
// built-in key is a documented text.
func TestStatusTableIsDocumented(t *testing.T) {
	keys := map[string]bool{}
	for _, tc := range documented {
		keys[normalize(tc.text)] = true
	}
	for k := range statuses {
		assert.True(t, keys[k], "status table key %q is not in the documented list of this test", k)
	}
	assert.Len(t, statuses, len(documented))
}

func TestMapStatusUnknownNeverInTransit(t *testing.T) {
	for _, text := range []string{
		"", "   ", "\t\n", "In-transit", "Intransit", "Transit", "Shipping information received",
		"Returned to sender", "Delivered!", "Processed by air carrier", "Consignment created",
		"Picked up", "SOMETHING NEW", "délivré", "\x00", strings.Repeat("x", 10000),
	} {
		assert.Equal(t, tracking.StatusUnknown, MapStatus(text), "MapStatus(%q)", text)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  On   Board\tfor\nDelivery ": "on board for delivery",
		"IN TRANSIT":                   "in transit",
		"":                             "",
		"to be Re-Delivered":           "to be re-delivered",
	} {
		assert.Equal(t, want, normalize(in), "normalize(%q)", in)
	}
}

func TestEventStatus(t *testing.T) {
	m := mapper{fromText: true}
	for _, tc := range []struct {
		description string
		want        tracking.Status
	}{
		{"Shipping information received by Australia Post", tracking.StatusInfoReceived},
		{"Shipping information approved by Australia Post", tracking.StatusInfoReceived},
		{"With Australia Post for delivery today", tracking.StatusOutForDelivery},
		{"Onboard for delivery", tracking.StatusOutForDelivery},
		{"ON BOARD FOR  DELIVERY", tracking.StatusOutForDelivery},
		{"Awaiting collection", tracking.StatusAvailableForPickup},
		{"Ready for pickup at Fitzroy Post Office", tracking.StatusAvailableForPickup},
		{"Attempted delivery - Carded for collection", tracking.StatusAvailableForPickup},
		{"Delivered", tracking.StatusDelivered},
		{"Delivered - Left in a safe place", tracking.StatusDelivered},
		{"In transit", tracking.StatusInTransit},                 // a status text as a whole
		{"Cannot be delivered", tracking.StatusException},        // a status text as a whole
		{"To be Re-Delivered", tracking.StatusAttemptFailed},     // a status text as a whole
		{"Could not be delivered", tracking.StatusUnknown},       // negation
		{"Item not delivered - address", tracking.StatusUnknown}, // negation
		{"Undelivered item", tracking.StatusUnknown},
		{"Parcel will be delivered tomorrow", tracking.StatusUnknown},
		{"Item to be redelivered", tracking.StatusUnknown},
		{"Unable to deliver - delivered to wrong address?", tracking.StatusUnknown},
		{"Possible delay - weather", tracking.StatusUnknown},
		{"Item processed at facility", tracking.StatusUnknown},
		{"In transit to next facility", tracking.StatusUnknown},
		{"Picked up", tracking.StatusUnknown},
		{"", tracking.StatusUnknown},
	} {
		assert.Equal(t, tc.want, m.eventStatus(tc.description), "eventStatus(%q)", tc.description)
		assert.Equal(t, tracking.StatusUnknown, mapper{}.eventStatus(tc.description), "with event statuses off")
	}
}

func TestMapperOverrides(t *testing.T) {
	m := mapper{overrides: map[string]tracking.Status{"awaiting collection": tracking.StatusInfoReceived, "picked up": tracking.StatusInTransit}, fromText: true}
	assert.Equal(t, tracking.StatusInfoReceived, m.status("  AWAITING Collection"))
	assert.Equal(t, tracking.StatusInTransit, m.eventStatus("Picked up"))
	assert.Equal(t, tracking.StatusDelivered, m.status("Delivered"), "other texts keep the built-in mapping")
	assert.Equal(t, tracking.StatusAvailableForPickup, MapStatus("Awaiting collection"), "MapStatus ignores overrides")
}

func TestCombine(t *testing.T) {
	const (
		unk = tracking.StatusUnknown
		it  = tracking.StatusInTransit
		ofd = tracking.StatusOutForDelivery
		afp = tracking.StatusAvailableForPickup
		af  = tracking.StatusAttemptFailed
		dl  = tracking.StatusDelivered
		ex  = tracking.StatusException
		rts = tracking.StatusReturnToSender
		cn  = tracking.StatusCancelled
		inf = tracking.StatusInfoReceived
	)
	for _, tc := range []struct {
		items []tracking.Status
		want  int
	}{
		{nil, -1},
		{[]tracking.Status{dl}, 0},
		{[]tracking.Status{it, it}, 0},
		{[]tracking.Status{dl, it}, 1},       // delivered only when every item is
		{[]tracking.Status{dl, dl, ofd}, 2},  // least advanced
		{[]tracking.Status{inf, it}, 0},      // least advanced
		{[]tracking.Status{dl, unk}, 1},      // unknown when any item is
		{[]tracking.Status{dl, ex, af}, 1},   // attention first
		{[]tracking.Status{af, rts}, 1},      // return before attempt failed
		{[]tracking.Status{rts, ex}, 1},      // exception before return
		{[]tracking.Status{cn, dl}, 1},       // cancelled items left out
		{[]tracking.Status{cn, cn}, 0},       // all cancelled
		{[]tracking.Status{afp, ofd, dl}, 1}, // out for delivery before at a pickup point
		{[]tracking.Status{cn, afp, it}, 2},  // least advanced of the rest
	} {
		assert.Equal(t, tc.want, combine(tc.items), "combine(%v)", tc.items)
	}
}

func TestWithStatusMappingInvalid(t *testing.T) {
	c := New(WithStatusMapping(map[string]tracking.Status{"Awaiting collection": "collected"}))
	_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "X"}, testCred())
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "WithStatusMapping")
}

// testCred is a complete Australia Post credential (ausposttest's values:
// this internal test cannot import the fake, which imports the carrier).
func testCred() credentials.Credential {
	return credentials.Credential{
		Code: "test", Carrier: ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{
			FieldAccountNumber: "1000000001",
			FieldAPIKey:        "fake-auspost-api-key",
			FieldAPISecret:     "fake-auspost-api-password",
		},
	}
}
