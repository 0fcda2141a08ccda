package tracking

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/parcelkit/tracking/credentials"
)

// TrackMany tracks every request and returns one Result per request, in
// input order, each with its own error. Requests are grouped by carrier,
// organization and credential; a carrier that is a BatchTracker gets them
// in batches of its BatchLimit, the others one by one, at most
// WithConcurrency calls at a time. How fast requests reach a provider is
// decided by the carrier's rate limiter, never by sleeping here.
//
// Besides the results it returns, TrackMany holds only what TrackStream
// holds: memory in proportion to the concurrency and the batch limits.
//
// When ctx ends, the requests not yet sent fail with ctx's error and
// TrackMany returns promptly.
func (c *Client) TrackMany(ctx context.Context, reqs []Request) []Result {
	out := make([]Result, len(reqs))
	got := make([]bool, len(reqs))
	for i, r := range c.TrackEach(ctx, reqs) {
		out[i], got[i] = r, true
	}
	// Only a cancellation leaves requests unread, and they fail with it.
	for i, ok := range got {
		if !ok {
			out[i] = Result{Request: reqs[i], Err: ctx.Err()}
		}
	}
	return out
}

// TrackEach is TrackMany as a stream: it yields each request's index and
// Result as soon as it is known, in completion order. Breaking out of the
// loop cancels the work still under way and waits for it to stop, so no
// goroutine outlives the loop. A slice never pauses, so a partial batch
// waits for the end of reqs, unless requests of more credentials than
// WithConcurrency interleave and C·B of them wait in partial batches (see
// TrackStream): then the oldest partial batch goes out.
func (c *Client) TrackEach(ctx context.Context, reqs []Request) iter.Seq2[int, Result] {
	return c.stream(ctx, slices.Values(reqs), false)
}

// TrackStream is TrackEach over a sequence read as the work goes, such as
// rows from a database cursor: it yields each request's position in reqs
// (from 0) and its Result as soon as it is known, in completion order, and
// holds memory in proportion to the concurrency and the batch limits, not
// to the input. It reads at most (2C+1)·B + C + 66 requests ahead of the
// results it has yielded, where C is WithConcurrency and B the largest
// BatchLimit of the carriers met so far (1 when none batches): a consumer
// that stops pulling results stops the reading too.
//
// Requests for a BatchTracker wait for their batch to fill; a partial batch
// is sent when reqs ends, when reqs has no request ready while no call is
// under way (so a slow input never leaves every worker idle), and when
// the requests waiting in partial batches reach C·B (many credentials
// interleaved).
//
// reqs is read on another goroutine, never concurrently. When ctx ends or
// the loop breaks, reqs is not read further: the requests already read and
// not yet sent fail with ctx's error (after a break nobody sees them), and
// TrackStream returns once reqs has returned, so a sequence that can block
// for long should watch ctx too. A panic in reqs is raised again in the
// caller's goroutine.
func (c *Client) TrackStream(ctx context.Context, reqs iter.Seq[Request]) iter.Seq2[int, Result] {
	return c.stream(ctx, reqs, true)
}

// streamBuffer is how many requests the reader may hold ready for the
// planner: enough to tell a paused input from a busy planner.
const streamBuffer = 64

// stream runs the pipeline: a reader goroutine pulls reqs into a channel,
// the planner validates, groups and hands jobs to the workers, the workers
// call the carriers, and the caller's goroutine yields their results.
// pauses says whether the input may pause, so that a partial batch is worth
// sending when it does; a slice never pauses.
func (c *Client) stream(ctx context.Context, reqs iter.Seq[Request], pauses bool) iter.Seq2[int, Result] {
	return func(yield func(int, Result) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		in := make(chan indexedRequest, streamBuffer)
		queue := make(chan job)
		// A small buffer: workers wait for a slow consumer rather than
		// holding every result in the channel.
		results := make(chan indexed, c.concurrency)
		p := &planner{c: c, ctx: ctx, queue: queue, results: results,
			wake: make(chan struct{}, 1), groups: map[groupKey]*job{}, creds: map[groupKey]resolved{}}

		var wg sync.WaitGroup
		var readerPanic any
		wg.Add(2 + c.concurrency)
		go func() {
			defer wg.Done()
			readerPanic = read(ctx, reqs, in)
		}()
		go func() {
			defer wg.Done()
			p.run(in, pauses)
		}()
		for range c.concurrency {
			go func() {
				defer wg.Done()
				for j := range queue {
					c.run(ctx, j, results)
					p.done.Add(1)
					select {
					case p.wake <- struct{}{}:
					default: // a wake-up is already pending
					}
				}
			}()
		}
		go func() { wg.Wait(); close(results) }()
		// results closes only after the reader, the planner (which fails
		// every request it read and did not send) and every worker have
		// finished.
		defer func() {
			cancel()
			for range results {
			}
			if readerPanic != nil {
				panic(readerPanic)
			}
		}()

		for r := range results {
			if !yield(r.i, r.res) {
				return
			}
		}
	}
}

