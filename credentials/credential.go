package credentials

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
)

// DefaultOrganization is the organization of single-tenant applications.
const DefaultOrganization = ""

// Credential is what one carrier needs to call its provider on behalf of
// one organization.
//
// It marshals to JSON as an entry of LoadFile's format (keys code,
// carrier, organization, active, default and fields) with every field's
// value written as "[REDACTED]": a marshalled Credential never holds a
// secret. See UnmarshalJSON for the way back.
type Credential struct {
	// Code names the credential; it never changes once stored. Stores
	// generate one when it is empty.
	Code string `json:"code"`
	// Carrier is the carrier ID the credential is for, e.g. "shipengine".
	Carrier string `json:"carrier"`
	// Organization is the tenant that owns it; "" is the default organization.
	Organization string `json:"organization"`
	// Active credentials may be used; an inactive one never is.
	Active bool `json:"active"`
	// Default marks the credential used when a request names none. At most
	// one per organization and carrier.
	Default bool `json:"default"`
	// Fields are the secrets, keyed by the names the carrier declares
	// (for example "api_key").
	Fields map[string]Secret `json:"fields"`
}

// UnmarshalJSON reads one entry of LoadFile's format, with its rules:
// "active" defaults to true when absent, unknown keys are refused, and
// errors wrap ErrInvalid and never quote a value; JSON null leaves c
// unchanged. A field holding "[REDACTED]", as a marshalled Credential
// writes it, reads as the empty Secret: the credential comes back without
// its secrets and, lacking its carrier's fields, is refused before any
// request goes out (ErrMissingField) until they are set again. (LoadFile
// and LoadJSON refuse such a field outright: a file must hold the values.)
func (c *Credential) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	v, err := decodeEntry(b)
	if err != nil {
		return fmt.Errorf("credentials: %s: %w", err, ErrInvalid)
	}
	for name, secret := range v.Fields {
		if secret == redacted {
			v.Fields[name] = ""
		}
	}
	*c = v
	return nil
}

// Field returns the named field, or "" when it is absent.
func (c Credential) Field(name string) Secret { return c.Fields[name] }

// Missing returns the names in required that c lacks or has empty, sorted.
func (c Credential) Missing(required []string) []string {
	var out []string
	for _, name := range required {
		if strings.TrimSpace(c.Fields[name].Reveal()) == "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Clone returns a copy whose Fields map is not shared with c.
func (c Credential) Clone() Credential {
	if c.Fields != nil {
		f := make(map[string]Secret, len(c.Fields))
		for k, v := range c.Fields {
			f[k] = v
		}
		c.Fields = f
	}
	return c
}

// String describes the credential without its secrets.
func (c Credential) String() string {
	return fmt.Sprintf("credential %q (carrier %q, organization %q, active %t, default %t, fields %s)",
		c.Code, c.Carrier, c.Organization, c.Active, c.Default, strings.Join(c.fieldNames(), ","))
}

// LogValue logs the credential without its secrets.
func (c Credential) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("code", c.Code),
		slog.String("carrier", c.Carrier),
		slog.String("organization", c.Organization),
		slog.Bool("active", c.Active),
		slog.Bool("default", c.Default),
		slog.Any("fields", c.fieldNames()),
	)
}

func (c Credential) fieldNames() []string {
	names := make([]string, 0, len(c.Fields))
	for k := range c.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
