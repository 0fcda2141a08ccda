package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/parcelkit/tracking"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	plus8  = time.FixedZone("", 8*3600)
	minus5 = time.FixedZone("", -5*3600)
)

func utc(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

func TestTime(t *testing.T) {
	at := utc(2026, 3, 5, 20, 21, 0, 0)
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		// RFC 3339 and friends, with a zone: loc is ignored.
		{"2026-03-05T20:21:00Z", plus8, at},
		{"2026-03-05T20:21:00.123Z", nil, at.Add(123 * time.Millisecond)},
		{"2026-03-05T20:21:00.123456789Z", nil, at.Add(123456789)},
		{"2026-03-06T04:21:00+08:00", minus5, at},
		{"2026-03-05T15:21:00-05:00", nil, at},
		{"2026-03-06T04:21:00+0800", nil, at},
		{"2026-03-06T04:21:00+08", nil, at},
		{"2026-03-06T04:21:00.5+08", nil, at.Add(500 * time.Millisecond)},
		{"2026-03-06T04:21:00 +08:00", nil, at},
		{"2026-03-06T04:21:00 +0800", nil, at},
		{"2026-03-06T04:21+08:00", nil, at},
		{"2026-03-06 04:21:00+08:00", nil, at},
		{"2026-03-06 04:21:00+0800", nil, at},
		{"2026-03-06 04:21:00+08", nil, at},
		{"2026-03-06 04:21:00 +08:00", nil, at},
		{"2026-03-06 04:21:00 +0800", nil, at},
		{"2026-03-05 20:21:00Z", plus8, at},
		{"2026-03-06 04:21:00.000 +0800 CST", nil, at}, // time.Time.String(): the offset wins
		{"Thu, 05 Mar 2026 15:21:00 -0500", nil, at},
		{"Thu, 05 Mar 2026 20:21:00 GMT", plus8, at},
		{"Thu, 05 Mar 2026 20:21:00 UTC", plus8, at},
		{"Thursday, 05-Mar-26 20:21:00 GMT", nil, at},
		{"2026-03-05 20:21:00 UTC", plus8, at},
		{"Thu Mar  5 20:21:00 UTC 2026", plus8, at},
		// No zone: read in loc.
		{"2026-03-06T04:21:00", plus8, at},
		{"2026-03-06T04:21:00.25", plus8, at.Add(250 * time.Millisecond)},
		{"2026-03-05T20:21:00", nil, at},
		{"2026-03-06 04:21:00", plus8, at},
		{"2026-03-05 15:21:00", minus5, at},
		{"2026-03-06 04:21", plus8, at},
		{"2026-03-06T04:21", plus8, at},
		{"2026/03/06 04:21:00", plus8, at},
		{"2026/3/6 4:21", plus8, at},
		{"2017/8/27 16:51", nil, utc(2017, 8, 27, 16, 51, 0, 0)},
		{"2026-3-6 4:21:00", plus8, at},
		{"2026-03-06", plus8, utc(2026, 3, 5, 16, 0, 0, 0)},
		{"2026-3-6", nil, utc(2026, 3, 6, 0, 0, 0, 0)},
		{"2026/03/06", nil, utc(2026, 3, 6, 0, 0, 0, 0)},
		{"20260306", nil, utc(2026, 3, 6, 0, 0, 0, 0)},
		{"  2026-03-05T20:21:00Z\n", nil, at},
		// Epochs.
		{"1772742060", plus8, at},
		{"1772742060000", plus8, at},
		{"1772742060123", nil, at.Add(123 * time.Millisecond)},
	}
	for _, tc := range tests {
		got, ok := Time(tc.in, tc.loc)
		if assert.True(t, ok, "%q", tc.in) {
			assert.Equal(t, tc.want, got, "%q", tc.in)
			assert.Equal(t, time.UTC, got.Location(), "%q", tc.in)
		}
	}
}

