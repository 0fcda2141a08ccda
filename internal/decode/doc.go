// Package decode holds the tolerant decoding every carrier needs: strings
// that arrive as numbers, numbers that arrive as strings, timestamps with
// or without a zone, and JSON errors turned into *tracking.DecodeError.
//
// Builds with encoding/json/v2 (goexperiment.jsonv2: Go 1.27, or Go 1.26
// with GOEXPERIMENT=jsonv2) decode through it, the others through
// encoding/json, with the same results; package decodetest compares the
// two.
//
// String values read from an answer are copied into an arena of the
// answer's values (a chunk or two per answer) instead of one allocation
// each, and carriers call Compact on every Shipment they build, so that a
// shipment keeps alive its own text and nothing of the answer it came
// from (decodetest.Paths checks both).
package decode
