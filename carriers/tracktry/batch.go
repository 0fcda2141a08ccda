package tracktry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// RegisterBatch is Register for many trackings: POST /v1/trackings/batch, at most
// WithBatchSize (default MaxBatch) per call. When Tracktry answers 4020
// (too many items) the call is split in halves, which are sent again. It
// returns one Result per request, in order: a pending Shipment, or the
// item's own error (Tracktry reports them per item, as objects or as JSON
// strings). A tracking that already exists (4016) is a success. Each
// request needs Courier. The call's error is set only when the first call
// fails as a whole (auth, quota, transport); when a later one does, its
// items and the rest get that error.
func (c *Carrier) RegisterBatch(ctx context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	results := make([]tracking.Result, len(reqs))
	var todo []int
	for i, r := range reqs {
		results[i].Request = r
		if _, err := createBodyFor(r, true); err != nil {
			results[i].Err = err
			continue
		}
		todo = append(todo, i)
	}
	sent := false
	for start := 0; start < len(todo); start += c.batchSize {
		chunk := todo[start:min(start+c.batchSize, len(todo))]
		if err := c.createChunk(ctx, reqs, chunk, results, cred); err != nil {
			if !sent {
				return nil, err
			}
			for _, i := range todo[start:] {
				results[i].Err = err
			}
			break
		}
		sent = true
	}
	return results, nil
}

// createChunk sends one batch call and fills the results of its items. A
// 4020 answer splits the chunk in halves; a single item refused with 4020
// gets that error. Any other failure of the call is returned.
func (c *Carrier) createChunk(ctx context.Context, reqs []tracking.Request, idx []int, out []tracking.Result, cred credentials.Credential) error {
	bodies := make([]createBody, len(idx))
	for k, i := range idx {
		bodies[k], _ = createBodyFor(reqs[i], true) // checked by RegisterBatch
	}
	// Tracktry answers an existing tracking with a per-item 4016, a
	// success here, so repeating the POST is safe.
	a, err := c.call(transport.Idempotent(ctx), cred, http.MethodPost, "/trackings/batch", nil, bodies, codeAccepted)
	if isCode(err, codeTooMany) {
		if len(idx) == 1 {
			out[idx[0]].Err = err
			return nil
		}
		half := len(idx) / 2
		if err := c.createChunk(ctx, reqs, idx[:half], out, cred); err != nil {
			return err
		}
		return c.createChunk(ctx, reqs, idx[half:], out, cred)
	}
	if err != nil {
		return err
	}
	data, err := readBatch(a.data)
	if err != nil {
		for _, i := range idx {
			out[i].Err = err
		}
		return nil
	}
	made := map[string]*wireTracking{}
	for k := range data.Trackings {
		w := &data.Trackings[k]
		made[strings.ToUpper(strings.TrimSpace(string(w.TrackingNumber)))] = w
	}
	failed := map[string][]batchError{}
	for _, be := range data.errs {
		n := strings.ToUpper(strings.TrimSpace(string(be.TrackingNumber)))
		failed[n] = append(failed[n], be)
	}
	for k, i := range idx {
		b := bodies[k]
		n := strings.ToUpper(b.TrackingNumber)
		if be, ok := matchError(failed[n], b.CarrierCode); ok {
			if code := be.code(); code != codeExists {
				// The item's message is the provider's text, which the
				// transport never saw as an error: scrub it here.
				out[i].Err = carrierkit.Scrub(itemError(a.resp, be), cred)
				continue
			}
			out[i].Shipment = pending(b.TrackingNumber, b.CarrierCode)
			continue
		}
		if w, ok := made[n]; ok {
			out[i].Shipment = created(w, b.TrackingNumber, b.CarrierCode, c.loc)
			continue
		}
		if a.code == codeAccepted {
			// 202: accepted, but the account is over a limit; what the
			// answer does not name as added was not.
			e := transport.NewAPIError(ID, a.resp, nil)
			fillMeta(e, codeAccepted, "not added")
			out[i].Err = e
			continue
		}
		out[i].Shipment = pending(b.TrackingNumber, b.CarrierCode)
	}
	return nil
}

// batchResult is batchData with its errors decoded.
type batchResult struct {
	batchData
	errs []batchError
}

// readBatch decodes the data of a batch answer. An empty data (null, [])
// means no details: every item is taken as added.
func readBatch(data json.RawMessage) (*batchResult, error) {
	r := &batchResult{}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		if len(data) > 0 && data[0] != '[' && !bytes.Equal(data, []byte("null")) {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("want an object")}
		}
		return r, nil
	}
	if err := json.Unmarshal(data, &r.batchData); err != nil {
		return nil, fieldError("data", err)
	}
	for k, raw := range r.Errors {
		be, err := readBatchError(raw)
		if err != nil {
			return nil, fieldError("data.errors["+strconv.Itoa(k)+"]", err)
		}
		if strings.TrimSpace(string(be.TrackingNumber)) == "" {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data.errors[" + strconv.Itoa(k) + "]",
				Err: errors.New("names no tracking_number")}
		}
		r.errs = append(r.errs, be)
	}
	return r, nil
}

