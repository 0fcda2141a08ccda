package trackingtest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// fakeCred is an active default credential for carrier with an api_key.
func fakeCred(code, carrier string) credentials.Credential {
	return credentials.Credential{Code: code, Carrier: carrier, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": credentials.Secret("secret-of-" + code)}}
}

func TestCarrierScriptedAnswers(t *testing.T) {
	ctx := context.Background()
	c := trackingtest.NewCarrier("acme")
	assert.Equal(t, "acme", c.ID())
	assert.Empty(t, c.CredentialFields())
	c.Set("A1", &tracking.Shipment{Status: tracking.StatusOutForDelivery}, nil)
	c.Set("OTHER", &tracking.Shipment{Carrier: "kept", TrackingNumber: "kept-too", Status: tracking.StatusDelivered}, nil)

	s, err := c.Track(ctx, tracking.Request{TrackingNumber: "A1"}, fakeCred("main", "acme"))
	require.NoError(t, err)
	assert.Equal(t, &tracking.Shipment{TrackingNumber: "A1", Carrier: "acme", Status: tracking.StatusOutForDelivery}, s,
		"empty TrackingNumber and Carrier are filled in")

	s, err = c.Track(ctx, tracking.Request{TrackingNumber: "OTHER"}, fakeCred("main", "acme"))
	require.NoError(t, err)
	assert.Equal(t, "kept", s.Carrier, "what is scripted is returned as it is")
	assert.Equal(t, "kept-too", s.TrackingNumber)

	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "Z9"}, fakeCred("main", "acme"))
	require.ErrorIs(t, err, tracking.ErrNotFound)
	assert.ErrorContains(t, err, `"Z9"`)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "acme", apiErr.Carrier)

	_, err = c.Track(ctx, tracking.Request{}, fakeCred("main", "acme"))
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.Track(cctx, tracking.Request{TrackingNumber: "A1"}, fakeCred("main", "acme"))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCarrierRecordsCredentialCodes(t *testing.T) {
	ctx := context.Background()
	c := trackingtest.NewCarrier("acme")
	c.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "A", Metadata: map[string]string{"k": "v"}}, fakeCred("one", "acme"))
	require.NoError(t, err)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "B"}, fakeCred("two", "acme"))
	require.NoError(t, err)

	assert.Equal(t, []string{"one", "two"}, c.CredentialCodes())
	calls := c.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, trackingtest.Call{Request: tracking.Request{TrackingNumber: "A", Metadata: map[string]string{"k": "v"}}, Credential: "one"}, calls[0])
	calls[0].Request.Metadata["k"] = "changed"
	assert.Equal(t, "v", c.Calls()[0].Request.Metadata["k"], "Calls returns copies")
}

func TestCarrierRefuses(t *testing.T) {
	ctx := context.Background()
	c := trackingtest.NewCarrier("acme", trackingtest.WithCredentialFields("api_key", "account"))
	assert.Equal(t, []string{"api_key", "account"}, c.CredentialFields())
	c.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)

	full := fakeCred("full", "acme")
	full.Fields["account"] = "acct-123456"
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "A"}, full)
	require.NoError(t, err)

	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "A"}, fakeCred("partial", "acme"))
	require.ErrorIs(t, err, tracking.ErrUnauthorized, "a credential lacking a declared field is refused as the provider would")
	assert.ErrorContains(t, err, "account")

	c.Refuse("full")
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "A"}, full)
	require.ErrorIs(t, err, tracking.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "secret-of-full")
	assert.NotContains(t, err.Error(), "acct-123456")
}

func TestCarrierDefaultFuncSeesCredential(t *testing.T) {
	c := trackingtest.NewCarrier("acme")
	c.SetDefaultFunc(func(_ context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
		return &tracking.Shipment{TrackingNumber: req.TrackingNumber, Summary: cred.Code, Status: tracking.StatusPending}, nil
	})
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "A"}, fakeCred("main", "acme"))
	require.NoError(t, err)
	assert.Equal(t, "main", s.Summary)
	assert.Empty(t, s.Carrier, "a default func's answer is passed on as it is")
}

func TestCarrierConcurrent(t *testing.T) {
	ctx := context.Background()
	c := trackingtest.NewBatchCarrier("acme", 5)
	c.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	const workers, each = 8, 40
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := fmt.Sprintf("cred-%d", w)
			for i := range each {
				n := fmt.Sprintf("N%d-%d", w, i)
				if i%8 == 0 {
					c.Set(n, &tracking.Shipment{Status: tracking.StatusDelivered}, nil)
					c.Refuse("never-used")
				}
				_, err := c.Track(ctx, tracking.Request{TrackingNumber: n}, fakeCred(code, "acme"))
				assert.NoError(t, err)
				_, err = c.TrackBatch(ctx, []tracking.Request{{TrackingNumber: n}}, fakeCred(code, "acme"))
				assert.NoError(t, err)
				_, _, _ = c.Calls(), c.CredentialCodes(), c.Batches()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, c.Calls(), workers*each)
	assert.Len(t, c.CredentialCodes(), workers*each)
	assert.Len(t, c.Batches(), workers*each)
}

func TestBatchCarrier(t *testing.T) {
	ctx := context.Background()
	b := trackingtest.NewBatchCarrier("bulk", 3)
	assert.Equal(t, 3, b.BatchLimit())
	b.Set("A", &tracking.Shipment{Status: tracking.StatusDelivered}, nil)
	b.Set("B", nil, tracking.ErrUnsupported)

	reqs := []tracking.Request{{TrackingNumber: "A"}, {TrackingNumber: "B"}, {TrackingNumber: "C"}}
	res, err := b.TrackBatch(ctx, reqs, fakeCred("main", "bulk"))
	require.NoError(t, err)
	require.Len(t, res, 3)
	assert.Equal(t, reqs[0], res[0].Request)
	require.NoError(t, res[0].Err)
	assert.Equal(t, &tracking.Shipment{TrackingNumber: "A", Carrier: "bulk", Status: tracking.StatusDelivered}, res[0].Shipment)
	assert.ErrorIs(t, res[1].Err, tracking.ErrUnsupported)
	assert.ErrorIs(t, res[2].Err, tracking.ErrNotFound)

	_, err = b.TrackBatch(ctx, append(reqs, tracking.Request{TrackingNumber: "D"}), fakeCred("main", "bulk"))
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "more than BatchLimit is refused")

	b.Refuse("bad")
	_, err = b.TrackBatch(ctx, reqs[:1], fakeCred("bad", "bulk"))
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = b.TrackBatch(cctx, reqs[:1], fakeCred("main", "bulk"))
	assert.ErrorIs(t, err, context.Canceled)

	batches := b.Batches()
	require.Len(t, batches, 4)
	assert.Equal(t, trackingtest.BatchCall{Requests: reqs, Credential: "main"}, batches[0])
	assert.Equal(t, "bad", batches[2].Credential)
	assert.Empty(t, b.Calls(), "batch calls are recorded by Batches only")
}
