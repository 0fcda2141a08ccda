package trackingtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// CarrierFixture tells TestCarrier how to exercise a carrier against a
// backend (usually the carrier's fake server).
type CarrierFixture struct {
	// Credential is accepted by the backend.
	Credential credentials.Credential
	// Known is a request the backend answers with a shipment. Required.
	Known tracking.Request
	// Unknown is a request for a number the backend does not know: the
	// carrier must answer an error matching tracking.ErrNotFound, or a
	// pending Shipment (aggregators that register unknown numbers). The
	// check is skipped when Unknown has no TrackingNumber.
	Unknown tracking.Request
	// Refused is a credential the backend rejects: the carrier must answer
	// an error matching tracking.ErrUnauthorized that holds no secret. The
	// check is skipped when Refused is the zero Credential.
	Refused credentials.Credential
	// Faults, when set, lets the suite make the backend fail and answer
	// slowly. The checks that need it are skipped without it.
	Faults Faults
}

// Faults is the part of a fake server's fault injection the suite uses.
// Every carriers/<name>/<name>test.Server has it. The suite injects one
// failure at a time and sets the latency back to 0 when done with it.
type Faults interface {
	FailNext(n, status int)
	MalformNext(n int)
	SetLatency(d time.Duration)
}

// faultLatency is how slowly the backend answers while the suite checks
// that a carrier gives up when its context ends. A call that waited for the
// answer takes at least this long; one that gave up returns within
// milliseconds. The gap is so wide that no busy machine closes it, so the
// check does not depend on timing. The fakes stop waiting when the client
// hangs up, so a carrier that behaves costs nothing here. The package's own
// tests shorten it.
var faultLatency = 30 * time.Second

const (
	// cancelAfter and deadlineAfter end a context while its request is
	// under way at the slow backend.
	cancelAfter   = 50 * time.Millisecond
	deadlineAfter = 100 * time.Millisecond
	// minSecretLen is the shortest secret searched for in error text:
	// shorter values occur in ordinary text by chance.
	minSecretLen = 6
)

// TestCarrier checks what every Carrier must do, each check a subtest:
//
//   - Known: the known request answers a shipment with a TrackingNumber,
//     Carrier equal to the carrier's ID, statuses (its own and every
//     event's) from the fixed set, every time in UTC, and events newest
//     first, those without a time last (as tracking.SortEvents orders them);
//   - EmptyTrackingNumber: an error matching tracking.ErrInvalidRequest,
//     since carriers are called directly too and check their own input;
//   - Unknown: an error matching tracking.ErrNotFound, or a valid pending
//     shipment;
//   - Refused: an error matching tracking.ErrUnauthorized;
//   - Cancelled: a cancelled context gives an error matching
//     context.Canceled without waiting for the network (with Faults, the
//     backend is made slow to tell, and a cancel while the request is
//     under way is checked too);
//   - DeadlineExceeded: an expired deadline gives an error matching
//     context.DeadlineExceeded (with Faults, also one that passes while the
//     request is under way; an error matching tracking.ErrRateLimited is
//     accepted there, from a local rate limiter that will not wait past a
//     deadline);
//   - ServerError (needs Faults): after an HTTP 500, a *tracking.APIError
//     or, after a retry, a valid shipment;
//   - Malformed (needs Faults): a body that is not JSON gives an error
//     matching tracking.ErrInvalidResponse.
//
// In every check, no error the carrier returns may contain a secret value
// of the fixture's Credential or Refused (values shorter than 6 bytes are
// not searched for). Failure messages show secrets as [SECRET].
//
// The checks run in this order, against one backend, so the ones with
// Faults come last.
func TestCarrier(t *testing.T, c tracking.Carrier, f CarrierFixture) {
	t.Helper()
	if err := checkFixture(c, f); err != nil {
		t.Fatal(err)
	}
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			r := ch.exec(t.Context(), c, f)
			for _, msg := range r.failures {
				t.Error(msg)
			}
			if len(r.failures) == 0 && r.skip != "" {
				t.Skip(r.skip)
			}
		})
	}
}

