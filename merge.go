package tracking

import (
	"cmp"
	"slices"
	"time"
)

// Merge returns one history from two answers about the same parcel: a
// poll and a webhook, two polls, or two providers after a failover. It
// does not check that a and b are the same parcel. Either may be nil;
// Merge(nil, nil) is nil. The result shares no memory with a or b, which
// Merge leaves unchanged, and is the same whichever order a and b come in.
//
// Events: deduplicated by Identity; of two versions of one event, the
// one that carries a status is kept, else the current answer's (below),
// whole, with its provider's Code, LocalTime, Description and Location.
// They are ordered newest first; events at the same time, and events
// without a usable time (last), keep their order, the current answer's
// first. Times are in UTC.
//
// Status: the status of the newest event that carries one (not unknown),
// where an answer's own Status stands for that answer's newest event,
// being its provider's reading of it (often finer than the event's own);
// the answers' Status only when no event carries one. Once either answer
// or any event shows a final status (see Status.Final), the result keeps
// one, so that a late older scan (a delayed webhook, a provider lagging
// behind another) never takes a delivered parcel back to in transit.
//
// The other fields: the current answer is the one with the newest event,
// else the later UpdatedAt (else a fixed order on the contents, so that
// the result does not depend on the argument order). Carrier, Courier,
// Summary and Raw are one provider's words and are taken together from the
// answer whose Status is the merged one (the current answer if both or
// neither). TrackingNumber, ShippedAt, EstimatedDelivery (the newest
// forecast), DeliveredAt, SignedBy, TrackingURL, Origin and Destination
// come from the current answer, or from the other where the current one
// has none. UpdatedAt is the later of the two.
//
// Merge is idempotent: Merge(m, m) equals m for any m that Merge returned.
func Merge(a, b *Shipment) *Shipment {
	switch {
	case a == nil && b == nil:
		return nil
	case a == nil:
		a, b = b, nil
	case b != nil && compareAnswers(a, b) < 0:
		a, b = b, a
	}
	cur, other := a, b // cur is the current answer

	out := &Shipment{
		TrackingNumber:    cur.TrackingNumber,
		ShippedAt:         copyTime(cur.ShippedAt),
		EstimatedDelivery: copyTime(cur.EstimatedDelivery),
		DeliveredAt:       copyTime(cur.DeliveredAt),
		SignedBy:          cur.SignedBy,
		TrackingURL:       cur.TrackingURL,
		Origin:            cur.Origin,
		Destination:       cur.Destination,
		UpdatedAt:         cur.UpdatedAt.UTC(),
	}
	if other != nil {
		fill(&out.TrackingNumber, other.TrackingNumber)
		fillTime(&out.ShippedAt, other.ShippedAt)
		fillTime(&out.EstimatedDelivery, other.EstimatedDelivery)
		fillTime(&out.DeliveredAt, other.DeliveredAt)
		fill(&out.SignedBy, other.SignedBy)
		fill(&out.TrackingURL, other.TrackingURL)
		fill(&out.Origin, other.Origin)
		fill(&out.Destination, other.Destination)
		if other.UpdatedAt.After(out.UpdatedAt) {
			out.UpdatedAt = other.UpdatedAt.UTC()
		}
	}

	var h history
	h.add(cur)
	h.add(other)
	out.Events = h.events
	SortEvents(out.Events)
	out.Status = h.status(cur, other)

	src := cur // the answer whose words describe the merged status
	if other != nil && other.Status == out.Status && cur.Status != out.Status {
		src = other
	}
	out.Carrier, out.Courier, out.Summary, out.Raw = src.Carrier, src.Courier, src.Summary, src.Raw
	return out
}

// history collects the events of the answers being merged.
type history struct {
	events []Event
	seen   map[string]int // identity key -> index in events
	kb     keyBuf
	// newest holds, per answer added, the identity key of its newest
	// event and the answer's Status, which stands for that event.
	newest []newestOf
}

type newestOf struct {
	key    string
	status Status
}

// add appends s's events not yet seen, and replaces a seen event by s's
// version when only s's carries a status.
func (h *history) add(s *Shipment) {
	if s == nil {
		return
	}
	if h.seen == nil {
		h.seen = make(map[string]int, len(s.Events))
		h.events = make([]Event, 0, len(s.Events))
	}
	first := -1 // index in s.Events of its newest event
	for i := range s.Events {
		e := &s.Events[i]
		if first < 0 || newerThan(e, &s.Events[first]) {
			first = i
		}
		k := h.kb.key(e)
		if j, ok := h.seen[string(k)]; ok {
			if !carriesStatus(h.events[j].Status) && carriesStatus(e.Status) {
				h.events[j] = copyEvent(e)
			}
			continue
		}
		h.seen[string(k)] = len(h.events)
		h.events = append(h.events, copyEvent(e))
	}
	if first >= 0 && carriesStatus(s.Status) {
		h.newest = append(h.newest, newestOf{string(h.kb.key(&s.Events[first])), s.Status})
	}
}