func TestTimeRefuses(t *testing.T) {
	for _, in := range []string{
		"", "   ", "null", "NULL", "0000-00-00", "0000-00-00 00:00:00", "0001-01-01T00:00:00Z",
		"yesterday", "2026-13-01", "2026-02-30", "2026-03-05T25:00:00Z", "12345", "17727420601", "-1772742060",
		"2026-03-05T20:21:00+25:00", "2026-03-05T20:21:00Zjunk",
	} {
		got, ok := Time(in, nil)
		assert.False(t, ok, "%q gave %s", in, got)
		assert.True(t, got.IsZero(), "%q", in)
		assert.Nil(t, TimePtr(in, nil), "%q", in)
	}
}

// A zone given only as an ambiguous abbreviation is read in loc, whatever
// the machine's own zone is.
func TestTimeAbbreviationDoesNotDependOnTheMachine(t *testing.T) {
	old := time.Local
	t.Cleanup(func() { time.Local = old })
	in := "Thu, 05 Mar 2026 14:21:00 CST"
	var results []time.Time
	for _, name := range []string{"UTC", "America/Chicago", "Asia/Shanghai"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skipf("no zone database: %v", err)
		}
		time.Local = loc
		got, ok := Time(in, minus5)
		require.True(t, ok)
		results = append(results, got)
	}
	assert.Equal(t, utc(2026, 3, 5, 19, 21, 0, 0), results[0], "wall clock read in loc (-05:00)")
	assert.Equal(t, results[0], results[1])
	assert.Equal(t, results[0], results[2])

	// When loc itself uses the abbreviation, its offset applies.
	chicago, _ := time.LoadLocation("America/Chicago")
	got, ok := Time(in, chicago)
	require.True(t, ok)
	assert.Equal(t, utc(2026, 3, 5, 20, 21, 0, 0), got)
}

func TestTimePtr(t *testing.T) {
	p := TimePtr("2026-03-05T20:21:00Z", nil)
	require.NotNil(t, p)
	assert.Equal(t, utc(2026, 3, 5, 20, 21, 0, 0), *p)
}

func TestOffset(t *testing.T) {
	good := map[string]int{ // seconds east of UTC
		"+08:00": 8 * 3600, "-05:00": -5 * 3600, "+0530": 5*3600 + 1800, "-0500": -5 * 3600,
		"+8": 8 * 3600, "-3": -3 * 3600, "+530": 5*3600 + 1800, "+5:30": 5*3600 + 1800, "+00:00": 0,
		"-00:00": 0, "UTC+5:30": 5*3600 + 1800, "utc-4": -4 * 3600, "GMT-3": -3 * 3600, "GMT+10": 10 * 3600,
		"UTC": 0, "GMT": 0, "Z": 0, "z": 0, " +14:00 ": 14 * 3600, "-12:00": -12 * 3600, "UTC +2": 2 * 3600,
	}
	for in, want := range good {
		loc, ok := Offset(in)
		if assert.True(t, ok, "%q", in) {
			_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
			assert.Equal(t, want, off, "%q", in)
		}
	}
	for _, in := range []string{
		"", " ", "8", "08:00", "+", "-", "++5", "+-5", "+-0", "+15", "+14:30", "+08:60", "+08:5", "+123:00",
		"+08:00:00", "+0800x", "+12345", "UTC+", "EST", "+ 8", "+８", "Asia/Shanghai",
	} {
		loc, ok := Offset(in)
		assert.False(t, ok, "%q", in)
		assert.Nil(t, loc, "%q", in)
	}
}

type flex struct {
	S String `json:"s"`
	I Int    `json:"i"`
	F Float  `json:"f"`
	B Bool   `json:"b"`
}

