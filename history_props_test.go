package tracking_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/parcelkit/tracking"
)

// chooser picks one of n options: math/rand/v2 with a fixed seed in the
// property tests, the fuzzer's bytes in the fuzz targets.
type chooser interface{ intn(n int) int }

type randChooser struct{ r *rand.Rand }

func (c randChooser) intn(n int) int { return c.r.IntN(n) }

// byteChooser reads choices from fuzz input; once it runs out, every
// choice is the first option.
type byteChooser struct{ b []byte }

func (c *byteChooser) intn(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	v := int(c.b[0])
	c.b = c.b[1:]
	return v % n
}

// text returns up to 16 raw bytes of the input, for text no table holds
// (invalid UTF-8, odd white space).
func (c *byteChooser) text() string {
	n := min(c.intn(17), len(c.b))
	s := string(c.b[:n])
	c.b = c.b[n:]
	return s
}

// gen builds random shipments about one parcel: a small pool of scans,
// each re-sent in the ways providers vary (case, white space, zone,
// sub-second precision, code, status, location), plus undated events and
// same-time ties, so that Merge and Compare meet duplicates often.
type gen struct {
	c chooser
}

var (
	genBase  = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	genZones = []*time.Location{time.UTC, est, time.FixedZone("CST", 8*3600), time.FixedZone("IST", 5*3600+1800)}
	genScans = []struct {
		at   time.Duration
		desc string
		st   tracking.Status
		code string
	}{
		{0, "Shipping label created", tracking.StatusInfoReceived, "IR"},
		{5 * time.Hour, "Picked up", tracking.StatusInTransit, "PU"},
		{9 * time.Hour, "Arrived at facility", tracking.StatusInTransit, "AF"},
		{9 * time.Hour, "Processed at facility", tracking.StatusInTransit, "PF"}, // same time as the one before
		{20 * time.Hour, "Departed facility", tracking.StatusInTransit, "DF"},
		{30 * time.Hour, "Out for delivery", tracking.StatusOutForDelivery, "OD"},
		{31 * time.Hour, "Delivery attempted", tracking.StatusAttemptFailed, "AT"},
		{40 * time.Hour, "Delivered", tracking.StatusDelivered, "DE"},
		{50 * time.Hour, "Returned to sender", tracking.StatusReturnToSender, "RS"},
		{0, "", tracking.StatusInTransit, "IT"}, // no description: the code counts
	}
	genUndated = []string{"", "25/02 13:02", "  25/02 13:02 ", "yesterday"}
	// genFarTimes are dated events at the edges: a nanosecond after the
	// zero Time (dated), before the Unix epoch, beyond year 9999.
	genFarTimes = []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Unix(-1, 500_000_000),
		time.Unix(-1, 0).In(est),
		time.Date(-100, 6, 1, 0, 0, 0, 500_000_000, time.UTC),
		time.Date(12000, 1, 1, 0, 0, 0, 999, time.UTC),
	}
)

func pick[T any](g gen, xs []T) T { return xs[g.c.intn(len(xs))] }

func (g gen) text(base string) string {
	switch g.c.intn(6) {
	case 1:
		return strings.ToUpper(base)
	case 2:
		return strings.ToLower(base)
	case 3:
		return "  " + strings.ReplaceAll(base, " ", "\t \u00a0") + "\n"
	case 4:
		if bc, ok := g.c.(*byteChooser); ok {
			return bc.text()
		}
	}
	return base
}

