package trackingtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// CarrierTrackFunc computes a Carrier's answer to a request.
type CarrierTrackFunc func(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error)

// Call is one request a Carrier received, with the code of the credential
// it came with (never the credential's secrets).
type Call struct {
	Request    tracking.Request
	Credential string
}

// Carrier is a scripted tracking.Carrier, for testing what sits above the
// carriers: a tracking.Client's routing and credential resolution, or an
// application's handling of each answer. Script answers per tracking
// number with Set, and for every other number with SetDefault or
// SetDefaultFunc; Calls and CredentialCodes tell what it was asked and
// with which credential. It is safe for concurrent use.
//
// Track behaves as a real carrier does, in this order: ctx's error when
// ctx has ended; an error matching tracking.ErrUnauthorized for a
// credential named in Refuse, or lacking a field declared with
// WithCredentialFields (as the provider's 401 would); an error matching
// tracking.ErrInvalidRequest for an empty or blank tracking number; then
// the scripted answer. A scripted Shipment is returned as a copy, its
// TrackingNumber and Carrier filled in when empty. A number with no
// answer, when no default is set, gets an error matching
// tracking.ErrNotFound naming the number. A Carrier with nothing refused
// and valid scripted shipments passes CheckCarrier.
type Carrier struct {
	id     string
	fields []string

	mu       sync.Mutex
	answers  map[string]answer
	fallback *answer
	fn       CarrierTrackFunc
	refused  map[string]bool
	calls    []Call
}

var (
	_ tracking.Carrier           = (*Carrier)(nil)
	_ tracking.CredentialFielder = (*Carrier)(nil)
)

// CarrierOption configures NewCarrier and NewBatchCarrier.
type CarrierOption func(*Carrier)

// WithCredentialFields declares the credential fields the carrier needs,
// as a real carrier does through tracking.CredentialFielder, so that a
// Client refuses credentials lacking one before calling it.
func WithCredentialFields(names ...string) CarrierOption {
	return func(c *Carrier) { c.fields = append([]string(nil), names...) }
}

// NewCarrier returns a Carrier with the ID and nothing scripted.
func NewCarrier(id string, opts ...CarrierOption) *Carrier {
	c := &Carrier{id: id, answers: map[string]answer{}, refused: map[string]bool{}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// ID returns the ID given to NewCarrier.
func (c *Carrier) ID() string { return c.id }

// CredentialFields returns the fields declared with WithCredentialFields.
func (c *Carrier) CredentialFields() []string { return slices.Clone(c.fields) }

// Set scripts the answer for trackingNumber: a copy of s and err. A later
// Set for the same number replaces it.
func (c *Carrier) Set(trackingNumber string, s *tracking.Shipment, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers[strings.TrimSpace(trackingNumber)] = answer{shipment: cloneShipment(s), err: err}
}

// SetDefault scripts the answer for every number that has none of its own,
// replacing any earlier default.
func (c *Carrier) SetDefault(s *tracking.Shipment, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fallback, c.fn = &answer{shipment: cloneShipment(s), err: err}, nil
}

// SetDefaultFunc makes fn answer every number that has no answer of its
// own, replacing any earlier default. fn may be called concurrently; what
// it returns is passed on as it is.
func (c *Carrier) SetDefaultFunc(fn CarrierTrackFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fallback, c.fn = nil, fn
}

// Refuse makes the carrier answer calls made with any of the credential
// codes as the provider answers a rejected key: an *tracking.APIError
// matching tracking.ErrUnauthorized.
func (c *Carrier) Refuse(codes ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, code := range codes {
		c.refused[code] = true
	}
}

// Track records the call and returns the scripted answer.
func (c *Carrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	c.mu.Lock()
	c.calls = append(c.calls, Call{Request: cloneRequest(req), Credential: cred.Code})
	c.mu.Unlock()
	if err := c.admit(ctx, cred); err != nil {
		return nil, err
	}
	return c.answer(ctx, req, cred)
}

// admit refuses a call whose context has ended or whose credential the
// provider would reject.
func (c *Carrier) admit(ctx context.Context, cred credentials.Credential) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	refused := c.refused[cred.Code]
	c.mu.Unlock()
	if refused {
		return &tracking.APIError{Carrier: c.id, StatusCode: http.StatusUnauthorized,
			Message: fmt.Sprintf("credential %q refused", cred.Code)}
	}
	if missing := cred.Missing(c.fields); len(missing) > 0 {
		return &tracking.APIError{Carrier: c.id, StatusCode: http.StatusUnauthorized,
			Message: fmt.Sprintf("credential %q lacks %s", cred.Code, strings.Join(missing, ", "))}
	}
	return nil
}

// answer returns the scripted answer for one request.
func (c *Carrier) answer(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	number := strings.TrimSpace(req.TrackingNumber)
	if number == "" {
		return nil, fmt.Errorf("%s: empty tracking number; set Request.TrackingNumber: %w", c.id, tracking.ErrInvalidRequest)
	}
	c.mu.Lock()
	a, ok := c.answers[number]
	fallback, fn := c.fallback, c.fn
	c.mu.Unlock()
	switch {
	case ok:
	case fn != nil:
		return fn(ctx, req, cred)
	case fallback != nil:
		a = *fallback
	default:
		return nil, &tracking.APIError{Carrier: c.id, StatusCode: http.StatusNotFound,
			Message: fmt.Sprintf("trackingtest: no answer scripted for tracking number %q; script one with Set or SetDefault", number)}
	}
	return a.result(number, c.id)
}

// Calls returns a copy of every call Track received, in arrival order.
func (c *Carrier) Calls() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Call, len(c.calls))
	for i, call := range c.calls {
		out[i] = Call{Request: cloneRequest(call.Request), Credential: call.Credential}
	}
	return out
}

