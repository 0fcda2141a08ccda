package credentials_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
)

// TestErrorsNeverContainSecrets drives every function of the package into
// its errors with secret values in play and checks none is quoted.
func TestErrorsNeverContainSecrets(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	full := func(code string) credentials.Credential {
		return credentials.Credential{Code: code, Carrier: "auspost", Active: true, Default: true,
			Fields: fields("account_number", secretAccount, "api_key", secretKey, "api_secret", secretOther)}
	}
	s, err := credentials.NewMemoryStore(full("main"))
	require.NoError(t, err)
	s.RequireFields("auspost", "account_number", "api_key", "api_secret", "extra")
	r := credentials.NewResolver(s)
	r.RequireFields("auspost", "account_number", "api_key", "api_secret", "extra")

	var errs []error
	collect := func(_ any, err error) { errs = append(errs, err) }

	collect(credentials.NewMemoryStore(full("a"), full("b")))
	collect(credentials.NewMemoryStore(full("a"), full("a")))
	collect(credentials.NewMemoryStore(full("bad code")))
	collect(s.Put(ctx, full("main")))
	collect(s.Put(ctx, full("other")))
	collect(s.Put(ctx, full("")))
	collect(s.Put(ctx, credentials.Credential{Code: "x", Fields: fields("api_key", secretKey)}))
	collect(s.Put(cancelled, full("x")))
	collect(s.Update(ctx, full("absent")))
	collect(s.Update(ctx, full("main")))
	moved := full("main")
	moved.Carrier = "startrack"
	collect(s.Update(ctx, moved))
	collect(nil, s.Delete(ctx, "", "absent"))
	collect(s.Get(ctx, "", "absent"))
	collect(s.List(cancelled, "", "auspost"))
	collect(r.Resolve(ctx, "", "auspost", ""))
	collect(r.Resolve(ctx, "", "auspost", "main"))
	collect(r.Resolve(ctx, "", "startrack", "main"))
	collect(r.Resolve(ctx, "other", "auspost", "main"))
	collect(r.Resolve(ctx, "", "startrack", ""))
	collect(r.Resolve(cancelled, "", "auspost", ""))

	for _, in := range []string{
		`[{"carrier":"c","fields":{"k":` + secretKey + `}}]`,
		`[{"carrier":"c","fields":{"k":"` + secretKey + `\x"}}]`,
		`[{"carrier":"c","fields":{"k":"` + secretKey,
		`[{"carrier":"c","fields":{"k":["` + secretKey + `"]}}]`,
		`[{"carrier":"c","fields":["` + secretKey + `"]}]`,
		`[{"carrier":"c","note":"` + secretKey + `"}]`,
		`[{"carrier":"c","active":"` + secretKey + `"}]`,
		`["` + secretKey + `"]`,
		`{"credentials":"` + secretKey + `"}`,
		`{"credentials":[],"x":"` + secretKey + `"}`,
		secretKey,
		`"` + secretKey + `"`,
		`[]` + secretKey,
		`[{"code":"a","carrier":"c","default":true,"fields":{"k":"` + secretKey + `"}},{"code":"b","carrier":"c","default":true,"fields":{"k":"` + secretOther + `"}}]`,
	} {
		collect(credentials.LoadJSON(strings.NewReader(in)))
	}
	collect(credentials.LoadFile("testdata/misspelt.json"))
	collect(credentials.LoadFile("testdata/two_defaults.json"))
	collect(credentials.LoadEnviron([]string{"AUSPOST_API_KEY=" + secretKey, "AUSPOST_API_SECRET=" + secretOther}, declare(carrierFields)...))
	collect(credentials.LoadEnviron([]string{"X_Y_K=" + secretKey}, credentials.Declare("x y", "k")))

	for i, err := range errs {
		if assert.Error(t, err, "call %d", i) {
			assertErrNoSecret(t, err)
		}
	}
}
