package track123

import (
	"context"
	"encoding/json"
	"hash/crc32"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// The fast reading of the verify object agrees with the full decode on
// every valid JSON body, wherever the object is and however its keys are
// spelled; it declines (and the full decode answers) where it cannot be
// exact.
func FuzzVerifyFieldsDifferential(f *testing.F) {
	f.Add(readFixture(f, "webhook-track.json"))
	f.Add(readFixture(f, "webhook-app-track.json"))
	for _, s := range []string{
		`{"verify":{"timestamp":"1800000000","signature":"ab"},"data":{}}`,
		`{"data":{},"verify":{"timestamp":1800000000,"signature":" AB "}}`,
		`{"data":{"verify":{"timestamp":"1","signature":"x"}},"verify":{"timestamp":"2","signature":"y"}}`,
		`{"verify":{"timestamp":"1"},"VERIFY":{"signature":"y"}}`,
		`{"Verify":{"TimeStamp":"1","SIGNATURE":"y"}}`,
		`{"verify":{"timestamp":"1","signature":"y","timestamp":"2"}}`,
		`{"verify":{"timeſtamp":"1","signature":"y"}}`,
		`{"\u0076erify":{"timestamp":"1","signature":"y"}}`,
		`{"verify":{"timestamp":"1","signature":"\u0079"}}`,
		`{"verify":{"timestamp":"1","signature":1}}`,
		`{"verify":{"timestamp":{"a":1},"signature":"y"}}`,
		`{"verify":{"timestamp":"\"1\"","signature":"y"}}`,
		`{"verify":{"timestamp":null,"signature":null}}`,
		`{"verify":null}`,
		`{"verify":{}}`,
		`{"verify":[1]}`,
		`{"verify":"x"}`,
		`{"a":"verify","b":1}`,
		`{"a":"x\"verify","verify":{"timestamp":"1","signature":"y"}}`,
		`[{"verify":{"timestamp":"1","signature":"y"}}]`,
		`{"verify":{"timestamp":"1","signature":"y"}} `,
		`{"verify":{"timestamp":"1","signature":"y"}}x`,
		`{"verify":{"timestamp":"1","signature":"y","extra":[1]}}`,
		`{"verify":{"timestamp":"1","signature":"y\u00e9"}}`,
		"{\"verify\":{\"timestamp\":\"1\",\"signature\":\"y\xff\"}}",
		`null`, `"verify"`, ``, ` `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ts, sig := verifyFields(body)
		if !json.Valid(body) {
			return // the fast reading may find the object; see verifyFields
		}
		wantTS, wantSig := decodeVerifyFields(body)
		if ts != wantTS || sig != wantSig {
			t.Fatalf("read (%q, %q), the full decode reads (%q, %q)", ts, sig, wantTS, wantSig)
		}
	})
}

// FuzzVerifyFieldsLayouts builds valid bodies from fuzzed keys and values
// in the layouts the fast reading takes (verify first or last) and those
// it must decline, and compares both readings.
func FuzzVerifyFieldsLayouts(f *testing.F) {
	f.Add("verify", "timestamp", "signature", "1800000000", "ab", uint8(0), "data")
	f.Add("VERIFY", "TIMESTAMP", "Signature", "1800000000", " ab ", uint8(1), "trackNo")
	f.Add("verify", "timestamp", "signature", "18\"00", "a\\b", uint8(2), "verify")
	f.Add("Verify", "timeſtamp", "sıgnature", "", "", uint8(3), "Verify")
	f.Fuzz(func(t *testing.T, verifyKey, tsKey, sigKey, ts, sig string, layout uint8, otherKey string) {
		var tsVal any = ts
		if layout&4 != 0 {
			tsVal = json.RawMessage(strings.Trim(ts, " "))
			if !json.Valid(tsVal.(json.RawMessage)) {
				tsVal = ts
			}
		}
		obj, _ := json.Marshal(map[string]any{tsKey: tsVal, sigKey: sig})
		verify := string(obj)
		if layout&8 != 0 {
			verify = "null"
		}
		key, _ := json.Marshal(verifyKey)
		other, _ := json.Marshal(otherKey)
		member := string(key) + ":" + verify
		var body string
		switch layout % 4 {
		case 0:
			body = "{" + member + "," + string(other) + ":{\"a\":[1,\"}\"]}}"
		case 1:
			body = "{\n  " + string(other) + ": {\"x\": \"y\"},\n  " + member + "\n}\n"
		case 2:
			body = "{" + string(other) + ":1," + member + "," + string(other) + ":2}"
		case 3:
			body = "{" + string(other) + ":{" + member + "}," + member + "}"
		}
		if !json.Valid([]byte(body)) {
			return
		}
		gotTS, gotSig := verifyFields([]byte(body))
		wantTS, wantSig := decodeVerifyFields([]byte(body))
		if gotTS != wantTS || gotSig != wantSig {
			t.Fatalf("%s: read (%q, %q), the full decode reads (%q, %q)", body, gotTS, gotSig, wantTS, wantSig)
		}
	})
}

