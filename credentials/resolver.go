package credentials

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Resolver picks the credential a request uses, applying the rules in the
// package doc. It is safe for concurrent use. Build it with NewResolver;
// the zero value is not usable.
type Resolver struct {
	store Store

	mu     sync.RWMutex
	fields map[string][]string // carrier -> required field names
}

// NewResolver returns a Resolver over s.
func NewResolver(s Store) *Resolver {
	return &Resolver{store: s, fields: map[string][]string{}}
}

// RequireFields records the fields credentials for carrier must have. It
// is passed on to the store when the store is a FieldChecker.
func (r *Resolver) RequireFields(carrier string, fields ...string) {
	r.mu.Lock()
	r.fields[carrier] = append([]string(nil), fields...)
	r.mu.Unlock()
	if fc, ok := r.store.(FieldChecker); ok {
		fc.RequireFields(carrier, fields...)
	}
}

// Resolve returns the credential for a request to carrier on behalf of org:
// the one named by code, or the carrier's active default when code is "".
//
// The returned Credential is read-only: its Fields map may be lent by the
// store rather than copied for each call (MemoryStore and Chain do so,
// which saves Client.Track a copy per call). Modifying it never changes
// the store, but it may be seen by another goroutine reading the same
// credential; call Clone for a copy of your own.
func (r *Resolver) Resolve(ctx context.Context, org, carrier, code string) (Credential, error) {
	if r == nil || r.store == nil {
		return Credential{}, fmt.Errorf("credentials: no store configured for carrier %q: %w", carrier, ErrUnknownCode)
	}
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	var (
		c   Credential
		err error
	)
	if code != "" {
		c, err = r.named(ctx, org, carrier, code)
	} else {
		c, err = r.defaultFor(ctx, org, carrier)
	}
	if err != nil {
		return Credential{}, err
	}
	r.mu.RLock()
	required := r.fields[carrier]
	r.mu.RUnlock()
	if missing := c.Missing(required); len(missing) > 0 {
		return Credential{}, fmt.Errorf("credentials: credential %q for carrier %q lacks field %s; add it to the credential: %w",
			c.Code, carrier, strings.Join(missing, ", "), ErrMissingField)
	}
	return c, nil
}

// lender is a Store that can lend the Resolver its credentials without
// copying their Fields (MemoryStore.lend). ok false (or a number of
// defaults other than one) sends the Resolver down the Store path, which
// also builds the errors.
type lender interface {
	lend(org, code string) (c Credential, ok bool)
	lendDefault(org, carrier string) (c Credential, defaults int)
}

func (r *Resolver) named(ctx context.Context, org, carrier, code string) (Credential, error) {
	c, ok := Credential{}, false
	if l, lends := r.store.(lender); lends {
		c, ok = l.lend(org, code)
	}
	if !ok {
		var err error
		if c, err = r.store.Get(ctx, org, code); err != nil {
			return Credential{}, storeFailed(err, "credential "+quote(code), org, carrier)
		}
	}
	if c.Organization != org {
		// A store that ignores organizations must not leak another tenant's credential.
		return Credential{}, fmt.Errorf("credentials: no credential %q in organization %q: %w", code, org, ErrUnknownCode)
	}
	if c.Carrier != carrier {
		return Credential{}, fmt.Errorf("credentials: credential %q is for carrier %q, not %q; name a %s credential: %w",
			code, c.Carrier, carrier, carrier, ErrCarrierMismatch)
	}
	if !c.Active {
		return Credential{}, fmt.Errorf("credentials: credential %q for carrier %q is inactive; activate it or name another: %w",
			code, carrier, ErrInactive)
	}
	return c, nil
}

func (r *Resolver) defaultFor(ctx context.Context, org, carrier string) (Credential, error) {
	if l, lends := r.store.(lender); lends {
		if c, defaults := l.lendDefault(org, carrier); defaults == 1 {
			return activeDefault(c, org, carrier)
		}
	}
	all, err := r.store.List(ctx, org, carrier)
	if err != nil {
		return Credential{}, storeFailed(err, "the credentials", org, carrier)
	}
	var def, defaults int // def is read only when defaults is 1
	for i, c := range all {
		if c.Organization == org && c.Carrier == carrier && c.Default {
			def, defaults = i, defaults+1
		}
	}
	switch {
	case defaults == 0:
		return Credential{}, noDefault(all, org, carrier)
	case defaults > 1:
		return Credential{}, fmt.Errorf("credentials: carrier %q has %d default credentials in organization %q; keep one: %w",
			carrier, defaults, org, ErrAmbiguousDefault)
	}
	return activeDefault(all[def], org, carrier)
}

// activeDefault returns c, org's only default for carrier, when it is
// active.
func activeDefault(c Credential, org, carrier string) (Credential, error) {
	if !c.Active {
		return Credential{}, fmt.Errorf("credentials: the default credential %q for carrier %q in organization %q is inactive; activate it or name another: %w",
			c.Code, carrier, org, ErrInactive)
	}
	return c, nil
}

// noDefault explains a missing default: which credentials a request could
// name instead, or that none is active.
func noDefault(all []Credential, org, carrier string) error {
	var codes, inactive []string // codes: active, the ones a request may name
	for _, c := range all {
		if c.Organization != org || c.Carrier != carrier {
			continue
		}
		if c.Active {
			codes = append(codes, c.Code)
		} else {
			inactive = append(inactive, c.Code)
		}
	}
	// Sorted here too: a Store should order by code, but the message must
	// not depend on it.
	sort.Strings(codes)
	sort.Strings(inactive)
	switch {
	case len(codes) == 0 && len(inactive) > 0:
		return fmt.Errorf("credentials: organization %q has no active credential for carrier %q (inactive: %s); activate one: %w",
			org, carrier, strings.Join(inactive, ", "), ErrNoDefault)
	case len(codes) == 0:
		return fmt.Errorf("credentials: organization %q has no credential for carrier %q; add one: %w", org, carrier, ErrNoDefault)
	}
	return fmt.Errorf("credentials: carrier %q has no default credential in organization %q; name one of: %s: %w",
		carrier, org, strings.Join(codes, ", "), ErrNoDefault)
}

// storeFailed gives context to a store's own failure (a database error),
// which says nothing of what was looked up. A store's ErrUnknownCode and
// the context's errors are returned as they are.
func storeFailed(err error, what, org, carrier string) error {
	if errors.Is(err, ErrUnknownCode) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("credentials: the store failed to look up %s for carrier %s in organization %s; retry, or check the store: %w",
		what, quote(carrier), quote(org), err)
}
