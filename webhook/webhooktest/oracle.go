package webhooktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/webhook"
)

// The oracle helpers serve fuzz targets that build a delivery from fuzzed
// values, sign it themselves (their own HMAC, not the package's), tamper
// with it or not, and require that the verifier accept it exactly when it
// is genuine: the right secret, the signed bytes unchanged, the time
// inside the tolerance. Refusals must match a webhook sentinel.

// sentinels are the errors a refusal may match.
var sentinels = []error{
	webhook.ErrMissingHeader, webhook.ErrStale, webhook.ErrUnknownKey, webhook.ErrBadSignature,
	webhook.ErrMalformed, webhook.ErrNoSecret, webhook.ErrKeysUnavailable,
}

// Typed fails unless err is nil or matches one of the webhook sentinels.
func Typed(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("untyped error: %v", err)
}

// Judge fails unless err is nil exactly when the delivery is genuine, and
// a refusal matches a sentinel; format and args describe the case.
func Judge(t testing.TB, err error, genuine bool, format string, args ...any) {
	t.Helper()
	switch {
	case genuine && err != nil:
		t.Fatalf("genuine delivery refused (%s): %v", fmt.Sprintf(format, args...), err)
	case !genuine && err == nil:
		t.Fatalf("delivery accepted though not genuine (%s)", fmt.Sprintf(format, args...))
	}
	Typed(t, err)
}

// EpochText is a Unix time offset seconds from now, in seconds or
// milliseconds, and whether that instant is within the default tolerance.
// The instant is computed here as the schemes define it: 11 digits or
// fewer are seconds, more are milliseconds.
func EpochText(now time.Time, offset int64, millis bool) (string, bool) {
	offset %= 1 << 40 // keeps the arithmetic inside int64
	var n int64
	if millis {
		n = now.UnixMilli() + offset*1000
	} else {
		n = now.Unix() + offset
	}
	text := strconv.FormatInt(n, 10)
	at := time.Unix(n, 0)
	if len(text) > 11 {
		at = time.UnixMilli(n)
	}
	fresh := n >= 0 && !at.Before(now.Add(-webhook.DefaultTolerance)) && !at.After(now.Add(webhook.DefaultTolerance))
	return text, fresh
}

// FlipHex changes one hex digit of sig, chosen by i.
func FlipHex(sig string, i uint8) string {
	if sig == "" {
		return "0"
	}
	b := []byte(sig)
	p := int(i) % len(b)
	if b[p] == '0' {
		b[p] = '1'
	} else {
		b[p] = '0'
	}
	return string(b)
}

// WrongKey is a different HMAC key: a changed first byte is never an
// equivalent key, unlike appended zero bytes (HMAC pads short keys).
func WrongKey(secret string) string { return "x" + secret }

// HexHMAC is the oracle's own HMAC-SHA256, so that expected signatures do
// not come from the code under test.
func HexHMAC(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// TamperSignedTime signs ts with key as the timestamp-only schemes do (hex
// HMAC-SHA256 of the time), then applies tamper mode 1 to 5: another key,
// a changed digit, upper case (the same hex), another time than the one
// signed, no signature. Other modes leave it genuine. still reports
// whether the result is genuine, the time permitting.
func TamperSignedTime(mode uint8, key, ts string, pick uint8) (_, sig string, still bool) {
	sig = HexHMAC(key, ts)
	switch mode {
	case 1:
		return ts, HexHMAC(WrongKey(key), ts), false
	case 2:
		return ts, FlipHex(sig, pick), false
	case 3:
		return ts, strings.ToUpper(sig), true
	case 4:
		n, _ := strconv.ParseInt(ts, 10, 64)
		return strconv.FormatInt(n+1, 10), sig, false
	case 5:
		return ts, "", false
	}
	return ts, sig, true
}
