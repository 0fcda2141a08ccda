package tracking_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

func TestSortEvents(t *testing.T) {
	t0 := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	ev := func(code string, at time.Time) tracking.Event { return tracking.Event{Code: code, Time: at} }
	codes := func(es []tracking.Event) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Code
		}
		return out
	}

	tests := []struct {
		name string
		in   []tracking.Event
		want []string
	}{
		{"nil", nil, []string{}},
		{"oldest first becomes newest first",
			[]tracking.Event{ev("a", t0), ev("b", t0.Add(time.Hour)), ev("c", t0.Add(2*time.Hour))},
			[]string{"c", "b", "a"}},
		{"zero times go last, in their order",
			[]tracking.Event{ev("z1", time.Time{}), ev("a", t0), ev("z2", time.Time{}), ev("b", t0.Add(time.Minute))},
			[]string{"b", "a", "z1", "z2"}},
		{"equal times keep their order",
			[]tracking.Event{ev("x", t0), ev("y", t0), ev("old", t0.Add(-time.Hour)), ev("z", t0)},
			[]string{"x", "y", "z", "old"}},
		{"same instant in another zone is equal",
			[]tracking.Event{ev("utc", t0), ev("cst", t0.In(time.FixedZone("CST", 8*3600)))},
			[]string{"utc", "cst"}},
		{"only zero times",
			[]tracking.Event{ev("1", time.Time{}), ev("2", time.Time{})},
			[]string{"1", "2"}},
		{"nanoseconds count",
			[]tracking.Event{ev("a", t0), ev("b", t0.Add(time.Nanosecond))},
			[]string{"b", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tracking.SortEvents(tt.in)
			assert.Equal(t, tt.want, codes(tt.in))
		})
	}
}

func TestSortEventsFarDates(t *testing.T) {
	far := []tracking.Event{
		{Time: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	tracking.SortEvents(far)
	for i, want := range []int{3000, 2026, 1500} {
		if got := far[i].Time.Year(); got != want {
			t.Errorf("event %d is from %d, want %d (newest first)", i, got, want)
		}
	}
}
