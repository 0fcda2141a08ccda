package decode_test

import (
	"testing"

	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// everything holds each tolerant type in each place a carrier puts one.
type everything struct {
	S     decode.String  `json:"s"`
	I     decode.Int     `json:"i"`
	F     decode.Float   `json:"f"`
	B     decode.Bool    `json:"b"`
	P     *decode.String `json:"p"`
	Items []struct {
		S decode.String `json:"s"`
		I decode.Int    `json:"i"`
		F decode.Float  `json:"f"`
		B decode.Bool   `json:"b"`
	} `json:"items"`
	Data *struct {
		List []decode.String `json:"list"`
		Map  map[string]decode.String
	} `json:"data"`
}

var pathSeeds = []string{
	`{"s":"abc","i":42,"f":1.5,"b":true,"p":"x"}`, `{"s":123456789012345678,"i":"42","f":"-33.8","b":"yes"}`,
	`{"s":null,"i":null,"f":null,"b":null,"p":null}`, `{"s":"caf\u00e9","i":" 7 ","f":" 2 ","b":"No"}`,
	`{"S":"upper","ITEMS":[{"S":"x"}],"s":"lower"}`, `{"s":"a","s":null}`, `{"items":[{"i":1},{"i":2}],"items":[{"s":"x"}]}`,
	`{"data":{"list":["a",1,true,null],"map":{"k":"v","k":2}}}`, "{\"s\":\"bad\xff\"}", `{"i":1e300}`, `{"f":"NaN"}`,
	`{"b":"maybe"}`, `{"s":{}}`, `{"items":"x"}`, `{"data":[]}`, `{"s":"`, `[1,2]`, `null`, ``, `<html>`, ` {"s" : "sp" } `,
	`{"s":"x"} trailing`, `{"ſ":"long s","K":"kelvin"}`, `{"s":"\ud800"}`,
}

// TestDecodePaths decodes the seeds and this package's fuzz corpora
// through encoding/json/v2 and encoding/json and compares the results.
func TestDecodePaths(t *testing.T) {
	for _, s := range pathSeeds {
		decodetest.Paths(t, decoders([]byte(s))...)
	}
	decodetest.Test(t, decoders)
}

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add([]byte(s))
	}
	decodetest.Fuzz(f, decoders)
}

// decoders decode body into every place a tolerant type can be.
func decoders(body []byte) []func() (any, error) {
	return []func() (any, error){
		func() (any, error) {
			var v everything
			err := decode.JSON("x", body, &v)
			return v, err
		},
	}
}
