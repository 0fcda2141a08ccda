package track123

import (
	"bytes"
	"encoding/json"
	"strings"
	"unsafe"

	"github.com/parcelkit/tracking/internal/decode"
)

// verifyFields returns the timestamp and signature of body's verify object
// as the full decode (decodeVerifyFields) reads them: the timestamp's raw
// JSON text, trimmed of spaces and quotes, and the signature's string,
// trimmed; "" for what is absent. It reads them without decoding the
// body: a delivery is verified before anything is parsed, and Track123's
// body is kilobytes where the HMAC covers a 13-byte timestamp.
//
// The fast reading covers the layouts Track123 sends: verify as the body's
// first or last member, an object of plain strings and numbers, with no
// other key anywhere in the body that could be read as "verify". Anything
// else goes through the full decode. On a valid JSON body both readings
// agree (FuzzVerifyFieldsDifferential); on an invalid one the fast reading
// may still find the verify object where the full decode gives up and the
// headers are read instead. The body is not signed either way, and the
// Handler refuses it when it is parsed. The fast reading's strings share
// body's bytes (borrowed): they are for use while body is unchanged.
func verifyFields(body []byte) (ts, sig string) {
	if ts, sig, ok := scanVerifyFields(body); ok {
		return ts, sig
	}
	return decodeVerifyFields(body)
}

// decodeVerifyFields is the full decode: encoding/json's reading,
// case-insensitive keys and the last duplicate winning included.
func decodeVerifyFields(body []byte) (ts, sig string) {
	var p struct {
		Verify *struct {
			Timestamp json.RawMessage `json:"timestamp"`
			Signature string          `json:"signature"`
		} `json:"verify"`
	}
	if err := json.Unmarshal(body, &p); err == nil && p.Verify != nil {
		ts = strings.Trim(strings.TrimSpace(string(p.Verify.Timestamp)), `"`)
		sig = strings.TrimSpace(p.Verify.Signature)
	}
	return ts, sig
}

// scanVerifyFields is the fast reading; ok is false when the body is not
// in a layout it can read exactly.
func scanVerifyFields(body []byte) (ts, sig string, ok bool) {
	// A key the full decode could read as "verify" is a case variant of
	// it, or one spelled with an escape; an escaped ASCII letter sends the
	// body to the full decode.
	if escapedLetter(body) {
		return "", "", false
	}
	key := -1 // the one key that folds to "verify", at its opening quote
	// One IndexByte pass per case of the last letter: the body is
	// searched at vector speed, and such keys are rare.
	for _, last := range [...]byte{'y', 'Y'} {
		for off := 0; ; {
			i := bytes.IndexByte(body[off:], last)
			if i < 0 {
				break
			}
			i += off
			off = i + 1
			if start := i - 6; start >= 0 && i+1 < len(body) && body[i+1] == '"' && body[start] == '"' &&
				foldsTo(body[start+1:i+1], "verify") {
				if key >= 0 {
					return "", "", false // two of them: the full decode merges duplicates
				}
				key = start
			}
		}
	}
	first := skipSpace(body, 0)
	if first >= len(body) || body[first] != '{' {
		return "", "", key < 0 // not an object: no verify object, unless a key says otherwise
	}
	if key < 0 {
		return "", "", true // valid JSON without the key has no verify object
	}
	// The key must be the top-level object's first member or its last.
	top := skipSpace(body, first+1) == key
	i := skipSpace(body, key+8)
	if i >= len(body) || body[i] != ':' {
		return "", "", false
	}
	i = skipSpace(body, i+1)
	var rawTS, rawSig []byte
	if bytes.HasPrefix(body[i:], []byte("null")) {
		i += 4 // verify is null: no verify object
	} else if rawTS, rawSig, i, ok = scanFlatObject(body, i); !ok {
		return "", "", false
	}
	if !top {
		// The last member: the top-level object closes right after it.
		j := skipSpace(body, i)
		if j >= len(body) || body[j] != '}' || skipSpace(body, j+1) != len(body) {
			return "", "", false
		}
	}
	rawTS, rawSig = bytes.Trim(bytes.TrimSpace(rawTS), `"`), bytes.TrimSpace(rawSig)
	return borrowed(rawTS), borrowed(rawSig), true
}

