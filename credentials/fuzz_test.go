package credentials_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/parcelkit/tracking/credentials"
)

func FuzzLoadJSON(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `[null]`, `{"credentials":null}`, `{"credentials":[{}]}`,
		`[{"carrier":"c","fields":{"k":1}}]`, `[{"code":"x","carrier":"c"},{"code":"x","carrier":"c"}]`,
		`[{"carrier":"c","active":"no"}]`, `[{"carrier":"c","fields":{"k":"\u00e9\ud800"}}]`, `<html>`, `[{"carrier":"c"}]]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := credentials.LoadJSON(bytes.NewReader(in))
		if err != nil {
			if s != nil {
				t.Fatal("a store returned with an error")
			}
			for _, target := range []error{credentials.ErrInvalid, credentials.ErrAmbiguousDefault} {
				if errors.Is(err, target) {
					return
				}
			}
			t.Fatalf("untyped error: %v", err)
		}
		if s == nil {
			t.Fatal("nil store without error")
		}
		// What loaded is usable.
		_, _ = credentials.NewResolver(s).Resolve(context.Background(), "", "c", "")
	})
}
