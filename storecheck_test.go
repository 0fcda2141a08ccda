package tracking_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// TestNewClientRefusesCredentialsForUnregisteredCarriers: a store holding
// credentials for a carrier the client does not register (a misspelt ID)
// is refused at construction, naming the near match and the registered
// IDs, rather than failing the first request with ErrNoCredential.
func TestNewClientRefusesCredentialsForUnregisteredCarriers(t *testing.T) {
	carriers := []tracking.Option{tracking.WithCarrier(scripted("shipengine")), tracking.WithCarrier(scripted("track123"))}
	tests := []struct {
		name    string
		store   credentials.Store
		wantErr []string // message parts; none: accepted
	}{
		{"all registered", newStore(t, apiCred("se", "shipengine"), apiCred("t", "track123")), nil},
		{"empty store", newStore(t), nil},
		{"misspelt", newStore(t, apiCred("se", "shipengin")),
			[]string{`carrier "shipengin" (did you mean "shipengine"?)`, "registered: shipengine, track123", "tracking.WithCarrier"}},
		{"other case", newStore(t, apiCred("t", "Track123")), []string{`"Track123" (did you mean "track123"?)`}},
		{"unrelated, no suggestion", newStore(t, apiCred("x", "auspost")), []string{`carrier "auspost", which`}},
		{"several, sorted", newStore(t, apiCred("x", "zz"), apiCred("y", "track12")),
			[]string{`carrier "track12" (did you mean "track123"?), "zz", which`}},
		{"another organization's", newStore(t, inTenant("acme", apiCred("se", "shipengin"))), []string{`"shipengin"`}},
		{"through a chain", credentials.Chain(newStore(t, apiCred("se", "shipengine")), newStore(t, apiCred("t", "trak123"))),
			[]string{`"trak123" (did you mean "track123"?)`}},
		{"a store that cannot list its carriers is not checked", listStore{apiCred("se", "shipengin")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tracking.NewClient(append(carriers, tracking.WithCredentials(tt.store))...)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tracking.ErrUnknownCarrier)
			assert.Nil(t, c)
			for _, part := range tt.wantErr {
				assert.ErrorContains(t, err, part)
			}
		})
	}
}
