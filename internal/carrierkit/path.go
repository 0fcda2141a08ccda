package carrierkit

import (
	"fmt"
	"net/url"

	"github.com/parcelkit/tracking"
)

// PathSegment escapes value for use as one segment of a request path. It
// refuses the dot segments "." and "..": url.PathEscape leaves them
// alone, and servers and proxies resolve them (RFC 3986 section 5.2.4),
// so "/v1/trackings/../.." would reach another endpoint with the
// account's key. It refuses an empty value too, whose "//" some servers
// collapse into a shorter path. Every other value, slashes included, is
// escaped into a single segment. what names the request field for the
// error message.
func PathSegment(carrier, what, value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("%s: empty %s; set %s: %w", carrier, what, what, tracking.ErrInvalidRequest)
	}
	if value == "." || value == ".." {
		return "", fmt.Errorf("%s: %s %q is a relative path segment, not a value the provider issues; check %s: %w",
			carrier, what, value, what, tracking.ErrInvalidRequest)
	}
	return url.PathEscape(value), nil
}
