package tracktry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// readEnvelope decodes a whole answer. A body without meta is not a
// Tracktry answer (a proxy's page, say) and is refused.
func readEnvelope(body []byte) (*envelope, error) {
	var env envelope
	if err := decode.JSON(ID, body, &env); err != nil {
		return nil, err
	}
	if env.Meta == nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "meta", Err: errors.New("missing: not a Tracktry answer")}
	}
	return &env, nil
}

// dataList reads data in each of the forms Tracktry uses for it: an
// object, an array of objects, or {items: [...]}. null, an empty body, an
// empty array or an empty string give no elements.
func dataList[T any](data json.RawMessage) ([]T, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) || bytes.Equal(data, []byte(`""`)) {
		return nil, nil
	}
	switch data[0] {
	case '[':
		var out []T
		if err := decode.Unmarshal(data, &out); err != nil {
			return nil, fieldError("data", err)
		}
		return out, nil
	case '{':
		var probe struct {
			Items *json.RawMessage `json:"items"`
		}
		if err := decode.Unmarshal(data, &probe); err != nil {
			return nil, fieldError("data", err)
		}
		if probe.Items != nil {
			var out []T
			if err := decode.Unmarshal(*probe.Items, &out); err != nil {
				return nil, fieldError("data.items", err)
			}
			return out, nil
		}
		var one T
		if err := decode.Unmarshal(data, &one); err != nil {
			return nil, fieldError("data", err)
		}
		return []T{one}, nil
	}
	return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("want an object or an array")}
}

// fieldError wraps a JSON error as a DecodeError under field, keeping the
// inner field encoding/json names.
func fieldError(field string, err error) error { return decode.ErrorAt(ID, field, err) }

// trackings reads the tracking objects in data, dropping entries that name
// no tracking at all (an empty object).
func trackings(data json.RawMessage) ([]wireTracking, error) {
	all, err := dataList[wireTracking](data)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, w := range all {
		if strings.TrimSpace(string(w.TrackingNumber)) != "" || strings.TrimSpace(string(w.ID)) != "" {
			out = append(out, w)
		}
	}
	return out, nil
}

// pick returns the tracking for number (and courier, when given), or the
// first one when none names it.
func pick(ws []wireTracking, number, courier string) *wireTracking {
	for i := range ws {
		if sameNumber(string(ws[i].TrackingNumber), number) &&
			(courier == "" || strings.EqualFold(strings.TrimSpace(string(ws[i].CarrierCode)), courier)) {
			return &ws[i]
		}
	}
	if len(ws) == 0 {
		return nil
	}
	return &ws[0]
}

func sameNumber(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// parseTime reads a Tracktry timestamp. With loc it is decode.Time; without
// one only a timestamp carrying its own zone is usable, since Tracktry's
// zone-less times could be in any zone.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	if loc != nil {
		return decode.Time(s, loc)
	}
	return decode.ZonedTime(s)
}

func timePtr(s string, loc *time.Location) *time.Time {
	if t, ok := parseTime(s, loc); ok {
		return &t
	}
	return nil
}

// toShipment normalizes one tracking object. loc is the zone hint for
// zone-less times (nil: none).
func toShipment(w *wireTracking, loc *time.Location) *tracking.Shipment {
	s := &tracking.Shipment{
		TrackingNumber: strings.TrimSpace(string(w.TrackingNumber)),
		Carrier:        ID,
		Courier:        courierCodes.Courier(strings.TrimSpace(string(w.CarrierCode))),
		Status:         mapStatus(string(w.Status), string(w.Substatus)),
		Raw: tracking.RawStatus{
			Code:    string(w.Status),
			SubCode: string(w.Substatus),
			Text:    string(w.LastEvent),
		},
		Events:      events(w, loc),
		SignedBy:    strings.TrimSpace(firstOf(string(w.SignedBy), string(w.SingedBy))),
		Origin:      countryCode(string(w.OriginalCountry)),
		Destination: countryCode(string(w.DestinationCountry)),
	}
	s.Summary = strings.TrimSpace(string(w.LastEvent))
	if len(s.Events) > 0 && s.Events[0].Description != "" {
		s.Summary = s.Events[0].Description
	}
	if t, ok := parseTime(string(w.UpdatedAt), loc); ok {
		s.UpdatedAt = t
	} else if t, ok := parseTime(string(w.LastUpdateTime), loc); ok {
		s.UpdatedAt = t
	}
	if o := w.OriginInfo; o != nil {
		s.ShippedAt = timePtr(firstOf(string(o.ItemReceived), string(o.ItemDispatched)), loc)
	}
	if s.Status == tracking.StatusDelivered {
		for _, e := range s.Events {
			if e.Status == tracking.StatusDelivered && !e.Time.IsZero() {
				t := e.Time
				s.DeliveredAt = &t
				break
			}
		}
	}
	decode.Compact(s)
	return s
}

// events merges destination_info (the last mile, newer) and origin_info,
// each newest first, dropping exact duplicates. With a zone hint the
// events are sorted by time; without one they keep Tracktry's order,
// since zone-less times from two countries do not compare.
func events(w *wireTracking, loc *time.Location) []tracking.Event {
	var out []tracking.Event
	seen := map[wireEvent]bool{}
	for _, info := range []*wireInfo{w.DestinationInfo, w.OriginInfo} {
		for _, we := range info.events() {
			if seen[we] {
				continue
			}
			seen[we] = true
			out = append(out, toEvent(we, loc))
		}
	}
	tracking.SortEvents(out)
	return out
}

func toEvent(we wireEvent, loc *time.Location) tracking.Event {
	e := tracking.Event{
		LocalTime:   string(we.Date),
		Status:      mapStatus(string(we.CheckpointStatus), string(we.Substatus)),
		Code:        strings.TrimSpace(firstOf(string(we.Substatus), string(we.CheckpointStatus))),
		Description: strings.TrimSpace(string(we.StatusDescription)),
		// Details is free text, usually a place ("PARAMOUNT, CA 90723"):
		// kept whole rather than split by guesswork.
		Location: tracking.Location{City: strings.TrimSpace(string(we.Details))},
	}
	if t, ok := parseTime(string(we.Date), loc); ok {
		e.Time = t
	}
	return e
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// pending is the Shipment Track answers for a number it just registered.
func pending(number, courier string) *tracking.Shipment {
	return &tracking.Shipment{
		TrackingNumber: number,
		Carrier:        ID,
		Courier:        courierCodes.Courier(courier),
		Status:         tracking.StatusPending,
	}
}

// created normalizes what a create call answered: a new tracking whose
// answer names no known status is pending; Raw keeps the provider's values.
func created(w *wireTracking, number, courier string, loc *time.Location) *tracking.Shipment {
	if w == nil {
		return pending(number, courier)
	}
	s := toShipment(w, loc)
	if s.TrackingNumber == "" {
		s.TrackingNumber = number
	}
	if s.Courier == "" {
		s.Courier = courierCodes.Courier(courier)
	}
	if s.Status == tracking.StatusUnknown {
		s.Status = tracking.StatusPending
	}
	return s
}

// noTracking is the error for a success whose data holds no tracking.
func noTracking(what string) error {
	return &tracking.DecodeError{Carrier: ID, Field: "data", Err: fmt.Errorf("%s answered no tracking", what)}
}
