package credentials

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is. Returned errors wrap them with
// the organization, carrier and code concerned, never a secret.
var (
	// ErrUnknownCode: no credential has that code in that organization
	// (or no store is configured at all). It is about a credential, never
	// a parcel: a number the provider does not know is tracking.ErrNotFound.
	ErrUnknownCode = errors.New("credentials: unknown credential code")
	// ErrInactive: the credential exists but is switched off.
	ErrInactive = errors.New("credentials: inactive")
	// ErrNoDefault: the request named no code and the carrier has no default.
	ErrNoDefault = errors.New("credentials: no default credential")
	// ErrAmbiguousDefault: more than one default for one organization and carrier.
	ErrAmbiguousDefault = errors.New("credentials: more than one default")
	// ErrCarrierMismatch: the named credential belongs to another carrier.
	ErrCarrierMismatch = errors.New("credentials: credential is for another carrier")
	// ErrMissingField: the credential lacks a field its carrier needs.
	ErrMissingField = errors.New("credentials: missing field")
	// ErrInvalid: the credential is malformed (empty carrier, bad code, changed
	// carrier) or a credentials file is not in the documented format.
	ErrInvalid = errors.New("credentials: invalid credential")
	// ErrDuplicate: a write reused a code the organization already has. It
	// also matches ErrInvalid.
	ErrDuplicate = fmt.Errorf("credentials: code already used: %w", ErrInvalid)
)