// The fast reading takes the fixture's layout itself: the benchmark
// measures it, not the full decode.
func TestVerifyFieldsFastOnFixture(t *testing.T) {
	ts, sig, ok := scanVerifyFields(readFixture(t, "webhook-track.json"))
	if !ok || ts != "1772042712345" || sig != "270b724910e04df4805ff4f244d93bde48d6dfba90cfb162d5751f1faf44d108" {
		t.Fatalf("fast reading: (%q, %q, %v)", ts, sig, ok)
	}
	if _, _, ok := scanVerifyFields(readFixture(t, "webhook-app-track.json")); !ok {
		t.Fatal("the header variant's body has no verify key: the fast reading answers")
	}
}

// BenchmarkWebhookVerify is the pair BENCHMARKS.md quotes: the verifier on
// the fixture delivery against the bare HMAC of its timestamp, each on its
// own and interleaved. BareCrypto adds to the HMAC the CRC-32C and CRC-32
// of the body that the replay key needs, the floor of what the verifier
// computes;
// FullDecode is the verifier reading its fields with the full decode, as
// it did before the fast reading.
func BenchmarkWebhookVerify(b *testing.B) {
	castagnoli := crc32.MakeTable(crc32.Castagnoli)
	const secret = credentials.Secret("example-track123-api-secret")
	d := webhook.Delivery{Body: readFixture(b, "webhook-track.json")}
	v := WebhookScheme(WithWebhookClock(webhook.Clock{Tolerance: -1})).Verifier
	ctx := context.Background()
	paths := []func(){
		func() { // the verifier
			if _, err := v.Verify(ctx, d, secret); err != nil {
				b.Fatal(err)
			}
		},
		func() { _ = webhook.HexHMAC(secret, "1772042712345") }, // the bare HMAC
		func() { // the bare crypto
			_ = webhook.HexHMAC(secret, "1772042712345")
			_, _ = crc32.Checksum(d.Body, castagnoli), crc32.ChecksumIEEE(d.Body)
		},
		func() { // the full decode, then what the verifier does with the fields
			ts, sig := decodeVerifyFields(d.Body)
			if _, err := webhook.CheckSignedTimestamp(ID, webhook.Clock{Tolerance: -1}, ts, sig,
				[]string{webhook.HexHMAC(secret, ts)}, d.Body); err != nil {
				b.Fatal(err)
			}
		},
	}
	names := []string{"Track123", "Track123BareHMAC", "Track123BareCrypto", "Track123FullDecode"}
	for i, name := range names {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				paths[i]()
			}
		})
	}
	// interleaved runs the paths in turn, in batches of 8 timed each, so
	// that all see the same machine at the same moment: the ratios hold
	// still while the load of a shared machine moves. The order is shuffled
	// each round (a fixed seed, for runs that repeat): a rotating order
	// would always run a path after the same other one, and the one after
	// the full decode would pay for its garbage and its evicted caches.
	b.Run("interleaved", func(b *testing.B) {
		const batch = 8
		spent := make([]time.Duration, len(paths))
		rng := rand.New(rand.NewPCG(1, 2))
		order := make([]int, len(paths))
		for i := range order {
			order[i] = i
		}
		for b.Loop() {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, p := range order {
				start := time.Now()
				for range batch {
					paths[p]()
				}
				spent[p] += time.Since(start)
			}
		}
		b.ReportMetric(float64(spent[0].Nanoseconds())/float64(batch*b.N), "verify-ns/call")
		b.ReportMetric(float64(spent[1].Nanoseconds())/float64(batch*b.N), "hmac-ns/call")
		b.ReportMetric(float64(spent[0])/float64(spent[1]), "verify/hmac")
		b.ReportMetric(float64(spent[0])/float64(spent[2]), "verify/crypto")
		b.ReportMetric(float64(spent[3])/float64(spent[1]), "fulldecode/hmac")
	})
}
