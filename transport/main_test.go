package transport_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test closes its servers and the clients' idle connections, so no
// goroutine may outlive the tests.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