func (g gen) event() tracking.Event {
	sc := pick(g, genScans)
	e := tracking.Event{
		Time:        genBase.Add(sc.at),
		LocalTime:   genBase.Add(sc.at).Format("2006-01-02 15:04"),
		Status:      sc.st,
		Code:        sc.code,
		Description: g.text(sc.desc),
	}
	switch g.c.intn(7) {
	case 1:
		e.Time = e.Time.Add(time.Duration(g.c.intn(1000)) * time.Millisecond)
	case 2:
		e.Time = e.Time.In(pick(g, genZones))
	case 3:
		e.Time, e.LocalTime = time.Time{}, g.text(pick(g, genUndated))
	case 4:
		e.Time = e.Time.Add(time.Duration(g.c.intn(3)) * time.Second) // another event, same text
	case 5:
		e.Time = pick(g, genFarTimes)
	}
	switch g.c.intn(6) {
	case 1:
		e.Status = ""
	case 2:
		e.Status = tracking.StatusUnknown
	case 3:
		e.Status = pick(g, tracking.Statuses())
	case 4:
		e.Status = "bogus"
	}
	switch g.c.intn(4) {
	case 1:
		e.Code = "X-" + e.Code
	case 2:
		e.Code = g.text(e.Code)
	}
	switch g.c.intn(4) {
	case 1:
		e.Location = tracking.Location{City: "COLUMBUS, OH 43215"}
	case 2:
		e.Location = tracking.Location{City: "Columbus", State: "OH", Country: "US", Latitude: ptr(39.96), Longitude: ptr(-83.0)}
	case 3:
		e.Location = tracking.Location{Latitude: ptr(math.NaN()), Longitude: ptr(math.Copysign(0, -1))}
	}
	return e
}

func (g gen) shipment() *tracking.Shipment {
	if g.c.intn(10) == 0 {
		return nil
	}
	statuses := append(tracking.Statuses(), "", "bogus")
	s := &tracking.Shipment{
		TrackingNumber: pick(g, []string{"9261290000000000000017", "", "9261 2900 0000 0000 0000 17"}),
		Carrier:        pick(g, []string{"track123", "shipengine", ""}),
		Courier:        pick(g, []string{"usps", "stamps_com", ""}),
		Status:         pick(g, statuses),
		Summary:        pick(g, []string{"", "In transit", "Delivered"}),
		Raw:            pick(g, []tracking.RawStatus{{}, {Code: "IT"}, {Code: "DELIVERED", SubCode: "DELIVERED_04"}}),
		SignedBy:       pick(g, []string{"", "J DOE"}),
		TrackingURL:    pick(g, []string{"", "https://example.com/t/1"}),
		Origin:         pick(g, []string{"", "US", "CN"}),
		Destination:    pick(g, []string{"", "US"}),
		UpdatedAt:      pick(g, []time.Time{{}, genBase, genBase.Add(30 * time.Hour).In(est)}),
	}
	times := []*time.Time{nil, ptr(genBase.Add(48 * time.Hour)), ptr(genBase.Add(72 * time.Hour).In(est)), ptr(genBase.Add(48*time.Hour + 300*time.Millisecond))}
	s.ShippedAt, s.EstimatedDelivery, s.DeliveredAt = pick(g, times), pick(g, times), pick(g, times)
	for range g.c.intn(14) {
		s.Events = append(s.Events, g.event())
	}
	return s
}

// clone copies s deeply, to check that Merge and Compare leave their
// inputs alone.
func clone(s *tracking.Shipment) *tracking.Shipment {
	if s == nil {
		return nil
	}
	c := *s
	c.Events = append([]tracking.Event(nil), s.Events...)
	for i := range c.Events {
		l := &c.Events[i].Location
		if l.Latitude != nil {
			l.Latitude = ptr(*l.Latitude)
		}
		if l.Longitude != nil {
			l.Longitude = ptr(*l.Longitude)
		}
	}
	for _, p := range []**time.Time{&c.ShippedAt, &c.EstimatedDelivery, &c.DeliveredAt} {
		if *p != nil {
			*p = ptr(**p)
		}
	}
	return &c
}

// identities counts s's events per Identity.
func identities(s *tracking.Shipment) map[string]int {
	out := map[string]int{}
	if s != nil {
		for _, e := range s.Events {
			out[e.Identity()]++
		}
	}
	return out
}