// newerThan reports whether e comes before f in SortEvents' order.
func newerThan(e, f *Event) bool {
	switch {
	case e.Time.IsZero():
		return false
	case f.Time.IsZero():
		return true
	}
	return e.Time.After(f.Time)
}

// status applies Merge's status rule to the sorted events.
func (h *history) status(cur, other *Shipment) Status {
	s := StatusUnknown
	for i := range h.events {
		if st := h.effective(&h.events[i]); carriesStatus(st) {
			s = st
			break
		}
	}
	if !carriesStatus(s) {
		switch {
		case carriesStatus(cur.Status):
			s = cur.Status
		case other != nil && carriesStatus(other.Status):
			s = other.Status
		}
	}
	if s.Final() {
		return s
	}
	// Never back from a final status.
	for i := range h.events {
		if h.events[i].Status.Final() {
			return h.events[i].Status
		}
	}
	switch {
	case cur.Status.Final():
		return cur.Status
	case other != nil && other.Status.Final():
		return other.Status
	}
	return s
}

// effective is the status e stands for: the Status of the first answer
// whose newest event e is, else e's own.
func (h *history) effective(e *Event) Status {
	if len(h.newest) > 0 {
		k := h.kb.key(e)
		for _, n := range h.newest {
			if n.key == string(k) {
				return n.status
			}
		}
	}
	return e.Status
}

// compareAnswers orders two answers by how current they are: the newest
// event, then UpdatedAt, then their contents, so that only equal answers
// compare equal and Merge's result does not depend on argument order.
func compareAnswers(a, b *Shipment) int {
	ta, tb := newestTime(a), newestTime(b)
	if c := cmp.Or(cmp.Compare(boolInt(!ta.IsZero()), boolInt(!tb.IsZero())), ta.Compare(tb)); c != 0 {
		return c // an answer without dated events is the older
	}
	if c := a.UpdatedAt.Compare(b.UpdatedAt); c != 0 {
		return c
	}
	return compareContents(a, b)
}

// newestTime is the time of s's newest dated event, or the zero time.
func newestTime(s *Shipment) time.Time {
	var t time.Time
	for i := range s.Events {
		if e := s.Events[i].Time; !e.IsZero() && (t.IsZero() || e.After(t)) {
			t = e
		}
	}
	return t
}

// compareContents is a total order on everything Merge copies from an
// answer; instants, not time representations, count, as Merge returns
// UTC.
func compareContents(a, b *Shipment) int {
	c := cmp.Or(
		cmp.Compare(a.TrackingNumber, b.TrackingNumber),
		cmp.Compare(a.Carrier, b.Carrier),
		cmp.Compare(a.Courier, b.Courier),
		cmp.Compare(a.Status, b.Status),
		cmp.Compare(a.Summary, b.Summary),
		cmp.Compare(a.Raw.Code, b.Raw.Code),
		cmp.Compare(a.Raw.SubCode, b.Raw.SubCode),
		cmp.Compare(a.Raw.Text, b.Raw.Text),
		compareTimePtr(a.ShippedAt, b.ShippedAt),
		compareTimePtr(a.EstimatedDelivery, b.EstimatedDelivery),
		compareTimePtr(a.DeliveredAt, b.DeliveredAt),
		cmp.Compare(a.SignedBy, b.SignedBy),
		cmp.Compare(a.TrackingURL, b.TrackingURL),
		cmp.Compare(a.Origin, b.Origin),
		cmp.Compare(a.Destination, b.Destination),
	)
	if c != 0 {
		return c
	}
	return slices.CompareFunc(a.Events, b.Events, func(e, f Event) int {
		return cmp.Or(
			e.Time.Compare(f.Time),
			cmp.Compare(e.LocalTime, f.LocalTime),
			cmp.Compare(e.Status, f.Status),
			cmp.Compare(e.Code, f.Code),
			cmp.Compare(e.Description, f.Description),
			cmp.Compare(e.Location.City, f.Location.City),
			cmp.Compare(e.Location.State, f.Location.State),
			cmp.Compare(e.Location.PostalCode, f.Location.PostalCode),
			cmp.Compare(e.Location.Country, f.Location.Country),
			compareFloatPtr(e.Location.Latitude, f.Location.Latitude),
			compareFloatPtr(e.Location.Longitude, f.Location.Longitude),
		)
	})
}

func compareTimePtr(a, b *time.Time) int {
	switch {
	case a == nil || b == nil:
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	return a.Compare(*b)
}

func compareFloatPtr(a, b *float64) int {
	switch {
	case a == nil || b == nil:
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	return cmp.Compare(*a, *b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// copyEvent returns e in UTC with its own coordinates, so that the
// result shares no memory with the answers.
func copyEvent(e *Event) Event {
	c := *e
	c.Time = c.Time.UTC()
	c.Location.Latitude = copyFloat(c.Location.Latitude)
	c.Location.Longitude = copyFloat(c.Location.Longitude)
	return c
}

func copyFloat(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := *f
	return &v
}

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func fillTime(dst **time.Time, v *time.Time) {
	if *dst == nil {
		*dst = copyTime(v)
	}
}
