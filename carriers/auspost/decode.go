package auspost

import (
	"errors"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// Detail is a shipment with what the normalized model has no place for:
// the status text of every level and every item of a consignment, each
// with its own events, so that callers can re-map them.
type Detail struct {
	// Shipment is what Track returns.
	Shipment *tracking.Shipment
	// ResultStatus is tracking_results[].status as sent; "" when absent.
	ResultStatus string
	// ConsignmentStatus is the status text of the consignment level as
	// sent (a StarTrack consignment, or an Australia Post consignment's
	// trackable item); "" when absent.
	ConsignmentStatus string
	// Items are the articles: one for a plain article, several for a
	// consignment, in the provider's order.
	Items []Item
}

// Item is one article of a shipment.
type Item struct {
	ArticleID   string
	ProductType string // "eParcel", "Parcel Post", "International", "FPP", ...
	// ConsignmentID is the Australia Post consignment the article is in,
	// for answers of that shape; "" otherwise.
	ConsignmentID string
	Status        tracking.Status
	RawStatus     string           // the item's status text as sent
	Events        []tracking.Event // newest first
}

// decodeTrack reads a /track answer. Bodies that are empty, not JSON or of
// the wrong shape give a *tracking.DecodeError.
func decodeTrack(carrier string, body []byte) (*trackResponse, error) {
	var resp trackResponse
	if err := decode.JSON(carrier, body, &resp); err != nil {
		return nil, err
	}
	if resp.TrackingResults == nil && len(resp.Errors) == 0 {
		return nil, &tracking.DecodeError{Carrier: carrier, Field: "tracking_results",
			Err: errors.New("missing: want the results or an errors list")}
	}
	return &resp, nil
}

// hasData reports whether a result carries tracking data (as opposed to
// only errors).
func (r *trackingResult) hasData() bool {
	return r.Status != "" || r.Consignment != nil || len(r.TrackableItems) > 0
}

// detail normalizes one result. requested is the id as asked, used when
// the result does not echo it.
func (m mapper) detail(carrier string, r *trackingResult, requested string) *Detail {
	d := &Detail{ResultStatus: string(r.Status)}
	var levels [][]event // every event list, merged below
	if r.Consignment != nil {
		d.ConsignmentStatus = string(r.Consignment.Status)
		levels = append(levels, r.Consignment.Events)
	}
	for _, ti := range r.TrackableItems {
		levels = append(levels, ti.Events)
		if len(ti.Items) == 0 {
			d.Items = append(d.Items, m.item(ti, ""))
			continue
		}
		// An Australia Post consignment: its articles are in items[].
		if d.ConsignmentStatus == "" {
			d.ConsignmentStatus = string(ti.Status)
		}
		for _, sub := range ti.Items {
			levels = append(levels, sub.Events)
			d.Items = append(d.Items, m.item(sub, string(ti.ConsignmentID)))
		}
	}

	s := &tracking.Shipment{
		TrackingNumber: strings.TrimSpace(string(r.TrackingID)),
		Carrier:        carrier,
		Courier:        carrier,
		Events:         m.events(levels...),
	}
	if s.TrackingNumber == "" {
		s.TrackingNumber = requested
	}
	s.Status, s.Raw.Text = m.decide(d, s.Events)
	if len(s.Events) > 0 {
		newest := s.Events[0]
		s.Summary = newest.Description
		s.UpdatedAt = newest.Time
	}
	if s.Summary == "" {
		s.Summary = strings.TrimSpace(s.Raw.Text)
	}
	if s.Status == tracking.StatusDelivered {
		s.DeliveredAt = deliveredAt(s.Events)
	}
	decode.Compact(s)
	d.Shipment = s
	return d
}

// decide picks the shipment's status from the most specific level that has
// a status text: the items (combined), then the consignment, then the
// result. Text that is present but not recognised gives unknown, without
// looking further. With no text at any level the newest event's status
// decides (when event statuses are on). It returns the status and the text
// that decided it.
func (m mapper) decide(d *Detail, events []tracking.Event) (tracking.Status, string) {
	var (
		texts []string
		sts   []tracking.Status
	)
	for _, it := range d.Items {
		if strings.TrimSpace(it.RawStatus) != "" {
			texts = append(texts, it.RawStatus)
			sts = append(sts, it.Status)
		}
	}
	if i := combine(sts); i >= 0 {
		return sts[i], texts[i]
	}
	for _, text := range []string{d.ConsignmentStatus, d.ResultStatus} {
		if strings.TrimSpace(text) != "" {
			return m.status(text), text
		}
	}
	if len(events) > 0 {
		return events[0].Status, ""
	}
	return tracking.StatusUnknown, ""
}

func (m mapper) item(ti trackableItem, consignmentID string) Item {
	return Item{
		ArticleID:     strings.TrimSpace(string(ti.ArticleID)),
		ProductType:   strings.TrimSpace(string(ti.ProductType)),
		ConsignmentID: strings.TrimSpace(consignmentID),
		Status:        m.status(string(ti.Status)),
		RawStatus:     string(ti.Status),
		Events:        m.events(ti.Events),
	}
}

// events converts and merges event lists, drops duplicates (same time,
// description and location) and sorts them newest first.
func (m mapper) events(lists ...[]event) []tracking.Event {
	var out []tracking.Event
	seen := map[[3]string]bool{}
	for _, list := range lists {
		for _, e := range list {
			ev := m.event(e)
			when := ev.LocalTime
			if !ev.Time.IsZero() {
				when = ev.Time.Format(time.RFC3339Nano)
			}
			key := [3]string{when, normalize(ev.Description), normalize(string(e.Location))}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, ev)
		}
	}
	tracking.SortEvents(out)
	return out
}

