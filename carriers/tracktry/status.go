package tracktry

import (
	"bytes"
	"sort"
	"strings"
	"unicode"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// statuses maps every documented status (and event checkpoint_status).
// pickup covers both "out for delivery" and "arrived at a local facility or
// pickup point" with no sub-status to tell them apart; it maps to
// out_for_delivery (uncertain), and Raw keeps the value for callers who
// re-map it.
var statuses = map[string]tracking.Status{
	"pending":      tracking.StatusPending,
	"notfound":     tracking.StatusPending,
	"inforeceived": tracking.StatusInfoReceived, // TrackingMore value, uncertain for Tracktry
	"transit":      tracking.StatusInTransit,
	"pickup":       tracking.StatusOutForDelivery,
	"undelivered":  tracking.StatusAttemptFailed,
	"delivered":    tracking.StatusDelivered,
	"exception":    tracking.StatusException,
	"expired":      tracking.StatusExpired,
}

// substatuses maps every documented substatus. A substatus refines its
// status; one not listed falls back to the status.
var substatuses = map[string]tracking.Status{
	"notfound001": tracking.StatusInfoReceived, // carrier has the data, pickup pending
	"notfound002": tracking.StatusPending,      // no tracking information

	// In-transit steps; their meanings were not captured (uncertain).
	"transit001": tracking.StatusInTransit,
	"transit002": tracking.StatusInTransit,
	"transit003": tracking.StatusInTransit,
	"transit004": tracking.StatusInTransit,
	"transit005": tracking.StatusInTransit,

	"delivered001": tracking.StatusDelivered, // delivered
	"delivered002": tracking.StatusDelivered, // collected by the customer
	"delivered003": tracking.StatusDelivered, // signed for
	"delivered004": tracking.StatusDelivered, // left at the door or with a neighbour

	// Failed-attempt reasons; meanings not captured (uncertain).
	"undelivered001": tracking.StatusAttemptFailed,
	"undelivered002": tracking.StatusAttemptFailed,
	"undelivered003": tracking.StatusAttemptFailed,
	"undelivered004": tracking.StatusAttemptFailed,

	"exception001": tracking.StatusException,      // no information N days after it was added
	"exception002": tracking.StatusException,      // in transit far too long
	"exception003": tracking.StatusException,      // not delivered N days after it was added
	"exception004": tracking.StatusException,      // not claimed
	"exception005": tracking.StatusReturnToSender, // sent back to the sender (uncertain: other pages say generic exception)
	"exception006": tracking.StatusException,      // held by customs
	"exception007": tracking.StatusException,      // damaged, lost or discarded
	"exception008": tracking.StatusCancelled,      // cancelled before delivery
	"exception009": tracking.StatusException,      // refused (TrackingMore only, uncertain)
	"exception010": tracking.StatusReturnToSender, // returned to the sender (TrackingMore only, uncertain)
	"exception011": tracking.StatusReturnToSender, // on its way back (TrackingMore only, uncertain)

	"expired001": tracking.StatusExpired, // uncertain
}

// mapStatus returns the normalized status of a status and its substatus.
// A known substatus wins when its prefix is the status (exception008 under
// exception) or the status is empty; otherwise the status alone decides,
// and anything unrecognised is unknown, never in_transit. Spaces and case
// are ignored: the docs print "not found001".
func mapStatus(status, substatus string) tracking.Status {
	var stb, subb [keySize]byte
	st, sub := appendKey(stb[:0], status), appendKey(subb[:0], substatus)
	if s, ok := substatuses[string(sub)]; ok && (len(st) == 0 || string(bytes.TrimRight(sub, "0123456789")) == string(st)) {
		return s
	}
	if s, ok := statuses[string(st)]; ok {
		return s
	}
	return tracking.StatusUnknown
}

// normalize drops every space and lowers the case.
func normalize(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// keySize holds every documented value: mapStatus normalizes into a stack
// buffer of this size and looks the bytes up, which does not allocate.
const keySize = 32

// appendKey appends normalize(s) to dst. ASCII text, all that Tracktry
// sends, is normalized byte by byte; anything else goes through normalize.
func appendKey(dst []byte, s string) []byte {
	key, ok := decode.AppendKey(dst, s, false, 0)
	if !ok {
		return append(dst, normalize(s)...)
	}
	return key
}

// providerStatuses returns the Tracktry status filter values whose
// trackings can map to s, derived from the tables so that it never drifts
// from them. all is true when no filter can narrow the listing (unknown).
func providerStatuses(s tracking.Status) (values []string, all bool) {
	if s == tracking.StatusUnknown {
		return nil, true
	}
	for _, st := range Statuses() {
		reach := statuses[st] == s
		for sub, to := range substatuses {
			if to == s && strings.TrimRight(sub, "0123456789") == st {
				reach = true
			}
		}
		if reach {
			values = append(values, st)
		}
	}
	return values, false
}

// Statuses returns every status value Tracktry documents, sorted: the
// values Query.Status accepts.
func Statuses() []string {
	out := make([]string, 0, len(statuses))
	for k := range statuses {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
