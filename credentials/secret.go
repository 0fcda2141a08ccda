package credentials

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// Secret is a credential field value. It prints (every fmt verb but %p and
// %w, see below), marshals (JSON and text) and logs (log/slog) as
// "[REDACTED]"; Reveal returns the value.
//
// fmt cannot call methods on unexported struct fields, so a Secret kept in
// an unexported field of a struct that is printed whole shows its value:
// keep Secrets in exported fields, or in a Credential. fmt also prints the
// raw value, without calling any method, when a Secret or a Credential is
// given to a verb that does not fit it: %p, or %w (in fmt.Errorf too); go
// vet reports both misuses. Likewise encoding/json writes map keys of
// string kind as they are: never key a map by a Secret.
type Secret string

const redacted = "[REDACTED]"

// Reveal returns the secret's value. Call it only where the value is sent
// to the provider.
func (s Secret) Reveal() string { return string(s) }

// String redacts the value.
func (s Secret) String() string { return redacted }

// GoString redacts the value for %#v.
func (s Secret) GoString() string { return `credentials.Secret("` + redacted + `")` }

// Format redacts the value for every fmt verb that reaches it, %x and %q
// included; fmt handles %p and a misused %w without calling it.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(redacted)))
	default:
		_, _ = f.Write([]byte(redacted))
	}
}

// MarshalJSON redacts the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// UnmarshalJSON reads the value from a JSON string. "[REDACTED]", which
// MarshalJSON writes in place of the value, reads as the empty Secret:
// the value is not in the JSON, and an empty Secret counts as a missing
// field wherever fields are checked, so it is never sent to a provider.
func (s *Secret) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("credentials: a secret must be a JSON string")
	}
	if v == redacted {
		v = ""
	}
	*s = Secret(v)
	return nil
}

// MarshalText redacts the value (encoding/xml, YAML and others use it).
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue redacts the value in log/slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }
