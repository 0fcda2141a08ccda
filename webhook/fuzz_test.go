package webhook_test

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

var sentinels = []error{
	webhook.ErrMissingHeader, webhook.ErrStale, webhook.ErrUnknownKey, webhook.ErrBadSignature,
	webhook.ErrMalformed, webhook.ErrNoSecret, webhook.ErrKeysUnavailable,
}

// typed fails unless err is nil or matches one of the sentinels.
func typed(t *testing.T, err error) {
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

// The verifier fuzz targets are oracles: each builds a delivery from the
// fuzzed values and signs it itself (its own HMAC or RSA computation, not
// the package's), then tampers with it or not, and requires that the
// verifier accept it exactly when it is genuine: the right secret, the
// signed bytes unchanged, the time inside the tolerance. Refusals must
// match a sentinel.

// fuzzNow is the fuzz targets' clock; the tolerance is the default.
var fuzzNow = time.Unix(1_800_000_000, 0).UTC()

func fuzzClock() webhook.VerifierOption {
	return webhook.WithClock(func() time.Time { return fuzzNow })
}

// judge fails unless err is nil exactly when the delivery is genuine, and
// a refusal matches a sentinel.
func judge(t *testing.T, err error, genuine bool, format string, args ...any) {
	t.Helper()
	switch {
	case genuine && err != nil:
		t.Fatalf("genuine delivery refused (%s): %v", fmt.Sprintf(format, args...), err)
	case !genuine && err == nil:
		t.Fatalf("delivery accepted though not genuine (%s)", fmt.Sprintf(format, args...))
	}
	typed(t, err)
}

// epochText is a Unix time offset seconds from fuzzNow, in seconds or
// milliseconds, and whether that instant is within the default tolerance.
// The instant is computed here as the schemes define it: 11 digits or
// fewer are seconds, more are milliseconds.
func epochText(offset int64, millis bool) (string, bool) {
	offset %= 1 << 40 // keeps the arithmetic inside int64
	var n int64
	if millis {
		n = fuzzNow.UnixMilli() + offset*1000
	} else {
		n = fuzzNow.Unix() + offset
	}
	text := strconv.FormatInt(n, 10)
	at := time.Unix(n, 0)
	if len(text) > 11 {
		at = time.UnixMilli(n)
	}
	fresh := n >= 0 && !at.Before(fuzzNow.Add(-webhook.DefaultTolerance)) && !at.After(fuzzNow.Add(webhook.DefaultTolerance))
	return text, fresh
}

// flipHex changes one hex digit of sig, chosen by i.
func flipHex(sig string, i uint8) string {
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

// wrongKey is a different HMAC key: a changed first byte is never an
// equivalent key, unlike appended zero bytes (HMAC pads short keys).
func wrongKey(secret string) string { return "x" + secret }

func FuzzHMACVerify(f *testing.F) {
	f.Add([]byte(`{"a":1}`), int64(0), false, uint8(0), uint8(0), "secret", "")
	f.Add([]byte(`{"a":1}`), int64(301), false, uint8(0), uint8(0), "secret", "")
	f.Add([]byte(`{"a":1}`), int64(-300), true, uint8(0), uint8(2), "secret", "")
	f.Add([]byte{}, int64(98199999999), false, uint8(0), uint8(0), "secret", "") // 99999999999
	f.Add([]byte("x"), int64(0), false, uint8(8), uint8(0), "secret", " 1800000000 ")
	f.Add([]byte("x"), int64(0), false, uint8(8), uint8(0), "secret", "1e9")
	for tamper := range uint8(9) {
		for scheme := range uint8(3) {
			f.Add([]byte(`{"b":2}`), int64(7), false, tamper, scheme, "k", "")
		}
	}
	f.Add([]byte(`{}`), int64(0), false, uint8(0), uint8(1), "", "")
	schemes := []webhook.HMACScheme{
		{}, // X-Timestamp, X-Signature, "{timestamp}.{body}", hex
		{SignatureHeader: "X-Hub-Signature-256", Template: "{body}", Prefix: "sha256="},
		{SignatureHeader: "Sig", TimestampHeader: "Ts", Template: "{timestamp}:{body}:v1", Base64: true},
	}
	sigHeader := []string{"X-Signature", "X-Hub-Signature-256", "Sig"}
	tsHeader := []string{"X-Timestamp", "", "Ts"}
	f.Fuzz(func(t *testing.T, body []byte, offset int64, millis bool, tamper, scheme uint8, secret, freeTS string) {
		sc := int(scheme) % len(schemes)
		v := webhook.NewHMACVerifier(fuzzClock(), webhook.WithHMACScheme(schemes[sc]))
		ts, genuine := epochText(offset, millis)
		mode := tamper % 9
		if mode == 8 {
			ts = strings.TrimSpace(freeTS) // the header value as read
		}
		mac := func(key string, ts string, body []byte) string {
			m := hmac.New(sha256.New, []byte(key))
			switch sc {
			case 0:
				m.Write([]byte(ts + "."))
				m.Write(body)
			case 1:
				m.Write(body)
			case 2:
				m.Write([]byte(ts + ":"))
				m.Write(body)
				m.Write([]byte(":v1"))
			}
			if sc == 2 {
				return base64.StdEncoding.EncodeToString(m.Sum(nil))
			}
			return hex.EncodeToString(m.Sum(nil))
		}
		if sc == 1 {
			genuine = true // no signed time
		}
		sig := mac(secret, ts, body)
		sent := body
		switch mode {
		case 1:
			sig = mac(wrongKey(secret), ts, body)
			genuine = false
		case 2:
			sent = append(append([]byte{}, body...), ' ')
			genuine = false
		case 3:
			raw, _ := base64.StdEncoding.DecodeString(sig)
			if sc == 2 {
				raw[int(offset&31)] ^= 1
				sig = base64.StdEncoding.EncodeToString(raw)
			} else {
				sig = flipHex(sig, uint8(offset))
			}
			genuine = false
		case 4:
			upper := strings.ToUpper(sig)
			genuine = genuine && (sc != 2 || upper == sig) // hex is case-blind, base64 is not
			sig = upper
		case 5:
			genuine = genuine && tsHeader[sc] == ""
		case 6:
			genuine = false
		case 7:
			if tsHeader[sc] != "" {
				n, _ := strconv.ParseInt(ts, 10, 64)
				ts = strconv.FormatInt(n+1, 10) // signed for the old value
				genuine = false
			}
		}
		if sc == 1 && mode != 6 {
			sig = "sha256=" + sig
			if mode == 4 {
				sig = strings.ToUpper(sig)
			}
		}
		h := http.Header{}
		if mode != 6 {
			h.Set(sigHeader[sc], sig)
		}
		if tsHeader[sc] != "" && mode != 5 {
			h.Set(tsHeader[sc], ts)
		}
		if secret == "" {
			genuine = false
		}
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: sent}, credentials.Secret(secret))
		if mode == 8 && tsHeader[sc] != "" {
			// A free-form time: accepted only if it is a decimal Unix time
			// inside the tolerance (seconds for 11 digits or fewer).
			digits := strings.Trim(ts, `"`)
			if err == nil {
				n, perr := strconv.ParseUint(digits, 10, 63)
				if perr != nil || secret == "" {
					t.Fatalf("timestamp %q accepted", ts)
				}
				at := time.Unix(int64(n), 0)
				if len(digits) > 11 {
					at = time.UnixMilli(int64(n))
				}
				if at.Before(fuzzNow.Add(-webhook.DefaultTolerance)) || at.After(fuzzNow.Add(webhook.DefaultTolerance)) {
					t.Fatalf("timestamp %q outside the tolerance accepted", ts)
				}
			}
			typed(t, err)
			return
		}
		judge(t, err, genuine, "scheme %d, tamper %d", sc, mode)
		if err == nil && got.ReplayKey == "" {
			t.Fatal("accepted without a replay key")
		}
	})
}

