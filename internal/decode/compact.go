package decode

import (
	"unsafe"

	"github.com/parcelkit/tracking"
)

// Compact copies the text of s (its own values and its events') into one
// allocation of its own. String takes values from an arena shared by all
// the string values of an answer, mapped or not, and by every shipment of
// a batch answer; a compacted shipment keeps only its own text alive, so
// that results held by the thousand (TrackMany) hold what they show and
// no more (issue 13). Status and Carrier are left as they are: carriers
// set them from constants. An event's location equal to the one before
// it shares its text.
//
// Carriers call it on each shipment they build from an answer, before
// anyone else holds it: it writes s in place. The test that walks
// Shipment by reflection fails when a string field is added to the model
// and not copied here.
func Compact(s *tracking.Shipment) {
	n := len(s.TrackingNumber) + len(s.Courier) + len(s.Summary) +
		len(s.Raw.Code) + len(s.Raw.SubCode) + len(s.Raw.Text) +
		len(s.SignedBy) + len(s.TrackingURL) + len(s.Origin) + len(s.Destination)
	for i := range s.Events {
		e := &s.Events[i]
		n += len(e.LocalTime) + len(e.Code) + len(e.Description)
		if i == 0 || e.Location != s.Events[i-1].Location {
			n += len(e.Location.City) + len(e.Location.State) + len(e.Location.PostalCode) + len(e.Location.Country)
		}
	}
	// With n == 0 the buffer allocates nothing, and move still drops the
	// pointers of empty values cut from the answer's arena.
	a := arena{buf: make([]byte, 0, n)}
	a.move(&s.TrackingNumber)
	a.move(&s.Courier)
	a.move(&s.Summary)
	a.move(&s.Raw.Code)
	a.move(&s.Raw.SubCode)
	a.move(&s.Raw.Text)
	a.move(&s.SignedBy)
	a.move(&s.TrackingURL)
	a.move(&s.Origin)
	a.move(&s.Destination)
	for i := range s.Events {
		e := &s.Events[i]
		a.move(&e.LocalTime)
		a.move(&e.Code)
		a.move(&e.Description)
		if i > 0 && e.Location == s.Events[i-1].Location { // as when sizing: strings compare by value
			prev := &s.Events[i-1].Location
			e.Location.City, e.Location.State = prev.City, prev.State
			e.Location.PostalCode, e.Location.Country = prev.PostalCode, prev.Country
			continue
		}
		a.move(&e.Location.City)
		a.move(&e.Location.State)
		a.move(&e.Location.PostalCode)
		a.move(&e.Location.Country)
	}
}

// arena is the one buffer compact copies into, sized beforehand so that
// it never grows (a string handed out must never move).
type arena struct{ buf []byte }

// move copies *p into the arena and points *p at the copy.
func (a *arena) move(p *string) {
	if len(*p) == 0 {
		*p = "" // drop a pointer to an empty part of a shared buffer
		return
	}
	at := len(a.buf)
	a.buf = append(a.buf, *p...)
	*p = unsafe.String(&a.buf[at], len(*p))
}
