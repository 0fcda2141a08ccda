// Package decode holds the tolerant decoding every carrier needs: strings
// that arrive as numbers, numbers that arrive as strings, timestamps with
// or without a zone, and JSON errors turned into *tracking.DecodeError.
package decode
