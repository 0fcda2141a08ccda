package transport

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
)

// logURL is req's URL as log lines show it: without query, fragment or
// user info (redactURL), and with every path segment that looks like a
// tracking number masked down to its last four characters, unless
// WithTrackingNumbersInLogs asked for them whole.
func (t *roundTripper) logURL(req *http.Request) string {
	u := redactURL(req)
	if t.cfg.logNumbers {
		return u
	}
	return maskNumbers(u)
}

// minNumberDigits is how many digits make a path segment look like a
// tracking number (UPU S10 numbers have 9, carriers' own 10 to 34); API
// versions, endpoints and courier codes have fewer.
const minNumberDigits = 6

// maskNumbers masks the path segments of u that hold at least
// minNumberDigits digits, keeping their last four characters.
func maskNumbers(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		rest, scheme = u, ""
	}
	host, path, _ := strings.Cut(rest, "/")
	segs := strings.Split(path, "/")
	masked := false
	for i, s := range segs {
		if looksLikeNumber(s) {
			segs[i] = maskNumber(s)
			masked = true
		}
	}
	if !masked {
		return u
	}
	out := host + "/" + strings.Join(segs, "/")
	if scheme != "" {
		out = scheme + "://" + out
	}
	return out
}

func looksLikeNumber(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n >= minNumberDigits
}

// maskNumber hides all but the last four characters of a tracking number,
// for log lines: "LX123456789CN" becomes "***89CN". Numbers of four
// characters or fewer are hidden whole.
func maskNumber(n string) string {
	if len(n) <= 4 {
		return "***"
	}
	return "***" + n[len(n)-4:]
}

// logCall logs Do's debug line for one call once it has ended: r and err
// are Do's results, read when it returns.
func (t *roundTripper) logCall(req *http.Request, carrier string, start time.Time, r **Response, err *error, attempts func() int) {
	ctx := req.Context()
	status := 0
	if *r != nil {
		status = (*r).StatusCode
	}
	var apiErr *tracking.APIError
	if status == 0 && errors.As(*err, &apiErr) {
		status = apiErr.StatusCode
	}
	args := []any{"carrier", carrier, "credential", codeOf(ctx), "method", req.Method, "url", t.logURL(req),
		"attempts", attempts(), "latency", time.Since(start), "status", status}
	if *err != nil {
		args = append(args, "error", errorCategory(*err))
	}
	t.cfg.logger.DebugContext(ctx, "call", args...)
}

// errorCategory names what went wrong without the error's text, which may
// quote a provider's message about a tracking number.
func errorCategory(err error) string {
	var apiErr *tracking.APIError
	if errors.As(err, &apiErr) {
		if k := apiErr.Category(); k != nil {
			return k.Error()
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err.Error()
	}
	return "error"
}
