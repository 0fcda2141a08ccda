package credentials

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MaxCodeLen is the longest code a MemoryStore accepts.
const MaxCodeLen = 64

// MemoryStore is a Store held in memory. It is safe for concurrent use,
// and its zero value is an empty store ready to use.
//
// Every write is validated: the carrier must be set; a code holds only
// ASCII letters, digits, '-', '_', '.' and ':' (at most MaxCodeLen of them)
// and is generated when left empty; a code is used once per organization
// (ErrDuplicate); an organization has at most one default per carrier
// (ErrAmbiguousDefault); and a credential has every field required for its
// carrier (ErrMissingField). Codes are immutable: Update replaces the
// credential with a given organization and code but cannot move it to
// another carrier.
//
// The store keeps its own copies: changing a Credential's Fields map after
// a write, or one returned by Get or List, does not change the store.
// Lookups cost what one organization holds for one carrier, whatever the
// size of the store.
type MemoryStore struct {
	mu       sync.RWMutex
	creds    map[storeKey]Credential
	lent     map[storeKey]map[string]Secret // a second copy of each credential's Fields, lent to the Resolver (see lend)
	codes    map[carrierKey][]string        // sorted codes of each organization's credentials per carrier
	required map[string][]string            // carrier -> field names, see RequireFields
}

// storeKey identifies a credential: codes are unique per organization.
type storeKey struct{ org, code string }

// carrierKey indexes an organization's credentials for one carrier, so
// that List and the default check cost what that organization holds, not
// what the whole store holds.
type carrierKey struct{ org, carrier string }

var (
	_ Store           = (*MemoryStore)(nil)
	_ FieldChecker    = (*MemoryStore)(nil)
	_ CarrierIDLister = (*MemoryStore)(nil)
)

// NewMemoryStore returns a MemoryStore holding creds, validated as Put
// validates them (no field is required yet). Credentials with an empty
// code get a generated one.
func NewMemoryStore(creds ...Credential) (*MemoryStore, error) {
	s := newMemoryStore(len(creds))
	for i, c := range creds {
		if _, err := s.insert(c); err != nil {
			return nil, fmt.Errorf("credentials: NewMemoryStore: creds[%d]: %w", i, err)
		}
	}
	return s, nil
}

func newMemoryStore(n int) *MemoryStore {
	return &MemoryStore{creds: make(map[storeKey]Credential, n), lent: make(map[storeKey]map[string]Secret, n),
		codes: map[carrierKey][]string{}, required: map[string][]string{}}
}

// RequireFields records the fields credentials for carrier must have:
// later Put and Update calls refuse a credential for that carrier lacking
// one of them (or holding only spaces) with ErrMissingField. Credentials
// already stored are not checked again; the Resolver still refuses them
// when they are resolved. A later call replaces the carrier's list; no
// fields clears it.
func (s *MemoryStore) RequireFields(carrier string, fields ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(fields) == 0 {
		delete(s.required, carrier)
		return
	}
	if s.required == nil {
		s.required = map[string][]string{}
	}
	s.required[carrier] = append([]string(nil), fields...)
}

// Put stores a new credential and returns it as stored, with its code
// generated ("cred_" and 16 hexadecimal digits) when c.Code is empty. It
// refuses a code the organization already uses (ErrDuplicate; call Update
// to replace a credential) and any credential the store's rules refuse.
func (s *MemoryStore) Put(ctx context.Context, c Credential) (Credential, error) {
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out, err := s.insert(c)
	if err != nil {
		return Credential{}, fmt.Errorf("credentials: Put: %w", err)
	}
	return out, nil
}

// Update replaces the credential with c's organization and code by c and
// returns it as stored. The credential must exist (ErrUnknownCode) and keep
// its carrier (ErrInvalid): a code always names the same carrier's
// credential. To move a credential to another organization, Put it there
// and Delete the old one.
func (s *MemoryStore) Update(ctx context.Context, c Credential) (Credential, error) {
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out, err := s.replace(c)
	if err != nil {
		return Credential{}, fmt.Errorf("credentials: Update: %w", err)
	}
	return out, nil
}

