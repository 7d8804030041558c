// Package strictjson decodes JSON the way a security boundary must: an
// object whose keys repeat is refused (which of two values was meant
// cannot be known, and picking one is how a "confirm_write": false
// followed by "confirm_write": true became a write), as are trailing data
// and nesting deeper than MaxDepth. Values come out as encoding/json
// produces them into an any.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/appwrite/appwrite-mcp/internal/text"
)

// MaxDepth bounds the nesting of a decoded value.
const MaxDepth = 64

// DuplicateKeyError is a JSON object whose keys repeat,
// exactly or as spellings of one parameter. Nothing is sent for it: which
// of the values was meant cannot be known, and picking one is how a
// "confirm_write": false followed by "confirm_write": true became a write.
type DuplicateKeyError struct {
	Key   string // the repeated key, as the second occurrence spelled it
	First string // the first spelling, when it differs
	Path  string // where the object is, e.g. "arguments" ("" at the top)
}

func (e *DuplicateKeyError) Error() string {
	where := ""
	if e.Path != "" {
		where = " in " + e.Path
	}
	if e.First != "" && e.First != e.Key {
		return fmt.Sprintf("%q and %q%s name the same parameter; give it once", e.First, e.Key, where)
	}
	return fmt.Sprintf("the key %q appears more than once%s; give it once", e.Key, where)
}

// Decode decodes one JSON value like json.Unmarshal into an any
// (objects map[string]any, arrays []any, numbers float64) but refuses
// objects with repeated keys at any depth, trailing data and nesting
// deeper than MaxDepth.
func Decode(raw []byte, path string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	v, err := decodeValue(dec, path, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, path string, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, float64, bool or nil
	}
	switch d {
	case '{':
		return decodeObject(dec, path, depth)
	case '[':
		out := []any{}
		for i := 0; dec.More(); i++ {
			v, err := decodeValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		if _, err := dec.Token(); err != nil { // ']'
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected %q", d)
}

func decodeObject(dec *json.Decoder, path string, depth int) (map[string]any, error) {
	out := map[string]any{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		k, _ := kt.(string)
		if _, dup := out[k]; dup {
			return nil, &DuplicateKeyError{Key: text.Cut(k, 80), Path: path}
		}
		v, err := decodeValue(dec, joinPath(path, k), depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	return out, nil
}

func joinPath(path, key string) string {
	key = text.Cut(key, 40)
	if path == "" {
		return key
	}
	return path + "." + key
}
