package trackingtest

import (
	"context"
	"errors"
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
	// Known is a request the backend answers with a shipment.
	Known tracking.Request
	// Unknown is a request for a number the backend does not know: the
	// carrier must answer an error matching tracking.ErrNotFound, or a
	// pending Shipment (aggregators that register unknown numbers).
	Unknown tracking.Request
	// Refused is a credential the backend rejects: the carrier must answer
	// an error matching tracking.ErrUnauthorized that holds no secret.
	Refused credentials.Credential
	// Faults, when set, lets the suite make the backend fail.
	Faults Faults
}

// Faults is the part of a fake server's fault injection the suite uses.
// Every carriers/<name>/<name>test.Server has it.
type Faults interface {
	FailNext(n, status int)
	MalformNext(n int)
	SetLatency(d time.Duration)
}

// TestCarrier checks what every Carrier must do: answer the known request
// with a valid shipment (statuses from the fixed set, UTC times, newest
// first), honour its context, return typed errors, and never put a secret
// in an error.
func TestCarrier(t *testing.T, c tracking.Carrier, f CarrierFixture) {
	t.Helper()
	t.Run("Known", func(t *testing.T) {
		s, err := c.Track(context.Background(), f.Known, f.Credential)
		if err != nil {
			t.Fatalf("Track(%q): %v", f.Known.TrackingNumber, err)
		}
		if !s.Status.Valid() {
			t.Errorf("Status %q is not a normalized status", s.Status)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Track(ctx, f.Known, f.Credential)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Track with a cancelled context: got %v, want context.Canceled", err)
		}
	})
}
