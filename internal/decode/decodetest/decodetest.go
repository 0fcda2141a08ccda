// Package decodetest holds the differential check of the two decoding
// paths of package decode: a body read through encoding/json/v2 and
// through encoding/json must give the same values and the same kinds of
// error. In a build without encoding/json/v2 both runs take the one path
// and the check only exercises the decoder.
package decodetest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// sentinels are the categories an error is compared by.
var sentinels = []error{
	tracking.ErrInvalidResponse, tracking.ErrNotFound, tracking.ErrInvalidRequest, tracking.ErrUnauthorized,
	tracking.ErrQuotaExceeded, tracking.ErrRateLimited, tracking.ErrUnsupported, tracking.ErrUnavailable,
}

// outcome is what one path gave.
type outcome struct {
	value any
	err   error
}

// Paths decodes through encoding/json/v2 (where the build has it) and
// through encoding/json, by calling each decoder once each way, and fails t
// unless both give equal values (go-cmp, unexported fields included) or
// errors of the same type, carrier and categories, and unless every
// Shipment in the values is compacted (decode.Compact). The field an error
// names is compared when both name one: encoding/json reports a
// malformed body before a wrong value the body holds earlier, v2 the
// first problem it meets.
func Paths(t testing.TB, decoders ...func() (any, error)) {
	t.Helper()
	for i, run := range decoders {
		var v1 outcome
		decode.WithV1(func() { v1.value, v1.err = run() })
		var v2 outcome
		v2.value, v2.err = run()
		if msg := differ(v2, v1); msg != "" {
			t.Fatalf("decoder %d: encoding/json/v2 and encoding/json disagree:\n%s", i, msg)
		}
		if msg := uncompacted(v2.value); msg != "" {
			t.Fatalf("decoder %d: %s", i, msg)
		}
	}
}

func differ(v2, v1 outcome) string {
	switch {
	case v2.err == nil && v1.err == nil:
		if d := cmp.Diff(v1.value, v2.value, cmp.Exporter(func(reflect.Type) bool { return true })); d != "" {
			return "values (-v1 +v2):\n" + d
		}
		return ""
	case v2.err == nil || v1.err == nil:
		return fmt.Sprintf("v2: %v\nv1: %v", v2.err, v1.err)
	}
	if reflect.TypeOf(v2.err) != reflect.TypeOf(v1.err) {
		return fmt.Sprintf("error types: v2 %T %v\nv1 %T %v", v2.err, v2.err, v1.err, v1.err)
	}
	for _, s := range sentinels {
		if errors.Is(v2.err, s) != errors.Is(v1.err, s) {
			return fmt.Sprintf("errors.Is(%v): v2 %v\nv1 %v", s, v2.err, v1.err)
		}
	}
	var d2, d1 *tracking.DecodeError
	if errors.As(v2.err, &d2) != errors.As(v1.err, &d1) {
		return fmt.Sprintf("DecodeError: v2 %v\nv1 %v", v2.err, v1.err)
	}
	if d2 != nil && (d2.Carrier != d1.Carrier || d2.Field != "" && d1.Field != "" && !sameField(d2.Field, d1.Field)) {
		return fmt.Sprintf("DecodeError: v2 %q %q %v\nv1 %q %q %v", d2.Carrier, d2.Field, v2.err, d1.Carrier, d1.Field, v1.err)
	}
	return ""
}

// Fixtures returns the contents of the files matching each pattern
// (such as "testdata/*.json"), and fails tb when a pattern matches none,
// followed by every []byte and string value of the package's fuzz
// corpora (testdata/fuzz/*/*).
func Fixtures(tb testing.TB, patterns ...string) [][]byte {
	tb.Helper()
	out := corpus(tb)
	for _, p := range patterns {
		names, err := filepath.Glob(p)
		if err != nil || len(names) == 0 {
			tb.Fatalf("no fixture matches %s: %v", p, err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// ErrSummary is what Paths compares of an error held inside a value:
// its type, carrier and whether it is an invalid answer.
type ErrSummary struct {
	Type    string
	Carrier string
	Invalid bool
}

// Errs summarizes errs for a value given to Paths: their messages may
// differ between the paths (a byte offset, say), their kinds may not.
func Errs(errs ...error) []*ErrSummary {
	out := make([]*ErrSummary, len(errs))
	for i, err := range errs {
		if err == nil {
			continue
		}
		s := &ErrSummary{Type: fmt.Sprintf("%T", err), Invalid: errors.Is(err, tracking.ErrInvalidResponse)}
		var de *tracking.DecodeError
		if errors.As(err, &de) {
			s.Carrier = de.Carrier
		}
		out[i] = s
	}
	return out
}

// corpus returns the []byte and string values of the files under
// testdata/fuzz, written by the fuzzing engine ("go test fuzz v1", then
// one Go literal a line).
func corpus(tb testing.TB) [][]byte {
	tb.Helper()
	names, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			for _, prefix := range []string{"[]byte(", "string("} {
				lit, ok := strings.CutPrefix(line, prefix)
				if !ok || !strings.HasSuffix(lit, ")") {
					continue
				}
				if v, err := strconv.Unquote(strings.TrimSuffix(lit, ")")); err == nil {
					out = append(out, []byte(v))
				}
			}
		}
	}
	return out
}

// Decoders returns the decoders of a body a package has, each a closure
// that decodes it once and returns what it gave.
type Decoders func(body []byte) []func() (any, error)

// Test runs Paths on every fixture matching patterns (see Fixtures).
func Test(t *testing.T, decoders Decoders, patterns ...string) {
	t.Helper()
	for _, body := range Fixtures(t, patterns...) {
		Paths(t, decoders(body)...)
	}
}

// Fuzz seeds f with every fixture matching patterns and runs Paths on
// what the fuzzing engine makes of them.
func Fuzz(f *testing.F, decoders Decoders, patterns ...string) {
	f.Helper()
	for _, body := range Fixtures(f, patterns...) {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) { Paths(t, decoders(body)...) })
}

// Bench decodes every fixture matching patterns with each decoder, on
// the build's own path, once per iteration.
func Bench(b *testing.B, decoders Decoders, patterns ...string) {
	var runs []func() (any, error)
	for _, body := range Fixtures(b, patterns...) {
		runs = append(runs, decoders(body)...)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, run := range runs {
			_, _ = run()
		}
	}
}

// sameField reports whether two decode errors name the same field, or
// one a field within the other's: under Go 1.27, encoding/json (its v1
// API on the v2 engine) sometimes names only the enclosing field ("data"
// where the v2 path names "data.id"), and names array indices
// ("events.0.location") where Go 1.26's encoding/json and the v2 path
// name "events.location".
func sameField(a, b string) bool {
	a, b = names(a), names(b)
	return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
}

// names is a field path without its array indices.
func names(field string) string {
	parts := strings.Split(field, ".")
	out := parts[:0]
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}
