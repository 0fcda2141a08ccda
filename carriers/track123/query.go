package track123

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// QueryResult is the answer of QueryNumbers: the trackings Track123
// holds, and the numbers it rejected, each with its own error.
type QueryResult struct {
	Trackings []*Tracking
	Rejected  []Rejection
}

// Find returns the first tracking of n with n.Courier (any courier when
// n.Courier is empty), or else one of n whose courier Track123 did not
// give; nil when there is none.
func (q *QueryResult) Find(n Number) *Tracking {
	number, courier := strings.TrimSpace(n.TrackingNumber), strings.TrimSpace(n.Courier)
	var courierless *Tracking
	for _, t := range q.Trackings {
		if !strings.EqualFold(t.TrackingNumber, number) {
			continue
		}
		if courier == "" || strings.EqualFold(t.Courier, courierCodes.Courier(courier)) { // t.Courier is canonical
			return t
		}
		if t.Courier == "" && courierless == nil {
			courierless = t
		}
	}
	return courierless
}

// rejection returns the error Track123 gave for n, or nil.
func (q *QueryResult) rejection(n Number) error {
	number, courier := strings.TrimSpace(n.TrackingNumber), strings.TrimSpace(n.Courier)
	for _, r := range q.Rejected {
		if strings.EqualFold(r.TrackingNumber, number) && (courier == "" || r.Courier == "" || strings.EqualFold(r.Courier, courier)) {
			return r.Err
		}
	}
	return nil
}

// QueryNumbers asks Track123 for the trackings of numbers, in calls of at
// most MaxBatch numbers, following the cursor where one call's answer
// spans several pages. A number Track123 rejects (not registered, say) is
// a Rejection in the result, not an error of the call.
func (c *Carrier) QueryNumbers(ctx context.Context, numbers []Number, cred credentials.Credential) (*QueryResult, error) {
	out := &QueryResult{}
	for start := 0; start < len(numbers); start += MaxBatch {
		chunk := numbers[start:min(start+MaxBatch, len(numbers))]
		used := make([]bool, len(chunk))
		seen := map[string]bool{}
		for pg, err := range c.pages(ctx, cred, pageSpec{numbers: chunk, size: MaxBatch}) {
			if err != nil {
				return out, err
			}
			for i := range pg.data.Accepted.Content {
				out.Trackings = append(out.Trackings, decodeTracking(&pg.data.Accepted.Content[i], c.loc))
			}
			for _, rej := range pg.data.Rejected {
				key := strings.ToUpper(strings.TrimSpace(string(rej.TrackNo)) + " " + strings.TrimSpace(string(rej.CourierCode)))
				if seen[key] {
					continue // repeated on a later page
				}
				seen[key] = true
				idx := matchNumber(chunk, used, string(rej.TrackNo), string(rej.CourierCode))
				if idx >= 0 {
					idx += start
				}
				out.Rejected = append(out.Rejected, Rejection{
					Index:          idx,
					TrackingNumber: strings.TrimSpace(string(rej.TrackNo)),
					Courier:        strings.TrimSpace(string(rej.CourierCode)),
					OrderNumber:    strings.TrimSpace(string(rej.OrderNo)),
					Err:            carrierkit.Scrub(itemError(pg.resp, rej, pg.traceID), cred),
				})
			}
		}
	}
	return out, nil
}