func (m mapper) event(e event) tracking.Event {
	desc := strings.TrimSpace(string(e.Description))
	return tracking.Event{
		Time:        eventTime(string(e.Date)),
		LocalTime:   strings.TrimSpace(string(e.Date)),
		Status:      m.eventStatus(desc),
		Description: desc,
		Location:    location(string(e.Location)),
	}
}

// eventTime parses an event's date, which carries an offset (+08:00 to
// +11:00 across the network). A date without one is not given a guessed
// zone: its Time stays zero and Event.LocalTime keeps the text. So is a
// date outside 1970-2200, which no parcel has: a misread date.
func eventTime(s string) time.Time {
	t, ok := decode.ZonedTime(s)
	if !ok || t.Year() < 1970 || t.Year() > 2200 {
		return time.Time{}
	}
	return t
}

// states are the Australian state and territory abbreviations that end an
// event location such as "SUNSHINE WEST VIC".
var states = map[string]bool{"ACT": true, "NSW": true, "NT": true, "QLD": true, "SA": true, "TAS": true, "VIC": true, "WA": true}

// location splits "SUBURB STATE" into city and state (country AU); any
// other text is kept whole as the city.
func location(s string) tracking.Location {
	fields := strings.Fields(s)
	if len(fields) >= 2 && states[strings.ToUpper(fields[len(fields)-1])] {
		return tracking.Location{
			City:    strings.Join(fields[:len(fields)-1], " "),
			State:   strings.ToUpper(fields[len(fields)-1]),
			Country: "AU",
		}
	}
	return tracking.Location{City: strings.Join(fields, " ")}
}

// deliveredAt is the time of the newest delivered event, or else of the
// newest event; nil when no event has a time.
func deliveredAt(events []tracking.Event) *time.Time {
	for _, e := range events {
		if e.Status == tracking.StatusDelivered && !e.Time.IsZero() {
			t := e.Time
			return &t
		}
	}
	for _, e := range events {
		if !e.Time.IsZero() {
			t := e.Time
			return &t
		}
	}
	return nil
}