// CheckCarrier runs TestCarrier's checks and returns every failure, each
// prefixed with its check's name, joined with errors.Join; nil when the
// carrier passes. Checks that need what the fixture lacks are skipped
// silently. ctx bounds the whole run.
func CheckCarrier(ctx context.Context, c tracking.Carrier, f CarrierFixture) error {
	if err := checkFixture(c, f); err != nil {
		return err
	}
	var errs []error
	for _, ch := range checks {
		r := ch.exec(ctx, c, f)
		for _, msg := range r.failures {
			errs = append(errs, fmt.Errorf("%s: %s", ch.name, msg))
		}
	}
	return errors.Join(errs...)
}

func checkFixture(c tracking.Carrier, f CarrierFixture) error {
	if c == nil {
		return errors.New("trackingtest: the carrier is nil")
	}
	if strings.TrimSpace(f.Known.TrackingNumber) == "" {
		return errors.New("trackingtest: CarrierFixture.Known has no TrackingNumber; give a number the backend knows")
	}
	return nil
}

// check is one conformance check.
type check struct {
	name string
	run  func(ctx context.Context, r *run)
}

var checks = []check{
	{"Known", checkKnown},
	{"EmptyTrackingNumber", checkEmptyNumber},
	{"Unknown", checkUnknown},
	{"Refused", checkRefused},
	{"Cancelled", checkCancelled},
	{"DeadlineExceeded", checkDeadline},
	{"ServerError", checkServerError},
	{"Malformed", checkMalformed},
}

// exec runs the check and then looks for secrets in every error the
// carrier returned during it.
func (ch check) exec(ctx context.Context, c tracking.Carrier, f CarrierFixture) *run {
	r := &run{carrier: c, fixture: f, secrets: secretsOf(f.Credential, f.Refused)}
	ch.run(ctx, r)
	for _, err := range r.errs {
		text := err.Error()
		for _, s := range r.secrets {
			if strings.Contains(text, s.value) {
				r.failf("an error holds the value of field %q of credential %q; keep secrets out of errors: %s",
					s.field, s.code, text)
			}
		}
	}
	return r
}

// run is the state of one check.
type run struct {
	carrier  tracking.Carrier
	fixture  CarrierFixture
	secrets  []secret
	errs     []error // every error the carrier returned
	failures []string
	skip     string
}

type secret struct{ code, field, value string }

func secretsOf(creds ...credentials.Credential) []secret {
	var out []secret
	for _, c := range creds {
		for field, v := range c.Fields {
			if len(v.Reveal()) >= minSecretLen {
				out = append(out, secret{code: c.Code, field: field, value: v.Reveal()})
			}
		}
	}
	return out
}

// failf records a failure, with every secret value masked so that the test
// log never shows one.
func (r *run) failf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, s := range r.secrets {
		msg = strings.ReplaceAll(msg, s.value, "[SECRET]")
	}
	r.failures = append(r.failures, msg)
}

// track calls the carrier, keeping the error for the secret check and
// turning a panic into a failure.
func (r *run) track(ctx context.Context, req tracking.Request, cred credentials.Credential) (s *tracking.Shipment, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, err = nil, fmt.Errorf("panic: %v", v)
			r.failf("Track(%q) panicked: %v", req.TrackingNumber, v)
		}
		if err != nil {
			r.errs = append(r.errs, err)
		}
	}()
	return r.carrier.Track(ctx, req, cred)
}

// timed is track returning how long the call took instead of the shipment.
func (r *run) timed(ctx context.Context, req tracking.Request, cred credentials.Credential) (time.Duration, error) {
	start := time.Now()
	_, err := r.track(ctx, req, cred)
	return time.Since(start), err
}

