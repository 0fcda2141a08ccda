// Package couriers is one courier vocabulary for every tracking provider,
// and offline detection of the courier from a tracking number.
//
// A courier is the company that moves the parcel (UPS, Royal Mail,
// YunExpress...), as opposed to the tracking provider that reports on it.
// Each courier has a stable canonical ID in lower snake case ("ups",
// "royal_mail", "dhl_ecommerce"); the carriers in carriers/ translate those
// IDs to their provider's own codes and back. National postal operators
// that issue UPU S10 numbers are keyed by their ISO 3166 alpha-2 country
// (Postal("GB") is "royal_mail").
//
// Detect names the couriers a number may belong to, from the numbering
// schemes the couriers and standards bodies publish, verifying check
// digits where the scheme has one. It needs no network, never panics, runs
// in time linear in the input, and does not allocate for a number that
// matches nothing. Failures says which check digit a mistyped number
// fails; Suggest and Mistyped give the client's two decisions (the courier
// to use, a number to refuse) without allocating.
//
// Codes is one provider's translation table between canonical IDs and
// the provider's own courier codes; each carrier in carriers/ has one.
//
// The package uses only the standard library.
package couriers
