package decode

import (
	"strconv"
	"strings"
	"time"
)

// layouts with a zone, tried first.
var zoned = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02T15:04:05 -0700",
	time.RFC1123Z,
	time.RFC1123,
}

// layouts without a zone, read in the location given.
var local = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006-01-02",
	"2006/01/02",
}

// Time parses a provider timestamp. A timestamp with a zone keeps it; one
// without is read in loc (UTC when nil). The result is in UTC. It reports
// false for "", null-like text and anything it cannot read.
func Time(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	for _, l := range zoned {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	for _, l := range local {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// TimePtr is Time returning nil when there is no usable time.
func TimePtr(s string, loc *time.Location) *time.Time {
	t, ok := Time(s, loc)
	if !ok {
		return nil
	}
	return &t
}

// Offset reads a UTC offset such as "+08:00", "-0500", "+8", "UTC+5:30" or
// "GMT-3" as a fixed zone. It reports false for anything else.
func Offset(s string) (*time.Location, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "UTC"), "GMT")
	if s == "" || s == "Z" {
		return time.UTC, s != "" || true
	}
	sign := 1
	switch s[0] {
	case '+':
	case '-':
		sign = -1
	default:
		return nil, false
	}
	s = s[1:]
	var hh, mm string
	switch {
	case strings.Contains(s, ":"):
		hh, mm, _ = strings.Cut(s, ":")
	case len(s) == 4:
		hh, mm = s[:2], s[2:]
	default:
		hh, mm = s, "0"
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h > 14 || m > 59 || h < 0 || m < 0 {
		return nil, false
	}
	secs := sign * (h*3600 + m*60)
	return time.FixedZone("", secs), true
}
