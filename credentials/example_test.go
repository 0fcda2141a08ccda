package credentials_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

func ExampleResolver_Resolve() {
	ctx := context.Background()
	store, err := credentials.NewMemoryStore(
		credentials.Credential{
			Code: "main", Carrier: "shipengine", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": "TEST_abc123"},
		},
		credentials.Credential{
			Code: "eu", Carrier: "shipengine", Active: true,
			Fields: map[string]credentials.Secret{"api_key": "TEST_def456"},
		},
		credentials.Credential{
			Code: "t123", Carrier: "track123", Active: true,
			Fields: map[string]credentials.Secret{"api_secret": "s3cr3t"},
		},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := credentials.NewResolver(store)
	r.RequireFields("shipengine", "api_key")

	// No code: the carrier's default. Its secret prints redacted.
	c, err := r.Resolve(ctx, credentials.DefaultOrganization, "shipengine", "")
	fmt.Println(c.Code, c.Field("api_key"), err)

	// A named code.
	c, _ = r.Resolve(ctx, credentials.DefaultOrganization, "shipengine", "eu")
	fmt.Println(c.Code)

	// Track123 has no default: the request must name one of its codes.
	_, err = r.Resolve(ctx, credentials.DefaultOrganization, "track123", "")
	fmt.Println(errors.Is(err, credentials.ErrNoDefault))
	fmt.Println(err)
	// Output:
	// main [REDACTED] <nil>
	// eu
	// true
	// credentials: carrier "track123" has no default credential in organization ""; name one of: t123: credentials: no default credential
}

func ExampleLoadEnviron() {
	// LoadEnv reads the process environment; LoadEnviron takes the list.
	// Both read the fields each carrier declares: pass the carriers
	// themselves (shipengine.New(), ...), or Declare their fields.
	environ := []string{
		"SHIPENGINE_API_KEY=TEST_abc123",
		"AUSPOST_ACCOUNT_NUMBER=0123456789",
		"AUSPOST_API_KEY=key",
		"AUSPOST_API_SECRET=secret",
	}
	auspost := credentials.Declare("auspost", "account_number", "api_key", "api_secret")
	store, err := credentials.LoadEnviron(environ,
		credentials.Declare("shipengine", "api_key"),
		auspost,
		credentials.Declare("track123", "api_secret"), // nothing set: skipped
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := credentials.NewResolver(store).Resolve(context.Background(), "", "auspost", "")
	fmt.Println(c, err)

	// Some variables of a carrier set and others not is an error naming them.
	_, err = credentials.LoadEnviron(environ[:2], auspost)
	fmt.Println(err)
	// Output:
	// credential "env-auspost" (carrier "auspost", organization "", active true, default true, fields account_number,api_key,api_secret) <nil>
	// credentials: environment: carrier "auspost" has AUSPOST_ACCOUNT_NUMBER set but not AUSPOST_API_KEY, AUSPOST_API_SECRET; set the missing variables or unset the others: credentials: missing field
}

func ExampleLoadJSON() {
	store, err := credentials.LoadJSON(strings.NewReader(`{"credentials": [
		{"code": "main", "carrier": "track123", "default": true, "fields": {"api_secret": "s3cr3t"}},
		{"code": "old", "carrier": "track123", "active": false, "fields": {"api_secret": "0ld"}}
	]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	list, _ := store.List(context.Background(), "", "track123")
	for _, c := range list {
		fmt.Println(c.Code, c.Active, c.Default, c.Fields)
	}
	// Output:
	// main true true map[api_secret:[REDACTED]]
	// old false false map[api_secret:[REDACTED]]
}
