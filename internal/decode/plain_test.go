package decode

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// textDoc is a wire type as carriers write them for Plain.
type textDoc[S Text] struct {
	Name  S     `json:"name"`
	Lat   Float `json:"lat"`
	Items []struct {
		Code S `json:"code"`
	} `json:"items"`
}

func plainDoc(body string) (*textDoc[string], *textDoc[String], error) {
	return Plain[textDoc[string], textDoc[String]]("fuzz", []byte(body))
}

func TestPlain(t *testing.T) {
	p, tol, err := plainDoc(`{"name":"Sydney \u00e9","lat":"-33.8","items":[{"code":"DL"},{"code":null}]}`)
	require.NoError(t, err)
	require.Nil(t, tol, "text everywhere: the plain decode suffices")
	require.NotNil(t, p)
	assert.Equal(t, "Sydney é", p.Name)
	assert.Equal(t, Float{Value: -33.8, Valid: true}, p.Lat)
	assert.Equal(t, "DL", p.Items[0].Code)

	p, tol, err = plainDoc(`{"name":"x","items":[{"code":2001}]}`)
	require.NoError(t, err)
	require.Nil(t, p, "a number where text was expected needs the tolerant types")
	require.NotNil(t, tol)
	assert.Equal(t, String("2001"), tol.Items[0].Code)
	assert.Equal(t, String("x"), tol.Name)

	for body, want := range map[string]string{
		``:                     "empty body",
		`<html>`:               "HTML",
		`{"name":"x"`:          "ends too early",
		`{"items":{"code":1}}`: "items", // wrong in both: the tolerant error names the field
		`{"lat":"north"}`:      "lat",   // refused by a tolerant type on the first attempt
		`{"name":[1]}`:         "name",  // text fields refuse arrays either way
	} {
		p, tol, err := plainDoc(body)
		assert.Nil(t, p, body)
		assert.Nil(t, tol, body)
		var de *tracking.DecodeError
		if assert.ErrorAs(t, err, &de, body) {
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
			assert.Contains(t, de.Field+" "+de.Error(), want, body)
		}
	}
}

// FuzzPlain checks that Plain reads every body as JSON does into the
// tolerant type alone: same values, same acceptance.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","lat":1.5,"items":[{"code":"X"}]}`, `{"name":7,"items":[{"code":true}]}`,
		`{"name":"\ud800","lat":null}`, `{"NAME":"case"}`, `{"name":"a","name":2}`, `{"name":"a","NAME":null}`, `{"items":[{"code":"a","code":null}]}`, `{"items":[{"code":"a"},{"code":[]}]}`,
		`<x>`, ``, `[]`, `null`, `{"lat":"1e999"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, tol, err := Plain[textDoc[string], textDoc[String]]("fuzz", body)
		var want textDoc[String]
		wantErr := JSON("fuzz", body, &want)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("Plain: %v; JSON: %v", err, wantErr)
		}
		if err != nil {
			if p != nil || tol != nil || !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("got %v, %v, %v", p, tol, err)
			}
			return
		}
		if (p == nil) == (tol == nil) {
			t.Fatalf("want exactly one result, got %v and %v", p, tol)
		}
		var got any = p
		if p == nil {
			got = tol
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Fatalf("Plain gave %s, JSON %s", g, w)
		}
	})
}
