package tracktry

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// FuzzTrackingPath: every path built from a courier and a number is
// refused or stays /trackings/{courier}/{number} after dot-segment
// removal, with the segments unescaping to the normalized inputs.
func FuzzTrackingPath(f *testing.F) {
	for _, s := range [][2]string{{"..", ".."}, {"china-post", "RR123456785CN"}, {"a/b", "../x"}, {".", " . "}, {"%2e%2e", "x?y#z"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, courier, number string) {
		path, err := trackingPath(courier, number)
		if err != nil {
			require.ErrorIs(t, err, tracking.ErrInvalidRequest)
			return
		}
		u, err := url.Parse(mockRoot + path)
		require.NoError(t, err)
		resolved := u.ResolveReference(&url.URL{}).EscapedPath()
		require.Equal(t, path, resolved, "the path has no dot segment")
		rest, ok := strings.CutPrefix(resolved, "/trackings/")
		require.True(t, ok)
		segs := strings.Split(rest, "/")
		require.Len(t, segs, 2)
		gotCourier, err := url.PathUnescape(segs[0])
		require.NoError(t, err)
		gotNumber, err := url.PathUnescape(segs[1])
		require.NoError(t, err)
		require.Equal(t, courierCode(courier), gotCourier)
		require.Equal(t, strings.TrimSpace(number), gotNumber)
	})
}
