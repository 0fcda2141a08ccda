package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestOffline(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), nil, nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"794600000012",
		"delivered",
		"TIME (UTC)",
		"2026-03-05 20:21  delivered",
		"On FedEx vehicle for delivery",
		"MEMPHIS, TN, US",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	t.Log("\n" + text)
}

func TestOfflineIgnoresArguments(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-courier", "usps", "9400111899223197428490"}, []string{"PATH=/bin"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "SHIPENGINE_API_KEY is not set") || !strings.Contains(out.String(), "delivered") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}
}

// TestOnlineNeedsNumber: with a key, a missing courier or number is
// refused before any request.
func TestOnlineNeedsNumber(t *testing.T) {
	env := []string{"SHIPENGINE_API_KEY=TEST_not-a-real-key"}
	for _, args := range [][]string{nil, {"9400111899223197428490"}, {"-courier", "usps"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, env, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "-courier and one tracking number") {
			t.Fatalf("args %q: got %v, want a usage error", args, err)
		}
		if strings.Contains(err.Error()+errOut.String()+out.String(), "not-a-real-key") {
			t.Errorf("the key was printed")
		}
	}
}

// TestHelp: -h prints the usage and is not an error.
func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, nil, &out, &errOut); err != nil {
		t.Fatalf("-h: got %v, want no error", err)
	}
	if !strings.Contains(errOut.String(), "usage:") {
		t.Errorf("-h did not print the usage:\n%s", errOut.String())
	}
}