// TrackBatch tracks reqs with one query per MaxBatch numbers (the client
// hands it at most BatchLimit) and returns one Result per request, in
// input order. A number Track123 does not know is that Result's error,
// matching tracking.ErrNotFound; with WithAutoRegister(true) it is
// registered instead (one import for all of them) and answered as a
// pending Shipment. The error is for calls that failed as a whole.
func (c *Carrier) TrackBatch(ctx context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	if err := c.ready(ctx, cred); err != nil {
		return nil, err
	}
	results := make([]tracking.Result, len(reqs))
	var (
		nums []Number
		idx  []int
	)
	for i, r := range reqs {
		results[i].Request = r
		n := Number{TrackingNumber: strings.TrimSpace(r.TrackingNumber), Courier: courierCode(r.Courier)}
		if n.TrackingNumber == "" {
			results[i].Err = fmt.Errorf("track123: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
			continue
		}
		nums = append(nums, n)
		idx = append(idx, i)
	}
	if len(nums) == 0 {
		return results, nil
	}
	qr, err := c.QueryNumbers(ctx, nums, cred)
	if err != nil {
		return nil, err
	}
	var unknown []int // positions in reqs to register
	for k, i := range idx {
		if t := qr.Find(nums[k]); t != nil {
			results[i].Shipment = t.Shipment
			continue
		}
		err := qr.rejection(nums[k])
		if err == nil {
			err = notFound(nil, nums[k].TrackingNumber)
		}
		if c.autoRegister && errors.Is(err, tracking.ErrNotFound) {
			unknown = append(unknown, i)
			continue
		}
		results[i].Err = err
	}
	if len(unknown) > 0 {
		c.registerUnknown(ctx, reqs, unknown, cred, results)
	}
	return results, nil
}

// registerUnknown imports the requests at positions unknown and answers
// each with a pending Shipment or its own error.
func (c *Carrier) registerUnknown(ctx context.Context, reqs []tracking.Request, unknown []int, cred credentials.Credential,
	results []tracking.Result) {
	regs := make([]Registration, len(unknown))
	for k, i := range unknown {
		regs[k] = RegistrationFor(reqs[i])
	}
	br, err := c.RegisterBatch(ctx, regs, cred)
	rejected := map[int]Rejection{}
	for _, r := range br.Rejected {
		if r.Index >= 0 {
			rejected[r.Index] = r
		}
	}
	accepted := map[string]Item{}
	for _, a := range br.Accepted {
		accepted[strings.ToUpper(a.TrackingNumber)] = a
	}
	for k, i := range unknown {
		a, ok := accepted[strings.ToUpper(regs[k].TrackingNumber)]
		r, refused := rejected[k]
		switch {
		case refused && !r.Duplicate:
			results[i].Err = r.Err
		case err != nil && !ok && !refused:
			results[i].Err = err // the call carrying it failed or was never made
		default:
			courier := regs[k].Courier
			if courier == "" {
				courier = a.Courier
			}
			results[i].Shipment = pendingShipment(regs[k].TrackingNumber, courier)
		}
	}
}

// pendingShipment is the answer for a number just registered.
func pendingShipment(number, courier string) *tracking.Shipment {
	return &tracking.Shipment{
		TrackingNumber: number,
		Carrier:        ID,
		Courier:        courierCodes.Courier(courier),
		Status:         tracking.StatusPending,
		Summary:        "registered with Track123; no information from the courier yet",
	}
}

// Realtime asks Track123 to query the courier now (track/query-realtime)
// rather than answer from its last update. Track123 does not list this
// endpoint in its reference and it may depend on the plan: an account
// without it gets an error matching tracking.ErrUnsupported.
func (c *Carrier) Realtime(ctx context.Context, req tracking.Request, cred credentials.Credential) (*Tracking, error) {
	body := realtimeRequest{
		TrackNo:     strings.TrimSpace(req.TrackingNumber),
		CourierCode: courierCode(req.Courier),
		PostalCode:  strings.TrimSpace(req.PostalCode),
	}
	if body.TrackNo == "" {
		return nil, fmt.Errorf("track123: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	env, resp, err := c.call(ctx, cred, http.MethodPost, epRealtime, true, func(APIVersion) any { return body })
	if err != nil {
		return nil, err
	}
	var data realtimeData
	if err := decodeData(env.Data, &data); err != nil {
		return nil, err
	}
	if data.Accepted != nil && strings.TrimSpace(string(data.Accepted.TrackNo)) != "" {
		return decodeTracking(data.Accepted, c.loc), nil
	}
	if len(data.Rejected) > 0 {
		return nil, carrierkit.Scrub(itemError(resp, data.Rejected[0], string(env.TraceID)), cred)
	}
	return nil, notFound(resp, body.TrackNo)
}

// page is one answer of track/query.
type page struct {
	data    *queryData
	resp    *transport.Response
	traceID string
}

// isParamError reports whether err is Track123's A0400 or A0410 for the
// whole call.
func isParamError(err error) bool {
	var e *tracking.APIError
	return errors.As(err, &e) && (e.Code == CodeParamError || e.Code == CodeParamIsNull)
}