func anyFinal(ss ...*tracking.Shipment) bool {
	for _, s := range ss {
		if s == nil {
			continue
		}
		if s.Status.Final() {
			return true
		}
		for _, e := range s.Events {
			if e.Status.Final() {
				return true
			}
		}
	}
	return false
}

// checkHistory checks the properties Merge and Compare promise, on any
// two answers.
func checkHistory(t *testing.T, a, b *tracking.Shipment) {
	t.Helper()
	a0, b0 := clone(a), clone(b)
	m := tracking.Merge(a, b)
	if !sameShipment(a0, a) || !sameShipment(b0, b) {
		t.Fatalf("Merge changed its inputs (-before +after):\n%s", cmp.Diff(a0, a, equal...)+cmp.Diff(b0, b, equal...))
	}
	if a == nil && b == nil {
		if m != nil {
			t.Fatalf("Merge(nil, nil) = %+v", m)
		}
		return
	}
	if ba := tracking.Merge(b, a); !sameShipment(m, ba) {
		t.Fatalf("Merge is not commutative (-Merge(a,b) +Merge(b,a)):\n%s", cmp.Diff(m, ba, equal...))
	}
	if mm := tracking.Merge(m, m); !sameShipment(m, mm) {
		t.Fatalf("Merge is not idempotent (-m +Merge(m,m)):\n%s", cmp.Diff(m, mm, equal...))
	}
	if c := tracking.Compare(m, m); !c.Empty() {
		t.Fatalf("Compare(m, m) = %+v", c)
	}

	// Every identity of a and b, once, newest first, undated last.
	ids := identities(m)
	union := identities(a)
	for k := range identities(b) {
		union[k]++
	}
	if len(ids) != len(union) || len(m.Events) != len(ids) {
		t.Fatalf("merged %d events with %d identities; the answers have %d", len(m.Events), len(ids), len(union))
	}
	for k := range union {
		if ids[k] != 1 {
			t.Fatalf("identity %s is %d times in the merge", k, ids[k])
		}
	}
	for i := 1; i < len(m.Events); i++ {
		p, e := m.Events[i-1].Time, m.Events[i].Time
		if p.IsZero() && !e.IsZero() || !p.IsZero() && !e.IsZero() && e.After(p) {
			t.Fatalf("events %d and %d out of order: %v then %v", i-1, i, p, e)
		}
	}
	for _, e := range m.Events {
		if !e.Time.IsZero() && e.Time.Location() != time.UTC {
			t.Fatalf("event time %v is not in UTC", e.Time)
		}
	}

	if anyFinal(a, b) && !m.Status.Final() {
		t.Fatalf("merged status %q left a final status (a %q, b %q)", m.Status, statusOf(a), statusOf(b))
	}
	if !m.Status.Valid() {
		t.Fatalf("merged status %q is not a status", m.Status)
	}

	// Compare against the merge reports exactly the other answer's news.
	for _, pair := range [][2]*tracking.Shipment{{a, b}, {b, a}} {
		prev, next := pair[0], pair[1]
		got := identities(&tracking.Shipment{Events: tracking.Compare(prev, m).Events})
		seen := identities(prev)
		for k := range identities(next) {
			if seen[k] == 0 && got[k] != 1 {
				t.Fatalf("Compare(prev, merge) misses the new event %s", k)
			}
		}
		for k, n := range got {
			if seen[k] != 0 || n != 1 {
				t.Fatalf("Compare(prev, merge) reports %s %d times; prev had it %d times", k, n, seen[k])
			}
		}
	}
	checkCompare(t, a)
	checkCompare(t, b)
}

