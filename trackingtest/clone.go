package trackingtest

import (
	"maps"
	"time"

	"github.com/parcelkit/tracking"
)

// cloneShipment returns a deep copy of s, so that neither a scripted answer
// nor a recorded value changes when the caller modifies what it got.
func cloneShipment(s *tracking.Shipment) *tracking.Shipment {
	if s == nil {
		return nil
	}
	c := *s
	c.ShippedAt = cloneTime(s.ShippedAt)
	c.EstimatedDelivery = cloneTime(s.EstimatedDelivery)
	c.DeliveredAt = cloneTime(s.DeliveredAt)
	if s.Events != nil {
		c.Events = make([]tracking.Event, len(s.Events))
		for i, e := range s.Events {
			e.Location.Latitude = cloneFloat(e.Location.Latitude)
			e.Location.Longitude = cloneFloat(e.Location.Longitude)
			c.Events[i] = e
		}
	}
	return &c
}

// cloneRequest returns a copy of r whose Metadata map is not shared.
func cloneRequest(r tracking.Request) tracking.Request {
	r.Metadata = maps.Clone(r.Metadata)
	return r
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := *t
	return &v
}

func cloneFloat(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := *f
	return &v
}
