//go:build go1.25

package webhook_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/webhook"
)

// The delivery that triggers a key fetch gets its answer by its own
// deadline; the fetch goes on for the next callers, and runs once.
func TestShipEngineFetchHonoursCallerDeadline(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var fetches atomic.Int32
		rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
			fetches.Add(1)
			select {
			case <-release:
				return answer(r, http.StatusOK, "application/json", signer.JWKS()), nil
			case <-r.Context().Done():
				return nil, r.Context().Err()
			}
		})
		v := seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: rt}))
		hdr := signer.Sign(body, time.Now())

		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		_, err := v.Verify(ctx, webhook.Delivery{Header: hdr, Body: body}, "")
		cancel()
		assert.Equal(t, 300*time.Millisecond, time.Since(start), "answered at the caller's deadline, not the fetch's")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, webhook.ErrKeysUnavailable)
		assert.GreaterOrEqual(t, webhook.StatusFor(err), 500)

		// The fetch is still running: a second caller waits for it rather
		// than starting another, and gets the key once it lands.
		done := make(chan error)
		go func() {
			_, err := v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: body}, "")
			done <- err
		}()
		synctest.Wait()
		close(release)
		assert.NoError(t, <-done)
		assert.EqualValues(t, 1, fetches.Load(), "one fetch for both callers")
	})
}

// A fetch that never answers is cut off by its own bound, and the waiting
// callers are told the keys are unavailable.
func TestShipEngineFetchHasItsOwnBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		v := seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: rt}))
		hdr := http.Header{}
		hdr.Set(shipengine.WebhookKeyIDHeader, "k1")
		hdr.Set(shipengine.WebhookSignatureHeader, "AAAA")
		hdr.Set(shipengine.WebhookTimestampHeader, time.Now().UTC().Format(time.RFC3339))
		start := time.Now()
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: []byte(`{}`)}, "")
		assert.ErrorIs(t, err, webhook.ErrKeysUnavailable)
		assert.Equal(t, 10*time.Second, time.Since(start))
	})
}

// Fetched keys are trusted for the key TTL, then fetched again; an unknown
// key id causes one fetch per refresh interval. Without options the TTL is
// 12 hours and the interval one minute.
func TestShipEngineKeyTTLAndRefreshInterval(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	for _, tc := range []struct {
		name     string
		opts     []shipengine.WebhookOption
		ttl, min time.Duration
	}{
		{"defaults", nil, 12 * time.Hour, time.Minute},
		{"zero means the defaults", []shipengine.WebhookOption{shipengine.WithJWKSRefresh(0, 0)}, 12 * time.Hour, time.Minute},
		{"negative means the defaults", []shipengine.WebhookOption{shipengine.WithJWKSRefresh(-time.Second, -time.Second)}, 12 * time.Hour, time.Minute},
		{"set", []shipengine.WebhookOption{shipengine.WithJWKSRefresh(10*time.Minute, time.Hour)}, time.Hour, 10 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var fetches atomic.Int32
				rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
					fetches.Add(1)
					return answer(r, http.StatusOK, "application/json", signer.JWKS()), nil
				})
				v := seVerifier(append(tc.opts, shipengine.WithJWKSClient(&http.Client{Transport: rt}),
					shipengine.WithWebhookClock(webhook.Clock{Tolerance: -1}))...)
				verify := func(kid string) error {
					h := signer.Sign(body, time.Now())
					h.Set(shipengine.WebhookKeyIDHeader, kid)
					_, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "")
					return err
				}
				require.NoError(t, verify("k1"))
				require.EqualValues(t, 1, fetches.Load())

				// Unknown ids: one fetch, then none until the interval has passed.
				assert.ErrorIs(t, verify("k9"), webhook.ErrUnknownKey)
				assert.ErrorIs(t, verify("k9"), webhook.ErrUnknownKey)
				assert.EqualValues(t, 2, fetches.Load(), "one refresh for the first unknown id")
				time.Sleep(tc.min - time.Second)
				assert.ErrorIs(t, verify("k9"), webhook.ErrUnknownKey)
				assert.EqualValues(t, 2, fetches.Load(), "none within the interval")
				time.Sleep(time.Second)
				assert.ErrorIs(t, verify("k9"), webhook.ErrUnknownKey)
				assert.EqualValues(t, 3, fetches.Load(), "another once the interval has passed")

				// The known key is served from the cache for the whole TTL,
				// counted from the last fetch, and fetched again after it.
				time.Sleep(tc.ttl - time.Second)
				require.NoError(t, verify("k1"))
				assert.EqualValues(t, 3, fetches.Load(), "fresh keys are not fetched again")
				time.Sleep(time.Second)
				require.NoError(t, verify("k1"))
				assert.EqualValues(t, 3, fetches.Load(), "keys are trusted for the TTL inclusive")
				time.Sleep(time.Nanosecond)
				require.NoError(t, verify("k1"))
				assert.EqualValues(t, 4, fetches.Load(), "expired keys are fetched again")
				require.NoError(t, verify("k1"))
				assert.EqualValues(t, 4, fetches.Load())
			})
		})
	}
}

// A JWKS outage while the cache is stale costs one fetch per interval,
// and the stale key keeps verifying meanwhile.
func TestShipEngineStaleKeysThroughOutage(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	synctest.Test(t, func(t *testing.T) {
		var fetches atomic.Int32
		var down atomic.Bool
		rt := jwksAnswer(func(r *http.Request) (*http.Response, error) {
			fetches.Add(1)
			if down.Load() {
				return answer(r, http.StatusServiceUnavailable, "text/plain", nil), nil
			}
			return answer(r, http.StatusOK, "application/json", signer.JWKS()), nil
		})
		v := seVerifier(shipengine.WithJWKSClient(&http.Client{Transport: rt}), shipengine.WithWebhookClock(webhook.Clock{Tolerance: -1}),
			shipengine.WithJWKSRefresh(time.Minute, time.Hour))
		verify := func() error {
			_, err := v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
			return err
		}
		require.NoError(t, verify())
		down.Store(true)
		time.Sleep(time.Hour + time.Second)
		for range 3 {
			assert.NoError(t, verify(), "the stale key still verifies")
		}
		assert.EqualValues(t, 2, fetches.Load(), "one attempt while stale")
		time.Sleep(time.Minute)
		assert.NoError(t, verify())
		assert.EqualValues(t, 3, fetches.Load(), "another after the interval")
	})
}
