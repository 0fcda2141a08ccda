package trackship

import (
	"html"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// Detail is TrackShip's answer for one shipment: the normalized Shipment
// plus the TrackShip fields the normalized model has no place for.
type Detail struct {
	Shipment *tracking.Shipment
	// OrderID is the order the shipment was registered under.
	OrderID string
	// ShippingService is the service as TrackShip sends it, HTML included
	// (for example "Priority Mail<SUP>&reg;</SUP>").
	ShippingService string
	// ShippingServiceText is ShippingService without tags, entities
	// unescaped ("Priority Mail®"), for display.
	ShippingServiceText string
	// DeliveryProvider and DeliveryNumber name the destination country's
	// courier and its number, when the parcel changes hands.
	DeliveryProvider string
	DeliveryNumber   string
	// Deleted reports that the shipment was removed from TrackShip
	// (tracking_event_status "deleted"); its Status is then unknown.
	Deleted bool
}

const (
	summaryPending = "registered with TrackShip; waiting for the first courier update"
	summaryDeleted = "removed from TrackShip; register it again to resume tracking"
)

// toDetail turns a shipment (get's data, or a webhook body) into a
// Detail. Zone-less times are read in loc.
func toDetail(d *shipmentData, loc *time.Location) *Detail {
	raw := strings.TrimSpace(string(d.TrackingEventStatus))
	s := &tracking.Shipment{
		TrackingNumber:    strings.TrimSpace(string(d.TrackingNumber)),
		Carrier:           ID,
		Courier:           courierCodes.Courier(strings.TrimSpace(string(d.TrackingProvider))),
		Status:            mapStatus(raw, ""),
		Raw:               tracking.RawStatus{Code: raw},
		EstimatedDelivery: decode.TimePtr(string(d.TrackingEstDeliveryDate), loc),
		Origin:            country(string(d.OriginCountry)),
		Destination:       country(string(d.DestinationCountry)),
	}
	// Both lists are oldest first; the destination courier's events come
	// after the origin's. Reversing keeps array order for equal times once
	// SortEvents orders them newest first.
	dest := d.DestinationEvents
	if len(dest) == 0 {
		dest = d.TrackingDestinationEvents
	}
	s.Events = append(toEvents(dest, loc), toEvents(d.Events, loc)...)
	tracking.SortEvents(s.Events)

	if t, ok := decode.Time(string(d.UpdatedAt), loc); ok {
		s.UpdatedAt = t
	} else if t, ok := decode.Time(string(d.LastEventTime), loc); ok {
		s.UpdatedAt = t
	}
	deleted := normalize(raw) == RawDeleted
	switch {
	case deleted:
		s.Summary = summaryDeleted
	case len(s.Events) > 0:
		s.Summary = s.Events[0].Description
	case s.Status == tracking.StatusPending:
		s.Summary = summaryPending
	}
	for i := len(s.Events) - 1; i >= 0; i-- { // oldest first
		if e := s.Events[i]; moving(e.Status) && !e.Time.IsZero() {
			t := e.Time
			s.ShippedAt = &t
			break
		}
	}
	if s.Status == tracking.StatusDelivered {
		for _, e := range s.Events {
			if e.Status == tracking.StatusDelivered && !e.Time.IsZero() {
				t := e.Time
				s.DeliveredAt = &t
				break
			}
		}
		if s.DeliveredAt == nil {
			s.DeliveredAt = decode.TimePtr(string(d.LastEventTime), loc)
		}
	}
	decode.Compact(s)
	service := string(d.ShippingService)
	return &Detail{
		Shipment:            s,
		OrderID:             strings.TrimSpace(string(d.OrderID)),
		ShippingService:     service,
		ShippingServiceText: stripHTML(service),
		DeliveryProvider:    strings.TrimSpace(string(d.DeliveryProvider)),
		DeliveryNumber:      strings.TrimSpace(string(d.DeliveryNumber)),
		Deleted:             deleted,
	}
}

// toEvents converts a TrackShip event list (oldest first) to events,
// newest first.
func toEvents(list []event, loc *time.Location) []tracking.Event {
	out := make([]tracking.Event, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		ev := list[i]
		status, detail := strings.TrimSpace(string(ev.Status)), strings.TrimSpace(string(ev.StatusDetail))
		code := status
		if detail != "" && detail != status {
			code += "/" + detail
		}
		desc := strings.TrimSpace(string(ev.Message))
		if desc == "" {
			desc = strings.TrimSpace(string(ev.Description))
		}
		e := tracking.Event{
			LocalTime:   string(ev.Datetime),
			Status:      mapStatus(status, detail),
			Code:        code,
			Description: desc,
		}
		if t, ok := decode.Time(string(ev.Datetime), loc); ok {
			e.Time = t
		}
		if l := ev.Location; l != nil {
			e.Location = tracking.Location{
				City:       strings.TrimSpace(string(l.City)),
				State:      strings.TrimSpace(string(l.State)),
				PostalCode: strings.TrimSpace(string(l.Zip)),
				Country:    country(string(l.Country)),
			}
		}
		out = append(out, e)
	}
	return out
}

// moving reports whether a status means the courier has the parcel.
func moving(s tracking.Status) bool {
	switch s {
	case tracking.StatusUnknown, tracking.StatusPending, tracking.StatusInfoReceived, tracking.StatusCancelled, tracking.StatusExpired:
		return false
	}
	return true
}

func country(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// stripHTML drops tags and unescapes entities: TrackShip's
// shipping_service holds HTML such as "Priority Mail<SUP>&reg;</SUP>".
func stripHTML(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}
