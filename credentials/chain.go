package credentials

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Chain combines stores into one, for example a credentials file, the
// environment and the application's own store:
//
//	store := credentials.Chain(fileStore, envStore, appStore)
//
// Earlier stores win, and every rule works on one view of all of them:
//
//   - Get asks the stores in order and returns the first credential it
//     finds with the code in the organization. A store's ErrUnknownCode,
//     or an answer from another organization (a store that ignores the
//     organization), passes on to the next store; any other error stops
//     the lookup and is returned, so that a store that is down never lets
//     a later store's credential stand in for the one it holds.
//   - List returns every store's credentials for the organization and
//     carrier, ordered by code, but leaves out a credential whose code an
//     earlier store already holds in that organization (for any carrier):
//     a code names the same credential in Get and List. Credentials of
//     other organizations are left out too.
//   - Defaults: the first store whose listed credentials hold a default for
//     the organization and carrier supplies it; the defaults of later
//     stores are listed with Default false. A file's default thus wins
//     over the environment's, which wins over the application's. Two
//     defaults in that one store remain an error (ErrAmbiguousDefault).
//   - A store's error from List fails the whole List: a missing store
//     could change which credential is the default.
//
// The ChainStore is safe for concurrent use when its stores are. It implements
// FieldChecker and CarrierIDLister by passing the calls on to the stores
// that implement them, and resolves from MemoryStores without copying
// Fields, as a MemoryStore does. A Chain of no store holds nothing.
func Chain(stores ...Store) *ChainStore {
	return &ChainStore{stores: slices.Clone(stores)}
}

// ChainStore is the Store Chain returns.
type ChainStore struct{ stores []Store }

var (
	_ Store           = (*ChainStore)(nil)
	_ FieldChecker    = (*ChainStore)(nil)
	_ CarrierIDLister = (*ChainStore)(nil)
	_ lender          = (*ChainStore)(nil)
)

// Get returns the first store's credential with the code in org.
func (ch *ChainStore) Get(ctx context.Context, org, code string) (Credential, error) {
	c, found, err := ch.get(ctx, org, code, len(ch.stores))
	if err != nil {
		return Credential{}, err
	}
	if !found {
		return Credential{}, fmt.Errorf("credentials: %w", notFound(org, code, "check the code or add the credential to one of the chained stores"))
	}
	return c, nil
}

// get looks code up in the first n stores.
func (ch *ChainStore) get(ctx context.Context, org, code string, n int) (Credential, bool, error) {
	for i, s := range ch.stores[:n] {
		c, err := s.Get(ctx, org, code)
		if errors.Is(err, ErrUnknownCode) {
			continue
		}
		if err != nil {
			return Credential{}, false, fmt.Errorf("credentials: chained store %d: %w", i, err)
		}
		if c.Organization == org {
			return c, true, nil
		}
	}
	return Credential{}, false, nil
}

// List merges the stores' lists as Chain's doc says.
func (ch *ChainStore) List(ctx context.Context, org, carrier string) ([]Credential, error) {
	var out []Credential
	defaultFrom := -1 // the store that supplies the default
	for i, s := range ch.stores {
		list, err := s.List(ctx, org, carrier)
		if err != nil {
			return nil, fmt.Errorf("credentials: chained store %d: %w", i, err)
		}
		for _, c := range list {
			if c.Organization != org || c.Carrier != carrier {
				continue
			}
			// A code an earlier store holds, for any carrier, is that store's.
			if _, shadowed, err := ch.get(ctx, org, c.Code, i); err != nil {
				return nil, err
			} else if shadowed {
				continue
			}
			if c.Default {
				if defaultFrom == -1 {
					defaultFrom = i
				}
				c.Default = defaultFrom == i
			}
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Credential) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// RequireFields passes the fields on to every store that is a FieldChecker.
func (ch *ChainStore) RequireFields(carrier string, fields ...string) {
	for _, s := range ch.stores {
		if fc, ok := s.(FieldChecker); ok {
			fc.RequireFields(carrier, fields...)
		}
	}
}

// CarrierIDs returns, sorted and once each, the carrier IDs of the stores
// that are CarrierIDLister.
func (ch *ChainStore) CarrierIDs() []string {
	var ids []string
	for _, s := range ch.stores {
		if l, ok := s.(CarrierIDLister); ok {
			ids = append(ids, l.CarrierIDs()...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// lend lends the first store's credential when every store up to the one
// holding it lends; otherwise the Resolver takes the Get path.
func (ch *ChainStore) lend(org, code string) (Credential, bool) {
	for _, s := range ch.stores {
		l, ok := s.(lender)
		if !ok {
			return Credential{}, false
		}
		if c, ok := l.lend(org, code); ok {
			return c, true
		}
	}
	return Credential{}, false
}

// lendDefault lends the default the first store with defaults holds, when
// it holds exactly one whose code no earlier store holds and every store
// up to it lends; otherwise the Resolver takes the List path, which also
// explains an absent or ambiguous default.
func (ch *ChainStore) lendDefault(org, carrier string) (Credential, int) {
	for i, s := range ch.stores {
		l, ok := s.(lender)
		if !ok {
			return Credential{}, 0
		}
		c, defaults := l.lendDefault(org, carrier)
		if defaults == 0 {
			continue
		}
		if defaults > 1 {
			return Credential{}, defaults
		}
		for _, earlier := range ch.stores[:i] {
			if _, shadowed := earlier.(lender).lend(org, c.Code); shadowed {
				return Credential{}, 0
			}
		}
		return c, 1
	}
	return Credential{}, 0
}
