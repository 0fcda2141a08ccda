package tracktry

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// TestDotSegmentsRefused: a courier or number that is a dot segment would
// move an authenticated request to another endpoint
// (DELETE /v1/trackings/../..); it is refused before anything is sent.
func TestDotSegmentsRefused(t *testing.T) {
	s, c := newFake(t, nil)
	ctx := context.Background()
	for _, tc := range []struct{ courier, number string }{{"..", ".."}, {".", "RR123456785CN"}, {"china-post", " .. "}} {
		req := tracking.Request{TrackingNumber: tc.number, Courier: tc.courier}
		err := c.Unregister(ctx, req, s.Credential())
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, "%+v", tc)
		_, err = c.Track(ctx, req, s.Credential())
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, "%+v", tc)
		err = c.Update(ctx, tc.courier, tc.number, Update{}, s.Credential())
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, "%+v", tc)
	}
	assert.Zero(t, s.Requests(), "nothing reached the provider")
}

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
