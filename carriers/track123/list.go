package track123

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// Query selects trackings for ListMatching. Zero values mean no filter.
type Query struct {
	// OrderNumbers selects trackings by order number; more than MaxBatch
	// are queried MaxBatch at a time, one after the other.
	OrderNumbers []string
	// CreatedFrom and CreatedTo bound when the trackings were registered
	// (createTimeStart and createTimeEnd, sent in the carrier's location).
	CreatedFrom, CreatedTo time.Time
	// PageSize is the number of trackings per page, 1 to 100; 0 means 100.
	PageSize int
}

// ListMatching lists the trackings the account holds, fetching pages lazily
// with Track123's cursor as the sequence is consumed: breaking out of the
// loop sends no further request. An error ends the sequence. It is the
// provider-native form of List: it takes Track123's own filters and yields
// Track123's own Tracking.
func (c *Carrier) ListMatching(ctx context.Context, q Query, cred credentials.Credential) iter.Seq2[*Tracking, error] {
	return func(yield func(*Tracking, error) bool) {
		size := q.PageSize
		switch {
		case size <= 0:
			size = MaxBatch
		case size > MaxBatch:
			size = MaxBatch
		}
		if !q.CreatedFrom.IsZero() && !q.CreatedTo.IsZero() && q.CreatedTo.Before(q.CreatedFrom) {
			yield(nil, fmt.Errorf("track123: CreatedTo %s is before CreatedFrom %s: %w",
				q.CreatedTo.Format(time.RFC3339), q.CreatedFrom.Format(time.RFC3339), tracking.ErrInvalidRequest))
			return
		}
		spec := pageSpec{start: c.formatTime(q.CreatedFrom), end: c.formatTime(q.CreatedTo), size: size}
		groups := [][]string{nil}
		if len(q.OrderNumbers) > 0 {
			groups = nil
			for start := 0; start < len(q.OrderNumbers); start += MaxBatch {
				groups = append(groups, q.OrderNumbers[start:min(start+MaxBatch, len(q.OrderNumbers))])
			}
		}
		for _, g := range groups {
			spec.orderNos = g
			for pg, err := range c.pages(ctx, cred, spec) {
				if err != nil {
					yield(nil, err)
					return
				}
				for i := range pg.data.Accepted.Content {
					if !yield(decodeTracking(&pg.data.Accepted.Content[i], c.loc), nil) {
						return
					}
				}
			}
		}
	}
}

// List implements tracking.Lister: the trackings registered between
// opts.Since and opts.Until, opts.PageSize per page. Track123 cannot
// filter on status, so opts.Status is applied here, after fetching.
func (c *Carrier) List(ctx context.Context, opts tracking.ListOptions, cred credentials.Credential) iter.Seq2[*tracking.Shipment, error] {
	return func(yield func(*tracking.Shipment, error) bool) {
		q := Query{CreatedFrom: opts.Since, CreatedTo: opts.Until, PageSize: opts.PageSize}
		for t, err := range c.ListMatching(ctx, q, cred) {
			if err != nil {
				yield(nil, err)
				return
			}
			if opts.Status != "" && t.Status != opts.Status {
				continue
			}
			if !yield(t.Shipment, nil) {
				return
			}
		}
	}
}

// pageSpec is one track/query selection; the cursor moves on as pages
// come.
type pageSpec struct {
	numbers    []Number
	orderNos   []string
	start, end string
	size       int
}

// body builds the request for a version: v2.1 names numbers in
// trackNoInfos, v2 (and v2.1 once it refused trackNoInfos) in trackNos.
func (p pageSpec) body(v APIVersion, trackNos bool, cursor string) queryRequest {
	q := queryRequest{
		OrderNos:        p.orderNos,
		CreateTimeStart: p.start,
		CreateTimeEnd:   p.end,
		QueryPageSize:   p.size,
		Cursor:          cursor,
	}
	for _, n := range p.numbers {
		if v == V2 || trackNos {
			q.TrackNos = append(q.TrackNos, n.TrackingNumber)
		} else {
			q.TrackNoInfos = append(q.TrackNoInfos, trackNoInfo{TrackNo: n.TrackingNumber, CourierCode: courierCode(n.Courier)})
		}
	}
	return q
}

// pages walks a selection with Track123's cursor. It stops on an empty
// cursor, an empty page or currentPage >= totalPages (Track123 does not
// say which of them is authoritative), and fails on a cursor that repeats
// or after the carrier's page bound.
func (c *Carrier) pages(ctx context.Context, cred credentials.Credential, spec pageSpec) iter.Seq2[*page, error] {
	return func(yield func(*page, error) bool) {
		cursor := ""
		seen := map[string]bool{}
		for n := 1; ; n++ {
			if n > c.maxPages {
				yield(nil, &tracking.DecodeError{Carrier: ID, Field: "data.accepted.cursor",
					Err: fmt.Errorf("the listing did not end after %d pages; narrow the query or raise WithMaxPages", c.maxPages)})
				return
			}
			pg, err := c.fetchPage(ctx, cred, spec, cursor)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(pg, nil) {
				return
			}
			acc := pg.data.Accepted
			next := strings.TrimSpace(string(acc.Cursor))
			if next == "" || len(acc.Content) == 0 || (acc.TotalPages > 0 && acc.CurrentPage >= acc.TotalPages) {
				return
			}
			if seen[next] || next == cursor {
				yield(nil, &tracking.DecodeError{Carrier: ID, Field: "data.accepted.cursor",
					Err: errors.New("Track123 sent a cursor it had already sent; the listing would not end")})
				return
			}
			seen[next] = true
			cursor = next
		}
	}
}

// fetchPage sends one track/query. When v2.1 refuses trackNoInfos as a
// bad parameter, the call is repeated once with trackNos, which is kept
// if it works (clients disagree on v2.1's field name).
func (c *Carrier) fetchPage(ctx context.Context, cred credentials.Credential, spec pageSpec, cursor string) (*page, error) {
	c.mu.Lock()
	trackNos := c.queryTrackNos
	c.mu.Unlock()
	body := func(v APIVersion) any { return spec.body(v, trackNos, cursor) }
	// A query only reads, so it is safe to repeat.
	env, resp, err := c.call(ctx, cred, http.MethodPost, epQuery, true, body)
	if err != nil && len(spec.numbers) > 0 && !trackNos && isParamError(err) && c.versionFor(epQuery) == V21 {
		c.log.DebugContext(ctx, "track123: v2.1 refused trackNoInfos, trying trackNos")
		env, resp, err = c.call(ctx, cred, http.MethodPost, epQuery, true,
			func(v APIVersion) any { return spec.body(v, true, cursor) })
		if err == nil {
			c.mu.Lock()
			c.queryTrackNos = true
			c.mu.Unlock()
		}
	}
	if err != nil {
		return nil, err
	}
	var data queryData
	if err := decodeData(env.Data, &data); err != nil {
		return nil, err
	}
	if data.Accepted == nil {
		if len(data.Rejected) == 0 {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data.accepted", Err: errors.New("the answer has no page")}
		}
		data.Accepted = &queryPage{} // every number rejected
	}
	return &page{data: &data, resp: resp, traceID: string(env.TraceID)}, nil
}
