package track123

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// Tracking is one of Track123's trackings: the normalized Shipment plus
// the values only Track123 has.
type Tracking struct {
	*tracking.Shipment

	// ID is Track123's id of the tracking, an 18-digit number kept as
	// text so that no digit is lost.
	ID            string
	OrderNumber   string
	CustomerEmail string
	// TrackingStatus is Track123's health of the courier query, not the
	// parcel's state: "001" normal, "002" no record at the courier, "003"
	// to "006" the courier's site failed and cached data was served.
	TrackingStatus string
	// Stale is true when TrackingStatus says the data may be old. The
	// Shipment's Status is left as Track123 gave it.
	Stale bool
	// CreateTime is when the tracking was registered, as Track123 sent it
	// (zone-less).
	CreateTime string
	Remark     string
	Custom1    string
	Custom2    string
}

// summaries describe a transitStatus when no event does.
var summaries = map[string]string{
	"INIT":             "registered; tracking not started",
	"NO_RECORD":        "no information from the courier yet",
	"INFO_RECEIVED":    "the courier has the shipper's data; pickup pending",
	"IN_TRANSIT":       "in transit",
	"WAITING_DELIVERY": "out for delivery or waiting at a pickup point",
	"DELIVERY_FAILED":  "delivery attempt failed",
	"ABNORMAL":         "exception",
	"DELIVERED":        "delivered",
	"EXPIRED":          "no information for a long time; Track123 stopped tracking it",
}

// decodeTracking turns one wire tracking into a Tracking. Zone-less
// shipment timestamps are read in loc unless an event has the same local
// time, whose instant is then used.
func decodeTracking(w *wireTracking, loc *time.Location) *Tracking {
	if loc == nil {
		loc = time.UTC
	}
	transit := strings.TrimSpace(string(w.TransitStatus))
	sub := strings.TrimSpace(string(w.TransitSubStatus))
	if normalize(sub) == "" {
		sub = ""
	}
	s := &tracking.Shipment{
		TrackingNumber: strings.TrimSpace(string(w.TrackNo)),
		Carrier:        ID,
		Status:         mapStatus(transit, sub),
		Raw:            tracking.RawStatus{Code: transit, SubCode: sub},
		Origin:         strings.ToUpper(strings.TrimSpace(string(w.ShipFrom))),
		Destination:    strings.ToUpper(strings.TrimSpace(string(w.ShipTo))),
	}
	if li := w.LocalLogisticsInfo; li != nil {
		s.Courier = courierCodes.Courier(strings.TrimSpace(string(li.CourierCode)))
		s.TrackingURL = strings.TrimSpace(string(li.CourierTrackingLink))
		s.Events = make([]tracking.Event, 0, len(li.TrackingDetails))
		for i := range li.TrackingDetails {
			s.Events = append(s.Events, decodeEvent(&li.TrackingDetails[i]))
		}
		tracking.SortEvents(s.Events)
	}
	if w.ExtraInfo != nil {
		s.SignedBy = strings.TrimSpace(string(w.ExtraInfo.SignedBy))
	}
	if len(s.Events) > 0 {
		s.Summary = s.Events[0].Description
		s.Raw.Text = s.Events[0].Description
	} else {
		s.Summary = summaries[normalize(transit)]
	}

	s.ShippedAt = decode.TimePtr(string(w.ShipTime), loc)
	s.DeliveredAt = instant(s.Events, string(w.DeliveredTime), loc)
	if s.DeliveredAt == nil && s.Status == tracking.StatusDelivered {
		for _, e := range s.Events {
			if e.Status == tracking.StatusDelivered && !e.Time.IsZero() {
				t := e.Time
				s.DeliveredAt = &t
				break
			}
		}
	}
	if t := instant(s.Events, string(w.LastTrackingTime), loc); t != nil {
		s.UpdatedAt = *t
	} else if len(s.Events) > 0 {
		s.UpdatedAt = s.Events[0].Time
	}
	if x := w.ExpectedDeliveryTime; x != nil {
		zone := loc
		if z, ok := offset(string(x.Timezone)); ok {
			zone = z
		}
		s.EstimatedDelivery = decode.TimePtr(string(x.End), zone)
		if s.EstimatedDelivery == nil {
			s.EstimatedDelivery = decode.TimePtr(string(x.Start), zone)
		}
	}

	decode.Compact(s)
	health := strings.TrimSpace(string(w.TrackingStatus))
	return &Tracking{
		Shipment:       s,
		ID:             strings.TrimSpace(string(w.ID)),
		OrderNumber:    strings.TrimSpace(string(w.OrderNo)),
		CustomerEmail:  strings.TrimSpace(string(w.CustomerEmail)),
		TrackingStatus: health,
		Stale:          staleTrackingStatuses[health],
		CreateTime:     strings.TrimSpace(string(w.CreateTime)),
		Remark:         string(w.Remark),
		Custom1:        string(w.Custom1),
		Custom2:        string(w.Custom2),
	}
}

// decodeEvent reads one event: eventTimeZeroUTC is the instant; without
// it, eventTime is read at the event's own offset, and without that as
// civil time (in UTC).
func decodeEvent(w *wireEvent) tracking.Event {
	local := strings.TrimSpace(string(w.EventTime))
	e := tracking.Event{
		LocalTime:   local,
		Code:        strings.TrimSpace(string(w.TransitSubStatus)),
		Status:      eventStatus(string(w.TransitSubStatus)),
		Description: strings.TrimSpace(string(w.EventDetail)),
		Location:    tracking.Location{City: strings.TrimSpace(string(w.Address))},
	}
	if t, ok := decode.Time(string(w.EventTimeZeroUTC), time.UTC); ok {
		e.Time = t
		return e
	}
	zone := time.UTC
	if z, ok := offset(string(w.Timezone)); ok {
		zone = z
	}
	if t, ok := decode.Time(local, zone); ok {
		e.Time = t
	}
	return e
}

// offset reads an event's timezone ("-05:00"); an empty one is no offset.
func offset(s string) (*time.Location, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, false
	}
	return decode.Offset(s)
}

// instant returns the UTC time of a zone-less shipment timestamp: the
// instant of the event with the same local time when there is one (the
// shipment's times are the courier's local times), otherwise the text
// read in loc.
func instant(events []tracking.Event, text string, loc *time.Location) *time.Time {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	for _, e := range events {
		if e.LocalTime == text && !e.Time.IsZero() {
			t := e.Time
			return &t
		}
	}
	return decode.TimePtr(text, loc)
}

// decodeData decodes an envelope's data into v; null or absent data is an
// error, since every caller needs it.
func decodeData(data json.RawMessage, v any) error {
	d := strings.TrimSpace(string(data))
	if d == "" || d == "null" {
		return &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the answer has no data")}
	}
	if err := decode.Unmarshal(data, v); err != nil {
		return decode.ErrorAt(ID, "data", err)
	}
	return nil
}

// decodeEnvelope reads an answer's envelope. A body that is not JSON or
// has no code is an error matching tracking.ErrInvalidResponse.
func decodeEnvelope(body []byte) (*envelope, error) {
	var env envelope
	if err := decode.JSON(ID, body, &env); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(env.Code)) == "" {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "code", Err: errors.New("the answer has no envelope code")}
	}
	return &env, nil
}
