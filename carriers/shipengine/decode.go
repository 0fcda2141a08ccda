package shipengine

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// decodeShipment reads a tracking_information body.
func decodeShipment(body []byte) (*tracking.Shipment, error) {
	var info trackingInfo
	info.Events = eventsFor(body)
	if err := decode.JSON(ID, body, &info); err != nil {
		return nil, err
	}
	return info.shipment("")
}

// maxPresized bounds the events room eventsFor sets aside.
const maxPresized = 64

// eventsFor returns an empty events slice with room for the events body
// can hold. encoding/json fills spare capacity before growing a slice, and
// growing one by doubling allocates and copies it three or four times for
// a usual answer. Events are flat objects, so the body's object count less
// the top one bounds them; counting one byte is cheap, and an overcount
// (a brace inside a string) only wastes room.
func eventsFor(body []byte) []trackEvent {
	n := min(bytes.Count(body, []byte{'{'})-1, maxPresized)
	if n <= 0 {
		return nil
	}
	return make([]trackEvent, 0, n)
}

// shipment normalizes in. path prefixes field names in errors ("data." in
// webhooks).
func (in *trackingInfo) shipment(path string) (*tracking.Shipment, error) {
	number := strings.TrimSpace(string(in.TrackingNumber))
	if number == "" {
		return nil, &tracking.DecodeError{Carrier: ID, Field: path + "tracking_number",
			Err: errors.New("missing: the answer is not tracking information")}
	}
	s := &tracking.Shipment{
		TrackingNumber: number,
		Carrier:        ID,
		Courier:        courierCodes.Courier(strings.TrimSpace(string(in.CarrierCode))),
		Status:         mapStatus(string(in.StatusCode), string(in.StatusDetailCode)),
		Summary: first(in.StatusDetailDescription, in.ExceptionDescription,
			in.CarrierStatusDescription, in.StatusDescription),
		Raw: tracking.RawStatus{
			Code:    string(in.StatusCode),
			SubCode: string(in.StatusDetailCode),
			Text:    first(in.StatusDescription, in.CarrierStatusDescription),
		},
		TrackingURL: strings.TrimSpace(string(in.TrackingURL)),
		SignedBy:    signer(in.Events),
	}
	// A zone-less date is read as UTC: ShipEngine sends a zone-less
	// midnight for "that day".
	s.ShippedAt, s.EstimatedDelivery, s.DeliveredAt = shipmentDates(
		string(in.ShipDate), string(in.EstimatedDeliveryDate), string(in.ActualDeliveryDate))
	if len(in.Events) > 0 {
		s.Events = make([]tracking.Event, len(in.Events))
		for i := range in.Events {
			s.Events[i] = in.Events[i].event()
		}
		tracking.SortEvents(s.Events) // newest first; the provider's order breaks ties
		s.UpdatedAt = s.Events[0].Time
	}
	decode.Compact(s)
	return s, nil
}

// shipmentDates parses the shipment's three dates into one allocation
// rather than one each; a date that cannot be read is nil.
func shipmentDates(shipped, estimated, delivered string) (*time.Time, *time.Time, *time.Time) {
	var dates *[3]time.Time
	at := func(i int, s string) *time.Time {
		t, ok := decode.Time(s, time.UTC)
		if !ok {
			return nil
		}
		if dates == nil {
			dates = new([3]time.Time)
		}
		dates[i] = t
		return &dates[i]
	}
	return at(0, shipped), at(1, estimated), at(2, delivered)
}

// event normalizes one event. occurred_at is the instant (a zone-less one
// is read as UTC); carrier_occurred_at, the courier's local wall clock
// without a zone, is kept as text only.
func (ev *trackEvent) event() tracking.Event {
	at, _ := decode.Time(string(ev.OccurredAt), time.UTC)
	return tracking.Event{
		Time:        at,
		LocalTime:   strings.TrimSpace(string(ev.CarrierOccurredAt)),
		Status:      mapStatus(string(ev.StatusCode), string(ev.StatusDetailCode)),
		Code:        first(ev.EventCode, ev.CarrierStatusCode),
		Description: first(ev.Description, ev.CarrierStatusDescription, ev.StatusDescription),
		Location: tracking.Location{
			City:       strings.TrimSpace(string(ev.CityLocality)),
			State:      strings.TrimSpace(string(ev.StateProvince)),
			PostalCode: strings.TrimSpace(string(ev.PostalCode)),
			Country:    strings.ToUpper(strings.TrimSpace(string(ev.CountryCode))),
			Latitude:   ev.Latitude.Ptr(),
			Longitude:  ev.Longitude.Ptr(),
		},
	}
}

// signer returns the signer of the newest event that names one: ShipEngine
// puts it on the delivery event, not on the shipment.
func signer(events []trackEvent) string {
	var (
		name string
		at   time.Time
	)
	for i := range events {
		n := strings.TrimSpace(string(events[i].Signer))
		if n == "" {
			continue
		}
		t, _ := decode.Time(string(events[i].OccurredAt), time.UTC)
		if name == "" || t.After(at) {
			name, at = n, t
		}
	}
	return name
}

// first returns the first non-blank value, trimmed.
func first(values ...decode.String) string {
	for _, v := range values {
		if s := strings.TrimSpace(string(v)); s != "" {
			return s
		}
	}
	return ""
}
