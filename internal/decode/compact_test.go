package decode_test

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// inside reports whether s's bytes lie in buf.
func inside(s string, buf []byte) bool {
	if s == "" {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	return p >= base && p < base+uintptr(len(buf))
}

// TestCompactCoversTheModel fills every string field of a Shipment with
// text from one shared buffer, as a decoder leaves it, and checks that
// Compact moves each one out (but the constants'), values unchanged. A
// string field added to the model and not to Compact fails here.
func TestCompactCoversTheModel(t *testing.T) {
	shared := []byte(strings.Repeat("shared answer text ", 200))
	lat := 1.5
	s := &tracking.Shipment{Events: []tracking.Event{{}, {Location: tracking.Location{Latitude: &lat}}, {}}}
	at := 0
	var fields []string
	decodetest.EachString(s, func(path string, p *string) {
		*p = unsafe.String(&shared[at], 3+at%5) // distinct lengths and places
		at += 7
		fields = append(fields, path)
	})
	require.Contains(t, fields, "Events.Location.City", "the walk reaches nested fields")
	before := cloneShipment(s)

	decode.Compact(s)

	assert.Empty(t, cmp.Diff(before, s), "values unchanged")
	decodetest.EachString(s, func(path string, p *string) {
		if decodetest.LeftByCompact[path] {
			assert.True(t, inside(*p, shared), "%s is a constant's field: left as it is", path)
			return
		}
		assert.False(t, inside(*p, shared), "%s still points into the answer's buffer: add it to Compact", path)
	})
}

// cloneShipment copies s and its events deeply enough for a comparison
// after s is compacted in place.
func cloneShipment(s *tracking.Shipment) *tracking.Shipment {
	c := *s
	c.Events = append([]tracking.Event(nil), s.Events...)
	return &c
}

// TestCompactOneAllocation: a compacted shipment's text is one
// allocation, exactly its size; a shipment without text allocates
// nothing; consecutive events at one location share its text.
func TestCompactOneAllocation(t *testing.T) {
	loc := tracking.Location{City: "Memphis", State: "TN", PostalCode: "38118", Country: "US"}
	build := func() *tracking.Shipment {
		return &tracking.Shipment{
			TrackingNumber: strings.Clone("794600000012"), Summary: strings.Clone("Delivered"),
			Raw: tracking.RawStatus{Code: strings.Clone("DE")},
			Events: []tracking.Event{
				{Description: strings.Clone("Delivered"), Location: loc},
				{Description: strings.Clone("Out for delivery"), Location: loc},
				{Description: strings.Clone("Departed"), Location: tracking.Location{City: "Dallas"}},
			},
		}
	}
	s := build()
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { decode.Compact(build()) })-testing.AllocsPerRun(100, func() { build() }))
	decode.Compact(s)
	assert.Same(t, unsafe.StringData(s.Events[0].Location.City), unsafe.StringData(s.Events[1].Location.City), "one location's text once")
	assert.NotSame(t, unsafe.StringData(s.Events[1].Location.City), unsafe.StringData(s.Events[2].Location.City))
	// One buffer: the last value ends where the buffer ends.
	first := uintptr(unsafe.Pointer(unsafe.StringData(s.TrackingNumber)))
	last := uintptr(unsafe.Pointer(unsafe.StringData(s.Events[2].Location.City))) + uintptr(len(s.Events[2].Location.City))
	want := len("794600000012Delivered") + len("DE") + len("Delivered") + len("MemphisTN38118US") + len("Out for delivery") + len("Departed") + len("Dallas")
	assert.Equal(t, uintptr(want), last-first, "the text of %s, in one buffer", fmt.Sprint(s.TrackingNumber))

	empty := &tracking.Shipment{Status: tracking.StatusPending, Carrier: "x"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { decode.Compact(empty) }))
}
