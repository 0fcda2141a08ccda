// Package credentials holds the secrets carriers need and picks the one a
// request uses.
//
// A Credential belongs to one carrier and one organization (tenant), has a
// code that never changes, an active flag and a default flag. Resolver
// applies the rules:
//
//   - a request that names a code gets exactly that credential, which must
//     belong to the carrier and organization asked for and be active
//     (ErrUnknownCode, ErrCarrierMismatch, ErrInactive otherwise);
//   - a request that names no code gets the carrier's default for the
//     organization, which must be active (ErrInactive); with no default the
//     request must name a code, and ErrNoDefault's message lists the codes
//     it can name;
//   - an organization has at most one default per carrier
//     (ErrAmbiguousDefault when a store is loaded or written);
//   - a credential that lacks a field its carrier needs is refused before
//     any request goes out (ErrMissingField, naming the field).
//
// MemoryStore holds credentials in memory and enforces the rules on every
// write (Put, Update); LoadFile and LoadJSON fill one from JSON, LoadEnv
// from <CARRIER>_<FIELD> environment variables such as SHIPENGINE_API_KEY,
// reading the fields the carriers it is given declare. Chain combines
// stores (a file, the environment, the application's own), earlier ones
// winning. An application with a database implements Store over it,
// FieldChecker when it can refuse incomplete credentials as they are
// written, and CarrierIDLister when it can say which carriers it holds
// credentials for.
//
// Credential marshals to JSON in LoadFile's entry format, its secrets
// redacted, and unmarshals from it (see Credential.UnmarshalJSON).
//
// ErrUnknownCode is about a credential code, never a parcel: through
// tracking.Client every error here also matches tracking.ErrNoCredential.
//
// Secret values redact themselves wherever they can be printed, marshalled
// or logged; only Reveal returns them. Errors name organizations, carriers,
// codes, field names and environment variables, never a secret value.
package credentials