// indexedRequest is a request with its position in the input.
type indexedRequest struct {
	i   int
	req Request
}

// read pulls reqs into in until it ends or ctx does, then closes in. It
// returns what reqs panicked with, if it did.
func read(ctx context.Context, reqs iter.Seq[Request], in chan<- indexedRequest) (panicked any) {
	defer close(in)
	defer func() { panicked = recover() }()
	i := 0
	for r := range reqs {
		select {
		case in <- indexedRequest{i, r}:
		case <-ctx.Done():
			// Read, so it gets its result too (the planner reads in to
			// the end and fails what it finds).
			in <- indexedRequest{i, r}
			return nil
		}
		i++
	}
	return nil
}

// indexed is a Result with its request's position.
type indexed struct {
	i   int
	res Result
}

// item is one request of a job: its position, the request as the caller
// gave it (for the Result) and as prepared for the carrier (carrier filled
// in, number trimmed).
type item struct {
	i         int
	orig, req Request
}

// job is one call: a single request, or a batch for one BatchTracker and
// credential.
type job struct {
	carrier Carrier
	cred    credentials.Credential
	batch   BatchTracker // nil for a single request
	limit   int          // the batch limit, read once
	single  item         // the request when batch is nil
	items   []item       // the requests when batch is set
}

type groupKey struct{ carrier, org, code string }

type resolved struct {
	cred credentials.Credential
	err  error
}

// planner validates and resolves each request, failing the bad ones at
// once, and hands the rest to the workers: singly, or in batches grouped
// by carrier, organization and credential. It runs on one goroutine.
type planner struct {
	c       *Client
	ctx     context.Context
	queue   chan<- job
	results chan<- indexed

	handed int          // jobs given to workers
	done   atomic.Int64 // jobs the workers finished
	wake   chan struct{}

	creds    map[groupKey]resolved // one store lookup per credential, not per request
	groups   map[groupKey]*job     // partial batches
	open     []groupKey            // the partial batches, oldest first
	pending  int                   // requests in partial batches
	maxLimit int                   // the largest batch limit met
}

// run plans every request in, then closes the queue. When ctx ends it
// fails the requests it read and did not send, and the ones still in in.
func (p *planner) run(in <-chan indexedRequest, pauses bool) {
	defer close(p.queue)
	for {
		var r indexedRequest
		var ok bool
		if pauses && p.pending > 0 && p.inFlight() == 0 {
			select {
			case r, ok = <-in:
			default:
				// Nothing ready and no call under way: send the oldest
				// partial batch rather than leave every worker idle.
				p.send(p.take(p.open[0]))
				continue
			}
		} else {
			select {
			case r, ok = <-in:
			case <-p.wake:
				continue // a call finished: a partial batch may be due
			case <-p.ctx.Done():
				p.abandon(in)
				return
			}
		}
		if !ok {
			for len(p.open) > 0 {
				p.send(p.take(p.open[0]))
			}
			return
		}
		p.add(r)
	}
}

func (p *planner) inFlight() int { return p.handed - int(p.done.Load()) }

