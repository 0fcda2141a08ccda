package credentials

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// CarrierFields is what LoadEnv needs of a carrier: its ID and the names
// of the credential fields it needs. Every carrier in this module's
// carriers/ implements it (their CredentialFields method is the one
// tracking.CredentialFielder names); Declare makes one from names.
type CarrierFields interface {
	ID() string
	CredentialFields() []string
}

// Declare returns the CarrierFields of a carrier with the given ID and
// fields, for LoadEnv when the carrier value is not at hand, or to read
// fields the carrier itself does not require (a webhook secret).
func Declare(carrierID string, fields ...string) CarrierFields {
	return declared{id: carrierID, fields: append([]string(nil), fields...)}
}

type declared struct {
	id     string
	fields []string
}

func (d declared) ID() string                 { return d.id }
func (d declared) CredentialFields() []string { return append([]string(nil), d.fields...) }

// LoadEnv builds a MemoryStore from environment variables, reading for
// each carrier the fields it declares (CredentialFields; shipengine's
// api_key for example). Each field is read from the variable EnvVar
// names, <CARRIER>_<FIELD> in upper case (SHIPENGINE_API_KEY,
// TRACK123_API_SECRET, AUSPOST_ACCOUNT_NUMBER):
//
//	store, err := credentials.LoadEnv(shipengine.New(), track123.New())
//
// A variable that is empty or holds only spaces counts as unset.
//
// A carrier whose variables are all set gets one active default
// credential in the default organization, with code "env-<carrier>". A
// carrier with none set, or declaring no field, is skipped. A carrier with
// some set and others not is an error wrapping ErrMissingField that names
// the missing variables, never a value. A carrier given twice reads the
// fields both declare; a nil carrier or one with an empty ID is an error
// wrapping ErrInvalid. The store requires each carrier's fields on later
// writes (see MemoryStore.RequireFields).
func LoadEnv(carriers ...CarrierFields) (*MemoryStore, error) {
	return loadEnv(os.LookupEnv, carriers)
}

// LoadEnviron is LoadEnv reading environ, a list of "KEY=value" entries in
// the form os.Environ returns, instead of the process environment. A key
// listed twice takes its last value.
func LoadEnviron(environ []string, carriers ...CarrierFields) (*MemoryStore, error) {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	return loadEnv(func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}, carriers)
}

// fieldsByCarrier gathers the fields each carrier declares.
func fieldsByCarrier(carriers []CarrierFields) (map[string][]string, error) {
	out := make(map[string][]string, len(carriers))
	for i, c := range carriers {
		if c == nil {
			return nil, fmt.Errorf("credentials: environment: carrier %d is nil: %w", i, ErrInvalid)
		}
		id := c.ID()
		if strings.TrimSpace(id) == "" {
			return nil, fmt.Errorf("credentials: environment: carrier %d (%T) has an empty ID: %w", i, c, ErrInvalid)
		}
		fields := append(out[id], c.CredentialFields()...)
		slices.Sort(fields)
		out[id] = slices.Compact(fields)
	}
	return out, nil
}

// EnvVar returns the environment variable LoadEnv reads for a carrier's
// field: both upper-cased, joined by '_', with every character other than
// ASCII letters, digits and '_' replaced by '_' ("track123", "api_secret"
// gives TRACK123_API_SECRET).
func EnvVar(carrier, field string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_':
			return r
		}
		return '_'
	}, carrier+"_"+field)
}

func loadEnv(lookup func(string) (string, bool), declared []CarrierFields) (*MemoryStore, error) {
	carrierFields, err := fieldsByCarrier(declared)
	if err != nil {
		return nil, err
	}
	carriers := make([]string, 0, len(carrierFields))
	for c := range carrierFields {
		carriers = append(carriers, c)
	}
	sort.Strings(carriers)

	s := newMemoryStore(len(carriers))
	var problems []string
	for _, carrier := range carriers {
		fields := carrierFields[carrier]
		values := make(map[string]Secret, len(fields))
		var set, missing []string // variable names
		for _, f := range fields {
			name := EnvVar(carrier, f)
			if v, ok := lookup(name); ok && strings.TrimSpace(v) != "" {
				values[f] = Secret(v)
				set = append(set, name)
			} else {
				missing = append(missing, name)
			}
		}
		switch {
		case len(set) == 0:
			continue
		case len(missing) > 0:
			problems = append(problems, fmt.Sprintf("carrier %s has %s set but not %s",
				quote(carrier), strings.Join(set, ", "), strings.Join(missing, ", ")))
			continue
		}
		c := Credential{
			Code:         "env-" + carrier,
			Carrier:      carrier,
			Organization: DefaultOrganization,
			Active:       true,
			Default:      true,
			Fields:       values,
		}
		if _, err := s.insert(c); err != nil {
			return nil, fmt.Errorf("credentials: environment: %w", err)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("credentials: environment: %s; set the missing variables or unset the others: %w",
			strings.Join(problems, "; "), ErrMissingField)
	}
	for carrier, fields := range carrierFields {
		s.RequireFields(carrier, fields...)
	}
	return s, nil
}
