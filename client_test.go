package tracking_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// apiCred is an active, non-default credential whose api_key is
// "secret-value-" + code.
func apiCred(code, carrier string) credentials.Credential {
	return credentials.Credential{Code: code, Carrier: carrier, Active: true,
		Fields: map[string]credentials.Secret{"api_key": credentials.Secret("secret-value-" + code)}}
}

// asDefault marks c as its carrier's default.
func asDefault(c credentials.Credential) credentials.Credential { c.Default = true; return c }

// inTenant moves c to an organization.
func inTenant(org string, c credentials.Credential) credentials.Credential {
	c.Organization = org
	return c
}

func newStore(t *testing.T, creds ...credentials.Credential) *credentials.MemoryStore {
	t.Helper()
	s, err := credentials.NewMemoryStore(creds...)
	require.NoError(t, err)
	return s
}

// scripted is a carrier answering every number with an in-transit shipment.
func scripted(id string, opts ...trackingtest.CarrierOption) *trackingtest.Carrier {
	c := trackingtest.NewCarrier(id, opts...)
	c.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	return c
}

func newClient(t *testing.T, opts ...tracking.Option) *tracking.Client {
	t.Helper()
	c, err := tracking.NewClient(opts...)
	require.NoError(t, err)
	return c
}

func TestNewClientRefuses(t *testing.T) {
	tests := []struct {
		name string
		opts []tracking.Option
		want error
		text string
	}{
		{"no carrier", nil, tracking.ErrInvalidRequest, "tracking.WithCarrier"},
		{"nil carrier", []tracking.Option{tracking.WithCarrier(nil)}, tracking.ErrInvalidRequest, "WithCarrier(nil)"},
		{"empty ID", []tracking.Option{tracking.WithCarrier(trackingtest.NewCarrier(""))}, tracking.ErrInvalidRequest, "empty ID"},
		{"duplicate ID", []tracking.Option{tracking.WithCarrier(scripted("a")), tracking.WithCarrier(scripted("b")), tracking.WithCarrier(scripted("a"))},
			tracking.ErrInvalidRequest, `carrier "a" registered twice`},
		{"unknown default", []tracking.Option{tracking.WithCarrier(scripted("b")), tracking.WithCarrier(scripted("a")), tracking.WithDefaultCarrier("c")},
			tracking.ErrUnknownCarrier, `default carrier "c" is not registered (have a, b)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tracking.NewClient(tt.opts...)
			require.ErrorIs(t, err, tt.want)
			assert.ErrorContains(t, err, tt.text)
			assert.Nil(t, c)
		})
	}
}

func TestClientCarriers(t *testing.T) {
	a, b := scripted("a"), scripted("b")
	c := newClient(t, tracking.WithCarrier(b), tracking.WithCarrier(a))
	assert.Equal(t, []string{"a", "b"}, c.CarrierIDs())
	got, ok := c.Carrier("b")
	assert.True(t, ok)
	assert.Same(t, b, got)
	_, ok = c.Carrier("x")
	assert.False(t, ok)
}

func TestClientOptionOrderDoesNotMatter(t *testing.T) {
	store := newStore(t, asDefault(apiCred("b-main", "b")))
	a, b := scripted("a"), scripted("b")
	c := newClient(t, tracking.WithDefaultCarrier("b"), tracking.WithCredentials(store), tracking.WithCarrier(a), tracking.WithCarrier(b))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N"})
	require.NoError(t, err)
	assert.Len(t, b.Calls(), 1)
}

func TestClientRouting(t *testing.T) {
	ctx := context.Background()
	store := newStore(t, asDefault(apiCred("a-main", "a")), asDefault(apiCred("b-main", "b")))

	t.Run("by Request.Carrier", func(t *testing.T) {
		a, b := scripted("a"), scripted("b")
		c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithCredentials(store))
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "N1", Carrier: "b"})
		require.NoError(t, err)
		assert.Equal(t, "b", s.Carrier)
		assert.Empty(t, a.Calls())
		require.Len(t, b.Calls(), 1)
		assert.Equal(t, "b-main", b.Calls()[0].Credential)
	})
	t.Run("default carrier", func(t *testing.T) {
		a, b := scripted("a"), scripted("b")
		c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithDefaultCarrier("b"), tracking.WithCredentials(store))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "N1"})
		require.NoError(t, err)
		assert.Empty(t, a.Calls())
		require.Len(t, b.Calls(), 1)
		assert.Equal(t, "b", b.Calls()[0].Request.Carrier, "the carrier sees the request with its ID filled in")
		_, err = c.Track(ctx, tracking.Request{TrackingNumber: "N2", Carrier: "a"})
		require.NoError(t, err)
		assert.Len(t, a.Calls(), 1, "naming a carrier overrides the default")
	})
	t.Run("single carrier is the default", func(t *testing.T) {
		a := scripted("a")
		// A store of its own: NewClient refuses one holding credentials
		// for carriers it does not register (b's).
		c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")))))
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "N1"})
		require.NoError(t, err)
		assert.Equal(t, "a", s.Carrier)
		assert.Len(t, a.Calls(), 1)
	})
	t.Run("no default among several", func(t *testing.T) {
		a, b := scripted("a"), scripted("b")
		c := newClient(t, tracking.WithCarrier(b), tracking.WithCarrier(a), tracking.WithCredentials(store))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "N1"})
		require.ErrorIs(t, err, tracking.ErrUnknownCarrier)
		assert.ErrorContains(t, err, "a, b")
		assert.Empty(t, a.Calls())
		assert.Empty(t, b.Calls())
	})
	t.Run("unknown carrier", func(t *testing.T) {
		a, b := scripted("a"), scripted("b")
		c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithDefaultCarrier("a"), tracking.WithCredentials(store))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "N1", Carrier: "fedex"})
		require.ErrorIs(t, err, tracking.ErrUnknownCarrier)
		assert.ErrorContains(t, err, `carrier "fedex" is not registered; use one of a, b`)
		assert.Empty(t, a.Calls())
	})
}

func TestClientTrackingNumber(t *testing.T) {
	ctx := context.Background()
	a := scripted("a")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")))))
	for _, n := range []string{"", " ", "\t\n "} {
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: n})
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, "%q", n)
		assert.ErrorContains(t, err, "Request.TrackingNumber")
	}
	assert.Empty(t, a.Calls(), "refused before the carrier")

	s, err := c.Track(ctx, tracking.Request{TrackingNumber: "  1Z999 \n"})
	require.NoError(t, err)
	assert.Equal(t, "1Z999", s.TrackingNumber)
	assert.Equal(t, "1Z999", a.Calls()[0].Request.TrackingNumber, "the carrier gets the number trimmed")
}

func TestClientWithoutStore(t *testing.T) {
	a := scripted("a")
	c := newClient(t, tracking.WithCarrier(a))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	assert.ErrorContains(t, err, "tracking.WithCredentials")
	assert.Empty(t, a.Calls())
}

func TestClientCredentialResolution(t *testing.T) {
	store := newStore(t,
		asDefault(apiCred("a-main", "a")),
		apiCred("a-alt", "a"),
		func() credentials.Credential { c := apiCred("a-off", "a"); c.Active = false; return c }(),
		asDefault(apiCred("b-main", "b")),
		inTenant("t1", asDefault(apiCred("a-t1", "a"))),
	)
	tests := []struct {
		name     string
		req      tracking.Request
		wantCode string
		wantErr  error
	}{
		{"default", tracking.Request{}, "a-main", nil},
		{"named", tracking.Request{Credential: "a-alt"}, "a-alt", nil},
		{"named inactive", tracking.Request{Credential: "a-off"}, "", credentials.ErrInactive},
		{"named for another carrier", tracking.Request{Credential: "b-main"}, "", credentials.ErrCarrierMismatch},
		{"named unknown", tracking.Request{Credential: "nope"}, "", credentials.ErrUnknownCode},
		{"tenant default", tracking.Request{Organization: "t1"}, "a-t1", nil},
		{"another tenant's code", tracking.Request{Organization: "t1", Credential: "a-main"}, "", credentials.ErrUnknownCode},
		{"tenant without credentials", tracking.Request{Organization: "t2"}, "", credentials.ErrNoDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := scripted("a"), scripted("b")
			c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithDefaultCarrier("a"), tracking.WithCredentials(store))
			req := tt.req
			req.TrackingNumber = "N"
			_, err := c.Track(context.Background(), req)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Empty(t, a.Calls(), "refused before the carrier")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []string{tt.wantCode}, a.CredentialCodes())
			assert.Empty(t, b.Calls())
		})
	}
}

func TestClientInactiveDefault(t *testing.T) {
	def := asDefault(apiCred("a-main", "a"))
	def.Active = false
	a := scripted("a")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(newStore(t, def, apiCred("a-alt", "a"))))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, credentials.ErrInactive)
	assert.ErrorContains(t, err, "a-main")
	assert.Empty(t, a.Calls())
}

func TestClientNoDefault(t *testing.T) {
	a := scripted("a")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(newStore(t, apiCred("a-1", "a"), apiCred("a-2", "a"))))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, credentials.ErrNoDefault)
	assert.ErrorContains(t, err, "a-1, a-2", "the message lists the codes to name")
	assert.Empty(t, a.Calls())

	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "N", Credential: "a-2"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a-2"}, a.CredentialCodes())
}

func TestClientMissingCredentialField(t *testing.T) {
	partial := asDefault(apiCred("a-main", "a")) // has api_key, lacks account_number
	store := newStore(t, partial)
	a := scripted("a", trackingtest.WithCredentialFields("api_key", "account_number"))
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(store))

	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorContains(t, err, "account_number")
	assert.NotContains(t, err.Error(), "secret-value-")
	assert.Empty(t, a.Calls(), "refused before any request goes out")

	// The client told the store the carrier's fields: it now refuses such a credential.
	_, err = store.Put(context.Background(), apiCred("a-other", "a"))
	assert.ErrorIs(t, err, credentials.ErrMissingField)

	full := apiCred("a-full", "a")
	full.Fields["account_number"] = "0001234567"
	_, err = store.Put(context.Background(), full)
	require.NoError(t, err)
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "N", Credential: "a-full"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a-full"}, a.CredentialCodes())
}

func TestClientCarrierAnswers(t *testing.T) {
	ctx := context.Background()
	store := newStore(t, asDefault(apiCred("a-main", "a")))
	a := trackingtest.NewCarrier("a")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(store))

	t.Run("nil shipment and nil error", func(t *testing.T) {
		a.Set("NIL", nil, nil)
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "NIL"})
		require.ErrorIs(t, err, tracking.ErrInvalidResponse)
		assert.Nil(t, s)
		var de *tracking.DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "a", de.Carrier)
	})
	t.Run("empty Carrier is filled in", func(t *testing.T) {
		a.SetDefaultFunc(func(_ context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
			return &tracking.Shipment{TrackingNumber: req.TrackingNumber, Status: tracking.StatusPending}, nil
		})
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "FUNC"})
		require.NoError(t, err)
		assert.Equal(t, "a", s.Carrier)
	})
	t.Run("carrier errors pass through", func(t *testing.T) {
		a.Set("LIMITED", nil, &tracking.APIError{Carrier: "a", StatusCode: 429, RetryAfter: 30 * time.Second})
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "LIMITED"})
		require.ErrorIs(t, err, tracking.ErrRateLimited)
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	})
	t.Run("request reaches the carrier whole", func(t *testing.T) {
		req := tracking.Request{TrackingNumber: "WHOLE", Courier: "usps", PostalCode: "2000", DestinationCountry: "AU",
			Language: "en", ShipDate: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Metadata: map[string]string{"order": "42"}}
		_, err := c.Track(ctx, req)
		require.NoError(t, err)
		calls := a.Calls()
		got := calls[len(calls)-1]
		want := req
		want.Carrier = "a"
		assert.Equal(t, want, got.Request)
		assert.Equal(t, "a-main", got.Credential)
	})
}

func TestClientContext(t *testing.T) {
	a := scripted("a")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")))))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, context.Canceled)

	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "N"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Empty(t, a.Calls(), "an ended context stops the call before the carrier")
}

func TestClientKeepsSecretsOutOfErrorsAndLogs(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	off := asDefault(apiCred("b-off", "b"))
	off.Active = false
	store := newStore(t, asDefault(apiCred("a-main", "a")), off, apiCred("a-alt", "a"))
	a := scripted("a")
	a.Refuse("a-alt")
	b := scripted("b", trackingtest.WithCredentialFields("api_key", "api_secret"))
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithDefaultCarrier("a"),
		tracking.WithCredentials(store), tracking.WithLogger(logger))

	var errs []error
	for _, req := range []tracking.Request{
		{TrackingNumber: "N"},
		{TrackingNumber: "N", Credential: "a-alt"},
		{TrackingNumber: "N", Credential: "b-off"},
		{TrackingNumber: "N", Carrier: "b"},
		{TrackingNumber: "N", Carrier: "b", Credential: "a-main"},
	} {
		_, err := c.Track(context.Background(), req)
		errs = append(errs, err)
	}
	require.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], tracking.ErrUnauthorized)
	assert.NotEmpty(t, logs.String(), "the logger was used")
	for _, err := range errs[1:] {
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "secret-value-")
	}
	assert.NotContains(t, logs.String(), "secret-value-")
}

func TestClientConcurrent(t *testing.T) {
	store := newStore(t, asDefault(apiCred("a-main", "a")), asDefault(apiCred("b-main", "b")), apiCred("b-alt", "b"))
	a, b := scripted("a"), scripted("b")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithDefaultCarrier("a"), tracking.WithCredentials(store))
	const workers, each = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				req := tracking.Request{TrackingNumber: fmt.Sprintf("N%d-%d", w, i)}
				if i%2 == 1 {
					req.Carrier, req.Credential = "b", "b-alt"
				}
				s, err := c.Track(context.Background(), req)
				if assert.NoError(t, err) {
					assert.Equal(t, req.TrackingNumber, s.TrackingNumber)
				}
			}
		}()
	}
	wg.Wait()
	assert.Len(t, a.Calls(), workers*each/2)
	assert.Len(t, b.Calls(), workers*each/2)
	for _, code := range b.CredentialCodes() {
		if !assert.Equal(t, "b-alt", code) {
			break
		}
	}
	assert.False(t, strings.Contains(strings.Join(a.CredentialCodes(), ","), "b-"))
}
