package carrierkit

import (
	"context"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// Scrub removes the credential's values, and the forms a request derives
// from them (a Basic token of two fields, URL-encoded values...), from
// the text of an error, in case a provider echoes them back in an error
// body, an HTTP 200 envelope included. It is transport.Redact, the one
// redactor, fed with the credential's fields. Call it on the error as
// built, before wrapping: a wrapper made by fmt.Errorf keeps the text it
// had when made.
func Scrub(err error, cred credentials.Credential) error {
	return transport.Redact(err, values(cred)...)
}

// values returns the credential's field values.
func values(cred credentials.Credential) []string {
	out := make([]string, 0, len(cred.Fields))
	for _, s := range cred.Fields {
		out = append(out, s.Reveal())
	}
	return out
}

// WithCredential marks ctx's requests as carrying cred's values
// (transport.WithSecrets): a redirect off the provider's host drops every
// header holding one, whatever its name, and Do's errors and log lines
// are scrubbed of them; the call's debug line names cred.Code. Every
// carrier calls it where it builds an authenticated request.
func WithCredential(ctx context.Context, cred credentials.Credential) context.Context {
	return transport.WithCredential(ctx, cred.Code, values(cred)...)
}
