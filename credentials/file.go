package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// LoadFile reads a JSON credentials file (the format LoadJSON reads) into
// a new MemoryStore. Errors name the file and the entry at fault, never a
// secret value.
func LoadFile(path string) (*MemoryStore, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	defer f.Close()
	s, err := loadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("credentials: file %s: %w", path, err)
	}
	return s, nil
}

// LoadJSON reads credentials in JSON into a new MemoryStore, validated as
// Put validates them. The input is an object with one key, "credentials",
// holding a list of entries (a bare list of entries is accepted too):
//
//	{"credentials": [
//	  {"code": "main", "carrier": "shipengine", "organization": "",
//	   "active": true, "default": true, "fields": {"api_key": "..."}}
//	]}
//
// "carrier" is required. "code" is generated when absent or empty;
// "organization" defaults to the default organization ""; "active"
// defaults to true, so that a listed credential is used unless it says
// "active": false; "default" defaults to false. "fields" maps field names
// to string values. Keys are case-sensitive and unknown keys are refused,
// so that a misspelt "defualt" does not pass silently.
//
// Errors wrap ErrInvalid for input not in this format (and ErrDuplicate,
// ErrAmbiguousDefault as Put does); they name the entry by its index from
// 0 and never quote a field's value.
func LoadJSON(r io.Reader) (*MemoryStore, error) {
	s, err := loadJSON(r)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return s, nil
}

// entryKeys are the keys an entry may have.
var entryKeys = map[string]bool{
	"code": true, "carrier": true, "organization": true,
	"active": true, "default": true, "fields": true,
}

func loadJSON(r io.Reader) (*MemoryStore, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading credentials: %w", err)
	}
	entries, err := splitEntries(b)
	if err != nil {
		return nil, err
	}
	s := newMemoryStore(len(entries))
	for i, raw := range entries {
		c, err := decodeEntry(raw)
		if err == nil {
			err = refuseRedacted(c)
		}
		if err != nil {
			return nil, fmt.Errorf("entry %d: %s: %w", i, err, ErrInvalid)
		}
		if _, err := s.insert(c); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return s, nil
}

// splitEntries returns the raw entries of either accepted shape.
func splitEntries(b []byte) ([]json.RawMessage, error) {
	const want = `expected {"credentials": [...]} or a list of credentials`
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 {
		return nil, fmt.Errorf("the input is empty; %s: %w", want, ErrInvalid)
	}
	var list []json.RawMessage
	switch t[0] {
	case '[':
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %w", jsonProblem(err, len(b)), ErrInvalid)
		}
		return list, nil
	case '{':
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			return nil, fmt.Errorf("%s: %w", jsonProblem(err, len(b)), ErrInvalid)
		}
		if unknown := unknownKeys(top, map[string]bool{"credentials": true}); unknown != "" {
			return nil, fmt.Errorf(`unknown key %s at the top level; the only key is "credentials": %w`, unknown, ErrInvalid)
		}
		raw, ok := top["credentials"]
		if !ok {
			return nil, fmt.Errorf(`the object has no "credentials" key; %s: %w`, want, ErrInvalid)
		}
		if err := json.Unmarshal(raw, &list); err != nil || list == nil {
			return nil, fmt.Errorf(`"credentials" must be a JSON list: %w`, ErrInvalid)
		}
		return list, nil
	default:
		return nil, fmt.Errorf("the input is not a JSON object or list; %s: %w", want, ErrInvalid)
	}
}

// decodeEntry reads one entry. Its errors name keys, never values.
func decodeEntry(raw json.RawMessage) (Credential, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return Credential{}, errors.New("an entry must be a JSON object")
	}
	if unknown := unknownKeys(obj, entryKeys); unknown != "" {
		return Credential{}, fmt.Errorf("unknown key %s; the keys are active, carrier, code, default, fields and organization", unknown)
	}
	c := Credential{Active: true}
	for _, f := range []struct {
		key string
		dst any
	}{
		{"code", &c.Code},
		{"carrier", &c.Carrier},
		{"organization", &c.Organization},
		{"active", &c.Active},
		{"default", &c.Default},
	} {
		v, ok := obj[f.key]
		if !ok {
			continue
		}
		if err := json.Unmarshal(v, f.dst); err != nil {
			kind := "string"
			if _, isBool := f.dst.(*bool); isBool {
				kind = "boolean (true or false)"
			}
			return Credential{}, fmt.Errorf("%q must be a JSON %s", f.key, kind)
		}
	}
	if v, ok := obj["fields"]; ok {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(v, &fields); err != nil {
			return Credential{}, errors.New(`"fields" must be a JSON object of field names to strings`)
		}
		if fields != nil {
			c.Fields = make(map[string]Secret, len(fields))
		}
		for name, fv := range fields {
			var s string
			if err := json.Unmarshal(fv, &s); err != nil {
				return Credential{}, fmt.Errorf("field %s must be a JSON string", quote(name))
			}
			c.Fields[name] = Secret(s)
		}
	}
	return c, nil
}

// refuseRedacted refuses a field holding the placeholder a marshalled
// Credential writes instead of its value: such a file was written from
// marshalled credentials and lacks the secrets.
func refuseRedacted(c Credential) error {
	var names []string
	for name, v := range c.Fields {
		if v == redacted {
			names = append(names, quote(name))
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return fmt.Errorf("field %s holds %q, the placeholder a marshalled credential writes instead of the value; put the real value in the file",
		strings.Join(names, ", "), redacted)
}

// unknownKeys lists, sorted and quoted, the keys of obj not in known.
func unknownKeys(obj map[string]json.RawMessage, known map[string]bool) string {
	var out []string
	for k := range obj {
		if !known[k] {
			out = append(out, quote(k))
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// jsonProblem describes an error decoding n bytes without quoting the
// input: a syntax error's text can hold a character of a secret.
func jsonProblem(err error, n int) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se) && se.Offset >= int64(n), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early; is the file complete?"
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON (at byte %d)", se.Offset)
	default:
		return "not valid JSON of the expected shape"
	}
}
