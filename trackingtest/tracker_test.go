package trackingtest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/trackingtest"
)

func TestTrackerScriptedAnswers(t *testing.T) {
	ctx := context.Background()
	tr := trackingtest.NewTracker()
	tr.Set("1Z", &tracking.Shipment{Status: tracking.StatusDelivered}, nil)
	boom := errors.New("boom")
	tr.Set("BAD", nil, boom)

	s, err := tr.Track(ctx, tracking.Request{TrackingNumber: " 1Z "})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	assert.Equal(t, "1Z", s.TrackingNumber, "an empty TrackingNumber is filled from the request")

	_, err = tr.Track(ctx, tracking.Request{TrackingNumber: "BAD"})
	assert.ErrorIs(t, err, boom)

	_, err = tr.Track(ctx, tracking.Request{TrackingNumber: "NOPE"})
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.ErrorContains(t, err, `"NOPE"`, "the message names the unscripted number")

	_, err = tr.Track(ctx, tracking.Request{TrackingNumber: "  "})
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = tr.Track(cctx, tracking.Request{TrackingNumber: "1Z"})
	assert.ErrorIs(t, err, context.Canceled)

	assert.Len(t, tr.Calls(), 5, "every call is recorded, refused ones too")
}

func TestTrackerSetReplaces(t *testing.T) {
	tr := trackingtest.NewTracker()
	tr.Set("A", &tracking.Shipment{Status: tracking.StatusPending}, nil)
	tr.Set("A", &tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	s, err := tr.Track(context.Background(), tracking.Request{TrackingNumber: "A"})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
}

func TestTrackerDefaults(t *testing.T) {
	ctx := context.Background()
	tr := trackingtest.NewTracker()
	tr.Set("OWN", &tracking.Shipment{Status: tracking.StatusExpired}, nil)
	tr.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)

	s, err := tr.Track(ctx, tracking.Request{TrackingNumber: "ANY"})
	require.NoError(t, err)
	assert.Equal(t, "ANY", s.TrackingNumber)
	assert.Equal(t, tracking.StatusInTransit, s.Status)

	tr.SetDefaultFunc(func(_ context.Context, req tracking.Request) (*tracking.Shipment, error) {
		return &tracking.Shipment{TrackingNumber: req.TrackingNumber + "!", Status: tracking.StatusPending}, nil
	})
	s, err = tr.Track(ctx, tracking.Request{TrackingNumber: "ANY"})
	require.NoError(t, err)
	assert.Equal(t, "ANY!", s.TrackingNumber)

	s, err = tr.Track(ctx, tracking.Request{TrackingNumber: "OWN"})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusExpired, s.Status, "a number's own answer wins over the default")

	tr.SetDefault(nil, tracking.ErrUnavailable)
	_, err = tr.Track(ctx, tracking.Request{TrackingNumber: "ANY"})
	assert.ErrorIs(t, err, tracking.ErrUnavailable, "SetDefault replaces SetDefaultFunc")
}

func TestTrackerReturnsCopies(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	lat := 1.5
	scripted := &tracking.Shipment{
		Status:      tracking.StatusInTransit,
		DeliveredAt: &at,
		Events:      []tracking.Event{{Time: at, Status: tracking.StatusInTransit, Location: tracking.Location{Latitude: &lat}}},
	}
	tr := trackingtest.NewTracker()
	tr.Set("A", scripted, nil)
	scripted.Status = tracking.StatusExpired // changing the original after Set changes nothing

	s, err := tr.Track(ctx, tracking.Request{TrackingNumber: "A"})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
	s.Events[0].Status = tracking.StatusException
	*s.Events[0].Location.Latitude = 9
	*s.DeliveredAt = time.Time{}

	again, err := tr.Track(ctx, tracking.Request{TrackingNumber: "A"})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, again.Events[0].Status)
	assert.InDelta(t, 1.5, *again.Events[0].Location.Latitude, 0)
	assert.Equal(t, at, *again.DeliveredAt)

	req := tracking.Request{TrackingNumber: "A", Metadata: map[string]string{"order": "1"}}
	_, _ = tr.Track(ctx, req)
	req.Metadata["order"] = "2"
	calls := tr.Calls()
	calls[len(calls)-1].Metadata["order"] = "3"
	assert.Equal(t, "1", tr.Calls()[len(calls)-1].Metadata["order"])
}

func TestTrackerConcurrent(t *testing.T) {
	ctx := context.Background()
	tr := trackingtest.NewTracker()
	tr.SetDefault(&tracking.Shipment{Status: tracking.StatusPending}, nil)
	const workers, each = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := fmt.Sprintf("N%d-%d", w, i)
				if i%10 == 0 {
					tr.Set(n, &tracking.Shipment{Status: tracking.StatusDelivered}, nil)
				}
				s, err := tr.Track(ctx, tracking.Request{TrackingNumber: n})
				if assert.NoError(t, err) {
					assert.Equal(t, n, s.TrackingNumber)
				}
				_ = tr.Calls()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, tr.Calls(), workers*each)
}
