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
// Status: the newest status the answers give, an answer's own Status
// standing for its newest event (being its provider's reading of it,
// often finer than the event's own), by the second of that event; at the
// same second an answer's Status wins over an event's, then the answer
// updated later, then the later in the order of Statuses. Unknown counts
// for nothing. A final status (see Status.Final) wins over any other, so
// that a late older scan (a delayed webhook, a provider lagging behind
// another, a scan dated in the wrong zone) never takes a delivered parcel
// back to in transit. An answer without dated events has its Status
// counted after every dated one: a provider that has only just been asked
// after a failover says "pending" and must not undo what the other knew.
//
// The other fields: the current answer is the one with the newest event
// (to the second), else the later UpdatedAt, else the later
// EstimatedDelivery (else a fixed order on the contents, so that the
// result does not depend on the argument order). Carrier, Courier,
// Summary and Raw are one provider's words and are taken together from
// the answer whose Status is the merged one (the current answer if both
// or neither). TrackingNumber, ShippedAt, EstimatedDelivery (the newest
// forecast), DeliveredAt, SignedBy, TrackingURL, Origin and Destination
// come from the current answer, or from the other where the current one
// has none. UpdatedAt is the later of the two.
//
// Merge is idempotent (Merge(m, m) equals m for any m Merge returned) and
// merging m again with a or b brings no new event, status or estimate.
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
	out.Status = knownStatus(h.vote.status)

	src := cur // the answer whose words describe the merged status
	if other != nil && other.Status == out.Status && cur.Status != out.Status {
		src = other
	}
	out.Carrier, out.Courier, out.Summary, out.Raw = src.Carrier, src.Courier, src.Summary, src.Raw
	return out
}

// history collects the events of the answers being merged, and the
// status they vote for.
type history struct {
	events []Event
	seen   map[string]int // identity key -> index in events
	kb     keyBuf
	vote   vote
}

// add appends s's events not yet seen, replaces a seen event by s's
// version when only s's carries a status, and counts the votes of every
// version and of s's own Status.
func (h *history) add(s *Shipment) {
	if s == nil {
		return
	}
	if h.seen == nil {
		h.seen = make(map[string]int, len(s.Events))
		h.events = make([]Event, 0, len(s.Events))
	}
	for i := range s.Events {
		e := &s.Events[i]
		h.vote.cast(e.Status, e.Time, nil)
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
	h.vote.cast(s.Status, newestTime(s), s)
}

// vote finds Merge's status: the strongest of the statuses cast, ranked
// by final first, then dated, then the second of the event they stand
// for, then an answer's own Status before an event's, then the answer's
// later UpdatedAt, then the later in the lifecycle order. Being a maximum,
// it does not depend on the order of the votes; and merging a merged
// answer again with one of its parts finds the same status, since the
// merged Status, standing for the newest event with the latest UpdatedAt,
// outranks only what its winner outranked.
type vote struct {
	status  Status // "" until a status that says something is cast
	final   bool
	dated   bool
	sec     int64 // of the event, when dated
	answer  bool
	updated bool
	upd     int64 // the answer's UpdatedAt, when it has one
}

// cast counts status s, standing for an event at time at (zero:
// undated), as the own Status of answer (nil: an event's status).
func (v *vote) cast(s Status, at time.Time, answer *Shipment) {
	if !carriesStatus(s) {
		return
	}
	c := vote{status: s, final: s.Final(), dated: !at.IsZero(), answer: answer != nil}
	if c.dated {
		c.sec = at.Unix()
	}
	if answer != nil && !answer.UpdatedAt.IsZero() {
		c.updated, c.upd = true, answer.UpdatedAt.Unix()
	}
	if v.status == "" || c.outranks(v) {
		*v = c
	}
}

func (c *vote) outranks(v *vote) bool {
	if c.final != v.final {
		return c.final
	}
	if c.dated != v.dated {
		return c.dated
	}
	if c.sec != v.sec {
		return c.sec > v.sec
	}
	if c.answer != v.answer {
		return c.answer
	}
	if c.updated != v.updated {
		return c.updated
	}
	if c.upd != v.upd {
		return c.upd > v.upd
	}
	return slices.Index(allStatuses[:], c.status) > slices.Index(allStatuses[:], v.status)
}

// compareAnswers orders two answers by how current they are: the second
// of the newest event (versions of one event agree on it), then
// UpdatedAt, then their contents, so that only equal answers compare
// equal and Merge's result does not depend on argument order.
func compareAnswers(a, b *Shipment) int {
	ta, tb := newestTime(a), newestTime(b)
	if c := cmp.Or(cmp.Compare(boolInt(!ta.IsZero()), boolInt(!tb.IsZero())), cmp.Compare(ta.Unix(), tb.Unix())); c != 0 {
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
// UTC. The later estimate comes first, so that of two answers otherwise
// as current the merge keeps the same forecast when merged again with
// either.
func compareContents(a, b *Shipment) int {
	c := cmp.Or(
		compareTimePtr(a.EstimatedDelivery, b.EstimatedDelivery),
		cmp.Compare(a.TrackingNumber, b.TrackingNumber),
		cmp.Compare(a.Carrier, b.Carrier),
		cmp.Compare(a.Courier, b.Courier),
		cmp.Compare(a.Status, b.Status),
		cmp.Compare(a.Summary, b.Summary),
		cmp.Compare(a.Raw.Code, b.Raw.Code),
		cmp.Compare(a.Raw.SubCode, b.Raw.SubCode),
		cmp.Compare(a.Raw.Text, b.Raw.Text),
		compareTimePtr(a.ShippedAt, b.ShippedAt),
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
