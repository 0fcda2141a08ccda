package credentials_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

func memStore(t testing.TB, creds ...credentials.Credential) *credentials.MemoryStore {
	t.Helper()
	s, err := credentials.NewMemoryStore(creds...)
	require.NoError(t, err)
	return s
}

func seCredential(code string, def bool, key string) credentials.Credential {
	return credentials.Credential{Code: code, Carrier: "shipengine", Active: true, Default: def, Fields: fields("api_key", key)}
}

func codesOf(list []credentials.Credential) []string {
	var out []string
	for _, c := range list {
		out = append(out, fmt.Sprintf("%s/%s default=%t", c.Code, c.Carrier, c.Default))
	}
	return out
}

func TestChainGet(t *testing.T) {
	ctx := context.Background()
	down := errors.New("database unreachable")
	file := memStore(t, seCredential("main", true, secretKey), seCredential("file-only", false, secretKey))
	env := memStore(t, seCredential("main", true, secretOther), seCredential("env-only", false, secretOther))

	c := credentials.Chain(file, env)
	got, err := c.Get(ctx, "", "main")
	require.NoError(t, err)
	assert.Equal(t, secretKey, got.Field("api_key").Reveal(), "the first store wins")
	got, err = c.Get(ctx, "", "env-only")
	require.NoError(t, err)
	assert.Equal(t, "env-only", got.Code, "a code the first store lacks passes on")

	_, err = c.Get(ctx, "", "nowhere")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)
	assert.ErrorContains(t, err, `"nowhere"`)
	_, err = c.Get(ctx, "acme", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode, "organizations stay apart")

	_, err = credentials.Chain(errStore{down}, env).Get(ctx, "", "env-only")
	require.ErrorIs(t, err, down, "a store that fails stops the lookup")
	assert.ErrorContains(t, err, "chained store 0")
	got, err = credentials.Chain(env, errStore{down}).Get(ctx, "", "env-only")
	require.NoError(t, err, "a later store is not asked once one answered")
	assert.Equal(t, "env-only", got.Code)

	// A store that ignores the organization answers with another tenant's
	// credential: the chain treats it as not holding the code.
	leaky := sliceStore{ignoreOrg: true, creds: []credentials.Credential{{Code: "main", Carrier: "shipengine", Organization: "other", Active: true}}}
	got, err = credentials.Chain(leaky, env).Get(ctx, "", "main")
	require.NoError(t, err)
	assert.Equal(t, secretOther, got.Field("api_key").Reveal())
	_, err = credentials.Chain(leaky).Get(ctx, "", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode)

	_, err = credentials.Chain().Get(ctx, "", "main")
	require.ErrorIs(t, err, credentials.ErrUnknownCode, "an empty chain holds nothing")
}

func TestChainList(t *testing.T) {
	ctx := context.Background()
	down := errors.New("database unreachable")
	t123 := credentials.Credential{Code: "shared", Carrier: "track123", Active: true, Fields: fields("api_secret", secretKey)}
	file := memStore(t, seCredential("b-file", true, secretKey), t123)
	env := memStore(t, seCredential("a-env", true, secretOther), seCredential("shared", false, secretOther), seCredential("c-env", false, secretOther))
	app := memStore(t, seCredential("b-file", false, secretOther), seCredential("d-app", true, secretOther))

	list, err := credentials.Chain(file, env, app).List(ctx, "", "shipengine")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"a-env/shipengine default=false", // env's default: file's comes first
		"b-file/shipengine default=true", // file's, not app's non-default of the same code
		"c-env/shipengine default=false",
		"d-app/shipengine default=false",
		// "shared" is track123's in the file: env's shipengine "shared" is hidden
	}, codesOf(list))

	list, err = credentials.Chain(env, app).List(ctx, "", "shipengine")
	require.NoError(t, err)
	assert.Equal(t, []string{"a-env/shipengine default=true", "b-file/shipengine default=false",
		"c-env/shipengine default=false", "d-app/shipengine default=false", "shared/shipengine default=false"}, codesOf(list))

	list, err = credentials.Chain(file, env).List(ctx, "acme", "shipengine")
	require.NoError(t, err)
	assert.Empty(t, list)

	leaky := sliceStore{ignoreOrg: true, creds: []credentials.Credential{
		{Code: "x", Carrier: "shipengine", Organization: "other", Active: true, Default: true},
		{Code: "y", Carrier: "track123", Active: true, Default: true},
		{Code: "z", Carrier: "shipengine", Active: true},
	}}
	list, err = credentials.Chain(leaky, env).List(ctx, "", "shipengine")
	require.NoError(t, err)
	assert.Equal(t, []string{"a-env/shipengine default=true", "c-env/shipengine default=false", "shared/shipengine default=false",
		"z/shipengine default=false"},
		codesOf(list), "another organization's or carrier's credential is neither listed nor the default; the store's own still is")

	_, err = credentials.Chain(file, errStore{down}).List(ctx, "", "shipengine")
	require.ErrorIs(t, err, down)
	assert.ErrorContains(t, err, "chained store 1")
	// A store that fails while the chain checks whether it hides a code.
	_, err = credentials.Chain(getFails{errStore{down}}, env).List(ctx, "", "shipengine")
	require.ErrorIs(t, err, down)

	list, err = credentials.Chain().List(ctx, "", "shipengine")
	require.NoError(t, err)
	assert.Empty(t, list)
}

// getFails lists nothing and fails every Get.
type getFails struct{ errStore }

func (getFails) List(context.Context, string, string) ([]credentials.Credential, error) {
	return nil, nil
}

