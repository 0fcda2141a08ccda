package credentials

import "context"

// Store looks credentials up. MemoryStore, LoadFile and LoadEnv ship; an
// application backs its own with its database. Implementations are safe
// for concurrent use and return copies the caller may keep.
type Store interface {
	// Get returns the credential with the code in the organization, or an
	// error wrapping ErrUnknownCode.
	Get(ctx context.Context, org, code string) (Credential, error)
	// List returns the organization's credentials for the carrier, active
	// or not, ordered by code.
	List(ctx context.Context, org, carrier string) ([]Credential, error)
}

// FieldChecker is implemented by stores that refuse, when a credential is
// stored, one lacking a field its carrier needs. The Client tells such a
// store the fields each registered carrier declares.
type FieldChecker interface {
	RequireFields(carrier string, fields ...string)
}

// CarrierIDLister is implemented by stores that can say which carriers
// their credentials are for. tracking.NewClient uses it to refuse a store
// holding credentials for a carrier it does not register, such as a
// misspelt "shipengin", before any request goes out. MemoryStore (and so
// LoadFile and LoadEnv) and Chain implement it.
type CarrierIDLister interface {
	// CarrierIDs returns the carrier IDs of every credential held, in
	// every organization, sorted and once each.
	CarrierIDs() []string
}
