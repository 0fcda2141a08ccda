package tracking_test

import (
	"testing"

	"github.com/parcelkit/tracking"
)

// The fuzz targets build two answers from the input (see gen: the bytes
// choose scans, their variants and raw text) and check the properties
// Merge and Compare promise.

func fuzzSeeds(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x05\x01\x03\x02\x04\x04\x07\xff\xfe delivered \xc2\xa0 DELIVERED\x09\x00\x01"))
	f.Add([]byte("a few words to choose scans, zones and statuses from, twice over: a few words"))
}

func FuzzMerge(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		g := gen{&byteChooser{data}}
		checkHistory(t, g.shipment(), g.shipment())
	})
}

func FuzzCompare(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		g := gen{&byteChooser{data}}
		prev, next := g.shipment(), g.shipment()
		checkCompare(t, prev)
		checkCompare(t, next)

		c := tracking.Compare(prev, next)
		if next == nil {
			if !c.Empty() {
				t.Fatalf("Compare(prev, nil) = %+v", c)
			}
			return
		}
		// The new events are exactly next's identities that prev lacks.
		had, got := identities(prev), identities(&tracking.Shipment{Events: c.Events})
		for k := range identities(next) {
			if want := 0; had[k] == 0 {
				want = 1
				if got[k] != want {
					t.Fatalf("event %s: reported %d times, want %d", k, got[k], want)
				}
			} else if got[k] != want {
				t.Fatalf("event %s was already known but is reported", k)
			}
		}
		if len(got) != len(c.Events) {
			t.Fatalf("%d events reported, %d identities", len(c.Events), len(got))
		}
		from, to := statusOf(prev), next.Status
		if prev == nil {
			from = ""
		}
		if changed := known(from) != known(to); changed != (c.Status != nil) {
			t.Fatalf("status %q -> %q: change reported %+v", from, to, c.Status)
		}
		if c.Final != (known(to).Final() && !known(from).Final()) {
			t.Fatalf("status %q -> %q: Final = %v", from, to, c.Final)
		}

		// SameEvent and Identity agree, and Identity is stable under the
		// variations it ignores.
		var all []tracking.Event
		for _, s := range []*tracking.Shipment{prev, next} {
			if s != nil {
				all = append(all, s.Events...)
			}
		}
		for i := range all {
			for j := i; j < len(all) && j < i+4; j++ {
				if tracking.SameEvent(all[i], all[j]) != (all[i].Identity() == all[j].Identity()) {
					t.Fatalf("SameEvent and Identity disagree on %+v and %+v", all[i], all[j])
				}
			}
			e := all[i]
			e.Description = " " + e.Description + "\t"
			e.Time = e.Time.In(est)
			if !tracking.SameEvent(all[i], e) || all[i].Identity() != e.Identity() {
				t.Fatalf("padding and zone change the identity of %+v", all[i])
			}
		}
	})
}

// known maps the zero Status and values outside the set to unknown, as
// Compare does.
func known(s tracking.Status) tracking.Status {
	if !s.Valid() {
		return tracking.StatusUnknown
	}
	return s
}
