package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// listStore is a minimal credentials.Store for these tests.
type listStore []credentials.Credential

func (s listStore) Get(_ context.Context, org, code string) (credentials.Credential, error) {
	for _, c := range s {
		if c.Organization == org && c.Code == code {
			return c, nil
		}
	}
	return credentials.Credential{}, fmt.Errorf("no %q: %w", code, credentials.ErrUnknownCode)
}

func (s listStore) List(_ context.Context, org, carrier string) ([]credentials.Credential, error) {
	var out []credentials.Credential
	for _, c := range s {
		if c.Organization == org && c.Carrier == carrier {
			out = append(out, c)
		}
	}
	return out, nil
}

// batchCarrier answers "missing-*" numbers with ErrNotFound and records
// each batch it is given.
type batchCarrier struct {
	id    string
	limit int

	mu      sync.Mutex
	batches [][]string // numbers per call
	creds   []string   // credential code per call
}

func (b *batchCarrier) ID() string      { return b.id }
func (b *batchCarrier) BatchLimit() int { return b.limit }

func (b *batchCarrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	res, err := b.TrackBatch(ctx, []tracking.Request{req}, cred)
	if err != nil {
		return nil, err
	}
	return res[0].Shipment, res[0].Err
}

func (b *batchCarrier) TrackBatch(_ context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	nums := make([]string, len(reqs))
	out := make([]tracking.Result, len(reqs))
	for i, r := range reqs {
		nums[i] = r.TrackingNumber
		out[i].Request = r
		if len(r.TrackingNumber) > 7 && r.TrackingNumber[:7] == "missing" {
			out[i].Err = tracking.ErrNotFound
			continue
		}
		out[i].Shipment = &tracking.Shipment{TrackingNumber: r.TrackingNumber, Status: tracking.StatusInTransit}
	}
	b.mu.Lock()
	b.batches = append(b.batches, nums)
	b.creds = append(b.creds, cred.Code)
	b.mu.Unlock()
	return out, nil
}

// blockingCarrier tracks one at a time and can block until released or
// cancelled, counting how many calls run at once.
type blockingCarrier struct {
	release chan struct{}
	started chan struct{}
	running atomic.Int32
	peak    atomic.Int32
	calls   atomic.Int32
}

func (b *blockingCarrier) ID() string { return "blocking" }

