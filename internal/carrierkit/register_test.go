package carrierkit

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
)

func TestNotRegistered(t *testing.T) {
	e := &tracking.APIError{Carrier: "c", StatusCode: 404, Message: "no such shipment"}
	got := NotRegistered(e)
	var ae *tracking.APIError
	if !errors.As(got, &ae) || ae.StatusCode != 404 || !errors.Is(got, tracking.ErrNotFound) {
		t.Fatalf("NotRegistered(%v) = %v: lost the APIError or its category", e, got)
	}
	if ae.Message != "no such shipment; "+RegisterHint {
		t.Errorf("Message = %q", ae.Message)
	}
	if e.Message != "no such shipment" {
		t.Errorf("the original error was changed: %q", e.Message)
	}
	if again := NotRegistered(got); again != got {
		t.Errorf("a second call added the hint again: %v", again)
	}

	wrapped := fmt.Errorf("c: %w", tracking.ErrNotFound)
	got = NotRegistered(wrapped)
	if !errors.Is(got, tracking.ErrNotFound) || !strings.HasSuffix(got.Error(), RegisterHint) {
		t.Errorf("NotRegistered(%v) = %v", wrapped, got)
	}
	if again := NotRegistered(got); again != got {
		t.Errorf("a second call added the hint again: %v", again)
	}
}
