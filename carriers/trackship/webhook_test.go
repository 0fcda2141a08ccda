package trackship_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/webhook"
)

// TestWebhookHandler plugs ParseWebhook into webhook.Handler with the
// TrackShip verifier, on the fixture delivery.
func TestWebhookHandler(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "webhook-track.json"))
	require.NoError(t, err)
	const key = "5f2b0c0e0d0a4e7b9c1d2e3f40516273" // the fixture's placeholder

	var got []*tracking.Shipment
	h, err := webhook.NewHandler(trackship.ID, webhook.NewTrackShipVerifier(), trackship.ParseWebhook,
		func(_ context.Context, e webhook.Event) error { got = e.Shipments; return nil },
		webhook.WithSecret(key))
	require.NoError(t, err)

	deliver := func(key, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks/trackship", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if key != "" {
			r.Header.Set("Trackship-Api-Key", key)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	assert.Equal(t, http.StatusOK, deliver(key, string(body)))
	require.Len(t, got, 1)
	assert.Equal(t, tracking.StatusOutForDelivery, got[0].Status)

	got = nil
	assert.Equal(t, http.StatusUnauthorized, deliver(key[:len(key)-1]+"4", string(body)))
	assert.Equal(t, http.StatusUnauthorized, deliver("", string(body)))
	assert.Equal(t, http.StatusBadRequest, deliver(key, `{"user_key":"`+key+`","events":[]}`), "no tracking number")
	assert.Nil(t, got)
}
