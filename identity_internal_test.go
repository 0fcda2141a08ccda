package tracking

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// Every rune folds to one rune per case orbit, and folding is stable, so
// that normalized text normalizes to itself.
func TestFoldRuneAllRunes(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		f := foldRune(r)
		if g := foldRune(f); g != f {
			t.Fatalf("foldRune(%U) = %U, but foldRune(%U) = %U", r, f, f, g)
		}
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			if g := foldRune(o); g != f {
				t.Fatalf("%U and %U fold alike but give %U and %U", r, o, f, g)
			}
		}
		if r < utf8.RuneSelf && string(appendFold(nil, string(r))) != string(appendFold(nil, string(f))) {
			t.Fatalf("ASCII %q: fast path disagrees with foldRune", r)
		}
	}
}

func TestAppendFold(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"   ":                  "",
		" A  b\t\nC ":          "a b c",
		"\u00a0X\u0085Y\u3000": "x y",
		"\xffa":                "\ufffda",
		"ſ S s":                "s s s",
	} {
		got := string(appendFold(nil, in))
		if got != want {
			t.Errorf("appendFold(%q) = %q, want %q", in, got, want)
		}
		if again := string(appendFold(nil, got)); again != got {
			t.Errorf("appendFold is not stable on %q: %q", got, again)
		}
	}
}

// The eight-bytes-at-a-time path agrees with the rune loop, its oracle,
// whenever it accepts the text, and accepts plain ASCII text.
func FuzzAppendFold(f *testing.F) {
	for _, s := range []string{"", "Delivered, Left with Individual", "Arrived at USPS Regional Facility 12",
		"AB  CD", "ABCDEFG  HIJ", "ABCDEFGH IJ", "ABCDEFG IJ", " lead", "trail ", "tab\there", "\x7fDEL@[`{", "Ünïcödé text"} {
		f.Add([]byte("k:"), s)
	}
	f.Fuzz(func(t *testing.T, prefix []byte, s string) {
		want := appendFoldRunes(append([]byte(nil), prefix...), s)
		got, ok := appendFoldPlain(append([]byte(nil), prefix...), s)
		if ok && string(got) != string(want) {
			t.Fatalf("appendFoldPlain(%q) = %q, the rune loop says %q", s, got[len(prefix):], want[len(prefix):])
		}
		if !ok && string(got) != string(prefix) {
			t.Fatalf("appendFoldPlain(%q) refused the text but appended %q", s, got[len(prefix):])
		}
		inner := strings.Trim(s, " \t\n\v\f\r")
		plain := !strings.Contains(inner, "  ")
		for _, c := range []byte(inner) {
			plain = plain && ' ' <= c && c < utf8.RuneSelf
		}
		if ok != plain {
			t.Fatalf("appendFoldPlain(%q) ok = %v, want %v", s, ok, plain)
		}
		if again := appendFold(nil, string(want[len(prefix):])); string(again) != string(want[len(prefix):]) {
			t.Fatalf("folding %q again gives %q", want[len(prefix):], again)
		}
	})
}

// Invalid UTF-8 at either end or inside, on the plain and the rune path,
// folds without reading past the ASCII tables, and case still folds.
func TestIdentityInvalidUTF8(t *testing.T) {
	for _, s := range []string{"\x80Delivered", "Delivered\x80", "De\x80livered", "\x80Zugestellt Ä", "Zugestellt Ä\x80", "\x80", "\x80\x80\x80\x80\x80\x80\x80\x80\x80"} {
		lower := strings.ToLower(s)
		if !assert.NotPanics(t, func() { _ = Event{Description: s}.Identity() }, "%q", s) {
			continue
		}
		assert.True(t, SameEvent(Event{Description: s}, Event{Description: lower}), "%q", s)
	}
}
