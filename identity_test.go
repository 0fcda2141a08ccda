package tracking_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

var (
	t0  = time.Date(2026, 2, 25, 18, 2, 44, 0, time.UTC)
	est = time.FixedZone("EST", -5*3600)
)

func TestSameEvent(t *testing.T) {
	base := tracking.Event{
		Time: t0, LocalTime: "2026-02-25 13:02:44", Status: tracking.StatusDelivered, Code: "DELIVERED_04",
		Description: "Delivered, Left with Individual", Location: tracking.Location{City: "COLUMBUS, OH 43215"},
	}
	with := func(f func(*tracking.Event)) tracking.Event { e := base; f(&e); return e }
	untimed := func(local, desc string) tracking.Event {
		return tracking.Event{LocalTime: local, Description: desc}
	}

	tests := []struct {
		name string
		a, b tracking.Event
		same bool
	}{
		{"identical", base, base, true},
		{"other case", base, with(func(e *tracking.Event) { e.Description = "DELIVERED, left WITH individual" }), true},
		{"other white space", base, with(func(e *tracking.Event) { e.Description = "  Delivered,\tLeft  with\n Individual " }), true},
		{"Unicode space and case", base, with(func(e *tracking.Event) { e.Description = "DELIVERED,\u00a0LEFT\u2003WITH INDIVIDUAL" }), true},
		{"sub-second precision", base, with(func(e *tracking.Event) { e.Time = t0.Add(999 * time.Millisecond) }), true},
		{"time zone notation", base, with(func(e *tracking.Event) { e.Time = t0.In(est) }), true},
		{"other local time text", base, with(func(e *tracking.Event) { e.LocalTime = "2026-02-25T13:02:44-05:00" }), true},
		{"other code and status", base, with(func(e *tracking.Event) { e.Code, e.Status = "DE", tracking.StatusUnknown }), true},
		{"other location", base, with(func(e *tracking.Event) { e.Location = tracking.Location{City: "Columbus", State: "OH"} }), true},
		{"next second", base, with(func(e *tracking.Event) { e.Time = t0.Add(time.Second) }), false},
		{"other text", base, with(func(e *tracking.Event) { e.Description = "Delivered, In/At Mailbox" }), false},
		{"words run together", base, with(func(e *tracking.Event) { e.Description = "Delivered,Left with Individual" }), false},
		{"one dated, one not", base, with(func(e *tracking.Event) { e.Time = time.Time{} }), false},
		{"no time: local text, normalized", untimed("25/02 13:02", "Arrived"), untimed(" 25/02  13:02", "ARRIVED"), true},
		{"no time: other local text", untimed("25/02 13:02", "Arrived"), untimed("25/02 13:03", "Arrived"), false},
		{"no description: code counts",
			tracking.Event{Time: t0, Code: "IT", Status: tracking.StatusInTransit},
			tracking.Event{Time: t0, Code: " it", Status: tracking.StatusException}, true},
		{"no description: other code",
			tracking.Event{Time: t0, Code: "IT"}, tracking.Event{Time: t0, Code: "AC"}, false},
		{"no description nor code: status counts",
			tracking.Event{Time: t0, Status: tracking.StatusInTransit}, tracking.Event{Time: t0, Status: tracking.StatusDelivered}, false},
		{"zero status is unknown",
			tracking.Event{Time: t0}, tracking.Event{Time: t0, Status: tracking.StatusUnknown}, true},
		{"blank description is none",
			tracking.Event{Time: t0, Description: " \t", Code: "IT"}, tracking.Event{Time: t0, Code: "IT"}, true},
		{"Kelvin sign folds like k", tracking.Event{Time: t0, Description: "\u212a"}, tracking.Event{Time: t0, Description: "k"}, true},
		{"invalid UTF-8 does not panic", tracking.Event{Time: t0, Description: "\xff\xfe"}, tracking.Event{Time: t0, Description: "\xfe\xff"}, true},
		{"local time is not mistaken for a description",
			tracking.Event{LocalTime: "a", Description: "b c"}, tracking.Event{LocalTime: "a b", Description: "c"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.same, tracking.SameEvent(tt.a, tt.b), "SameEvent")
			assert.Equal(t, tt.same, tt.a.Identity() == tt.b.Identity(), "%q vs %q", tt.a.Identity(), tt.b.Identity())
		})
	}
}

func TestIdentityText(t *testing.T) {
	tests := []struct {
		e    tracking.Event
		want string
	}{
		{tracking.Event{Time: t0.In(est).Add(300 * time.Millisecond), Description: " Out for  Delivery"},
			`2026-02-25T18:02:44Z "out for delivery"`},
		{tracking.Event{LocalTime: "Feb 25  1:02 PM", Code: "DE"}, `local "feb 25 1:02 pm" "de"`},
		{tracking.Event{Time: t0}, `2026-02-25T18:02:44Z "unknown"`},
		{tracking.Event{Time: t0, Status: "bogus"}, `2026-02-25T18:02:44Z "unknown"`},
		{tracking.Event{Time: t0, Description: "Ärger \"quoted\""}, `2026-02-25T18:02:44Z "ärger \"quoted\""`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.e.Identity())
	}
}

// Times before the Unix epoch truncate down, like Time.Truncate.
func TestIdentityBeforeEpoch(t *testing.T) {
	at := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	a := tracking.Event{Time: at.Add(-300 * time.Millisecond), Description: "x"}
	b := tracking.Event{Time: at.Add(-time.Second), Description: "x"}
	c := tracking.Event{Time: at, Description: "x"}
	assert.True(t, tracking.SameEvent(a, b))
	assert.False(t, tracking.SameEvent(a, c))
	assert.Equal(t, `1959-12-31T23:59:59Z "x"`, a.Identity())
}
