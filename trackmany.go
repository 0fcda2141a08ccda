package tracking

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/parcelkit/tracking/credentials"
)

// TrackMany tracks every request and returns one Result per request, in
// input order, each with its own error. Requests are grouped by carrier,
// organization and credential; a carrier that is a BatchTracker gets them
// in batches of its BatchLimit, the others one by one, at most
// WithConcurrency calls at a time. How fast requests reach a provider is
// decided by the carrier's rate limiter, never by sleeping here.
//
// When ctx ends, the requests not yet sent fail with ctx's error and
// TrackMany returns promptly.
func (c *Client) TrackMany(ctx context.Context, reqs []Request) []Result {
	out := make([]Result, len(reqs))
	for i, r := range c.TrackEach(ctx, reqs) {
		out[i] = r
	}
	return out
}

// TrackEach is TrackMany as a stream: it yields each request's index and
// Result as soon as it is known, in completion order. Breaking out of the
// loop cancels the work still under way and waits for it to stop, so no
// goroutine outlives the loop.
func (c *Client) TrackEach(ctx context.Context, reqs []Request) iter.Seq2[int, Result] {
	return func(yield func(int, Result) bool) {
		if len(reqs) == 0 {
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		jobs, early := c.plan(ctx, reqs)
		for _, r := range early { // failed before any call
			if !yield(r.i, r.res) {
				return
			}
		}
		if len(jobs) == 0 {
			return
		}
		// A small buffer: workers wait for a slow consumer rather than
		// holding every result in the channel.
		results := make(chan indexed, c.concurrency)

		var wg sync.WaitGroup
		queue := make(chan job)
		for range min(c.concurrency, len(jobs)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range queue {
					c.run(ctx, j, reqs, results)
				}
			}()
		}
		go func() {
			defer close(queue)
			for _, j := range jobs {
				select {
				case queue <- j:
				case <-ctx.Done():
					// Never sent: each request fails with the context's error.
					for _, i := range j.idx {
						results <- indexed{i, Result{Request: reqs[i], Err: ctx.Err()}}
					}
				}
			}
		}()
		go func() { wg.Wait(); close(results) }()
		// results closes only after the feeder has given every job to a worker
		// or failed it, and every worker has finished.
		defer func() {
			cancel()
			for range results {
			}
		}()

		for r := range results {
			if !yield(r.i, r.res) {
				return
			}
		}
	}
}

// indexed is a Result with its request's position.
type indexed struct {
	i   int
	res Result
}

// job is one call: a single request, or a batch for one BatchTracker and
// credential.
type job struct {
	carrier Carrier
	cred    credentials.Credential
	idx     []int     // positions in the input
	reqs    []Request // the prepared requests, one per position
	batch   BatchTracker
	limit   int // the batch limit, read once
}

type groupKey struct{ carrier, org, code string }

// plan validates and resolves every request, failing the bad ones at once,
// and groups the rest into jobs carrying the prepared requests (carrier
// filled in, number trimmed). reqs itself is not modified.
func (c *Client) plan(ctx context.Context, reqs []Request) ([]job, []indexed) {
	var (
		early  []indexed
		groups = map[groupKey]*job{}
		order  []groupKey
		jobs   []job
	)
	type resolved struct {
		cred credentials.Credential
		err  error
	}
	creds := map[groupKey]resolved{} // one store lookup per credential, not per request
	// Single-request jobs share these backing arrays instead of allocating
	// two small slices each.
	prepared := make([]Request, len(reqs))
	positions := make([]int, len(reqs))
	for i := range reqs {
		prepared[i], positions[i] = reqs[i], i
		req := &prepared[i]
		car, err := c.validate(ctx, req)
		if err != nil {
			early = append(early, indexed{i, Result{Request: reqs[i], Err: err}})
			continue
		}
		k := groupKey{req.Carrier, req.Organization, req.Credential}
		rc, ok := creds[k]
		if !ok {
			rc.cred, rc.err = c.credentialFor(ctx, *req)
			creds[k] = rc
		}
		if rc.err != nil {
			early = append(early, indexed{i, Result{Request: reqs[i], Err: rc.err}})
			continue
		}
		bt, isBatch := car.(BatchTracker)
		limit := 0
		if isBatch {
			limit = bt.BatchLimit() // read once: a carrier's answer may change
		}
		if limit < 2 {
			jobs = append(jobs, job{carrier: car, cred: rc.cred, idx: positions[i : i+1 : i+1], reqs: prepared[i : i+1 : i+1]})
			continue
		}
		gk := groupKey{req.Carrier, req.Organization, rc.cred.Code}
		g, ok := groups[gk]
		if !ok {
			g = &job{carrier: car, cred: rc.cred, batch: bt, limit: limit}
			groups[gk] = g
			order = append(order, gk)
		}
		g.idx = append(g.idx, i)
		g.reqs = append(g.reqs, *req)
	}
	for _, gk := range order {
		g := groups[gk]
		for start := 0; start < len(g.idx); start += g.limit {
			j := *g
			end := min(start+g.limit, len(g.idx))
			j.idx, j.reqs = g.idx[start:end], g.reqs[start:end]
			jobs = append(jobs, j)
		}
	}
	return jobs, early
}

// run performs one job and sends one result per request in it. Results
// carry the request as the caller gave it. A carrier that panics fails its
// job's requests instead of the whole process, since it runs on a goroutine
// the caller cannot recover; the error matches ErrInvalidResponse, as a
// panic in a carrier most likely comes from an answer it could not read.
func (c *Client) run(ctx context.Context, j job, reqs []Request, out chan<- indexed) {
	sent := 0
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("tracking: carrier %q panicked: %v; report it with the carrier ID: %w", j.carrier.ID(), p, ErrInvalidResponse)
			for _, i := range j.idx[sent:] {
				out <- indexed{i, Result{Request: reqs[i], Err: err}}
			}
		}
	}()
	if err := ctx.Err(); err != nil {
		for _, i := range j.idx {
			out <- indexed{i, Result{Request: reqs[i], Err: err}}
		}
		return
	}
	if j.batch == nil {
		i := j.idx[0]
		s, err := c.trackPrepared(ctx, j.carrier, j.reqs[0], j.cred)
		sent++
		out <- indexed{i, Result{Request: reqs[i], Shipment: s, Err: err}}
		return
	}
	batch := j.reqs
	res, err := j.batch.TrackBatch(ctx, batch, j.cred)
	if err == nil && len(res) != len(batch) {
		err = &DecodeError{Carrier: j.carrier.ID(),
			Err: fmt.Errorf("batch of %d requests answered with %d results", len(batch), len(res))}
	}
	for k, i := range j.idx {
		r := Result{Request: reqs[i], Err: err}
		if err == nil {
			r.Shipment, r.Err = res[k].Shipment, res[k].Err
			if r.Err != nil {
				r.Shipment = nil // one of the two, as Result promises
			}
			if r.Err == nil && r.Shipment == nil {
				r.Err = &DecodeError{Carrier: j.carrier.ID(), Err: errors.New("batch result with no shipment and no error")}
			}
			if r.Shipment != nil && r.Shipment.Carrier == "" {
				r.Shipment.Carrier = j.carrier.ID()
			}
		}
		sent++
		out <- indexed{i, r}
	}
}
