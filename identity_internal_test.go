package tracking

import (
	"testing"
	"unicode"
	"unicode/utf8"
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