// add plans one request.
func (p *planner) add(r indexedRequest) {
	if p.c.failover.routes(r.req) { // one call per request, through the failover order
		p.send(job{carrier: p.c.failover, single: item{i: r.i, orig: r.req, req: r.req}})
		return
	}
	req := r.req
	car, err := p.c.validate(p.ctx, &req)
	if err != nil {
		p.results <- indexed{r.i, Result{Request: r.req, Err: err}}
		return
	}
	k := groupKey{req.Carrier, req.Organization, req.Credential}
	rc, ok := p.creds[k]
	if !ok {
		rc.cred, rc.err = p.c.credentialFor(p.ctx, req)
		p.creds[k] = rc
	}
	if rc.err != nil {
		p.results <- indexed{r.i, Result{Request: r.req, Err: rc.err}}
		return
	}
	it := item{i: r.i, orig: r.req, req: req}
	bt, isBatch := car.(BatchTracker)
	limit := 0
	if isBatch {
		limit = bt.BatchLimit() // read once per request: a carrier's answer may change
	}
	if limit < 2 {
		p.send(job{carrier: car, cred: rc.cred, single: it})
		return
	}
	gk := groupKey{req.Carrier, req.Organization, rc.cred.Code}
	g, ok := p.groups[gk]
	if !ok {
		// A group keeps the limit it was opened with.
		g = &job{carrier: car, cred: rc.cred, batch: bt, limit: limit, items: make([]item, 0, min(limit, 64))}
		p.groups[gk] = g
		p.open = append(p.open, gk)
		p.maxLimit = max(p.maxLimit, limit)
	}
	g.items = append(g.items, it)
	p.pending++
	switch {
	case len(g.items) >= g.limit:
		p.send(p.take(gk))
	case p.pending > p.c.concurrency*p.maxLimit:
		p.send(p.take(p.open[0]))
	}
}

// take removes a partial batch from the open ones and returns it.
func (p *planner) take(gk groupKey) job {
	g := p.groups[gk]
	delete(p.groups, gk)
	p.open = slices.DeleteFunc(p.open, func(k groupKey) bool { return k == gk })
	p.pending -= len(g.items)
	return *g
}

// send hands j to a worker, or fails it when ctx ends first.
func (p *planner) send(j job) {
	for {
		select {
		case p.queue <- j:
			p.handed++
			return
		case <-p.wake:
		case <-p.ctx.Done():
			p.fail(j, p.ctx.Err())
			return
		}
	}
}

// abandon fails every request read and not sent: those in partial batches
// and those still in in, which the reader closes as ctx has ended.
func (p *planner) abandon(in <-chan indexedRequest) {
	err := p.ctx.Err()
	for len(p.open) > 0 {
		p.fail(p.take(p.open[0]), err)
	}
	for r := range in {
		p.results <- indexed{r.i, Result{Request: r.req, Err: err}}
	}
}

func (p *planner) fail(j job, err error) { failJob(p.results, j, err, 0) }

// failJob sends err as the result of every request of j from the from-th
// on (the ones before it have their results).
func failJob(out chan<- indexed, j job, err error, from int) {
	if j.batch == nil {
		if from == 0 {
			out <- indexed{j.single.i, Result{Request: j.single.orig, Err: err}}
		}
		return
	}
	for _, it := range j.items[from:] {
		out <- indexed{it.i, Result{Request: it.orig, Err: err}}
	}
}

// run performs one job and sends one result per request in it. Results
// carry the request as the caller gave it. A carrier that panics fails its
// job's requests instead of the whole process, since it runs on a goroutine
// the caller cannot recover; the error matches ErrInvalidResponse, as a
// panic in a carrier most likely comes from an answer it could not read.
func (c *Client) run(ctx context.Context, j job, out chan<- indexed) {
	sent := 0
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("tracking: carrier %q panicked: %v; report it with the carrier ID: %w", j.carrier.ID(), p, ErrInvalidResponse)
			failJob(out, j, err, sent)
		}
	}()
	if err := ctx.Err(); err != nil {
		failJob(out, j, err, 0)
		return
	}
	if j.batch == nil {
		s, err := c.trackNamed(ctx, j.carrier, j.single.req, j.cred)
		sent++
		out <- indexed{j.single.i, Result{Request: j.single.orig, Shipment: s, Err: err}}
		return
	}
	batch := make([]Request, len(j.items))
	for k, it := range j.items {
		batch[k] = it.req
	}
	res, err := j.batch.TrackBatch(ctx, batch, j.cred)
	if err == nil && len(res) != len(batch) {
		err = &DecodeError{Carrier: j.carrier.ID(),
			Err: fmt.Errorf("batch of %d requests answered with %d results", len(batch), len(res))}
	}
	for k, it := range j.items {
		r := Result{Request: it.orig, Err: err}
		if err == nil {
			r.Shipment, r.Err = res[k].Shipment, res[k].Err
			// Once sent, a result is the consumer's: the batch keeps no
			// reference, so that a worker waiting on a slow consumer holds
			// the results it has not sent, not the whole batch.
			res[k] = Result{}
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
		out <- indexed{it.i, r}
	}
}
