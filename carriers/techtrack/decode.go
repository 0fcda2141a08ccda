package techtrack

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// decoder reads techTRACK's events answer with the field names of a Wire.
// The names are configurable, so the answer is read as JSON objects
// rather than into tagged structs.
type decoder struct {
	fields     EventFields
	categories categoryMap
	levels     map[string]bool // accessLevels kept; nil keeps all
}

// object is one JSON object, its values undecoded.
type object map[string]json.RawMessage

// events decodes the answer of the events GET: events newest first.
func (d decoder) events(body []byte) ([]tracking.Event, error) {
	var top object
	if err := decode.JSON(ID, body, &top); err != nil {
		return nil, err
	}
	f := d.fields
	raw, ok := top[f.List]
	if !ok || isNull(raw) {
		return nil, &tracking.DecodeError{Carrier: ID, Field: f.List, Err: errors.New("missing: want the event list")}
	}
	var list []object
	if err := decode.Unmarshal(raw, &list); err != nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: f.List, Err: errors.New("want an array of objects")}
	}
	out := make([]tracking.Event, 0, len(list))
	for i, item := range list {
		if item == nil {
			continue
		}
		r := reader{path: fmt.Sprintf("%s[%d]", f.List, i)}
		category, name := r.str(item, f.Category), r.str(item, f.Name)
		description, level := r.str(item, f.Description), r.str(item, f.AccessLevel)
		dt := r.obj(item, f.DateTime)
		local, utc := r.str(dt, f.Local), r.str(dt, f.UTC)
		loc := r.obj(item, f.Location)
		city, state := r.str(loc, f.City), r.str(loc, f.State)
		if r.err != nil {
			return nil, r.err
		}
		if d.levels != nil && !d.levels[normalize(level)] {
			continue
		}
		e := tracking.Event{
			LocalTime:   local,
			Status:      d.categories.status(category),
			Code:        joinCode(category, name),
			Description: description,
			Location:    tracking.Location{City: city, State: state},
		}
		if e.Description == "" {
			e.Description = name
		}
		if e.LocalTime == "" {
			e.LocalTime = utc
		}
		// The field says UTC: a zone-less value is read as UTC.
		if t, ok := decode.Time(utc, time.UTC); ok {
			e.Time = t
		}
		out = append(out, e)
	}
	// The order techTRACK sends is unknown: sort by the UTC time.
	tracking.SortEvents(out)
	return out, nil
}

// joinCode keeps both raw values of an event as "category/name" (either
// part may be empty), so that the first "/" splits them again; "" when
// both are empty.
func joinCode(category, name string) string {
	if category == "" && name == "" {
		return ""
	}
	return category + "/" + name
}

// reader decodes fields of objects, keeping the first error with its path.
type reader struct {
	path string
	err  error
}

func (r *reader) fail(key string, err error) {
	if r.err == nil {
		r.err = &tracking.DecodeError{Carrier: ID, Field: r.path + "." + key, Err: err}
	}
}

// str reads a string (or a number, kept as written); absent or null is "".
func (r *reader) str(o object, key string) string {
	raw, ok := o[key]
	if !ok {
		return ""
	}
	// raw is one value of an object encoding/json has already checked, so
	// the method is called directly: json.Unmarshal would scan it again
	// and set up a decoder for each field, most of a read's cost.
	var s decode.String
	if err := s.UnmarshalJSON(raw); err != nil {
		r.fail(key, err)
		return ""
	}
	return strings.TrimSpace(string(s))
}

// obj reads a nested object; absent or null is nil.
func (r *reader) obj(o object, key string) object {
	raw, ok := o[key]
	if !ok {
		return nil
	}
	var m object
	if err := decode.Unmarshal(raw, &m); err != nil {
		r.fail(key, errors.New("want an object"))
		return nil
	}
	return m
}

func isNull(raw json.RawMessage) bool { return strings.TrimSpace(string(raw)) == "null" }

// shipment builds the answer for number from its events (newest first).
// No events means techTRACK knows the number but has nothing yet: pending.
func shipment(number, courier string, events []tracking.Event) *tracking.Shipment {
	s := &tracking.Shipment{
		TrackingNumber: number,
		Carrier:        ID,
		Courier:        courierCodes.Courier(courier),
		Status:         tracking.StatusPending,
		Summary:        summaryPending,
		Events:         events,
	}
	if len(events) == 0 {
		decode.Compact(s)
		return s
	}
	newest := events[0]
	s.Status = newest.Status
	s.Summary = newest.Description
	s.UpdatedAt = newest.Time
	category, name, _ := strings.Cut(newest.Code, "/")
	s.Raw = tracking.RawStatus{Code: category, SubCode: name, Text: newest.Description}
	for i := len(events) - 1; i >= 0; i-- { // oldest first
		if e := events[i]; moving(e.Status) && !e.Time.IsZero() {
			t := e.Time
			s.ShippedAt = &t
			break
		}
	}
	if s.Status == tracking.StatusDelivered {
		for _, e := range events {
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

const summaryPending = "registered with techTRACK; no carrier event yet"

// moving reports whether a status means the carrier has the parcel.
func moving(s tracking.Status) bool {
	switch s {
	case tracking.StatusUnknown, tracking.StatusPending, tracking.StatusInfoReceived, tracking.StatusCancelled, tracking.StatusExpired:
		return false
	}
	return true
}