// borrowed is b as a string without a copy. The fast reading's strings
// are the body's own bytes: Verify uses them during the call only (the
// HMAC, the compare; the replay key and any error copy what they keep),
// and the Handler does not change a body while it verifies it.
func borrowed(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// scanFlatObject reads the verify object starting at body[i]: an object
// whose values are strings, numbers or literals. It returns the
// timestamp's raw text, the signature's string and the index after the
// object, all within body; ok is false for anything it cannot read exactly
// (escapes or non-ASCII bytes where a string is decoded, a duplicate key, a
// nested value, a signature that is not a string).
func scanFlatObject(body []byte, i int) (ts, sig []byte, end int, ok bool) {
	if i >= len(body) || body[i] != '{' {
		return nil, nil, 0, false
	}
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return nil, nil, i + 1, true
	}
	var haveTS, haveSig bool
	for {
		k, next, ok := plainString(body, i)
		if !ok {
			return nil, nil, 0, false
		}
		i = skipSpace(body, next)
		if i >= len(body) || body[i] != ':' {
			return nil, nil, 0, false
		}
		i = skipSpace(body, i+1)
		isSig := foldsTo(k, "signature")
		vstart := i
		if isSig && i < len(body) && body[i] == '"' {
			// The signature is decoded: it must be a plain string.
			if sig, i, ok = plainString(body, i); !ok {
				return nil, nil, 0, false
			}
		} else if i, ok = scalarEnd(body, i); !ok {
			return nil, nil, 0, false
		}
		switch raw := body[vstart:i]; {
		case isSig:
			if haveSig {
				return nil, nil, 0, false
			}
			haveSig = true
			if raw[0] != '"' && string(raw) != "null" { // a number or a boolean: the full decode fails
				return nil, nil, 0, false
			}
		case foldsTo(k, "timestamp"):
			if haveTS {
				return nil, nil, 0, false
			}
			haveTS, ts = true, raw
		}
		i = skipSpace(body, i)
		if i >= len(body) {
			return nil, nil, 0, false
		}
		switch body[i] {
		case '}':
			return ts, sig, i + 1, true
		case ',':
			i = skipSpace(body, i+1)
		default:
			return nil, nil, 0, false
		}
	}
}

// plainString reads the string at body[i] when it needs no decoding: no
// escape, no control character and no byte outside ASCII (encoding/json
// replaces invalid UTF-8, and folds keys beyond ASCII). s is its content,
// within body.
func plainString(body []byte, i int) (s []byte, end int, ok bool) {
	if i >= len(body) || body[i] != '"' {
		return nil, 0, false
	}
	n := bytes.IndexByte(body[i+1:], '"')
	if n < 0 {
		return nil, 0, false
	}
	s = body[i+1 : i+1+n]
	if !decode.PlainText(s) {
		return nil, 0, false // an escaped quote ends here too
	}
	return s, i + 2 + n, true
}

// scalarEnd returns the index after the string, number or literal at
// body[i]; ok is false for an object, an array or nothing. Strings may hold
// escapes here: the timestamp's raw text is kept as it is.
func scalarEnd(body []byte, i int) (int, bool) {
	if i >= len(body) {
		return 0, false
	}
	switch body[i] {
	case '{', '[', '}', ']', ',', ':':
		return 0, false
	case '"':
		for j := i + 1; j < len(body); j++ {
			switch body[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return 0, false
	}
	j := i
	for j < len(body) && !strings.ContainsRune(",}] \t\r\n", rune(body[j])) {
		j++
	}
	return j, true
}

// foldsTo reports whether b is word (lowercase ASCII letters) in any
// case, as encoding/json's case-insensitive key matching reads it. A byte
// beyond ASCII never matches: the only runes beyond ASCII that fold to an
// ASCII letter are ſ and the Kelvin sign (to s and k), and plainString
// declines every key holding one.
func foldsTo(b []byte, word string) bool {
	if len(b) != len(word) {
		return false
	}
	for i := range len(word) {
		if b[i]|0x20 != word[i] { // the letter itself or its capital
			return false
		}
	}
	return true
}

// escapedLetter reports whether body holds a \u escape of an ASCII letter.
func escapedLetter(body []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(body[off:], '\\')
		if i < 0 {
			return false
		}
		i += off
		if i+4 < len(body) && body[i+1] == 'u' && body[i+2] == '0' && body[i+3] == '0' && body[i+4] >= '4' && body[i+4] <= '7' {
			return true
		}
		off = i + 1
	}
}

func skipSpace(body []byte, i int) int {
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
		i++
	}
	return i
}
