package shipengine_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
)

// TestTrackLabelDotSegments: a label id that is a dot segment would move
// the authenticated request to another endpoint (GET /v1/labels/../track
// is /v1/track); it is refused before anything is sent.
func TestTrackLabelDotSegments(t *testing.T) {
	c, mock := mockCarrier(t)
	for _, id := range []string{".", "..", " .. "} {
		if _, err := c.TrackLabel(context.Background(), id, testCred); !errors.Is(err, tracking.ErrInvalidRequest) {
			t.Errorf("TrackLabel(%q) = %v, want ErrInvalidRequest", id, err)
		}
	}
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// FuzzTrackLabelPath: whatever the label id, the request is refused or
// goes to /v1/labels/{id}/track with the id as one segment that survives
// dot-segment removal.
func FuzzTrackLabelPath(f *testing.F) {
	for _, s := range []string{"se-28529731", "..", "../../v1/carriers", "a/b", "%2e%2e", "x?y#z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		var got *url.URL
		mock := httpmock.NewMockTransport()
		mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			got = req.URL
			return httpmock.NewStringResponse(http.StatusNotFound, `{"errors":[]}`), nil
		})
		c := shipengine.New(shipengine.WithHTTPClient(&http.Client{Transport: mock}))
		_, err := c.TrackLabel(context.Background(), id, testCred)
		if got == nil {
			if !errors.Is(err, tracking.ErrInvalidRequest) {
				t.Fatalf("TrackLabel(%q) sent nothing and returned %v, want ErrInvalidRequest", id, err)
			}
			return
		}
		path := got.EscapedPath()
		if resolved := got.ResolveReference(&url.URL{}).EscapedPath(); resolved != path {
			t.Fatalf("path %q has dot segments (resolves to %q)", path, resolved)
		}
		seg, ok := strings.CutPrefix(path, "/v1/labels/")
		seg, ok2 := strings.CutSuffix(seg, "/track")
		if !ok || !ok2 || strings.Contains(seg, "/") {
			t.Fatalf("TrackLabel(%q) requested %q, off its endpoint", id, path)
		}
		if un, err := url.PathUnescape(seg); err != nil || un != strings.TrimSpace(id) {
			t.Fatalf("segment %q unescapes to %q (%v), want %q", seg, un, err, strings.TrimSpace(id))
		}
	})
}