// tamperSignedTime signs ts with key as both timestamp-only schemes do
// (hex HMAC-SHA256 of the time), then applies tamper mode 1 to 5, which the
// two fuzz targets share: another key, a changed digit, upper case (the
// same hex), another time than the one signed, no signature. still
// reports whether the result is genuine, the time permitting.
func tamperSignedTime(mode uint8, key, ts string, pick uint8) (_, sig string, still bool) {
	sig = hexHMAC(key, ts)
	switch mode {
	case 1:
		return ts, hexHMAC(wrongKey(key), ts), false
	case 2:
		return ts, flipHex(sig, pick), false
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

func FuzzTrack123Verify(f *testing.F) {
	f.Add([]byte(`{"trackNo":"T1"}`), int64(0), true, uint8(0), uint8(0), "example-track123-api-secret", false)
	f.Add([]byte(`{"trackNo":"T1"}`), int64(98199999999), false, uint8(0), uint8(1), "s", false)
	f.Add([]byte(`x`), int64(-301), true, uint8(0), uint8(2), "s", false)
	for tamper := range uint8(8) {
		for where := range uint8(3) {
			f.Add([]byte(`{}`), int64(3), true, tamper, where, "k", tamper == 6)
		}
	}
	f.Add([]byte(`{}`), int64(0), true, uint8(0), uint8(0), "", false)
	f.Fuzz(func(t *testing.T, data []byte, offset int64, millis bool, tamper, where uint8, secret string, sha256Alt bool) {
		opts := []webhook.VerifierOption{fuzzClock()}
		if sha256Alt {
			opts = append(opts, webhook.WithTrack123SHA256())
		}
		v := webhook.NewTrack123Verifier(opts...)
		ts, genuine := epochText(offset, millis)
		mode := tamper % 8
		ts, sig, still := tamperSignedTime(mode, secret, ts, uint8(offset))
		genuine = genuine && still
		bodyData := string(data)
		switch mode {
		case 6:
			sum := sha256.Sum256([]byte(secret + ts))
			sig = hex.EncodeToString(sum[:])
			genuine = genuine && sha256Alt
		case 7:
			bodyData += "!" // the body is not signed: still genuine
		}
		if secret == "" {
			genuine = false
		}
		var d webhook.Delivery
		switch where % 3 {
		case 0: // the API's verify object, timestamp as a string
			d.Body, _ = json.Marshal(map[string]any{"data": bodyData, "verify": map[string]string{"timestamp": ts, "signature": sig}})
		case 1: // the verify object with a numeric timestamp
			d.Body, _ = json.Marshal(map[string]any{"data": bodyData, "verify": map[string]any{"timestamp": json.Number(ts), "signature": sig}})
		case 2: // the header variant
			d.Body, _ = json.Marshal(map[string]any{"trackingNumber": bodyData})
			d.Header = http.Header{}
			d.Header.Set(webhook.Track123TimestampHeader, ts)
			if sig != "" {
				d.Header.Set(webhook.Track123SignatureHeader, sig)
			}
		}
		got, err := v.Verify(context.Background(), d, credentials.Secret(secret))
		judge(t, err, genuine, "where %d, tamper %d", where%3, mode)
		if err == nil && !strings.Contains(got.ReplayKey, strings.ToLower(sig)) {
			t.Fatalf("replay key %q does not name the signature", got.ReplayKey)
		}
	})
}

func FuzzTracktryVerify(f *testing.F) {
	f.Add([]byte(`{"tracking_number":"X"}`), int64(0), false, uint8(0), "user@example.com", false)
	f.Add([]byte(`{}`), int64(98199999999), false, uint8(0), "user@example.com", true)
	f.Add([]byte(`{}`), int64(400), false, uint8(0), "user@example.com", true)
	for tamper := range uint8(7) {
		f.Add([]byte(`[]`), int64(-3), false, tamper, "e", tamper%2 == 0)
	}
	f.Add([]byte(`{}`), int64(0), false, uint8(0), "", false)
	f.Fuzz(func(t *testing.T, data []byte, offset int64, millis bool, tamper uint8, email string, asString bool) {
		v := webhook.NewTracktryVerifier(fuzzClock())
		ts, genuine := epochText(offset, millis)
		mode := tamper % 7
		ts, sig, still := tamperSignedTime(mode, email, ts, uint8(offset))
		genuine = genuine && still
		if mode == 6 {
			data = append(data, '!') // the body is not signed: still genuine
		}
		if email == "" {
			genuine = false
		}
		var timeStr any = json.Number(ts)
		if asString {
			timeStr = ts
		}
		body, _ := json.Marshal(map[string]any{
			"meta": map[string]any{"code": 200}, "data": string(data),
			"verifyInfo": map[string]any{"timeStr": timeStr, "signature": sig},
		})
		_, err := v.Verify(context.Background(), webhook.Delivery{Body: body}, credentials.Secret(email))
		judge(t, err, genuine, "tamper %d", mode)
	})
}

func FuzzTrackShipVerify(f *testing.F) {
	const key = "5f2b0c0e0d0a4e7b9c1d2e3f40516273"
	f.Add([]byte(`{"order_id":"1"}`), key, key, key, true)
	f.Add([]byte(`{}`), key, key, "", false)
	f.Add([]byte(`{}`), key+" ", key, "", true)
	f.Add([]byte(`{}`), key, key, "00000000000000000000000000000000", true)
	f.Add([]byte(`{}`), "5f2b0c0e0d0a4e7b9c1d2e3f40516274", key, key, true)
	f.Add([]byte(`{}`), "", key, "", false)
	f.Add([]byte(`{}`), "", "", "", false)
	f.Fuzz(func(t *testing.T, data []byte, header, secret, userKey string, withUserKey bool) {
		v := webhook.NewTrackShipVerifier()
		fields := map[string]any{"data": string(data)}
		if withUserKey {
			fields["user_key"] = userKey
		}
		body, _ := json.Marshal(fields)
		userKey = jsonRoundTrip(userKey) // what the body now says
		h := http.Header{}
		h.Set(webhook.TrackShipKeyHeader, header)
		genuine := secret != "" && strings.TrimSpace(header) == secret &&
			(!withUserKey || userKey == "" || userKey == secret)
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, credentials.Secret(secret))
		judge(t, err, genuine, "header %q, user_key %q", header, userKey)
		if err == nil && got.ReplayKey == "" {
			t.Fatal("accepted without a replay key")
		}
	})
}

// jsonRoundTrip returns s as it reads back from JSON (invalid UTF-8
// becomes U+FFFD).
func jsonRoundTrip(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

func FuzzShipEngineVerify(f *testing.F) {
	signer, err := webhooktest.NewShipEngineSigner("k1")
	if err != nil {
		f.Fatal(err)
	}
	impostor, err := webhooktest.NewShipEngineSigner("k1") // same id, another key
	if err != nil {
		f.Fatal(err)
	}
	jwks := signer.JWKS()
	body := fixture(f, "shipengine-webhook-track.json")
	f.Add(body, int64(0), uint8(0), uint8(0))
	f.Add(body, int64(253402300799-1_800_000_000), uint8(0), uint8(0)) // 9999-12-31T23:59:59Z
	f.Add([]byte{}, int64(-301), uint8(0), uint8(0))
	for tamper := range uint8(9) {
		f.Add([]byte(`{}`), int64(5), tamper, tamper)
	}
	f.Fuzz(func(t *testing.T, body []byte, offset int64, tamper, enc uint8) {
		v := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(jwks), fuzzClock())
		offset %= 1 << 36 // within years 0 to 9999 or so
		at := fuzzNow.Add(time.Duration(offset) * time.Second)
		ts := at.Format(time.RFC3339)
		genuine := offset >= -300 && offset <= 300
		key, kid := signer.Key, "k1"
		sent := body
		mode := tamper % 9
		switch mode {
		case 1:
			key = impostor.Key
			genuine = false
		case 2:
			sent = append(append([]byte{}, body...), '\n')
			genuine = false
		case 3:
			kid = "k2"
			genuine = false
		}
		sum := sha256.Sum256(append([]byte(ts+"."), body...))
		raw, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		if mode == 4 {
			raw[int(enc)%len(raw)] ^= 0x80
			genuine = false
		}
		encodings := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
		sig := encodings[int(enc)%len(encodings)].EncodeToString(raw) // any spelling of the same bytes
		if mode == 5 {
			ts = at.Format("2006-01-02T15:04:05.000Z07:00") // the same instant, other bytes
			genuine = false
		}
		h := http.Header{}
		h.Set(webhook.ShipEngineKeyIDHeader, kid)
		h.Set(webhook.ShipEngineSignatureHeader, sig)
		h.Set(webhook.ShipEngineTimestampHeader, ts)
		switch mode {
		case 6:
			h.Del(webhook.ShipEngineSignatureHeader)
			genuine = false
		case 7:
			h.Del(webhook.ShipEngineTimestampHeader)
			genuine = false
		case 8:
			h.Set(webhook.ShipEngineSignatureHeader, sig[:len(sig)/2])
			genuine = false
		}
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: h, Body: sent}, "")
		judge(t, err, genuine, "tamper %d, encoding %d, time %s", mode, int(enc)%len(encodings), ts)
		if err == nil && !got.Timestamp.Equal(at) {
			t.Fatalf("timestamp %s, want %s", got.Timestamp, at)
		}
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(fixture(f, "shipengine-jwks-test.json"))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AAAAAAAA"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"","e":""}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		keys, _, err := webhook.ParseJWKS(doc)
		typed(t, err)
		for kid, k := range keys {
			if k.N == nil || k.N.BitLen() < 2040 || k.E < 3 {
				t.Fatalf("key %q accepted though unusable", kid)
			}
		}
	})
}