func (b *blockingCarrier) Track(ctx context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
	b.calls.Add(1)
	n := b.running.Add(1)
	defer b.running.Add(-1)
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if b.started != nil {
		select {
		case b.started <- struct{}{}:
		default:
		}
	}
	select {
	case <-b.release:
		return &tracking.Shipment{TrackingNumber: req.TrackingNumber, Status: tracking.StatusDelivered}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func cred(code, carrier string, def bool) credentials.Credential {
	return credentials.Credential{Code: code, Carrier: carrier, Active: true, Default: def,
		Fields: map[string]credentials.Secret{"api_key": "k-" + credentials.Secret(code)}}
}

func TestTrackManyOrderAndPerItemErrors(t *testing.T) {
	bc := &batchCarrier{id: "batchy", limit: 3}
	c, err := tracking.NewClient(tracking.WithCarrier(bc),
		tracking.WithCredentials(listStore{cred("main", "batchy", true), cred("other", "batchy", false)}))
	require.NoError(t, err)

	reqs := []tracking.Request{
		{TrackingNumber: "A1"},
		{TrackingNumber: "  "},
		{TrackingNumber: "A2", Carrier: "nope"},
		{TrackingNumber: "missing-1"},
		{TrackingNumber: "B1", Credential: "other"},
		{TrackingNumber: "A3"},
		{TrackingNumber: "A4", Credential: "ghost"},
		{TrackingNumber: "A5"},
		{TrackingNumber: "A6"},
	}
	res := c.TrackMany(context.Background(), reqs)
	require.Len(t, res, len(reqs))
	for i, r := range res {
		assert.Equal(t, reqs[i].TrackingNumber, r.Request.TrackingNumber, "result %d is for request %d", i, i)
	}
	assert.ErrorIs(t, res[1].Err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, res[2].Err, tracking.ErrUnknownCarrier)
	assert.ErrorIs(t, res[3].Err, tracking.ErrNotFound)
	assert.ErrorIs(t, res[6].Err, credentials.ErrUnknownCode)
	for _, i := range []int{0, 4, 5, 7, 8} {
		require.NoError(t, res[i].Err, "request %d", i)
		assert.Equal(t, reqs[i].TrackingNumber, res[i].Shipment.TrackingNumber)
		assert.Equal(t, "batchy", res[i].Shipment.Carrier)
	}

	// "main" has A1 missing-1 A3 A5 A6 (5 numbers: batches of 3 and 2);
	// "other" has B1 alone. Batches never mix credentials.
	bc.mu.Lock()
	defer bc.mu.Unlock()
	sizes := map[string][]int{}
	for i, b := range bc.batches {
		assert.LessOrEqual(t, len(b), 3)
		sizes[bc.creds[i]] = append(sizes[bc.creds[i]], len(b))
	}
	for _, s := range sizes {
		slices.Sort(s)
	}
	assert.Equal(t, map[string][]int{"main": {2, 3}, "other": {1}}, sizes)
}

func TestTrackManyBatchAnswerOfWrongLength(t *testing.T) {
	c, err := tracking.NewClient(tracking.WithCarrier(shortBatch{}),
		tracking.WithCredentials(listStore{cred("main", "short", true)}))
	require.NoError(t, err)
	res := c.TrackMany(context.Background(), []tracking.Request{{TrackingNumber: "1"}, {TrackingNumber: "2"}})
	for _, r := range res {
		assert.ErrorIs(t, r.Err, tracking.ErrInvalidResponse)
	}
}

// shortBatch answers a batch with one result too few.
type shortBatch struct{}

func (shortBatch) ID() string      { return "short" }
func (shortBatch) BatchLimit() int { return 10 }
func (shortBatch) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	return nil, errors.New("unused")
}
func (shortBatch) TrackBatch(_ context.Context, reqs []tracking.Request, _ credentials.Credential) ([]tracking.Result, error) {
	return make([]tracking.Result, len(reqs)-1), nil
}

func TestTrackManyBoundsConcurrency(t *testing.T) {
	// Calls wait until three are running at once, so an unbounded pool
	// would have many more under way by then, and a pool that runs fewer
	// than three would never start answering.
	bc := &blockingCarrier{release: make(chan struct{}), started: make(chan struct{}, 100)}
	c, err := tracking.NewClient(tracking.WithCarrier(bc), tracking.WithConcurrency(3),
		tracking.WithCredentials(listStore{cred("main", "blocking", true)}))
	require.NoError(t, err)
	reqs := make([]tracking.Request, 50)
	for i := range reqs {
		reqs[i].TrackingNumber = fmt.Sprint("N", i)
	}
	go func() {
		for range 3 {
			<-bc.started
		}
		close(bc.release)
	}()
	for _, r := range c.TrackMany(context.Background(), reqs) {
		require.NoError(t, r.Err)
	}
	assert.EqualValues(t, 50, bc.calls.Load())
	assert.EqualValues(t, 3, bc.peak.Load(), "exactly WithConcurrency calls at once")
}

func TestTrackManyCancellation(t *testing.T) {
	bc := &blockingCarrier{release: make(chan struct{}), started: make(chan struct{}, 1)}
	c, err := tracking.NewClient(tracking.WithCarrier(bc), tracking.WithConcurrency(2),
		tracking.WithCredentials(listStore{cred("main", "blocking", true)}))
	require.NoError(t, err)
	reqs := make([]tracking.Request, 20)
	for i := range reqs {
		reqs[i].TrackingNumber = fmt.Sprint("N", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-bc.started; cancel() }()
	res := c.TrackMany(ctx, reqs)
	require.Len(t, res, 20)
	for i, r := range res {
		assert.ErrorIs(t, r.Err, context.Canceled, "request %d", i)
	}
	assert.LessOrEqual(t, bc.calls.Load(), int32(2), "no call starts after cancellation")
}

func TestTrackManyEmpty(t *testing.T) {
	c, err := tracking.NewClient(tracking.WithCarrier(&batchCarrier{id: "b", limit: 2}))
	require.NoError(t, err)
	assert.Empty(t, c.TrackMany(context.Background(), nil))
}

// fickleBatch reports a usable BatchLimit once, then a negative one: plan
// calls BatchLimit twice and slices with the second answer.
type fickleBatch struct{ n atomic.Int32 }

func (*fickleBatch) ID() string { return "fickle" }
func (f *fickleBatch) BatchLimit() int {
	if f.n.Add(1) == 1 {
		return 5
	}
	return -1
}
func (*fickleBatch) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	return &tracking.Shipment{}, nil
}
func (*fickleBatch) TrackBatch(_ context.Context, reqs []tracking.Request, _ credentials.Credential) ([]tracking.Result, error) {
	out := make([]tracking.Result, len(reqs))
	for i := range out {
		out[i].Shipment = &tracking.Shipment{}
	}
	return out, nil
}

func TestTrackManyReadsBatchLimitOnce(t *testing.T) {
	c, err := tracking.NewClient(tracking.WithCarrier(&fickleBatch{}),
		tracking.WithCredentials(listStore{cred("main", "fickle", true)}))
	if err != nil {
		t.Fatal(err)
	}
	assert.NotPanics(t, func() {
		c.TrackMany(context.Background(), []tracking.Request{{TrackingNumber: "1"}})
	})
}

// earlyBreakCarrier answers the first n calls at once and blocks the rest
// until cancelled: a deterministic version of TestTrackEachEarlyBreak.
type earlyBreakCarrier struct {
	n     int32
	calls atomic.Int32
}

func (*earlyBreakCarrier) ID() string { return "eb" }
func (e *earlyBreakCarrier) Track(ctx context.Context, r tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
	if e.calls.Add(1) <= e.n {
		return &tracking.Shipment{TrackingNumber: r.TrackingNumber}, nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestTrackEachEarlyBreak(t *testing.T) {
	ec := &earlyBreakCarrier{n: 5}
	c, err := tracking.NewClient(tracking.WithCarrier(ec), tracking.WithConcurrency(2),
		tracking.WithCredentials(listStore{cred("main", "eb", true)}))
	if err != nil {
		t.Fatal(err)
	}
	reqs := make([]tracking.Request, 100)
	for i := range reqs {
		reqs[i].TrackingNumber = "N"
	}
	seen := 0
	for _, r := range c.TrackEach(context.Background(), reqs) {
		if r.Err == nil {
			seen++
		}
		if seen == 5 {
			break
		}
	}
	assert.Equal(t, 5, seen)
	assert.LessOrEqual(t, ec.calls.Load(), int32(5+2), "at most Concurrency calls start after the answered ones")
}

// panicky panics on one number.
type panicky struct{}

func (panicky) ID() string { return "panicky" }
func (panicky) Track(_ context.Context, r tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
	if r.TrackingNumber == "boom" {
		panic("carrier bug")
	}
	return &tracking.Shipment{TrackingNumber: r.TrackingNumber}, nil
}

func TestTrackManyRecoversACarrierPanic(t *testing.T) {
	c, err := tracking.NewClient(tracking.WithCarrier(panicky{}),
		tracking.WithCredentials(listStore{cred("main", "panicky", true)}))
	require.NoError(t, err)
	res := c.TrackMany(context.Background(), []tracking.Request{{TrackingNumber: "ok"}, {TrackingNumber: "boom"}})
	require.NoError(t, res[0].Err)
	require.Error(t, res[1].Err)
	assert.Contains(t, res[1].Err.Error(), "panicked")
	assert.ErrorIs(t, res[1].Err, tracking.ErrInvalidResponse, "typed, like every other failure")
	assert.Nil(t, res[1].Shipment)
}