// CredentialCodes returns the code of the credential each Track call was
// given, in arrival order.
func (c *Carrier) CredentialCodes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, len(c.calls))
	for i, call := range c.calls {
		out[i] = call.Credential
	}
	return out
}

// BatchCall is one TrackBatch call a BatchCarrier received.
type BatchCall struct {
	Requests   []tracking.Request
	Credential string // the credential's code
}

// BatchCarrier is a Carrier that is also a tracking.BatchTracker, for
// testing batching. TrackBatch answers each request from the same script
// as Track; its calls are recorded by Batches, not by Calls. It is safe for
// concurrent use.
type BatchCarrier struct {
	*Carrier
	limit int

	bmu     sync.Mutex
	batches []BatchCall
}

var _ tracking.BatchTracker = (*BatchCarrier)(nil)

// NewBatchCarrier returns a BatchCarrier with the ID and batch limit.
func NewBatchCarrier(id string, limit int, opts ...CarrierOption) *BatchCarrier {
	return &BatchCarrier{Carrier: NewCarrier(id, opts...), limit: limit}
}

// BatchLimit returns the limit given to NewBatchCarrier.
func (b *BatchCarrier) BatchLimit() int { return b.limit }

// TrackBatch records the call and answers each request as Track would,
// its failures in each Result's Err. The call itself fails, as Track does,
// for an ended context or a refused credential, and with an error matching
// tracking.ErrInvalidRequest for more than BatchLimit requests.
func (b *BatchCarrier) TrackBatch(ctx context.Context, reqs []tracking.Request, cred credentials.Credential) ([]tracking.Result, error) {
	call := BatchCall{Requests: make([]tracking.Request, len(reqs)), Credential: cred.Code}
	for i, r := range reqs {
		call.Requests[i] = cloneRequest(r)
	}
	b.bmu.Lock()
	b.batches = append(b.batches, call)
	b.bmu.Unlock()

	if err := b.admit(ctx, cred); err != nil {
		return nil, err
	}
	if len(reqs) > b.limit {
		return nil, fmt.Errorf("%s: %d requests in one batch, the limit is %d: %w", b.id, len(reqs), b.limit, tracking.ErrInvalidRequest)
	}
	out := make([]tracking.Result, len(reqs))
	for i, r := range reqs {
		s, err := b.answer(ctx, r, cred)
		out[i] = tracking.Result{Request: r, Shipment: s, Err: err}
	}
	return out, nil
}

// Batches returns a copy of every TrackBatch call, in arrival order.
func (b *BatchCarrier) Batches() []BatchCall {
	b.bmu.Lock()
	defer b.bmu.Unlock()
	out := make([]BatchCall, len(b.batches))
	for i, call := range b.batches {
		reqs := make([]tracking.Request, len(call.Requests))
		for j, r := range call.Requests {
			reqs[j] = cloneRequest(r)
		}
		out[i] = BatchCall{Requests: reqs, Credential: call.Credential}
	}
	return out
}