func FuzzURLToken(f *testing.F) {
	f.Add("abc", "abc", "")
	f.Add("abc", "abd", "x=1")
	f.Add("", "abc", "token=abc")
	f.Add("a b&c=d", "a b&c=d", "%zz")
	f.Add("abc", "", "")
	f.Fuzz(func(t *testing.T, token, secret, extra string) {
		v := webhook.NewURLTokenVerifier("token", "")
		// The token first, so that it is the value read; anything after.
		u := &url.URL{Scheme: "https", Host: "example.com", Path: "/hooks", RawQuery: "token=" + url.QueryEscape(token) + "&" + extra}
		genuine := secret != "" && token == secret
		_, err := v.Verify(context.Background(), webhook.Delivery{URL: u}, credentials.Secret(secret))
		judge(t, err, genuine, "token %q, secret %q", token, secret)
	})
}

// BenchmarkVerify compares each verifier with the bare crypto call it
// wraps, so that the package's own cost is visible.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	b.Run("ShipEngine", func(b *testing.B) {
		h, body := shipEngineHeaders(b)
		v := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(fixture(b, "shipengine-jwks-test.json")), webhook.WithTolerance(-1))
		d := webhook.Delivery{Header: h, Body: body}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, d, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ShipEngineBareRSA", func(b *testing.B) {
		h, body := shipEngineHeaders(b)
		keys, _, err := webhook.ParseJWKS(fixture(b, "shipengine-jwks-test.json"))
		if err != nil {
			b.Fatal(err)
		}
		key := keys[h.Get(webhook.ShipEngineKeyIDHeader)]
		sig := decodeStd(b, h.Get(webhook.ShipEngineSignatureHeader))
		ts := h.Get(webhook.ShipEngineTimestampHeader)
		b.ReportAllocs()
		for b.Loop() {
			sum := sha256.Sum256(append([]byte(ts+"."), body...))
			if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Track123", func(b *testing.B) {
		body := fixture(b, "track123-webhook-track.json")
		v := webhook.NewTrack123Verifier(webhook.WithTolerance(-1))
		d := webhook.Delivery{Body: body}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, d, "example-track123-api-secret"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Track123BareHMAC", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = webhook.Track123Signature(credentials.Secret("example-track123-api-secret"), "1772042712345")
		}
	})
}
