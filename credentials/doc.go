// Package credentials holds the secrets carriers need and picks the one a
// request uses.
//
// A Credential belongs to one carrier and one organization (tenant), has a
// code that never changes, an active flag and a default flag. Resolver
// applies the rules:
//
//   - a request that names a code gets exactly that credential, which must
//     belong to the carrier and organization asked for and be active
//     (ErrNotFound, ErrCarrierMismatch, ErrInactive otherwise);
//   - a request that names no code gets the carrier's default for the
//     organization, which must be active (ErrInactive); with no default the
//     request must name a code, and ErrNoDefault's message lists the codes
//     it can name;
//   - an organization has at most one default per carrier
//     (ErrAmbiguousDefault when a store is loaded or written);
//   - a credential that lacks a field its carrier needs is refused before
//     any request goes out (ErrMissingField, naming the field).
//
// Secret values redact themselves wherever they can be printed, marshalled
// or logged; only Reveal returns them.
package credentials
