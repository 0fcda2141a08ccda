package carrierkit

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

func TestScrub(t *testing.T) {
	cred := credentials.Credential{Fields: map[string]credentials.Secret{"api_key": "k-123456", "x": "ab"}}
	e := &tracking.APIError{Carrier: "c", Message: "bad key k-123456 (ab)", Code: "K-k-123456", RequestID: "k-123456"}
	err := fmt.Errorf("wrapped: %w", Scrub(e, cred))
	if strings.Contains(err.Error(), "k-123456") {
		t.Fatalf("secret left in %q", err)
	}
	if !strings.Contains(e.Message, "(ab)") {
		t.Errorf("a 2-byte value was scrubbed from %q", e.Message)
	}
	plain := errors.New("no api error")
	if Scrub(plain, cred) != plain {
		t.Error("a non-API error is returned as it is")
	}
	if Scrub(nil, cred) != nil {
		t.Error("nil stays nil")
	}
}
