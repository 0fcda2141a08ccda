package carrierkit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func TestBuildFillsDefaults(t *testing.T) {
	b := Settings{}.Build("fake", ProviderDefaults{BaseURL: "https://api.example.com/", Rate: 5, Burst: 2}, nil)
	require.NoError(t, b.Err)
	assert.Equal(t, "https://api.example.com", b.Base)
	assert.NotNil(t, b.HC)
	assert.NotNil(t, b.Log)

	b = Settings{BaseURL: "http://127.0.0.1:1/p"}.Build("fake", ProviderDefaults{BaseURL: "https://api.example.com"}, nil)
	require.NoError(t, b.Err)
	assert.Equal(t, "http://127.0.0.1:1/p", b.Base, "the user's base URL wins")
}

func TestBuildReportsBadBaseURL(t *testing.T) {
	b := Settings{BaseURL: "https://api.example.com?key=SECRET"}.Build("fake", ProviderDefaults{}, nil)
	require.ErrorIs(t, b.Err, tracking.ErrInvalidRequest)
	assert.NotContains(t, b.Err.Error(), "SECRET")
	assert.NotNil(t, b.HC, "the client exists, so the carrier can still be built")

	b = Settings{}.Build("fake", ProviderDefaults{}, nil)
	require.ErrorIs(t, b.Err, tracking.ErrInvalidRequest, "no base URL and no default")
}

func TestCheckStatusMapping(t *testing.T) {
	require.NoError(t, CheckStatusMapping("fake", nil))
	require.NoError(t, CheckStatusMapping("fake", map[string]tracking.Status{"done": tracking.StatusDelivered}))
	err := CheckStatusMapping("fake", map[string]tracking.Status{"b": "teleported", "a": "beamed", "c": tracking.StatusDelivered})
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), `maps "a" to "beamed"`, "the first bad key in sorted order")
}

func TestAddStatusMapping(t *testing.T) {
	m := AddStatusMapping(nil, map[string]tracking.Status{"A": tracking.StatusDelivered}, strings.ToLower)
	m = AddStatusMapping(m, map[string]tracking.Status{"B": tracking.StatusInTransit, "a": tracking.StatusException}, strings.ToLower)
	assert.Equal(t, map[string]tracking.Status{"a": tracking.StatusException, "b": tracking.StatusInTransit}, m)
}