// slow makes the backend answer after faultLatency and returns the
// function that makes it fast again.
func (r *run) slow() (restore func()) {
	r.fixture.Faults.SetLatency(faultLatency)
	return func() { r.fixture.Faults.SetLatency(0) }
}

func checkKnown(ctx context.Context, r *run) {
	number := r.fixture.Known.TrackingNumber
	s, err := r.track(ctx, r.fixture.Known, r.fixture.Credential)
	switch {
	case err != nil:
		r.failf("Track(%q) with the fixture's Credential: %v", number, err)
	case s == nil:
		r.failf("Track(%q) returned neither a shipment nor an error", number)
	default:
		r.checkShipment(s)
	}
}

func checkEmptyNumber(ctx context.Context, r *run) {
	req := r.fixture.Known
	req.TrackingNumber = ""
	if _, err := r.track(ctx, req, r.fixture.Credential); !errors.Is(err, tracking.ErrInvalidRequest) {
		r.failf("Track with an empty tracking number: got %v, want an error matching tracking.ErrInvalidRequest "+
			"(carriers are called directly too, so they check their input)", err)
	}
}

func checkUnknown(ctx context.Context, r *run) {
	if r.fixture.Unknown.TrackingNumber == "" {
		r.skip = "CarrierFixture.Unknown has no TrackingNumber"
		return
	}
	number := r.fixture.Unknown.TrackingNumber
	s, err := r.track(ctx, r.fixture.Unknown, r.fixture.Credential)
	switch {
	case err != nil:
		if !errors.Is(err, tracking.ErrNotFound) {
			r.failf("Track(%q) of an unknown number: got %v, want an error matching tracking.ErrNotFound or a pending shipment", number, err)
		}
	case s == nil:
		r.failf("Track(%q) of an unknown number returned neither a shipment nor an error", number)
	case s.Status != tracking.StatusPending:
		r.failf("Track(%q) of an unknown number: got a shipment with status %q, want an error matching tracking.ErrNotFound or status %q",
			number, s.Status, tracking.StatusPending)
	default:
		r.checkShipment(s)
	}
}

func checkRefused(ctx context.Context, r *run) {
	if r.fixture.Refused.Code == "" && len(r.fixture.Refused.Fields) == 0 {
		r.skip = "CarrierFixture.Refused is not set"
		return
	}
	if _, err := r.track(ctx, r.fixture.Known, r.fixture.Refused); !errors.Is(err, tracking.ErrUnauthorized) {
		r.failf("Track with the Refused credential: got %v, want an error matching tracking.ErrUnauthorized", err)
	}
}

func checkCancelled(parent context.Context, r *run) {
	faults := r.fixture.Faults
	if faults != nil {
		defer r.slow()()
	}
	ctx, cancel := context.WithCancel(parent)
	cancel()
	took, err := r.timed(ctx, r.fixture.Known, r.fixture.Credential)
	if !errors.Is(err, context.Canceled) {
		r.failf("Track with a cancelled context: got %v, want an error matching context.Canceled", err)
	}
	if faults != nil && took >= faultLatency {
		r.failf("Track with a cancelled context took %s, as long as the backend's answer: it waited for the network", took)
	}
	if faults == nil {
		return
	}

	ctx, cancel = context.WithCancel(parent)
	defer cancel()
	stop := time.AfterFunc(cancelAfter, cancel)
	defer stop.Stop()
	took, err = r.timed(ctx, r.fixture.Known, r.fixture.Credential)
	if !errors.Is(err, context.Canceled) {
		r.failf("Track whose context was cancelled while the backend was answering: got %v, want an error matching context.Canceled", err)
	}
	if took >= faultLatency {
		r.failf("Track whose context was cancelled after %s took %s: it waited for the backend's answer", cancelAfter, took)
	}
}

