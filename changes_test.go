package tracking_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

func TestCompare(t *testing.T) {
	eta1, eta2 := t0.Add(24*time.Hour), t0.Add(48*time.Hour)
	inTransit := &tracking.Shipment{Status: tracking.StatusInTransit, EstimatedDelivery: &eta1,
		Events: []tracking.Event{scanArrived, scanAccepted, scanLabel}}
	with := func(base *tracking.Shipment, f func(*tracking.Shipment)) *tracking.Shipment {
		s := *base
		s.Events = append([]tracking.Event(nil), base.Events...)
		f(&s)
		return &s
	}
	status := func(from, to tracking.Status) *tracking.StatusChange {
		return &tracking.StatusChange{From: from, To: to}
	}

	tests := []struct {
		name       string
		prev, next *tracking.Shipment
		want       tracking.Changes
	}{
		{"nil to nil", nil, nil, tracking.Changes{}},
		{"nil next brings no news", inTransit, nil, tracking.Changes{}},
		{"the same", inTransit, inTransit, tracking.Changes{}},
		{"nil prev: everything is new", nil, inTransit, tracking.Changes{
			Events: []tracking.Event{scanArrived, scanAccepted, scanLabel},
			Status: status(tracking.StatusUnknown, tracking.StatusInTransit),
			ETA:    &tracking.ETAChange{To: &eta1},
		}},
		{"nil prev, nothing known", nil, &tracking.Shipment{}, tracking.Changes{}},
		{"the same scans re-sent otherwise", inTransit,
			with(inTransit, func(s *tracking.Shipment) {
				s.Events = []tracking.Event{resent(scanArrived), resent(scanAccepted), resent(scanLabel)}
				s.EstimatedDelivery = ptr(eta1.In(est).Add(400 * time.Millisecond))
			}), tracking.Changes{}},
		{"a new event and a new status", inTransit,
			with(inTransit, func(s *tracking.Shipment) {
				s.Status = tracking.StatusOutForDelivery
				s.Events = append([]tracking.Event{scanOut}, s.Events...)
			}), tracking.Changes{
				Events: []tracking.Event{scanOut},
				Status: status(tracking.StatusInTransit, tracking.StatusOutForDelivery),
			}},
		{"a new event repeated in next is reported once", inTransit,
			with(inTransit, func(s *tracking.Shipment) {
				s.Events = append([]tracking.Event{scanOut, resent(scanOut)}, s.Events...)
			}), tracking.Changes{Events: []tracking.Event{scanOut}}},
		{"a late older scan is new", with(inTransit, func(s *tracking.Shipment) { s.Events = s.Events[:1] }),
			inTransit, tracking.Changes{Events: []tracking.Event{scanAccepted, scanLabel}}},
		{"reached a final status", inTransit,
			with(inTransit, func(s *tracking.Shipment) {
				s.Status = tracking.StatusDelivered
				s.Events = append([]tracking.Event{scanDelivered}, s.Events...)
			}), tracking.Changes{
				Events: []tracking.Event{scanDelivered},
				Status: status(tracking.StatusInTransit, tracking.StatusDelivered),
				Final:  true,
			}},
		{"from one final status to another is not reaching one",
			&tracking.Shipment{Status: tracking.StatusDelivered}, &tracking.Shipment{Status: tracking.StatusExpired},
			tracking.Changes{Status: status(tracking.StatusDelivered, tracking.StatusExpired)}},
		{"zero status is unknown", &tracking.Shipment{}, &tracking.Shipment{Status: tracking.StatusUnknown}, tracking.Changes{}},
		{"ETA moved", inTransit, with(inTransit, func(s *tracking.Shipment) { s.EstimatedDelivery = &eta2 }),
			tracking.Changes{ETA: &tracking.ETAChange{From: &eta1, To: &eta2}}},
		{"ETA moved by a second", inTransit, with(inTransit, func(s *tracking.Shipment) { s.EstimatedDelivery = ptr(eta1.Add(time.Second)) }),
			tracking.Changes{ETA: &tracking.ETAChange{From: &eta1, To: ptr(eta1.Add(time.Second))}}},
		{"ETA withdrawn", inTransit, with(inTransit, func(s *tracking.Shipment) { s.EstimatedDelivery = nil }),
			tracking.Changes{ETA: &tracking.ETAChange{From: &eta1}}},
		{"events gone are not changes", inTransit, with(inTransit, func(s *tracking.Shipment) { s.Events = nil }),
			tracking.Changes{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tracking.Compare(tt.prev, tt.next)
			assert.Empty(t, cmp.Diff(tt.want, got, equal...))
			assert.Equal(t, !tt.want.Empty(), got.Any())
		})
	}
}

func TestChangesEmpty(t *testing.T) {
	assert.True(t, tracking.Changes{}.Empty())
	assert.False(t, tracking.Changes{}.Any())
	for _, c := range []tracking.Changes{
		{Events: []tracking.Event{{}}},
		{Status: &tracking.StatusChange{}},
		{ETA: &tracking.ETAChange{}},
		{Final: true},
	} {
		assert.False(t, c.Empty(), "%+v", c)
		assert.True(t, c.Any(), "%+v", c)
	}
}

func TestCompareSharesNoMemory(t *testing.T) {
	lat, eta := 1.5, t0
	next := &tracking.Shipment{EstimatedDelivery: &eta, Events: []tracking.Event{{Time: t0, Location: tracking.Location{Latitude: &lat}}}}
	c := tracking.Compare(nil, next)
	*c.ETA.To = time.Time{}
	*c.Events[0].Location.Latitude = 0
	assert.Equal(t, t0, eta)
	assert.Equal(t, 1.5, lat)
}
