package credentials

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret is a credential field value. It prints, marshals and logs as
// "[REDACTED]"; Reveal returns the value.
type Secret string

const redacted = "[REDACTED]"

// Reveal returns the secret's value. Call it only where the value is sent
// to the provider.
func (s Secret) Reveal() string { return string(s) }

// String redacts the value.
func (s Secret) String() string { return redacted }

// GoString redacts the value for %#v.
func (s Secret) GoString() string { return `credentials.Secret("` + redacted + `")` }

// Format redacts the value for every fmt verb, %x and %q included.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(redacted))
}

// MarshalJSON redacts the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// UnmarshalJSON reads the value from a JSON string, so that credential
// files can be loaded.
func (s *Secret) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("credentials: a secret must be a JSON string")
	}
	*s = Secret(v)
	return nil
}

// MarshalText redacts the value (encoding/xml, YAML and others use it).
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue redacts the value in log/slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }
