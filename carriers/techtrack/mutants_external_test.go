package techtrack_test

// Tests that mutation testing (scripts/mutation.sh) asked for and that
// need the fake, which imports the carrier: see mutants_test.go for the rest.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/techtrack"
)

// A create that fails before any answer (here, a cancelled context) is
// returned as it is: only a 400 or 422 answer gets the credential hint.
func TestRegisterFailsWithoutAnswer(t *testing.T) {
	c, s := fake(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.Register(ctx, tracking.Request{TrackingNumber: "N1", Courier: "UPS"}, s.Credential())
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, techtrack.ErrCredentialCodeRequired)
}
