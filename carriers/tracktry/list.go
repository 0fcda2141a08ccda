package tracktry

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// Query filters ListMatching: the query parameters of GET
// /v1/trackings/get. Zero values send no filter.
type Query struct {
	// Status is a Tracktry status value (see Statuses), such as "transit".
	Status string
	// CreatedAtMin and CreatedAtMax bound the trackings' creation time
	// (sent as Unix seconds).
	CreatedAtMin, CreatedAtMax time.Time
	// Numbers and Orders select trackings by number or order id (sent
	// comma-separated; seen in client code, not in Tracktry's table).
	Numbers, Orders []string
	// Page is the first page to read (1-based; 0 means 1).
	Page int
	// Limit is the page size: DefaultListLimit when 0, at most MaxListLimit.
	Limit int
	// Extra holds further parameters sent as they are, for the filters
	// TrackingMore v2 has and Tracktry may have (update_time_min,
	// update_time_max, order_created_time_min, lang...).
	Extra url.Values
}

// values builds the query without page and limit.
func (q Query) values() (url.Values, error) {
	v := url.Values{}
	for k, vals := range q.Extra {
		v[k] = slices.Clone(vals)
	}
	if st := normalize(q.Status); st != "" {
		if _, ok := statuses[st]; !ok {
			return nil, fmt.Errorf("tracktry: list status %q is not a Tracktry status; use one of %s: %w",
				q.Status, strings.Join(Statuses(), ", "), tracking.ErrInvalidRequest)
		}
		v.Set("status", st)
	}
	if !q.CreatedAtMin.IsZero() {
		v.Set("created_at_min", strconv.FormatInt(q.CreatedAtMin.Unix(), 10))
	}
	if !q.CreatedAtMax.IsZero() {
		v.Set("created_at_max", strconv.FormatInt(q.CreatedAtMax.Unix(), 10))
	}
	for name, list := range map[string][]string{"numbers": q.Numbers, "orders": q.Orders} {
		var kept []string
		for _, s := range list {
			s = strings.TrimSpace(s)
			if strings.Contains(s, ",") {
				return nil, fmt.Errorf("tracktry: %s filter value %q holds a comma, which separates values: %w", name, s, tracking.ErrInvalidRequest)
			}
			if s != "" {
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			v.Set(name, strings.Join(kept, ","))
		}
	}
	if q.Limit < 0 || q.Page < 0 {
		return nil, fmt.Errorf("tracktry: list page %d and limit %d must not be negative: %w", q.Page, q.Limit, tracking.ErrInvalidRequest)
	}
	return v, nil
}

// ListMatching lists the account's trackings with Tracktry's own filters,
// fetching pages lazily (page-number pagination, page after page until a
// page is empty, meta.code 4031, or page*limit reaches total). Breaking out
// of the loop sends no further request; an error ends the sequence. It is
// the provider-native form of List, taking Tracktry's own filters.
func (c *Carrier) ListMatching(ctx context.Context, q Query, cred credentials.Credential) iter.Seq2[*tracking.Shipment, error] {
	return func(yield func(*tracking.Shipment, error) bool) {
		query, err := q.values()
		if err != nil {
			yield(nil, err)
			return
		}
		limit := q.Limit
		if limit == 0 {
			limit = DefaultListLimit
		}
		limit = min(limit, MaxListLimit)
		var prev string
		for page := max(q.Page, 1); ; page++ {
			p, err := c.listPage(ctx, query, page, limit, cred)
			if err != nil {
				yield(nil, err)
				return
			}
			if len(p.items) > 0 {
				// A provider ignoring page would loop for ever.
				first := string(p.items[0].ID) + "/" + string(p.items[0].TrackingNumber)
				if first == prev {
					yield(nil, &tracking.DecodeError{Carrier: ID, Field: "data.page",
						Err: fmt.Errorf("page %d repeats page %d", page, page-1)})
					return
				}
				prev = first
			}
			for i := range p.items {
				if !yield(toShipment(&p.items[i], c.loc), nil) {
					return
				}
			}
			if p.last(page, limit) {
				return
			}
		}
	}
}

// listPage is one page of GET /trackings/get.
type listPage struct {
	items []wireTracking
	limit int // the limit the answer states, 0 when absent
	total int // 0 when absent
}

// last reports whether no page follows page.
func (p listPage) last(page, limit int) bool {
	if len(p.items) == 0 {
		return true
	}
	if p.limit > 0 {
		limit = p.limit
	}
	if p.total > 0 {
		return page*limit >= p.total
	}
	return len(p.items) < limit
}

func (c *Carrier) listPage(ctx context.Context, query url.Values, page, limit int, cred credentials.Credential) (listPage, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(page))
	q.Set("limit", strconv.Itoa(limit))
	a, err := c.call(ctx, cred, http.MethodGet, "/trackings/get", q, nil)
	if err != nil {
		return listPage{}, err
	}
	if a.code == codeEmpty {
		return listPage{}, nil
	}
	items, err := trackings(a.data)
	if err != nil {
		return listPage{}, err
	}
	p := listPage{items: items}
	var meta listData
	if len(a.data) > 0 && a.data[0] == '{' {
		// total and limit only steer paging: a bad one is not fatal.
		if json.Unmarshal(a.data, &meta) == nil {
			p.limit, p.total = int(meta.Limit), int(meta.Total)
		}
	}
	return p, nil
}

// List implements tracking.Lister: the account's trackings created between
// opts.Since and opts.Until, with opts.Status translated to the Tracktry
// statuses that can map to it (several listings when there are several,
// such as pending and notfound for pending) and checked on each tracking.
// available_for_pickup never comes from Tracktry, so it lists nothing;
// unknown lists everything and keeps the unmapped trackings.
func (c *Carrier) List(ctx context.Context, opts tracking.ListOptions, cred credentials.Credential) iter.Seq2[*tracking.Shipment, error] {
	q := Query{CreatedAtMin: opts.Since, CreatedAtMax: opts.Until, Limit: opts.PageSize}
	if opts.Status == "" {
		return c.ListMatching(ctx, q, cred)
	}
	return func(yield func(*tracking.Shipment, error) bool) {
		if !opts.Status.Valid() {
			yield(nil, fmt.Errorf("tracktry: list status %q is not a normalized status: %w", opts.Status, tracking.ErrInvalidRequest))
			return
		}
		values, all := providerStatuses(opts.Status)
		if all {
			values = []string{""}
		}
		for _, v := range values {
			q.Status = v
			for s, err := range c.ListMatching(ctx, q, cred) {
				if err != nil {
					yield(nil, err)
					return
				}
				if s.Status != opts.Status {
					continue
				}
				if !yield(s, nil) {
					return
				}
			}
		}
	}
}
