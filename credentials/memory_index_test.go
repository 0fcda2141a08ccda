package credentials_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// TestMemoryStoreListMatchesModel runs random writes and deletes over a
// few organizations and carriers and checks List and the one-default rule
// against a plain model after every step, so that the store's per-carrier
// index cannot drift from its credentials.
func TestMemoryStoreListMatchesModel(t *testing.T) {
	ctx := context.Background()
	orgs := []string{"", "acme", "globex"}
	carriers := []string{"shipengine", "track123"}
	rng := rand.New(rand.NewPCG(1, 2))
	var s credentials.MemoryStore // the zero value, as users may start
	model := map[[2]string]credentials.Credential{}
	for step := range 2000 {
		org := orgs[rng.IntN(len(orgs))]
		code := fmt.Sprintf("c%02d", rng.IntN(30))
		c := credentials.Credential{Organization: org, Code: code, Carrier: carriers[rng.IntN(len(carriers))],
			Active: rng.IntN(2) == 0, Default: rng.IntN(5) == 0}
		old, exists := model[[2]string{org, code}]
		hasOtherDefault := func(carrier string) bool {
			for k, m := range model {
				if k[0] == org && m.Carrier == carrier && m.Default && k[1] != code {
					return true
				}
			}
			return false
		}
		switch op := rng.IntN(3); {
		case op == 0:
			err := s.Delete(ctx, org, code)
			require.Equal(t, exists, err == nil, "step %d: delete", step)
			delete(model, [2]string{org, code})
		case op == 1 && exists:
			c.Carrier = old.Carrier
			_, err := s.Update(ctx, c)
			require.Equal(t, !(c.Default && hasOtherDefault(c.Carrier)), err == nil, "step %d: update: %v", step, err)
			if err == nil {
				model[[2]string{org, code}] = c
			}
		default:
			_, err := s.Put(ctx, c)
			require.Equal(t, !exists && !(c.Default && hasOtherDefault(c.Carrier)), err == nil, "step %d: put: %v", step, err)
			if err == nil {
				model[[2]string{org, code}] = c
			}
		}
		for _, o := range orgs {
			for _, carrier := range carriers {
				var want []string
				for k, m := range model {
					if k[0] == o && m.Carrier == carrier {
						want = append(want, k[1])
					}
				}
				slices.Sort(want)
				got, err := s.List(ctx, o, carrier)
				require.NoError(t, err)
				var codes []string
				for _, g := range got {
					require.Equal(t, model[[2]string{o, g.Code}], g, "step %d", step)
					codes = append(codes, g.Code)
				}
				require.Equal(t, want, codes, "step %d: List(%q, %q)", step, o, carrier)
			}
		}
	}
}

// BenchmarkResolveDefault resolves a default credential in a store
// holding many organizations: the cost should not grow with the store.
func BenchmarkResolveDefault(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			creds := make([]credentials.Credential, 0, n)
			for i := range n {
				creds = append(creds, credentials.Credential{Organization: fmt.Sprintf("org%d", i), Code: "main",
					Carrier: "shipengine", Active: true, Default: true, Fields: fields("api_key", secretKey)})
			}
			s, err := credentials.NewMemoryStore(creds...)
			require.NoError(b, err)
			r := credentials.NewResolver(s)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Resolve(ctx, "org7", "shipengine", ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
