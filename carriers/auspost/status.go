package auspost

import (
	"bytes"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// statuses maps every status text the provider is known to send, by its
// normalized key (see normalize). Australia Post publishes no enumeration,
// so the set is open: anything else is unknown, never in_transit.
var statuses = map[string]tracking.Status{
	"delivered":             tracking.StatusDelivered,
	"delivered in full":     tracking.StatusDelivered, // all items of a consignment
	"item delivered":        tracking.StatusDelivered,
	"in transit":            tracking.StatusInTransit,
	"on board for delivery": tracking.StatusOutForDelivery,
	// Uncertain on a StarTrack consignment, where it may mean the sender
	// awaits pickup (info_received); WithStatusMapping re-maps it.
	"awaiting collection":   tracking.StatusAvailableForPickup,
	"ready for pickup":      tracking.StatusAvailableForPickup,
	"unsuccessful delivery": tracking.StatusAttemptFailed,
	"to be re-delivered":    tracking.StatusAttemptFailed,
	"possible delay":        tracking.StatusException, // uncertain: the parcel may still be moving
	"held by courier":       tracking.StatusException,
	"article damaged":       tracking.StatusException,
	"cannot be delivered":   tracking.StatusException, // uncertain: a return may follow
	"cancelled":             tracking.StatusCancelled,
	"unknown":               tracking.StatusUnknown,
}

// MapStatus returns the normalized status of one of Australia Post's or
// StarTrack's free-text statuses with the built-in table, matching
// case-insensitively after trimming and collapsing spaces. Unknown or
// empty text is tracking.StatusUnknown. Callers re-mapping a shipment
// (from Shipment.Raw.Text or Detail) can start from it.
func MapStatus(text string) tracking.Status { return mapper{}.status(text) }

// eventHints read a status from an event description (uncertain: the
// provider gives events no status). They are tried in order; the first
// phrase found wins.
var eventHints = []struct {
	phrases []string
	status  tracking.Status
}{
	{[]string{"shipping information received", "shipping information approved"}, tracking.StatusInfoReceived},
	{[]string{"for delivery today", "onboard for delivery", "on board for delivery"}, tracking.StatusOutForDelivery},
	{[]string{"awaiting collection", "ready for pickup", "carded for collection"}, tracking.StatusAvailableForPickup},
}

// notDelivered are phrases that contain "delivered" without saying the
// parcel was.
var notDelivered = []string{"not delivered", "be delivered", "undelivered", "re-delivered", "redelivered", "unable to deliver"}

// mapper maps status texts with the built-in table and a carrier's
// overrides.
type mapper struct {
	overrides map[string]tracking.Status // normalized key -> status
	fromText  bool                       // read event statuses from their descriptions
}

// status maps a status text; unknown or empty text is unknown.
func (m mapper) status(text string) tracking.Status {
	var buf [keySize]byte
	return m.lookup(appendKey(buf[:0], text))
}

// lookup maps a normalized key: the overrides first, then the table.
func (m mapper) lookup(key []byte) tracking.Status {
	if s, ok := m.overrides[string(key)]; ok {
		return s
	}
	if s, ok := statuses[string(key)]; ok {
		return s
	}
	return tracking.StatusUnknown
}

// eventStatus reads an event description: a known status text as a whole, else
// the first hint phrase it contains, else unknown.
func (m mapper) eventStatus(description string) tracking.Status {
	if !m.fromText {
		return tracking.StatusUnknown
	}
	var buf [keySize]byte
	d := appendKey(buf[:0], description)
	if s := m.lookup(d); s != tracking.StatusUnknown {
		return s
	}
	for _, h := range eventHints {
		for _, p := range h.phrases {
			if contains(d, p) {
				return h.status
			}
		}
	}
	if contains(d, "delivered") && !containsAny(d, notDelivered) {
		return tracking.StatusDelivered
	}
	return tracking.StatusUnknown
}

// normalize is the lookup key of a free-text status: trimmed, lower case,
// runs of white space collapsed to one space.
func normalize(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// keySize holds every status text and most event descriptions: the
// mappers normalize into a stack buffer of this size and look the bytes
// up, which does not allocate.
const keySize = 128

// appendKey appends normalize(s) to dst. ASCII text, all the provider is
// known to send, is normalized byte by byte; anything else goes through
// normalize.
func appendKey(dst []byte, s string) []byte {
	key, ok := decode.AppendKey(dst, s, false, ' ')
	if !ok {
		return append(dst, normalize(s)...)
	}
	return key
}

func containsAny(b []byte, subs []string) bool {
	for _, sub := range subs {
		if contains(b, sub) {
			return true
		}
	}
	return false
}

// progress orders the statuses a parcel moves through, for combining the
// items of a consignment.
var progress = map[tracking.Status]int{
	tracking.StatusUnknown:            0,
	tracking.StatusExpired:            0,
	tracking.StatusPending:            1,
	tracking.StatusInfoReceived:       2,
	tracking.StatusInTransit:          3,
	tracking.StatusOutForDelivery:     4,
	tracking.StatusAvailableForPickup: 5,
	tracking.StatusDelivered:          6,
}

// attention are the statuses that need someone to act, most pressing
// first. One item in such a state puts the whole consignment in it.
var attention = []tracking.Status{tracking.StatusException, tracking.StatusReturnToSender, tracking.StatusAttemptFailed}

// combine decides a consignment's status from its items' statuses and
// returns the index of the item that decided it:
//   - an item that needs attention (exception, return_to_sender,
//     attempt_failed, in that order) decides;
//   - cancelled items are left out, unless all are cancelled;
//   - otherwise the least advanced item decides, so the consignment is
//     delivered only when every item is, and unknown when any item is.
func combine(items []tracking.Status) int {
	for _, want := range attention {
		for i, s := range items {
			if s == want {
				return i
			}
		}
	}
	best := -1
	for i, s := range items {
		if s == tracking.StatusCancelled {
			continue
		}
		if best < 0 || progress[s] < progress[items[best]] {
			best = i
		}
	}
	if best < 0 && len(items) > 0 {
		return 0 // every item is cancelled
	}
	return best
}

// contains reports whether b holds sub, comparing in place rather than
// converting b to a string, which would allocate.
func contains(b []byte, sub string) bool {
	if sub == "" {
		return true
	}
	for len(b) >= len(sub) {
		i := bytes.IndexByte(b[:len(b)-len(sub)+1], sub[0])
		if i < 0 {
			return false
		}
		if string(b[i:i+len(sub)]) == sub {
			return true
		}
		b = b[i+1:]
	}
	return false
}
