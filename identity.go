package tracking

import (
	"encoding/binary"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// Identity returns the event's stable identity: two events with the same
// identity are the same scan, however a provider wrote it. Compare and
// Merge use it; an application may store it to remember which events it
// has already acted on.
//
// The identity has two parts:
//
//   - when: the UTC instant truncated to the second, so that time-zone
//     notation and sub-second precision do not count; for an event without
//     a usable Time, its LocalTime text, normalized as below;
//   - what: the Description, normalized; when the Description is blank,
//     the Code; when that is blank too, the Status (the zero Status and
//     values outside the set counting as "unknown").
//
// Normalized text has its letters case-folded (Unicode simple folding),
// runs of white space collapsed to one space, and no leading or trailing
// space.
//
// What does not count, and why: the Code and Status of a described event,
// because two providers relaying the same courier scan use their own codes
// and may map it to different statuses, and one provider may refine a
// status it sent before; the Location, because providers split an address
// differently (one gives City "COLUMBUS, OH 43215", another City, State
// and PostalCode). So two scans with the same text in the same second are
// one event, which in practice they are; and an event that one provider
// dates and another does not, dates to the minute where another gives
// seconds, or dates in the wrong time zone, cannot be matched, nor can
// two wordings of one scan ("Delivered" and "Delivered, front door").
//
// The text is readable, for logs and storage, and stays the same for the
// same event across versions of this module's major version.
func (e Event) Identity() string {
	b := make([]byte, 0, 32+len(e.Description))
	if !e.Time.IsZero() {
		b = e.Time.UTC().Truncate(time.Second).AppendFormat(b, time.RFC3339)
	} else {
		b = append(b, "local "...)
		b = strconv.AppendQuote(b, string(appendFold(nil, e.LocalTime)))
	}
	b = append(b, ' ')
	return string(strconv.AppendQuote(b, string(appendWhat(nil, &e))))
}

// SameEvent reports whether a and b are the same scan, that is whether
// they have the same Identity.
func SameEvent(a, b Event) bool {
	var ka, kb keyBuf
	return string(ka.key(&a)) == string(kb.key(&b))
}

// keyBuf builds identity keys without allocating per event: Compare and
// Merge build one for every event they see. A key holds the same parts
// as Identity in a cheaper form: 't' and the Unix seconds as eight bytes,
// or 'l', the normalized local time and a 0xFF byte (never in normalized
// text, which is valid UTF-8); then the normalized "what", last, so that it
// needs no terminator.
type keyBuf struct{ buf []byte }

// key returns e's identity key, in the buffer: valid until the next call.
func (k *keyBuf) key(e *Event) []byte {
	k.buf = appendKey(k.buf[:0], e)
	return k.buf
}

// appendKey appends e's identity key to b.
func appendKey(b []byte, e *Event) []byte {
	if !e.Time.IsZero() {
		b = append(b, 't')
		b = binary.BigEndian.AppendUint64(b, uint64(e.Time.Unix())) // Unix floors: truncation to the second
	} else {
		b = append(b, 'l')
		b = appendFold(b, e.LocalTime)
		b = append(b, 0xFF)
	}
	return appendWhat(b, e)
}

// appendWhat appends the "what" part of e's identity.
func appendWhat(b []byte, e *Event) []byte {
	start := len(b)
	if b = appendFold(b, e.Description); len(b) > start {
		return b
	}
	if b = appendFold(b, e.Code); len(b) > start {
		return b
	}
	return append(b, knownStatus(e.Status)...)
}

// knownStatus maps the zero Status, and any value outside the set, to
// StatusUnknown, which is what they mean.
func knownStatus(s Status) Status {
	if !s.Valid() {
		return StatusUnknown
	}
	return s
}

// carriesStatus reports whether s says something: a status of the set
// other than unknown.
func carriesStatus(s Status) bool { return s != StatusUnknown && s.Valid() }

// appendFold appends s normalized: case-folded, with runs of white space
// collapsed to one space and no leading or trailing space. Invalid UTF-8
// becomes U+FFFD, so the result is valid UTF-8 and normalizing it again
// changes nothing.
func appendFold(b []byte, s string) []byte {
	if out, ok := appendFoldPlain(b, s); ok {
		return out
	}
	return appendFoldRunes(b, s)
}

// appendFoldPlain is appendFold for the common text: printable ASCII
// whose spaces are single and inside. It works eight bytes at a time,
// since Compare folds every event's text and a byte loop was most of its
// cost; on other text it reports false, having appended nothing.
func appendFoldPlain(b []byte, s string) ([]byte, bool) {
	// ASCII space at the ends, the most common variation, is dropped
	// here; within, only single ' ' are plain.
	for len(s) > 0 && s[0] < utf8.RuneSelf && asciiSpace[s[0]] {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] < utf8.RuneSelf && asciiSpace[s[len(s)-1]] {
		s = s[:len(s)-1]
	}
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		lows  = 0x7f7f7f7f7f7f7f7f
	)
	start := len(b)
	b = slices.Grow(b, len(s))
	prevSpace := false // the byte before the chunk is a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		// No byte at 0x80 or more, none below ' ' (the has-less-than
		// test, exact once high bytes are ruled out).
		if (x|(x-' '*ones)&^x)&highs != 0 {
			return b[:start], false
		}
		// Spaces, exactly: a byte of y is 0x80 where x has ' '.
		y := x ^ ' '*ones
		sp := ^((y & lows) + lows | y | lows)
		if sp&(sp<<8) != 0 || prevSpace && sp&0x80 != 0 {
			return b[:start], false // two spaces in a row
		}
		prevSpace = sp>>63 != 0
		// Capitals: 'A' <= c <= 'Z'; c+0x3f and c+0x25 cannot carry
		// into the next byte for c < 0x80.
		upper := (x + (0x80-'A')*ones) &^ (x + (0x80-'Z'-1)*ones) & highs
		b = binary.LittleEndian.AppendUint64(b, x|upper>>2)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == ' ' && prevSpace {
			return b[:start], false
		}
		prevSpace = c == ' '
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b, true
}

// appendFoldRunes is appendFold for any text, a rune at a time (ASCII
// through tables).
func appendFoldRunes(b []byte, s string) []byte {
	start := len(b)
	space := false // a space is pending: written only before a later letter
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				space = true
				continue
			}
			r = rune(asciiLower[c])
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			r = foldRune(r)
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		b = utf8.AppendRune(b, r)
	}
	return b
}

// asciiSpace and asciiLower are unicode.IsSpace and foldRune for ASCII,
// as tables.
var asciiSpace, asciiLower = func() (sp [utf8.RuneSelf]bool, lo [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		sp[c] = unicode.IsSpace(rune(c))
		lo[c] = byte(foldRune(rune(c)))
	}
	return sp, lo
}()

// foldRune returns one rune for all the case variants of r: the lower
// case of the smallest rune of its simple-folding orbit, which agrees
// with appendFold's ASCII path ('K', 'k' and the Kelvin sign all give 'k')
// and reads well ('Ä' gives 'ä').
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return unicode.ToLower(least)
}
