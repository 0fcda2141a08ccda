package decode

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
)

func FuzzTime(f *testing.F) {
	for _, s := range []string{
		"2026-03-05T20:21:00Z", "2026-03-06T04:21:00.123+08:00", "2026-03-06 04:21:00", "2026/3/6 4:21",
		"Thu, 05 Mar 2026 14:21:00 CST", "Thu, 05 Mar 2026 20:21:00 GMT", "2026-03-06 04:21:00 +0800 CST",
		"1772742060", "1772742060000", "20260306", "0000-00-00 00:00:00", "null", "", "2026-02-30",
		"9999-12-31T23:59:59.999999999-23:59", "0001-01-01T00:00:00+14:00",
	} {
		f.Add(s, 8*3600)
	}
	f.Fuzz(func(t *testing.T, s string, offset int) {
		loc := time.FixedZone("", offset%(15*3600))
		got, ok := Time(s, loc)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("%q: not ok but %s", s, got)
			}
			if TimePtr(s, loc) != nil {
				t.Fatalf("%q: TimePtr disagrees", s)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("%q: %s is not UTC", s, got)
		}
		if got.IsZero() {
			t.Fatalf("%q: ok with a zero time", s)
		}
		if p := TimePtr(s, loc); p == nil || !p.Equal(got) {
			t.Fatalf("%q: TimePtr disagrees", s)
		}
	})
}

func FuzzOffset(f *testing.F) {
	for _, s := range []string{"+08:00", "-0500", "+8", "+530", "UTC+5:30", "GMT-3", "Z", "UTC", "", "++5", "+14:00", "+14:01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, ok := Offset(s)
		if ok != (loc != nil) {
			t.Fatalf("%q: ok %v with location %v", s, ok, loc)
		}
		if ok {
			_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
			if off < -14*3600 || off > 14*3600 {
				t.Fatalf("%q: offset %d out of range", s, off)
			}
		}
	})
}

// FuzzJSON decodes arbitrary bodies into the flex types: never a panic,
// and every failure is a *tracking.DecodeError.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"s":"abc","i":42,"f":1.5,"b":true}`, `{"s":123456789012345678,"i":"42","f":"-33.8","b":"yes"}`,
		`{"i":1e300}`, `{"f":"NaN"}`, `{"b":"maybe"}`, `{"s":{}}`, `{"items":[{"i":"1"},{"f":null}]}`,
		`<html>`, ``, `{"s":"`, `[1,2]`, `null`, `{"t":"2026-03-05T20:21:00Z"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v struct {
			S     String `json:"s"`
			I     Int    `json:"i"`
			F     Float  `json:"f"`
			B     Bool   `json:"b"`
			T     String `json:"t"`
			Items []struct {
				I Int   `json:"i"`
				F Float `json:"f"`
			} `json:"items"`
		}
		err := JSON("fuzz", body, &v)
		if err != nil {
			var de *tracking.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if v.F.Valid && (math.IsNaN(v.F.Value) || math.IsInf(v.F.Value, 0)) {
			t.Fatalf("non-finite float %v", v.F.Value)
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("decoded value does not marshal: %v", err)
		}
		_, _ = Time(string(v.T), nil)
	})
}

// FuzzCivil checks the hand-written reader of "2006-01-02T15:04:05"
// against time.ParseInLocation with that layout: whatever civil reads, it
// reads alike, and Time reads the rest as before.
func FuzzCivil(f *testing.F) {
	for _, s := range []string{
		"2026-03-05T20:21:00", "2026-03-05 20:21:00", "2024-02-29T00:00:00", "2026-02-29T00:00:00",
		"2026-13-01T00:00:00", "2026-00-10T00:00:00", "2026-01-31T24:00:00", "2026-01-31T23:60:00",
		"2026-01-31T23:59:60", "0000-01-01T00:00:00", "2026-1-031T00:00:00", "2026-01-01T0a:00:00",
	} {
		f.Add(s, 3600)
	}
	f.Fuzz(func(t *testing.T, s string, offset int) {
		loc := time.FixedZone("", offset%(15*3600))
		got, ok := civil(s, loc)
		if len(s) != 19 || (s[10] != 'T' && s[10] != ' ') {
			if ok {
				t.Fatalf("%q: read as %s", s, got)
			}
			return
		}
		layout := "2006-01-02T15:04:05"
		if s[10] == ' ' {
			layout = "2006-01-02 15:04:05"
		}
		want, err := time.ParseInLocation(layout, s, loc)
		if ok && (err != nil || !got.Equal(want)) {
			t.Fatalf("%q: civil %s; ParseInLocation %s, %v", s, got, want, err)
		}
		// The same with a Z is RFC 3339 in UTC, which Time reads with civil.
		if s[10] == 'T' {
			z, zerr := time.Parse(time.RFC3339Nano, s+"Z")
			if tm, tok := Time(s+"Z", loc); zerr == nil && !z.IsZero() && (!tok || !tm.Equal(z)) {
				t.Fatalf("%q: Time %s, %t; time.Parse %s", s+"Z", tm, tok, z)
			}
		}
		// What civil leaves (runs of spaces, one-digit hours) Time still
		// reads through its layouts, as before.
		if err == nil && !want.IsZero() {
			if tm, tok := Time(s, loc); !tok || !tm.Equal(want) {
				t.Fatalf("%q: Time %s, %t; ParseInLocation %s", s, tm, tok, want)
			}
		}
	})
}

// FuzzStringMatchesEncodingJSON holds String's fast paths to what
// encoding/json gives a plain string for the same literal (escapes,
// invalid UTF-8 replaced, non-ASCII kept).
func FuzzStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{`abc`, `a\"b`, `\u00e9t\u00e9`, "caf\xc3\xa9", "bad\xff", `\\`, ``, "tab\there"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, inner []byte) {
		lit := append(append([]byte{'"'}, inner...), '"')
		var want string
		if json.Unmarshal(lit, &want) != nil {
			return // not a string literal
		}
		var got String
		if err := json.Unmarshal(lit, &got); err != nil {
			t.Fatalf("%q: %v", lit, err)
		}
		if string(got) != want {
			t.Fatalf("%q: String %q, string %q", lit, got, want)
		}
	})
}

// FuzzPlainText holds the eight-bytes-at-a-time scan to the byte loop.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "exactly8", "1234567\\", "12345678\x80", "sixteen bytes ok", "1234567\x1f", "\\2345678x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := true
		for _, c := range b {
			if c < 0x20 || c >= 0x80 || c == '\\' {
				want = false
			}
		}
		if got := PlainText(b); got != want {
			t.Fatalf("%q: %t, want %t", b, got, want)
		}
	})
}
