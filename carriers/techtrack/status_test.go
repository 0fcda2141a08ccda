package techtrack

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

// TestCategoryDefault: techTRACK documents no vocabulary, so every value,
// the fixture's placeholders included, is unknown; never in_transit.
func TestCategoryDefault(t *testing.T) {
	m := newCategoryMap(nil)
	for _, category := range []string{"Delivered", "InTransit", "InfoReceived", "OutForDelivery", "Exception", "", "anything"} {
		assert.Equal(t, tracking.StatusUnknown, m.status(category), category)
	}
}

// TestCategoryMap: a caller's map covers every normalized status, matched
// ignoring case and spaces; invalid statuses are dropped.
func TestCategoryMap(t *testing.T) {
	in := map[string]tracking.Status{"Bogus": "teleported"}
	for _, s := range tracking.Statuses() {
		in["Cat_"+string(s)] = s
	}
	m := newCategoryMap(in)
	for _, s := range tracking.Statuses() {
		assert.Equal(t, s, m.status("cat_"+string(s)), s)
		assert.Equal(t, s, m.status(" CAT_"+string(s)+" "), s)
	}
	assert.Equal(t, tracking.StatusUnknown, m.status("Bogus"), "an invalid status is ignored")
	assert.Len(t, m, len(tracking.Statuses()))
	assert.Equal(t, tracking.StatusUnknown, m.status("Unmapped"))
}
