package soak

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeModeEnv); mode != "" {
		// This process is a benchmark's fake server (see process_test.go).
		os.Exit(serveFakeProcess(mode))
	}
	goleak.VerifyTestMain(m)
}