func TestFlexTypes(t *testing.T) {
	tests := []struct {
		in   string
		want flex
	}{
		{`{}`, flex{}},
		{`{"s":null,"i":null,"f":null,"b":null}`, flex{}},
		{`{"s":"","i":"","f":"","b":""}`, flex{}},
		{`{"s":"abc","i":42,"f":1.5,"b":true}`, flex{"abc", 42, Float{1.5, true}, true}},
		{`{"s":123456789012345678,"i":"42","f":"-33.8688","b":"true"}`, flex{"123456789012345678", 42, Float{-33.8688, true}, true}},
		{`{"s":1.50,"i":" 7 ","f":" 2 ","b":1}`, flex{"1.50", 7, Float{2, true}, true}},
		{`{"s":true,"i":12.0,"f":0,"b":"YES"}`, flex{"true", 12, Float{0, true}, true}},
		{`{"s":false,"i":1e3,"f":"1e2","b":"No"}`, flex{"false", 1000, Float{100, true}, false}},
		{`{"s":"caf\u00e9","i":-9223372036854775808,"b":"0"}`, flex{"café", math.MinInt64, Float{}, false}},
		{`{"i":"9223372036854775807","b":"fal\u0073e"}`, flex{I: math.MaxInt64}},
	}
	for _, tc := range tests {
		var got flex
		require.NoError(t, JSON("x", []byte(tc.in), &got), tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestFlexRefusals(t *testing.T) {
	tests := map[string]string{ // body -> field named in the error
		`{"s":{}}`:                       "s",
		`{"s":[1]}`:                      "s",
		`{"i":1.5}`:                      "i",
		`{"i":"1.5"}`:                    "i",
		`{"i":"abc"}`:                    "i",
		`{"i":true}`:                     "i",
		`{"i":1e300}`:                    "i",
		`{"i":9223372036854775808}`:      "i",
		`{"i":"9.3e18"}`:                 "i",
		`{"i":{}}`:                       "i",
		`{"f":"NaN"}`:                    "f",
		`{"f":"Inf"}`:                    "f",
		`{"f":"-infinity"}`:              "f",
		`{"f":"abc"}`:                    "f",
		`{"f":1e400}`:                    "f",
		`{"f":[]}`:                       "f",
		`{"b":"maybe"}`:                  "b",
		`{"b":2}`:                        "b",
		`{"b":{}}`:                       "b",
		`{"data":{"items":[{"i":"x"}]}}`: "data.items.i",
	}
	for body, field := range tests {
		var v struct {
			S    String `json:"s"`
			I    Int    `json:"i"`
			F    Float  `json:"f"`
			B    Bool   `json:"b"`
			Data struct {
				Items []flex `json:"items"`
			} `json:"data"`
		}
		err := JSON("track123", []byte(body), &v)
		var de *tracking.DecodeError
		if assert.ErrorAs(t, err, &de, body) {
			assert.Equal(t, "track123", de.Carrier, body)
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse, body)
			assert.Equal(t, field, de.Field, body)
			assert.Contains(t, err.Error(), "field "+field, body)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	var v struct {
		Code int    `json:"code"`
		Name string `json:"name"`
	}
	tests := map[string]struct {
		body, field, text string
	}{
		"empty":      {"", "", "empty body"},
		"blank":      {" \n\t", "", "empty body"},
		"html":       {"<html><body><h1>502 Bad Gateway</h1></body></html>", "", "HTML"},
		"xml":        {`<?xml version="1.0"?><error/>`, "", "HTML or XML"},
		"truncated":  {`{"code": 200, "name": "ab`, "", "ends too early"},
		"malformed":  {`{"data": [ this is not JSON`, "", "not valid JSON at byte"},
		"trailing":   {`{"code":1} x`, "", "not valid JSON"},
		"wrong type": {`{"code":"two"}`, "code", "want int, got JSON string"},
		"array":      {`[1,2]`, "", "got JSON array"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := JSON("shipengine", []byte(tc.body), &v)
			var de *tracking.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "shipengine", de.Carrier)
			assert.Equal(t, tc.field, de.Field)
			assert.Contains(t, err.Error(), tc.text)
			assert.True(t, errors.Is(err, tracking.ErrInvalidResponse))
			assert.NotContains(t, err.Error(), "<h1>", "no page text in the error")
		})
	}
	require.NoError(t, JSON("x", []byte(`{"code":1,"name":"n"}`), &v))
	assert.Equal(t, 1, v.Code)
}

// Error wraps errors other than encoding/json's too.
func TestErrorWrapsAnything(t *testing.T) {
	boom := errors.New("boom")
	err := Error("x", boom)
	assert.ErrorIs(t, err, boom)
	assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
	var v flex
	err = JSON("x", []byte(`{}`), v) // not a pointer
	assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
}

func TestFloatPtr(t *testing.T) {
	assert.Nil(t, Float{}.Ptr())
	p := Float{Value: 0, Valid: true}.Ptr()
	require.NotNil(t, p)
	assert.Equal(t, 0.0, *p)
}

// The flex types round-trip through the encoding the models use.
func TestFlexMarshalsPlainly(t *testing.T) {
	b, err := json.Marshal(flex{"a", 1, Float{2, true}, true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"s":"a","i":1,"f":{"Value":2,"Valid":true},"b":true}`, string(b))
}

func TestStringFastPathEdges(t *testing.T) {
	for in, want := range map[string]string{
		`"plain"`:         "plain",
		`"with \"q\""`:    `with "q"`,
		`"\u00e9t\u00e9"`: "été",
		`""`:              "",
	} {
		var s String
		if err := s.UnmarshalJSON([]byte(in)); err != nil || string(s) != want {
			t.Errorf("%s: got %q, %v; want %q", in, s, err, want)
		}
	}
	var s String
	if err := s.UnmarshalJSON([]byte(`"`)); err == nil {
		t.Error(`a lone quote must be an error, not a panic`)
	}
	if err := s.UnmarshalJSON([]byte{'"', 0xff, '"'}); err != nil || string(s) != "\ufffd" {
		t.Errorf("invalid UTF-8 is replaced as encoding/json does: got %q, %v", s, err)
	}
}

// TestStringNullKeepsValue: null leaves a String as encoding/json leaves a
// string, so a repeated key reads the same whichever type holds it.
func TestStringNullKeepsValue(t *testing.T) {
	body := []byte(`{"s":"a","S":null}`)
	var plain struct {
		S string `json:"s"`
	}
	var flex struct {
		S String `json:"s"`
	}
	require.NoError(t, json.Unmarshal(body, &plain))
	require.NoError(t, json.Unmarshal(body, &flex))
	assert.Equal(t, "a", plain.S)
	assert.Equal(t, String(plain.S), flex.S)
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", true}, {"abc", true}, {"exactly8", true}, {"sixteen bytes ok", true},
		{"a\\b", false}, {"1234567\\", false}, {"12345678\\", false}, {"\\2345678", false},
		{"caf\xc3\xa9", false}, {"1234567\x80", false}, {"12345678abcdefg\xff", false},
		{"[]\\\\]]]]]]", false}, {"\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f", true}, {"]]]]]]]]", true},
		{"a\tb", false}, {"1234567\x1f", false}, {"\x00bcdefghij", false}, {"         ", true},
	} {
		assert.Equal(t, tc.want, PlainText([]byte(tc.in)), "%q", tc.in)
	}
}

// PlainText, eight bytes at a time, agrees with the byte-by-byte rule for
// every pair of byte values, in one word, across two and in the tail.
func TestPlainTextPairs(t *testing.T) {
	plain := func(c byte) bool { return c >= 0x20 && c < 0x80 && c != '\\' }
	buf := []byte(strings.Repeat("a", 17))
	for _, pos := range [][2]int{{0, 1}, {3, 7}, {7, 8}, {6, 14}, {15, 16}} {
		for c1 := range 256 {
			for c2 := range 256 {
				buf[pos[0]], buf[pos[1]] = byte(c1), byte(c2)
				if got, want := PlainText(buf), plain(byte(c1)) && plain(byte(c2)); got != want {
					t.Fatalf("bytes %#x at %d and %#x at %d: PlainText = %v", c1, pos[0], c2, pos[1], got)
				}
			}
		}
		buf[pos[0]], buf[pos[1]] = 'a', 'a'
	}
}

// TestTextArena: a value read from the body being decoded is copied into
// the decode's arena, next to the values before it; one from elsewhere,
// or read while another goroutine holds the arena, is a copy of its own.
func TestTextArena(t *testing.T) {
	body := []byte(`{"s":"abc","t":"def"}`)
	src := borrow(body)
	require.NotNil(t, src)
	assert.Nil(t, src.chunk, "no chunk before a value needs it")
	s := text(body[6:9])
	assert.Equal(t, "abc", s)
	assert.Same(t, &src.chunk[0], unsafe.StringData(s), "in the arena")
	u := text(body[16:19])
	assert.Equal(t, "def", u)
	assert.Same(t, &src.chunk[3], unsafe.StringData(u), "next to the value before it")
	other := []byte("abc")
	assert.Equal(t, "abc", text(other))
	assert.Len(t, src.chunk, 6, "bytes from elsewhere are not the arena's")
	src.busy.Store(true)
	assert.Equal(t, "abc", text(body[6:9]), "arena taken: copied")
	assert.Len(t, src.chunk, 6)
	src.busy.Store(false)
	assert.Equal(t, "", text(body[:0]))
	src.release()
	assert.Nil(t, current.Load())
	assert.Equal(t, "abc", text(body[6:9]), "released: copied")
	assert.Nil(t, borrow(nil))
}

// TestArenaChunks: a full chunk is followed by a new one, twice as large
// up to maxChunk, and the values already handed out keep their text; a
// value over half a chunk gets its own allocation and leaves the chunk.
func TestArenaChunks(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 1024) // 16 KiB
	src := borrow(body)
	defer src.release()
	require.Equal(t, maxChunk, src.size, "a quarter of 16 KiB, capped")
	src.size = minChunk
	var got []string
	for i := 0; i < 64; i++ { // 64 values of 16 bytes: 1 KiB over 256, 512, 1 KiB chunks
		got = append(got, text(body[16*i:16*i+16]))
	}
	for _, s := range got {
		assert.Equal(t, "0123456789abcdef", s)
	}
	assert.Equal(t, 2*minChunk*2*2, src.size, "256, 512, 1024 made; next 2048")
	long := text(body[:minChunk*4+1])
	assert.Len(t, long, minChunk*4+1)
	assert.Len(t, src.chunk, 256, "a long value is not in the chunk")
	src.size = maxChunk
	for i := 0; i < 1000; i++ {
		text(body[:100])
	}
	assert.Equal(t, maxChunk, src.size, "never above maxChunk")
	assert.Equal(t, maxChunk, cap(src.chunk))
}