// readBatchError reads one errors[] entry: an object, or a JSON string
// holding one (with a nested meta).
func readBatchError(raw json.RawMessage) (batchError, error) {
	var be batchError
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return be, err
		}
		raw = []byte(s)
	}
	if err := json.Unmarshal(raw, &be); err != nil {
		return be, err
	}
	return be, nil
}

// code is the entry's meta.code, or its code.
func (be batchError) code() int {
	if be.Meta != nil && be.Meta.Code != 0 {
		return int(be.Meta.Code)
	}
	return int(be.Code)
}

func (be batchError) message() string {
	if be.Meta != nil && be.Meta.Message != "" {
		return string(be.Meta.Message)
	}
	return string(be.Message)
}

// matchError picks the error for a tracking: one naming its carrier, or
// one naming none.
func matchError(errs []batchError, courier string) (batchError, bool) {
	for _, be := range errs {
		cc := courierCode(string(be.CarrierCode))
		if cc == "" || cc == courier {
			return be, true
		}
	}
	return batchError{}, false
}

// itemError is the typed error of one errors[] entry.
func itemError(r *transport.Response, be batchError) error {
	e := transport.NewAPIError(ID, r, nil)
	fillMeta(e, be.code(), be.message())
	return e
}

// BatchLimit is the most requests TrackBatch answers in one call, the
// batch size Tracktry allows elsewhere: the numbers filter documents none.
func (c *Carrier) BatchLimit() int { return MaxBatch }

// TrackBatch tracks many numbers with one listing: GET
// /v1/trackings/get?numbers=a,b,c (Tracktry has no batch GET; the numbers
// filter comes from client code). A number Tracktry does not track has a
// Result whose error matches tracking.ErrNotFound; with
// WithAutoRegister(true) and the request naming its Courier it is created
// instead with RegisterBatch (one call for all of them) and answered as a
// pending Shipment. Results are in input order.
func (c *Carrier) TrackBatch(ctx context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	results := make([]tracking.Result, len(reqs))
	for start := 0; start < len(reqs); start += MaxBatch {
		end := min(start+MaxBatch, len(reqs))
		if err := c.trackChunk(ctx, reqs[start:end], results[start:end], cred); err != nil {
			if start == 0 {
				return nil, err
			}
			for i := start; i < len(reqs); i++ {
				results[i] = tracking.Result{Request: reqs[i], Err: err}
			}
			break
		}
	}
	return results, nil
}

func (c *Carrier) trackChunk(ctx context.Context, reqs []tracking.Request, out []tracking.Result, cred credentials.Credential) error {
	var numbers []string
	for i, r := range reqs {
		out[i].Request = r
		n, err := checkNumber(r.TrackingNumber)
		if err == nil && strings.Contains(n, ",") {
			err = fmt.Errorf("tracktry: tracking number %q holds a comma: %w", n, tracking.ErrInvalidRequest)
		}
		if err != nil {
			out[i].Err = err
			continue
		}
		numbers = append(numbers, n)
	}
	if len(numbers) == 0 {
		return nil
	}
	found := map[string][]*tracking.Shipment{}
	for s, err := range c.ListMatching(ctx, Query{Numbers: numbers}, cred) {
		if err != nil {
			return err
		}
		n := strings.ToUpper(s.TrackingNumber)
		found[n] = append(found[n], s)
	}
	var register []tracking.Request
	var registerAt []int
	for i, r := range reqs {
		if out[i].Err != nil {
			continue
		}
		n := strings.TrimSpace(r.TrackingNumber)
		courier := courierCode(r.Courier)
		for _, s := range found[strings.ToUpper(n)] {
			if courier == "" || strings.EqualFold(s.Courier, courierCodes.Courier(courier)) {
				out[i].Shipment = s
				break
			}
		}
		if out[i].Shipment != nil {
			continue
		}
		if c.autoRegister && courier != "" {
			register = append(register, r)
			registerAt = append(registerAt, i)
			continue
		}
		hint := carrierkit.RegisterHint
		if courier == "" {
			hint += ", with Request.Courier set"
		}
		out[i].Err = &tracking.APIError{Carrier: ID, Kind: tracking.ErrNotFound,
			Message: "Tracktry does not track " + n + "; " + hint}
	}
	if len(register) == 0 {
		return nil
	}
	made, err := c.RegisterBatch(ctx, register, cred)
	if err != nil {
		for _, i := range registerAt {
			out[i].Err = err
		}
		return nil
	}
	for k, i := range registerAt {
		out[i].Shipment, out[i].Err = made[k].Shipment, made[k].Err
		if out[i].Shipment != nil {
			out[i].Shipment.Status = tracking.StatusPending
		}
	}
	return nil
}
