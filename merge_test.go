package tracking_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// A parcel's scans, oldest first, as one provider (Track123, relaying
// USPS) reports them.
var (
	scanLabel     = tracking.Event{Time: t0.Add(-90 * time.Hour), Status: tracking.StatusInfoReceived, Code: "INFO_RECEIVED_01", Description: "Shipping Label Created, USPS Awaiting Item"}
	scanAccepted  = tracking.Event{Time: t0.Add(-68 * time.Hour), Status: tracking.StatusInTransit, Code: "IN_TRANSIT_01", Description: "USPS in possession of item", Location: tracking.Location{City: "BROOKLYN, NY 11201"}}
	scanArrived   = tracking.Event{Time: t0.Add(-14 * time.Hour), Status: tracking.StatusInTransit, Code: "IN_TRANSIT_07", Description: "Arrived at Post Office", Location: tracking.Location{City: "COLUMBUS, OH 43207"}}
	scanOut       = tracking.Event{Time: t0.Add(-7 * time.Hour), Status: tracking.StatusOutForDelivery, Code: "WAITING_DELIVERY_01", Description: "Out for Delivery", Location: tracking.Location{City: "COLUMBUS, OH 43215"}}
	scanDelivered = tracking.Event{Time: t0, Status: tracking.StatusDelivered, Code: "DELIVERED_04", Description: "Delivered, Left with Individual", Location: tracking.Location{City: "COLUMBUS, OH 43215"}}
)

// resent is e as another provider writes it: its own code and location
// split, other case and spacing, the time in another zone with
// milliseconds.
func resent(e tracking.Event) tracking.Event {
	e.Time = e.Time.In(est).Add(250 * time.Millisecond)
	e.Code = "X-" + e.Code
	e.Description = "  " + upper(e.Description) + " "
	e.Location = tracking.Location{City: "Columbus", State: "OH", Country: "US"}
	return e
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

// equal compares shipments as Merge promises: instants, not zones.
var equal = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

func descriptions(es []tracking.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Description
	}
	return out
}

func TestMergeEvents(t *testing.T) {
	poll := &tracking.Shipment{
		TrackingNumber: "9261290000000000000017", Carrier: "track123", Status: tracking.StatusInTransit,
		Events: []tracking.Event{scanArrived, scanAccepted, scanLabel},
	}
	hook := &tracking.Shipment{
		TrackingNumber: "9261290000000000000017", Carrier: "shipengine", Status: tracking.StatusOutForDelivery,
		Events: []tracking.Event{resent(scanOut), resent(scanArrived)},
	}
	m := tracking.Merge(poll, hook)
	require.NotNil(t, m)
	assert.Equal(t, []string{"  OUT FOR DELIVERY ", "  ARRIVED AT POST OFFICE ", "USPS in possession of item", "Shipping Label Created, USPS Awaiting Item"},
		descriptions(m.Events), "deduplicated, newest first")
	assert.Equal(t, tracking.StatusOutForDelivery, m.Status)
	assert.Equal(t, "shipengine", m.Carrier, "the carrier whose status is the merged one")
	assert.Equal(t, time.UTC, m.Events[0].Time.Location(), "times in UTC")
	assert.True(t, m.Events[0].Time.Equal(resent(scanOut).Time), "the provider's own instant is kept")
	assert.Equal(t, "X-WAITING_DELIVERY_01", m.Events[0].Code, "the provider's code is kept")
	// Of the two versions of "Arrived", the current answer's is kept whole.
	assert.Equal(t, "X-IN_TRANSIT_07", m.Events[1].Code)
	assert.Equal(t, "Columbus", m.Events[1].Location.City)
}

func TestMergeKeepsTheVersionWithAStatus(t *testing.T) {
	bare := scanArrived
	bare.Status, bare.Code = "", ""
	a := &tracking.Shipment{Events: []tracking.Event{scanOut, bare}}
	b := &tracking.Shipment{Events: []tracking.Event{scanArrived}}
	for _, m := range []*tracking.Shipment{tracking.Merge(a, b), tracking.Merge(b, a)} {
		require.Len(t, m.Events, 2)
		assert.Equal(t, tracking.StatusInTransit, m.Events[1].Status)
		assert.Equal(t, "IN_TRANSIT_07", m.Events[1].Code)
	}
}