// TestValuesOutliveTheBody: decoded values are copies: the body can
// change after the decode, and values kept from many answers hold their
// own text, not the answers (a result kept by TrackMany must not keep
// its answer's body, or a copy of it, alive).
func TestValuesOutliveTheBody(t *testing.T) {
	body := []byte(`{"s":"abc","t":"def","pad":"` + strings.Repeat("x", 60<<10) + `"}`)
	var v struct{ S, T String }
	require.NoError(t, JSON("x", body, &v))
	copy(body, `{"s":"xyz"`)
	assert.Equal(t, String("abc"), v.S)
	assert.Equal(t, String("def"), v.T)

	const answers = 100
	kept := make([]struct{ S, T String }, answers)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range kept {
		b := bytes.Clone(body) // each answer its own body, as from the network
		require.NoError(t, JSON("x", b, &kept[i]))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	// A body (60 KiB) or its copy per value would be 6 MiB; a chunk per
	// value is at most maxChunk.
	assert.Less(t, grown, int64(answers*maxChunk*2), "%d answers' values hold %d bytes", answers, grown)
	runtime.KeepAlive(kept)
}

// TestTextConcurrentSameBody: goroutines decoding the same bytes at once
// share one source; each value is right (go test -race checks the arena).
func TestTextConcurrentSameBody(t *testing.T) {
	body := []byte(`{"s":"abc","t":"def","n":12345678901234567890}`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				var v struct {
					S, T String
					N    String
				}
				if err := JSON("x", body, &v); err != nil {
					t.Error(err)
					return
				}
				if v.S != "abc" || v.T != "def" || v.N != "12345678901234567890" {
					t.Errorf("got %+v", v)
					return
				}
			}
		})
	}
	wg.Wait()
}
