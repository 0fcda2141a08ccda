package decode

import (
	"strconv"
	"strings"
	"time"
)

// layouts with a numeric zone (or Z), tried first. Fractional seconds are
// accepted after the seconds whether the layout shows them or not.
var zoned = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05 Z07:00",
	"2006-01-02T15:04:05 -0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05Z07",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST", // Go's time.Time.String(); the offset wins
	time.RFC1123Z,
}

// layouts whose only zone is an abbreviation. UTC, GMT (GMT+3 ...) and
// the abbreviations loc itself uses are read as such; any other (CST is
// three different zones) is ambiguous, so the wall clock is read in loc,
// which keeps the result independent of the machine's own zone.
var abbreviated = []string{
	time.RFC1123,
	time.RFC850,
	time.UnixDate,
	"2006-01-02 15:04:05 MST",
	"2006-01-02T15:04:05 MST",
}

// layouts without a zone, read in the location given. Single-digit months,
// days and hours are accepted ("2017/8/27 6:51").
var local = []string{
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-1-2 15:04:05",
	"2006-1-2 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006-01-02",
	"2006-1-2",
	"2006/1/2",
	"20060102",
}

// Time parses a provider timestamp. A timestamp with a zone keeps it; one
// without is read in loc (UTC when nil). Ten digits are read as Unix
// seconds and thirteen as Unix milliseconds. The result is in UTC. It
// reports false for "", null-like text, a zero date (0000-00-00,
// 0001-01-01T00:00:00Z) and anything it cannot read.
func Time(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "null") || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	if t, ok := epoch(s); ok {
		return t, true
	}
	// Fast paths for the shapes most providers send, recognised by their
	// punctuation so that no layout is tried in vain (each failed parse
	// allocates).
	if t, ok := civil(s, loc); ok {
		return usable(t)
	}
	if len(s) == 20 && s[19] == 'Z' && s[10] == 'T' { // RFC 3339 in UTC, whole seconds
		if t, ok := civil(s[:19], time.UTC); ok {
			return usable(t)
		}
	}
	if len(s) >= 20 && s[10] == 'T' && (s[len(s)-1] == 'Z' || s[len(s)-6] == '+' || s[len(s)-6] == '-') {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return usable(t)
		}
	}
	for _, l := range zoned {
		if t, err := time.Parse(l, s); err == nil {
			return usable(t)
		}
	}
	for _, l := range abbreviated {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return usable(readAbbreviated(t, loc))
		}
	}
	for _, l := range local {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return usable(t)
		}
	}
	return time.Time{}, false
}

// civil reads the commonest zone-less shape, "2006-01-02T15:04:05" (or
// with a space for the T), in loc, accepting exactly what
// time.ParseInLocation accepts for that layout, without its layout
// machinery, which costs more than the rest of a decode's normalization.
func civil(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	ok := true
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				ok = false
				return 0
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d := num(0, 4), num(5, 7), num(8, 10)
	h, mi, sec := num(11, 13), num(14, 16), num(17, 19)
	if !ok || mo < 1 || mo > 12 || d < 1 || d > daysIn(time.Month(mo), y) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc), true
}

// daysIn is the number of days in month m (1 to 12) of year y, in the
// proleptic Gregorian calendar package time uses; counted here, since a
// time.Date for it cost a sixth of a timestamp's parse.
func daysIn(m time.Month, y int) int {
	if m == time.February {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	// 31 for January, March, May, July, August, October, December: odd
	// months up to July, even ones from August.
	return 30 + int(m+m/8)%2
}

// readAbbreviated keeps t when its zone abbreviation was understood and
// otherwise reads its wall clock in loc.
func readAbbreviated(t time.Time, loc *time.Location) time.Time {
	name, _ := t.Zone()
	if t.Location() == loc || name == "UTC" || name == "UT" || name == "Z" || strings.HasPrefix(name, "GMT") {
		return t
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), loc)
}

func usable(t time.Time) (time.Time, bool) {
	t = t.UTC()
	if t.IsZero() {
		return time.Time{}, false
	}
	return t, true
}

// epoch reads 10 digits as Unix seconds and 13 as Unix milliseconds.
func epoch(s string) (time.Time, bool) {
	if (len(s) != 10 && len(s) != 13) || !digits(s) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	if len(s) == 13 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}

// TimePtr is Time returning nil when there is no usable time.
func TimePtr(s string, loc *time.Location) *time.Time {
	t, ok := Time(s, loc)
	if !ok {
		return nil
	}
	return &t
}

// maxOffset is the largest UTC offset in use (Kiribati, +14:00).
const maxOffset = 14 * time.Hour

// Offset reads a UTC offset such as "+08:00", "-0500", "+8", "+530",
// "UTC+5:30", "GMT-3", or "Z", "UTC" and "GMT" alone, as a fixed zone. It
// reports false for "" and anything else, offsets beyond ±14:00 included.
func Offset(s string) (*time.Location, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return nil, false
	}
	if s == "Z" {
		return time.UTC, true
	}
	for _, p := range []string{"UTC", "GMT"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = strings.TrimSpace(rest)
			if s == "" {
				return time.UTC, true
			}
			break
		}
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
		if len(hh) > 2 || len(mm) != 2 {
			return nil, false
		}
	case len(s) == 3 || len(s) == 4: // hmm or hhmm
		hh, mm = s[:len(s)-2], s[len(s)-2:]
	case len(s) == 1 || len(s) == 2:
		hh, mm = s, "00"
	default:
		return nil, false
	}
	if !digits(hh) || !digits(mm) {
		return nil, false
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if m > 59 || d > maxOffset {
		return nil, false
	}
	return time.FixedZone("", sign*int(d/time.Second)), true
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// probeZone is any zone but UTC: a timestamp that reads the same in both
// carries its own zone.
var probeZone = time.FixedZone("probe", 3600)

// ZonedTime is Time for providers whose zone-less timestamps could be in
// any zone: only a timestamp that carries its own offset (or a Unix time)
// is usable; any other reports false rather than a guessed instant.
func ZonedTime(s string) (time.Time, bool) {
	t, ok := Time(s, time.UTC)
	if !ok {
		return time.Time{}, false
	}
	if probe, _ := Time(s, probeZone); !probe.Equal(t) {
		return time.Time{}, false
	}
	return t, true
}