func TestMergeUndatedEvents(t *testing.T) {
	u := func(desc string) tracking.Event { return tracking.Event{Description: desc} }
	a := &tracking.Shipment{UpdatedAt: t0, Events: []tracking.Event{u("a1"), scanOut, u("a2"), u("both")}}
	b := &tracking.Shipment{UpdatedAt: t0.Add(-time.Hour), Events: []tracking.Event{u("b1"), u("BOTH"), u("b2"), scanArrived}}
	want := []string{"Out for Delivery", "Arrived at Post Office", "a1", "a2", "both", "b1", "b2"}
	assert.Equal(t, want, descriptions(tracking.Merge(a, b).Events), "dated first; undated in order, current answer first")
	assert.Equal(t, want, descriptions(tracking.Merge(b, a).Events))
}

func TestMergeSameTimeKeepsOrder(t *testing.T) {
	x := tracking.Event{Time: t0, Description: "Processed"}
	y := tracking.Event{Time: t0, Description: "Departed"}
	z := tracking.Event{Time: t0, Description: "Scanned"}
	cur := &tracking.Shipment{UpdatedAt: t0, Events: []tracking.Event{y, x}}
	old := &tracking.Shipment{Events: []tracking.Event{x, z}}
	assert.Equal(t, []string{"Departed", "Processed", "Scanned"}, descriptions(tracking.Merge(old, cur).Events))
}

func TestMergeStatus(t *testing.T) {
	ship := func(st tracking.Status, events ...tracking.Event) *tracking.Shipment {
		return &tracking.Shipment{Status: st, Events: events}
	}
	exceptionAtArrival := scanArrived
	exceptionAtArrival.Status = tracking.StatusException
	lateScan := tracking.Event{Time: t0.Add(time.Hour), Status: tracking.StatusInTransit, Description: "Arrived at facility"}
	untold := func(e tracking.Event) tracking.Event { e.Status = tracking.StatusUnknown; return e }

	tests := []struct {
		name string
		a, b *tracking.Shipment
		want tracking.Status
	}{
		{"newest event's status", ship(tracking.StatusInTransit, scanArrived), ship(tracking.StatusOutForDelivery, scanOut), tracking.StatusOutForDelivery},
		{"a late older scan changes nothing", ship(tracking.StatusOutForDelivery, scanOut), ship(tracking.StatusInTransit, scanAccepted), tracking.StatusOutForDelivery},
		{"the answer's status stands for its newest event",
			ship(tracking.StatusReturnToSender, scanArrived, scanAccepted), ship(tracking.StatusInTransit, scanAccepted), tracking.StatusReturnToSender},
		{"an event's own status otherwise",
			ship(tracking.StatusInTransit, scanOut, exceptionAtArrival), ship(tracking.StatusUnknown, exceptionAtArrival), tracking.StatusInTransit},
		{"events without status: the answers'", ship(tracking.StatusPending, untold(scanLabel)), ship(tracking.StatusUnknown, untold(scanAccepted)), tracking.StatusPending},
		{"no events: the current answer's", &tracking.Shipment{Status: tracking.StatusPending, UpdatedAt: t0},
			&tracking.Shipment{Status: tracking.StatusInfoReceived}, tracking.StatusPending},
		{"no status anywhere", ship(""), ship(tracking.StatusUnknown), tracking.StatusUnknown},
		{"final stays final despite a later-dated scan",
			ship(tracking.StatusDelivered, scanDelivered, scanOut), ship(tracking.StatusInTransit, lateScan), tracking.StatusDelivered},
		{"a final answer without events stays final",
			ship(tracking.StatusExpired), ship(tracking.StatusInTransit, scanArrived), tracking.StatusExpired},
		{"a final event stays final", ship(tracking.StatusUnknown, untold(scanOut), scanDelivered), ship(tracking.StatusInTransit, lateScan), tracking.StatusDelivered},
		{"a final status may follow another", ship(tracking.StatusDelivered, scanDelivered), ship(tracking.StatusExpired, lateScan), tracking.StatusExpired},
		{"an invalid status is unknown", ship("on its way", scanArrived), nil, tracking.StatusInTransit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tracking.Merge(tt.a, tt.b).Status)
			assert.Equal(t, tt.want, tracking.Merge(tt.b, tt.a).Status, "reversed")
		})
	}
}

