package credentials_test

import (
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/parcelkit/tracking/credentials"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Secret values used across the tests. No error, log line or printed
// value may contain any of them.
const (
	secretKey     = "sk_live_9f8e7d6c5b4a"
	secretOther   = "tk_SECRET_0123456789"
	secretAccount = "ACCT-77665544"
)

var allSecrets = []string{secretKey, secretOther, secretAccount}

// assertNoSecret fails when s contains a secret value.
func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	for _, v := range allSecrets {
		if strings.Contains(s, v) {
			t.Errorf("output contains the secret %q:\n%s", v, s)
		}
	}
}

// assertErrNoSecret fails when err's message contains a secret value.
func assertErrNoSecret(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		assertNoSecret(t, err.Error())
	}
}

// fields builds a Fields map.
func fields(kv ...string) map[string]credentials.Secret {
	m := make(map[string]credentials.Secret, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = credentials.Secret(kv[i+1])
	}
	return m
}

// sliceStore is a Store that validates nothing, so tests can hold states
// MemoryStore refuses (two defaults). With ignoreOrg it answers Get
// across organizations and List across organizations and carriers, as a
// careless database-backed store might.
type sliceStore struct {
	creds     []credentials.Credential
	ignoreOrg bool
}

func (s sliceStore) Get(_ context.Context, org, code string) (credentials.Credential, error) {
	for _, c := range s.creds {
		if c.Code == code && (s.ignoreOrg || c.Organization == org) {
			return c.Clone(), nil
		}
	}
	return credentials.Credential{}, credentials.ErrUnknownCode
}

func (s sliceStore) List(_ context.Context, org, carrier string) ([]credentials.Credential, error) {
	var out []credentials.Credential
	for _, c := range s.creds {
		if s.ignoreOrg || (c.Organization == org && c.Carrier == carrier) {
			out = append(out, c.Clone())
		}
	}
	return out, nil
}

// errStore fails every call with err.
type errStore struct{ err error }

func (s errStore) Get(context.Context, string, string) (credentials.Credential, error) {
	return credentials.Credential{}, s.err
}

func (s errStore) List(context.Context, string, string) ([]credentials.Credential, error) {
	return nil, s.err
}