// Delete removes the credential with the code in the organization, or
// returns an error wrapping ErrUnknownCode.
func (s *MemoryStore) Delete(ctx context.Context, org, code string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{org, code}
	if _, ok := s.creds[k]; !ok {
		return fmt.Errorf("credentials: %w", notFound(org, code, "check the code"))
	}
	ck := carrierKey{org, s.creds[k].Carrier}
	codes := s.codes[ck]
	if i, ok := slices.BinarySearch(codes, code); ok {
		codes = slices.Delete(codes, i, i+1)
	}
	if len(codes) == 0 {
		delete(s.codes, ck)
	} else {
		s.codes[ck] = codes
	}
	delete(s.creds, k)
	delete(s.lent, k)
	return nil
}

// Get returns a copy of the credential with the code in the organization,
// or an error wrapping ErrUnknownCode.
func (s *MemoryStore) Get(ctx context.Context, org, code string) (Credential, error) {
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.creds[storeKey{org, code}]
	if !ok {
		return Credential{}, fmt.Errorf("credentials: %w", notFound(org, code, "check the code or add the credential"))
	}
	return c.Clone(), nil
}

// List returns copies of the organization's credentials for the carrier,
// active or not, ordered by code.
func (s *MemoryStore) List(ctx context.Context, org, carrier string) ([]Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	codes := s.codes[carrierKey{org, carrier}]
	if len(codes) == 0 {
		return nil, nil
	}
	out := make([]Credential, len(codes))
	for i, code := range codes {
		out[i] = s.creds[storeKey{org, code}].Clone()
	}
	return out, nil
}

