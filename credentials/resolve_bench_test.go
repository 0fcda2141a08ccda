package credentials_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// BenchmarkResolve resolves one credential the way every Client.Track
// does, by default and by code, from a MemoryStore that requires the
// carrier's fields. Its allocations are the credential's fixed cost per
// call (issue 15: the copy of the Fields map).
func BenchmarkResolve(b *testing.B) {
	s, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "main", Carrier: "track123", Active: true, Default: true,
			Fields: fields("api_secret", secretKey)},
		credentials.Credential{Code: "other", Carrier: "track123", Active: true,
			Fields: fields("api_secret", secretOther)},
	)
	require.NoError(b, err)
	r := credentials.NewResolver(s)
	r.RequireFields("track123", "api_secret")
	ctx := context.Background()
	for _, bc := range []struct{ name, code string }{{"default", ""}, {"named", "other"}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Resolve(ctx, "", "track123", bc.code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
