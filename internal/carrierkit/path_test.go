package carrierkit

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func TestPathSegment(t *testing.T) {
	for _, v := range []string{"", ".", ".."} {
		_, err := PathSegment("x", "Request.Courier", v)
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, v)
		assert.Contains(t, err.Error(), "Request.Courier")
	}
	for v, want := range map[string]string{
		"usps": "usps", "a/b": "a%2Fb", "...": "...", ".a": ".a", "%2e%2e": "%252e%252e",
		`..\..`: "..%5C..", "a b": "a%20b", "?x#y": "%3Fx%23y",
	} {
		got, err := PathSegment("x", "n", v)
		require.NoError(t, err, v)
		assert.Equal(t, want, got, v)
	}
}

// FuzzPathSegment: a segment either is refused, or joins a path as
// exactly one segment that survives dot-segment removal (RFC 3986 section
// 5.2.4, as url.ResolveReference applies it) and unescapes to the value.
func FuzzPathSegment(f *testing.F) {
	for _, s := range []string{"", ".", "..", "...", "a/../b", "%2e", "se-1", "\x00", "a\\b", "A:"} {
		f.Add(s)
	}
	const prefix, suffix = "/v1/items/", "/track"
	f.Fuzz(func(t *testing.T, v string) {
		seg, err := PathSegment("x", "id", v)
		if err != nil {
			require.ErrorIs(t, err, tracking.ErrInvalidRequest)
			require.True(t, v == "" || v == "." || v == "..", "only empty and dot segments are refused, not %q", v)
			return
		}
		require.NotContains(t, seg, "/")
		u, err := url.Parse("https://api.example.com" + prefix + seg + suffix)
		require.NoError(t, err)
		resolved := u.ResolveReference(&url.URL{})
		require.Equal(t, prefix+seg+suffix, resolved.EscapedPath())
		un, err := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(resolved.EscapedPath(), prefix), suffix))
		require.NoError(t, err)
		require.Equal(t, v, un)
	})
}