func TestMergeShipmentFields(t *testing.T) {
	etaOld, etaNew := t0.Add(48*time.Hour), t0.Add(24*time.Hour)
	older := &tracking.Shipment{
		TrackingNumber: "9261290000000000000017", Carrier: "track123", Courier: "usps",
		Status: tracking.StatusInTransit, Summary: "Arrived at Post Office", Raw: tracking.RawStatus{Code: "IN_TRANSIT", SubCode: "IN_TRANSIT_07"},
		Events:    []tracking.Event{scanArrived},
		ShippedAt: ptr(t0.Add(-90 * time.Hour)), EstimatedDelivery: &etaOld,
		TrackingURL: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9261290000000000000017",
		Origin:      "US", Destination: "US", UpdatedAt: t0.Add(-13 * time.Hour),
	}
	newer := &tracking.Shipment{
		TrackingNumber: "9261290000000000000017", Carrier: "shipengine", Courier: "stamps_com",
		Status: tracking.StatusOutForDelivery, Summary: "Out for delivery", Raw: tracking.RawStatus{Code: "IT", Text: "In Transit"},
		Events:            []tracking.Event{scanOut},
		EstimatedDelivery: ptr(etaNew.In(est)), SignedBy: "", UpdatedAt: t0.Add(-7 * time.Hour),
	}
	want := &tracking.Shipment{
		TrackingNumber: "9261290000000000000017", Carrier: "shipengine", Courier: "stamps_com",
		Status: tracking.StatusOutForDelivery, Summary: "Out for delivery", Raw: tracking.RawStatus{Code: "IT", Text: "In Transit"},
		Events:    []tracking.Event{scanOut, scanArrived},
		ShippedAt: older.ShippedAt, EstimatedDelivery: &etaNew,
		TrackingURL: older.TrackingURL, Origin: "US", Destination: "US", UpdatedAt: newer.UpdatedAt,
	}
	for _, m := range []*tracking.Shipment{tracking.Merge(older, newer), tracking.Merge(newer, older)} {
		assert.Empty(t, cmp.Diff(want, m, equal...))
		assert.Equal(t, time.UTC, m.EstimatedDelivery.Location())
	}

	// The words describing the status come from the answer that has it,
	// even when it is not the current one.
	delivered := *older
	delivered.Status, delivered.Summary, delivered.Raw = tracking.StatusDelivered, "Delivered", tracking.RawStatus{Code: "DELIVERED"}
	lateScan := newer
	lateScan.Status = tracking.StatusInTransit
	lateScan.Events = []tracking.Event{{Time: t0, Description: "Arrived at facility", Status: tracking.StatusInTransit}}
	m := tracking.Merge(&delivered, lateScan)
	assert.Equal(t, tracking.StatusDelivered, m.Status)
	assert.Equal(t, []string{"track123", "usps", "Delivered", "DELIVERED"}, []string{m.Carrier, m.Courier, m.Summary, m.Raw.Code})
	assert.True(t, m.EstimatedDelivery.Equal(etaNew), "the forecast of the current answer")
}

func TestMergeNil(t *testing.T) {
	assert.Nil(t, tracking.Merge(nil, nil))
	s := &tracking.Shipment{Status: tracking.StatusInTransit, Events: []tracking.Event{scanAccepted, scanArrived, resent(scanArrived)}}
	for _, m := range []*tracking.Shipment{tracking.Merge(s, nil), tracking.Merge(nil, s)} {
		assert.Equal(t, []string{"Arrived at Post Office", "USPS in possession of item"}, descriptions(m.Events), "sorted and deduplicated")
		assert.Equal(t, tracking.StatusInTransit, m.Status)
	}
	assert.NotPanics(t, func() { tracking.Merge(&tracking.Shipment{}, nil) })
}

func TestMergeSharesNoMemory(t *testing.T) {
	lat, eta := 39.96, t0
	a := &tracking.Shipment{Events: []tracking.Event{{Time: t0, Description: "x", Location: tracking.Location{Latitude: &lat}}}, EstimatedDelivery: &eta}
	m := tracking.Merge(a, nil)
	*m.Events[0].Location.Latitude = 0
	*m.EstimatedDelivery = time.Time{}
	m.Events[0].Description = "changed"
	assert.Equal(t, 39.96, lat)
	assert.Equal(t, t0, eta)
	assert.Equal(t, "x", a.Events[0].Description)
}