// CarrierIDs returns the carrier IDs of the credentials the store holds,
// in every organization, sorted and once each.
func (s *MemoryStore) CarrierIDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var ids []string
	for k := range s.codes {
		ids = append(ids, k.carrier)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// notFound says no credential has the code in org, and what to do next.
func notFound(org, code, next string) error {
	return fmt.Errorf("no credential %s in organization %s; %s: %w", quote(code), quote(org), next, ErrUnknownCode)
}

// insert validates and stores a new credential. The caller holds s.mu
// (or owns s alone).
func (s *MemoryStore) insert(c Credential) (Credential, error) {
	c = c.Clone()
	if err := checkCarrier(c); err != nil {
		return Credential{}, err
	}
	if c.Code != "" {
		if err := checkCode(c); err != nil {
			return Credential{}, err
		}
		if _, used := s.creds[storeKey{c.Organization, c.Code}]; used {
			return Credential{}, refuse(c, ErrDuplicate, "the organization already has a credential with this code; choose another code, or call Update to replace it")
		}
	}
	if err := s.checkFieldsAndDefault(c); err != nil {
		return Credential{}, err
	}
	if c.Code == "" {
		c.Code = s.newCode(c.Organization)
	}
	if s.creds == nil {
		s.creds = map[storeKey]Credential{}
		s.lent = map[storeKey]map[string]Secret{}
		s.codes = map[carrierKey][]string{}
	}
	s.creds[storeKey{c.Organization, c.Code}] = c
	s.lent[storeKey{c.Organization, c.Code}] = c.Clone().Fields
	ck := carrierKey{c.Organization, c.Carrier}
	codes := s.codes[ck]
	i, _ := slices.BinarySearch(codes, c.Code) // absent: the code is unused
	s.codes[ck] = slices.Insert(codes, i, c.Code)
	return c.Clone(), nil
}

// replace validates c and stores it in place of the credential with its
// organization and code. The caller holds s.mu.
func (s *MemoryStore) replace(c Credential) (Credential, error) {
	c = c.Clone()
	if c.Code == "" {
		return Credential{}, refuse(c, ErrInvalid, "Update needs the code of the credential to replace")
	}
	if err := checkCode(c); err != nil {
		return Credential{}, err
	}
	k := storeKey{c.Organization, c.Code}
	old, ok := s.creds[k]
	if !ok {
		return Credential{}, notFound(c.Organization, c.Code, "call Put to add it")
	}
	if err := checkCarrier(c); err != nil {
		return Credential{}, err
	}
	if c.Carrier != old.Carrier {
		return Credential{}, refuse(c, ErrInvalid,
			fmt.Sprintf("the code belongs to carrier %s and cannot change carrier; Put a new credential instead", quote(old.Carrier)))
	}
	if err := s.checkFieldsAndDefault(c); err != nil {
		return Credential{}, err
	}
	s.creds[k] = c
	s.lent[k] = c.Clone().Fields
	return c.Clone(), nil
}

func checkCarrier(c Credential) error {
	if strings.TrimSpace(c.Carrier) == "" {
		return refuse(c, ErrInvalid, `the carrier is empty; set Carrier to a carrier ID such as "shipengine"`)
	}
	return nil
}

func checkCode(c Credential) error {
	for _, r := range c.Code {
		if !codeRune(r) {
			return refuse(c, ErrInvalid, fmt.Sprintf("the code contains %q; use ASCII letters, digits, '-', '_', '.' and ':'", r))
		}
	}
	if len(c.Code) > MaxCodeLen {
		return refuse(c, ErrInvalid, fmt.Sprintf("the code has %d characters; use at most %d", len(c.Code), MaxCodeLen))
	}
	return nil
}

func codeRune(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return r == '-' || r == '_' || r == '.' || r == ':'
}

// checkFieldsAndDefault applies the rules that depend on the store's
// state: required fields and one default per organization and carrier.
func (s *MemoryStore) checkFieldsAndDefault(c Credential) error {
	if missing := c.Missing(s.required[c.Carrier]); len(missing) > 0 {
		return refuse(c, ErrMissingField, fmt.Sprintf("field %s is missing or empty; carrier %s needs it",
			strings.Join(missing, ", "), quote(c.Carrier)))
	}
	if !c.Default {
		return nil
	}
	for _, code := range s.codes[carrierKey{c.Organization, c.Carrier}] {
		if o := s.creds[storeKey{c.Organization, code}]; o.Default && code != c.Code {
			return refuse(c, ErrAmbiguousDefault, fmt.Sprintf("credential %s is already the default; clear its Default flag first, or store this one without Default",
				quote(o.Code)))
		}
	}
	return nil
}

// newCode returns a random code unused in the organization. The caller
// holds s.mu.
func (s *MemoryStore) newCode(org string) string {
	for {
		var b [8]byte
		_, _ = rand.Read(b[:]) // never fails since Go 1.24
		code := "cred_" + hex.EncodeToString(b[:])
		if _, used := s.creds[storeKey{org, code}]; !used {
			return code
		}
	}
}

// refuse builds the error for a credential a write refuses. It names the
// code, carrier and organization, never a field's value.
func refuse(c Credential, sentinel error, reason string) error {
	code := "(no code yet)"
	if c.Code != "" {
		code = quote(c.Code)
	}
	return fmt.Errorf("credential %s for carrier %s in organization %s: %s: %w",
		code, quote(c.Carrier), quote(c.Organization), reason, sentinel)
}

// quote quotes a name for an error message, shortened so that a huge
// value cannot flood a log line.
func quote(s string) string {
	const limit = 2 * MaxCodeLen
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}

// lend returns the credential with the code in org for the Resolver
// without copying its Fields: the map is the store's second copy, which
// the store itself never reads. A caller that modifies it (which the
// Resolver's and Carrier's contracts forbid) changes neither the store
// nor what the next caller gets: lend compares the copy with the store's
// own map (a few entries, no allocation) and lends a fresh copy when they
// differ.
func (s *MemoryStore) lend(org, code string) (Credential, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.lendLocked(storeKey{org, code})
}

// lendDefault lends org's default credential for carrier, active or not,
// when it has exactly one; defaults says how many it has.
func (s *MemoryStore) lendDefault(org, carrier string) (c Credential, defaults int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var def storeKey
	for _, code := range s.codes[carrierKey{org, carrier}] {
		if k := (storeKey{org, code}); s.creds[k].Default {
			def, defaults = k, defaults+1
		}
	}
	if defaults != 1 {
		return Credential{}, defaults
	}
	c, _ = s.lendLocked(def)
	return c, 1
}

// lendLocked is lend; the caller holds s.mu.
func (s *MemoryStore) lendLocked(k storeKey) (Credential, bool) {
	c, ok := s.creds[k]
	if !ok {
		return Credential{}, false
	}
	if lent := s.lent[k]; maps.Equal(lent, c.Fields) {
		c.Fields = lent
	} else {
		c = c.Clone() // the lent copy was modified
	}
	return c, true
}
