package tracking_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// allSentinels is the tracking vocabulary: every error a Client returns
// matches one of them, but for the caller's own cancellation.
var allSentinels = []error{
	tracking.ErrNotFound, tracking.ErrUnauthorized, tracking.ErrRateLimited,
	tracking.ErrInvalidRequest, tracking.ErrQuotaExceeded, tracking.ErrUnavailable,
	tracking.ErrUnsupported, tracking.ErrInvalidResponse, tracking.ErrUnknownCarrier,
	tracking.ErrNoCredential,
}

// vocabCarrier answers by number: "api-404" with the provider's 404,
// "nil" with neither shipment nor error, "panic" by panicking, anything
// else with a shipment. It serves only the "ups" courier.
type vocabCarrier struct{}

func (vocabCarrier) ID() string                  { return "vocab" }
func (vocabCarrier) CredentialFields() []string  { return []string{"api_key"} }
func (vocabCarrier) ServesCourier(c string) bool { return c == "ups" }
func (vocabCarrier) NeedsCourier() bool          { return false }
func (vocabCarrier) Track(_ context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
	switch req.TrackingNumber {
	case "api-404":
		return nil, &tracking.APIError{Carrier: "vocab", StatusCode: 404}
	case "nil":
		return nil, nil
	case "panic":
		panic("carrier bug")
	}
	return &tracking.Shipment{Status: tracking.StatusInTransit}, nil
}

// TestClientErrorVocabulary walks every error path of Client and requires
// each error to match its tracking sentinel (and, for a credential, the
// credentials sentinel that says why), so that a caller needs only the
// tracking names.
func TestClientErrorVocabulary(t *testing.T) {
	inactive := cred("off", "vocab", false)
	inactive.Active = false
	noKey := cred("nokey", "vocab", false)
	noKey.Fields = nil
	inOrg := func(org string, c credentials.Credential) credentials.Credential { c.Organization = org; return c }
	offDefault := inOrg("inactive-default", cred("def", "vocab", true))
	offDefault.Active = false
	store := listStore{
		cred("main", "vocab", true), inactive, noKey, cred("p-main", "plain", true),
		inOrg("two-defaults", cred("d1", "vocab", true)), inOrg("two-defaults", cred("d2", "vocab", true)),
		offDefault,
	}
	client := func(t *testing.T, opts ...tracking.Option) *tracking.Client {
		t.Helper()
		c, err := tracking.NewClient(append([]tracking.Option{tracking.WithCarrier(vocabCarrier{}),
			tracking.WithCarrier(trackOnly{}), tracking.WithDefaultCarrier("vocab")}, opts...)...)
		require.NoError(t, err)
		return c
	}
	withStore := client(t, tracking.WithCredentials(store))
	track := func(c *tracking.Client, req tracking.Request) func(context.Context) error {
		return func(ctx context.Context) error {
			if req.TrackingNumber == "" {
				req.TrackingNumber = "N1"
			}
			_, err := c.Track(ctx, req)
			return err
		}
	}
	trackMany := func(c *tracking.Client, req tracking.Request) func(context.Context) error {
		return func(ctx context.Context) error { return c.TrackMany(ctx, []tracking.Request{req})[0].Err }
	}
	list := func(c *tracking.Client, req tracking.Request) func(context.Context) error {
		return func(ctx context.Context) error {
			for _, err := range c.List(ctx, req, tracking.ListOptions{}) {
				return err
			}
			return nil
		}
	}
	newClient := func(opts ...tracking.Option) func(context.Context) error {
		return func(context.Context) error { _, err := tracking.NewClient(opts...); return err }
	}

	tests := []struct {
		name  string
		call  func(context.Context) error
		want  error // the tracking sentinel
		cause error // the credentials sentinel kept in the chain, if any
	}{
		{"NewClient/no carrier", newClient(), tracking.ErrInvalidRequest, nil},
		{"NewClient/nil carrier", newClient(tracking.WithCarrier(nil)), tracking.ErrInvalidRequest, nil},
		{"NewClient/twice", newClient(tracking.WithCarrier(trackOnly{}), tracking.WithCarrier(trackOnly{})), tracking.ErrInvalidRequest, nil},
		{"NewClient/default not registered", newClient(tracking.WithCarrier(trackOnly{}), tracking.WithDefaultCarrier("x")), tracking.ErrUnknownCarrier, nil},

		{"Track/empty number", track(withStore, tracking.Request{TrackingNumber: " "}), tracking.ErrInvalidRequest, nil},
		{"Track/unregistered carrier", track(withStore, tracking.Request{Carrier: "nope"}), tracking.ErrUnknownCarrier, nil},
		{"Track/mistyped number", track(withStore, tracking.Request{TrackingNumber: "1Z999AA10123456785"}), tracking.ErrInvalidRequest, nil},
		{"Track/courier not served", track(withStore, tracking.Request{Courier: "usps"}), tracking.ErrUnsupported, nil},
		{"Track/no store", track(client(t), tracking.Request{}), tracking.ErrNoCredential, credentials.ErrUnknownCode},
		{"Track/unknown code", track(withStore, tracking.Request{Credential: "ghost"}), tracking.ErrNoCredential, credentials.ErrUnknownCode},
		{"Track/inactive", track(withStore, tracking.Request{Credential: "off"}), tracking.ErrNoCredential, credentials.ErrInactive},
		{"Track/another carrier's", track(withStore, tracking.Request{Credential: "p-main"}), tracking.ErrNoCredential, credentials.ErrCarrierMismatch},
		{"Track/missing field", track(withStore, tracking.Request{Credential: "nokey"}), tracking.ErrNoCredential, credentials.ErrMissingField},
		{"Track/no default", track(withStore, tracking.Request{Organization: "none"}), tracking.ErrNoCredential, credentials.ErrNoDefault},
		{"Track/inactive default", track(withStore, tracking.Request{Organization: "inactive-default"}), tracking.ErrNoCredential, credentials.ErrInactive},
		{"Track/two defaults", track(withStore, tracking.Request{Organization: "two-defaults"}), tracking.ErrNoCredential, credentials.ErrAmbiguousDefault},
		{"Track/store fails", track(client(t, tracking.WithCredentials(failingStore{})), tracking.Request{}), tracking.ErrNoCredential, errStoreDown},
		{"Track/provider answer", track(withStore, tracking.Request{TrackingNumber: "api-404"}), tracking.ErrNotFound, nil},
		{"Track/no shipment", track(withStore, tracking.Request{TrackingNumber: "nil"}), tracking.ErrInvalidResponse, nil},

		{"TrackMany/empty number", trackMany(withStore, tracking.Request{}), tracking.ErrInvalidRequest, nil},
		{"TrackMany/no default", trackMany(withStore, tracking.Request{TrackingNumber: "N", Organization: "none"}), tracking.ErrNoCredential, credentials.ErrNoDefault},
		{"TrackMany/carrier panics", trackMany(withStore, tracking.Request{TrackingNumber: "panic"}), tracking.ErrInvalidResponse, nil},

		{"Register/not a registrar", func(ctx context.Context) error {
			return withStore.Register(ctx, tracking.Request{Carrier: "plain", TrackingNumber: "N"})
		}, tracking.ErrUnsupported, nil},
		{"Unregister/unknown carrier", func(ctx context.Context) error {
			return withStore.Unregister(ctx, tracking.Request{Carrier: "nope", TrackingNumber: "N"})
		}, tracking.ErrUnknownCarrier, nil},
		{"List/not a lister", list(withStore, tracking.Request{Carrier: "plain"}), tracking.ErrUnsupported, nil},
		{"List/unknown carrier", list(withStore, tracking.Request{Carrier: "nope"}), tracking.ErrUnknownCarrier, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background())
			require.ErrorIs(t, err, tt.want)
			if tt.cause != nil {
				assert.ErrorIs(t, err, tt.cause, "the credentials sentinel stays in the chain")
			}
			for _, other := range allSentinels {
				if other != tt.want {
					assert.NotErrorIs(t, err, other, "one category per error")
				}
			}
		})
	}
}

