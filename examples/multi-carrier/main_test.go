package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(out.String()), " ") // column widths do not matter
	for _, want := range []string{
		"acme, default credential shipengine tracked: delivered",
		"acme, names its inactive credential shipengine refused: credential inactive",
		"acme, TrackShip default trackship tracked: delivered",
		"globex, no default, names none shipengine refused:",
		"name one of: globex-shipengine-eu, globex-shipengine-us",
		"globex, names a code shipengine tracked: delivered",
		"globex, names acme's code shipengine refused: no such credential in this organization",
		// techTRACK documents no status values, so its categories map to
		// unknown unless techtrack.WithStatusMapping says otherwise.
		"globex, techTRACK default techtrack tracked: unknown",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