func TestChainResolve(t *testing.T) {
	ctx := context.Background()
	file := memStore(t, seCredential("file-main", true, secretKey))
	env := memStore(t, seCredential("env-shipengine", true, secretOther),
		credentials.Credential{Code: "env-track123", Carrier: "track123", Active: true, Default: true, Fields: fields("api_secret", secretOther)})

	for name, wrap := range map[string]func(credentials.Store) credentials.Store{
		"lent":       func(s credentials.Store) credentials.Store { return s },
		"store path": func(s credentials.Store) credentials.Store { return plainStore{s} },
	} {
		t.Run(name, func(t *testing.T) {
			r := newTestResolver(credentials.Chain(wrap(file), wrap(env)))
			got, err := r.Resolve(ctx, "", "shipengine", "")
			require.NoError(t, err)
			assert.Equal(t, "file-main", got.Code, "the file's default wins over the environment's")
			got, err = r.Resolve(ctx, "", "track123", "")
			require.NoError(t, err)
			assert.Equal(t, "env-track123", got.Code, "the environment's default where the file has none")
			got, err = r.Resolve(ctx, "", "shipengine", "env-shipengine")
			require.NoError(t, err)
			assert.Equal(t, secretOther, got.Field("api_key").Reveal())

			two := memStore(t, seCredential("a", false, secretKey), seCredential("b", false, secretKey))
			_, err = newTestResolver(credentials.Chain(wrap(two), wrap(env))).Resolve(ctx, "", "shipengine", "")
			require.NoError(t, err, "a store without default passes on")
		})
	}

	// Two defaults in the store that supplies the default stay an error.
	twoDefaults := sliceStore{creds: []credentials.Credential{seCredential("a", true, secretKey), seCredential("b", true, secretKey)}}
	_, err := newTestResolver(credentials.Chain(twoDefaults, env)).Resolve(ctx, "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrAmbiguousDefault)

	// A default whose code an earlier store holds is hidden with it.
	hider := memStore(t, credentials.Credential{Code: "env-shipengine", Carrier: "track123", Active: true, Fields: fields("api_secret", secretKey)})
	_, err = newTestResolver(credentials.Chain(hider, env)).Resolve(ctx, "", "shipengine", "")
	require.ErrorIs(t, err, credentials.ErrNoDefault)
	assert.NotContains(t, err.Error(), "env-shipengine", "a hidden code is not offered")
}

func TestChainLendsWithoutCopy(t *testing.T) {
	file := memStore(t, seCredential("other", false, secretKey))
	env := memStore(t, seCredential("env-shipengine", true, secretOther))
	r := newTestResolver(credentials.Chain(file, env))
	ctx := context.Background()
	for _, code := range []string{"", "env-shipengine", "other"} {
		allocs := testing.AllocsPerRun(50, func() {
			if _, err := r.Resolve(ctx, "", "shipengine", code); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "code %q", code)
	}
}

func TestChainPassesOn(t *testing.T) {
	ctx := context.Background()
	a := memStore(t, seCredential("x", false, secretKey))
	b := memStore(t, credentials.Credential{Code: "y", Carrier: "track123", Active: true, Fields: fields("api_secret", secretKey)},
		credentials.Credential{Code: "z", Carrier: "shipengine", Organization: "acme", Active: true})
	c := credentials.Chain(a, sliceStore{}, b)

	assert.Equal(t, []string{"shipengine", "track123"}, c.CarrierIDs(),
		"the carriers of the stores that can list them, once each")
	assert.Empty(t, credentials.Chain(sliceStore{}).CarrierIDs())

	c.RequireFields("shipengine", "api_key")
	for _, s := range []*credentials.MemoryStore{a, b} {
		_, err := s.Put(ctx, credentials.Credential{Carrier: "shipengine"})
		require.ErrorIs(t, err, credentials.ErrMissingField, "every FieldChecker store is told")
	}
}

// TestChainLendingAgreesWithStorePath resolves random chains of random
// MemoryStores twice, once through the lending path and once through
// Get and List only, and requires the same answer: the two paths apply
// one set of rules.
func TestChainLendingAgreesWithStorePath(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	carriers := []string{"shipengine", "track123"}
	for round := range 400 {
		var lent, plain []credentials.Store
		for range 1 + rng.IntN(3) {
			var s credentials.MemoryStore
			for range rng.IntN(4) {
				c := credentials.Credential{Code: fmt.Sprintf("c%d", rng.IntN(4)), Carrier: carriers[rng.IntN(2)],
					Active: rng.IntN(4) > 0, Default: rng.IntN(2) == 0, Fields: fields("api_key", secretKey)}
				_, _ = s.Put(ctx, c) // a refused duplicate or second default is simply not there
			}
			lent, plain = append(lent, &s), append(plain, plainStore{&s})
		}
		for _, carrier := range carriers {
			for _, code := range []string{"", "c0", "c1", "c2", "c3"} {
				want, wantErr := credentials.NewResolver(credentials.Chain(plain...)).Resolve(ctx, "", carrier, code)
				got, err := credentials.NewResolver(credentials.Chain(lent...)).Resolve(ctx, "", carrier, code)
				require.Equal(t, wantErr == nil, err == nil, "round %d, %s %q: %v / %v", round, carrier, code, wantErr, err)
				if err != nil {
					require.Equal(t, wantErr.Error(), err.Error(), "round %d", round)
					continue
				}
				require.Equal(t, want, got, "round %d, %s %q", round, carrier, code)
			}
		}
	}
}

// plainStore hides everything but Get and List of the store it wraps.
type plainStore struct{ s credentials.Store }

func (p plainStore) Get(ctx context.Context, org, code string) (credentials.Credential, error) {
	return p.s.Get(ctx, org, code)
}

func (p plainStore) List(ctx context.Context, org, carrier string) ([]credentials.Credential, error) {
	return p.s.List(ctx, org, carrier)
}