// TestClientCancelledIsContextError: the one exception to the vocabulary
// is the caller's own cancellation, returned as ctx's error and not
// dressed up as a credential failure.
func TestClientCancelledIsContextError(t *testing.T) {
	c, err := tracking.NewClient(tracking.WithCarrier(vocabCarrier{}), tracking.WithCredentials(cancellingStore{}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	_, err = c.Track(context.WithValue(ctx, cancelKey{}, cancel), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, tracking.ErrNoCredential)

	cancel()
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, context.Canceled)

	// A store failing for its own reason while the caller cancels is
	// still a credential failure.
	c, err = tracking.NewClient(tracking.WithCarrier(vocabCarrier{}), tracking.WithCredentials(cancellingStore{fail: true}))
	require.NoError(t, err)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err = c.Track(context.WithValue(ctx, cancelKey{}, cancel), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, tracking.ErrNoCredential)
	require.ErrorIs(t, err, errStoreDown)
}

var errStoreDown = errors.New("database is down")

// failingStore fails every lookup, as a store whose database is down.
type failingStore struct{}

func (failingStore) Get(context.Context, string, string) (credentials.Credential, error) {
	return credentials.Credential{}, errStoreDown
}
func (failingStore) List(context.Context, string, string) ([]credentials.Credential, error) {
	return nil, errStoreDown
}

type cancelKey struct{}

// cancellingStore cancels the request's context while it is looked up,
// as a caller giving up during a slow database query, and answers with
// the context's error, or with errStoreDown when fail is set.
type cancellingStore struct {
	failingStore
	fail bool
}

func (s cancellingStore) List(ctx context.Context, _, _ string) ([]credentials.Credential, error) {
	ctx.Value(cancelKey{}).(context.CancelFunc)()
	if s.fail {
		return nil, errStoreDown
	}
	return nil, ctx.Err()
}

// TestTruncateInvalidUTF8: a cut never walks before the start of the
// string, even when no byte of it starts a rune.
func TestTruncateInvalidUTF8(t *testing.T) {
	assert.Equal(t, "…", tracking.Truncate("\x80\x80\x80", 1))
	assert.Equal(t, "\x80…", tracking.Truncate("\x80a\x80", 1))
}