// checkCompare checks Compare's properties on one answer.
func checkCompare(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	s0 := clone(s)
	all := tracking.Compare(nil, s)
	if !sameShipment(s0, s) {
		t.Fatalf("Compare changed its input:\n%s", cmp.Diff(s0, s, equal...))
	}
	if n := len(identities(s)); len(all.Events) != n {
		t.Fatalf("Compare(nil, s) reports %d events; s has %d identities", len(all.Events), n)
	}
	if s == nil {
		if !all.Empty() {
			t.Fatalf("Compare(nil, nil) = %+v", all)
		}
		return
	}
	if c := tracking.Compare(s, s); !c.Empty() {
		t.Fatalf("Compare(s, s) = %+v", c)
	}
	if c := tracking.Compare(s, nil); !c.Empty() {
		t.Fatalf("Compare(s, nil) = %+v", c)
	}
	if (all.Status != nil) != (s.Status.Valid() && s.Status != tracking.StatusUnknown) {
		t.Fatalf("Compare(nil, s) status change %+v for status %q", all.Status, s.Status)
	}
	if all.Final != s.Status.Final() {
		t.Fatalf("Compare(nil, s).Final = %v for status %q", all.Final, s.Status)
	}
	if (all.ETA != nil) != (s.EstimatedDelivery != nil) {
		t.Fatalf("Compare(nil, s).ETA = %+v for ETA %v", all.ETA, s.EstimatedDelivery)
	}
}

// sameShipment is cmp.Equal(a, b, equal...) without reflection, which
// would make the property tests ten times slower: times compare as
// instants, NaN equals NaN, empty equals nil.
func sameShipment(a, b *tracking.Shipment) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.TrackingNumber != b.TrackingNumber || a.Carrier != b.Carrier || a.Courier != b.Courier ||
		a.Status != b.Status || a.Summary != b.Summary || a.Raw != b.Raw || a.SignedBy != b.SignedBy ||
		a.TrackingURL != b.TrackingURL || a.Origin != b.Origin || a.Destination != b.Destination ||
		!a.UpdatedAt.Equal(b.UpdatedAt) || !sameTime(a.ShippedAt, b.ShippedAt) ||
		!sameTime(a.EstimatedDelivery, b.EstimatedDelivery) || !sameTime(a.DeliveredAt, b.DeliveredAt) ||
		len(a.Events) != len(b.Events) {
		return false
	}
	for i := range a.Events {
		e, f := a.Events[i], b.Events[i]
		if !e.Time.Equal(f.Time) || e.LocalTime != f.LocalTime || e.Status != f.Status || e.Code != f.Code ||
			e.Description != f.Description || e.Location.City != f.Location.City || e.Location.State != f.Location.State ||
			e.Location.PostalCode != f.Location.PostalCode || e.Location.Country != f.Location.Country ||
			!sameFloat(e.Location.Latitude, f.Location.Latitude) || !sameFloat(e.Location.Longitude, f.Location.Longitude) {
			return false
		}
	}
	return true
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b || math.IsNaN(*a) && math.IsNaN(*b)
}

func statusOf(s *tracking.Shipment) tracking.Status {
	if s == nil {
		return "<nil>"
	}
	return s.Status
}

func TestHistoryProperties(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for seed := range uint64(n) {
		g := gen{randChooser{rand.New(rand.NewPCG(seed, 12))}}
		a, b := g.shipment(), g.shipment()
		checkHistory(t, a, b)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

// Merging an answer already merged reports nothing (no event, status or
// ETA change), and any grouping of three answers gives the same events:
// what an application does when a poll repeats a webhook.
func TestMergeAbsorbs(t *testing.T) {
	for seed := range uint64(500) {
		g := gen{randChooser{rand.New(rand.NewPCG(seed, 34))}}
		a, b, c := g.shipment(), g.shipment(), g.shipment()
		ab := tracking.Merge(a, b)
		for _, again := range []*tracking.Shipment{a, b} {
			if ch := tracking.Compare(ab, tracking.Merge(ab, again)); !ch.Empty() {
				t.Fatalf("seed %d: merging an answer already merged reports %+v", seed, ch)
			}
		}
		left, right := tracking.Merge(ab, c), tracking.Merge(a, tracking.Merge(b, c))
		if l, r := identities(left), identities(right); !cmp.Equal(l, r) {
			t.Fatalf("seed %d: grouping changes the events: %v vs %v", seed, l, r)
		}
	}
}
