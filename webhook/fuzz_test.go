package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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

// The verifier fuzz targets are oracles (see webhooktest.Judge): each
// signs the delivery itself, tampers with it or not, and requires that the
// verifier accept it exactly when it is genuine. Each carrier's scheme
// has its own beside it.

// fuzzNow is the fuzz targets' clock; the tolerance is the default.
var fuzzNow = time.Unix(1_800_000_000, 0).UTC()

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
		v := webhook.NewHMACVerifier(webhook.WithHMACClock(webhook.Clock{Now: func() time.Time { return fuzzNow }}), webhook.WithHMACScheme(schemes[sc]))
		ts, genuine := webhooktest.EpochText(fuzzNow, offset, millis)
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
			sig = mac(webhooktest.WrongKey(secret), ts, body)
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
				sig = webhooktest.FlipHex(sig, uint8(offset))
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
			webhooktest.Typed(t, err)
			return
		}
		webhooktest.Judge(t, err, genuine, "scheme %d, tamper %d", sc, mode)
		if err == nil && got.ReplayKey == "" {
			t.Fatal("accepted without a replay key")
		}
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(fixture(f, "shipengine-jwks-test.json"))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AAAAAAAA"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"","e":""}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		keys, _, err := webhook.ParseJWKS(doc)
		webhooktest.Typed(t, err)
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
		webhooktest.Judge(t, err, genuine, "token %q, secret %q", token, secret)
	})
}
