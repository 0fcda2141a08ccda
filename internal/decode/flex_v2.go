//go:build goexperiment.jsonv2

package decode

// The tolerant types read their value straight from encoding/json/v2's
// decoder, which hands it over in place (no copy, no reflective call),
// and apply the rules of their UnmarshalJSON methods to it.

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (s *String) UnmarshalJSONFrom(dec *jsonDecoder) error {
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return s.UnmarshalJSON(b)
}

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (n *Int) UnmarshalJSONFrom(dec *jsonDecoder) error {
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return n.UnmarshalJSON(b)
}

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (f *Float) UnmarshalJSONFrom(dec *jsonDecoder) error {
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return f.UnmarshalJSON(b)
}

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (v *Bool) UnmarshalJSONFrom(dec *jsonDecoder) error {
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return v.UnmarshalJSON(b)
}