func checkDeadline(parent context.Context, r *run) {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(-time.Second))
	defer cancel()
	if _, err := r.track(ctx, r.fixture.Known, r.fixture.Credential); !errors.Is(err, context.DeadlineExceeded) {
		r.failf("Track with an expired deadline: got %v, want an error matching context.DeadlineExceeded", err)
	}
	if r.fixture.Faults == nil {
		return
	}

	defer r.slow()()
	ctx, cancel = context.WithTimeout(parent, deadlineAfter)
	defer cancel()
	took, err := r.timed(ctx, r.fixture.Known, r.fixture.Credential)
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, tracking.ErrRateLimited) {
		r.failf("Track whose deadline passed while the backend was answering: got %v, want an error matching context.DeadlineExceeded", err)
	}
	if took >= faultLatency {
		r.failf("Track with a %s deadline took %s: it waited for the backend's answer", deadlineAfter, took)
	}
}

func checkServerError(ctx context.Context, r *run) {
	if r.fixture.Faults == nil {
		r.skip = "CarrierFixture.Faults is not set"
		return
	}
	r.fixture.Faults.FailNext(1, 500)
	s, err := r.track(ctx, r.fixture.Known, r.fixture.Credential)
	var apiErr *tracking.APIError
	switch {
	case err != nil:
		if !errors.As(err, &apiErr) {
			r.failf("Track after an HTTP 500: got %T %v, want a *tracking.APIError (or a shipment after a retry)", err, err)
		}
	case s == nil:
		r.failf("Track after an HTTP 500 returned neither a shipment nor an error")
	default:
		r.checkShipment(s)
	}
}

func checkMalformed(ctx context.Context, r *run) {
	if r.fixture.Faults == nil {
		r.skip = "CarrierFixture.Faults is not set"
		return
	}
	r.fixture.Faults.MalformNext(1)
	if _, err := r.track(ctx, r.fixture.Known, r.fixture.Credential); !errors.Is(err, tracking.ErrInvalidResponse) {
		r.failf("Track of a body that is not JSON: got %v, want an error matching tracking.ErrInvalidResponse", err)
	}
}

// checkShipment checks what every shipment must satisfy.
func (r *run) checkShipment(s *tracking.Shipment) {
	if s.TrackingNumber == "" {
		r.failf("shipment has no TrackingNumber")
	}
	if id := r.carrier.ID(); s.Carrier != id {
		r.failf("shipment Carrier is %q, want the carrier's ID %q", s.Carrier, id)
	}
	if !s.Status.Valid() {
		r.failf("shipment Status %q is not one of tracking.Statuses()", s.Status)
	}
	r.checkUTC("ShippedAt", s.ShippedAt)
	r.checkUTC("EstimatedDelivery", s.EstimatedDelivery)
	r.checkUTC("DeliveredAt", s.DeliveredAt)
	r.checkUTC("UpdatedAt", &s.UpdatedAt)
	var newest time.Time // the previous event's time, the newest allowed
	untimed := -1        // the first event without a time, -1 while none
	for i, e := range s.Events {
		if !e.Status.Valid() {
			r.failf("Events[%d].Status %q is not one of tracking.Statuses()", i, e.Status)
		}
		r.checkUTC(fmt.Sprintf("Events[%d].Time", i), &e.Time)
		if e.Time.IsZero() {
			if untimed < 0 {
				untimed = i
			}
			continue
		}
		if untimed >= 0 {
			r.failf("Events[%d] has a time but follows Events[%d], which has none: events without a time go last (tracking.SortEvents)",
				i, untimed)
		}
		if !newest.IsZero() && e.Time.After(newest) {
			r.failf("Events[%d].Time %s is after an earlier event's %s: events must be newest first (tracking.SortEvents)",
				i, e.Time.Format(time.RFC3339), newest.Format(time.RFC3339))
		}
		newest = e.Time
	}
}

// checkUTC fails a time that is set and not in time.UTC.
func (r *run) checkUTC(name string, t *time.Time) {
	if t == nil || t.IsZero() || t.Location() == time.UTC {
		return
	}
	r.failf("%s %s is in location %q, want UTC (call .UTC())", name, t.Format(time.RFC3339), t.Location())
}
