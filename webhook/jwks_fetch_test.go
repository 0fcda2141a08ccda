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

	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// The delivery that triggers a key fetch gets its answer by its own
// deadline; the fetch goes on for the next callers, and runs once.
func TestShipEngineFetchHonoursCallerDeadline(t *testing.T) {
	signer, err := webhooktest.NewShipEngineSigner("k1")
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
		v := webhook.NewShipEngineVerifier(webhook.WithJWKSClient(&http.Client{Transport: rt}))
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
		v := webhook.NewShipEngineVerifier(webhook.WithJWKSClient(&http.Client{Transport: rt}))
		hdr := http.Header{}
		hdr.Set(webhook.ShipEngineKeyIDHeader, "k1")
		hdr.Set(webhook.ShipEngineSignatureHeader, "AAAA")
		hdr.Set(webhook.ShipEngineTimestampHeader, time.Now().UTC().Format(time.RFC3339))
		start := time.Now()
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: []byte(`{}`)}, "")
		assert.ErrorIs(t, err, webhook.ErrKeysUnavailable)
		assert.Equal(t, 10*time.Second, time.Since(start))
	})
}
