package couriers

import (
	"fmt"
	"slices"
	"strings"
)

// Codes translates between canonical courier IDs and one tracking
// provider's own courier codes. Carriers build one from the provider's
// published courier list; it is read-only and safe for concurrent use.
type Codes struct {
	provider  string
	code      map[string]string // canonical ID -> provider code
	canonical map[string]string // lower-cased provider code -> canonical ID
}

// NewCodes returns the table of provider (a name for error messages):
// codes maps canonical IDs to the provider's code for each; aliases maps
// further provider codes (lower case) to the canonical ID they also mean,
// for a provider with several codes for one courier (ShipEngine's
// stamps_com and endicia both carry USPS). Check reports a table that
// names an unknown courier or maps two couriers to one code.
func NewCodes(provider string, codes, aliases map[string]string) *Codes {
	t := &Codes{provider: provider, code: make(map[string]string, len(codes)), canonical: make(map[string]string, len(codes)+len(aliases))}
	for id, code := range codes {
		t.code[id] = code
		t.canonical[strings.ToLower(code)] = id
	}
	for code, id := range aliases {
		t.canonical[strings.ToLower(code)] = id
	}
	return t
}

// Code returns the provider's code for courier when courier is a
// canonical ID the table knows, and courier unchanged otherwise, so that
// a provider's own code passes through.
func (t *Codes) Code(courier string) string {
	if code, ok := t.code[courier]; ok {
		return code
	}
	return courier
}

// Courier returns the canonical ID for the provider's code (compared
// without regard to case), or code unchanged when the table does not know
// it.
func (t *Codes) Courier(code string) string {
	if id, ok := t.canonical[code]; ok {
		return id
	}
	if id, ok := t.canonical[strings.ToLower(code)]; ok {
		return id
	}
	return code
}

// Serves reports whether the table has a code for the canonical courier.
func (t *Codes) Serves(courier string) bool {
	_, ok := t.code[courier]
	return ok
}

// Couriers returns the canonical IDs the table knows, sorted.
func (t *Codes) Couriers() []string {
	ids := make([]string, 0, len(t.code))
	for id := range t.code {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Check verifies the table: every canonical ID is in the registry, no two
// couriers share a provider code, no provider code is the canonical ID of
// another courier, every alias names a courier that has a code, and translating each way and back gives the value it started
// from. Carriers call it from their tests.
func (t *Codes) Check() error {
	seen := map[string]string{}
	for id, code := range t.code {
		if _, ok := Lookup(id); !ok {
			return fmt.Errorf("%s courier table: %q is not a canonical courier ID", t.provider, id)
		}
		if code == "" {
			return fmt.Errorf("%s courier table: %q has an empty code", t.provider, id)
		}
		k := strings.ToLower(code)
		if other, dup := seen[k]; dup {
			return fmt.Errorf("%s courier table: %q and %q share the code %q", t.provider, other, id, code)
		}
		seen[k] = id
		if back := t.Courier(t.Code(id)); back != id {
			return fmt.Errorf("%s courier table: %q -> %q -> %q", t.provider, id, code, back)
		}
	}
	for k, id := range t.canonical {
		// A provider code that is another courier's canonical ID would be
		// translated on the way out: Request.Courier could not reach it.
		if other, ok := Lookup(k); ok && other.ID != id {
			return fmt.Errorf("%s courier table: provider code %q means %q but is the canonical ID of another courier", t.provider, k, id)
		}
		if _, ok := t.code[id]; !ok {
			return fmt.Errorf("%s courier table: alias %q names %q, which has no code", t.provider, k, id)
		}
		if back := t.Courier(t.Code(id)); back != id {
			return fmt.Errorf("%s courier table: alias %q: %q does not come back", t.provider, k, id)
		}
	}
	return nil
}
