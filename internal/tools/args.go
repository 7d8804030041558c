package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

// maxArgDepth bounds the nesting of tool arguments.
const maxArgDepth = 64

// DuplicateKeyError is a JSON object in a tool call whose keys repeat,
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

// decodeStrict decodes one JSON value like json.Unmarshal into an any
// (objects map[string]any, arrays []any, numbers float64) but refuses
// objects with repeated keys at any depth, trailing data and nesting
// deeper than maxArgDepth.
func decodeStrict(raw []byte, path string) (any, error) {
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
	if depth > maxArgDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxArgDepth)
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

// objectArg decodes the arguments of a call (or the "arguments" value of
// appwrite_call_tool) strictly: an object, a JSON string holding one
// (accepted, not advertised), or nothing (an empty object).
func objectArg(v any, path string) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return map[string]any{}, nil
		}
		inner, err := decodeStrict([]byte(s), path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if m, ok := inner.(map[string]any); ok {
			return m, nil
		}
	}
	return nil, fmt.Errorf("%s must be a JSON object", path)
}

// decodeCall decodes a tool call's raw arguments into an object.
func decodeCall(raw json.RawMessage) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return map[string]any{}, nil
	}
	v, err := decodeStrict(raw, "")
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the arguments must be a JSON object")
	}
	return m, nil
}

// canonicalKeys maps the keys of in onto canonical names: the snake_case
// form of a key (catalog.SnakeKey) must be one of allowed, directly or
// through aliases. Unknown keys name the allowed ones and the nearest; two
// keys for one name are a *DuplicateKeyError whatever their values.
func canonicalKeys(in map[string]any, allowed []string, aliases map[string]string, path string) (map[string]any, error) {
	out := make(map[string]any, len(in))
	from := make(map[string]string, len(in))
	for _, k := range sortedKeys(in) {
		name := catalog.SnakeKey(k)
		if a, ok := aliases[name]; ok {
			name = a
		}
		if !contains(allowed, name) {
			msg := fmt.Sprintf("unknown argument %q; allowed: %s", text.Cut(k, 80), strings.Join(allowed, ", "))
			if near := toolsearch.Closest(k, allowed, 1); len(near) == 1 {
				msg += fmt.Sprintf(" (did you mean %q?)", near[0])
			}
			return nil, errors.New(msg)
		}
		if prev, dup := from[name]; dup {
			return nil, &DuplicateKeyError{Key: text.Cut(k, 80), First: prev, Path: path}
		}
		from[name] = k
		out[name] = in[k]
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error messages
	return keys
}

// stringArg reads an optional string argument.
func stringArg(m map[string]any, key string) (string, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string", key)
	}
	return strings.TrimSpace(s), nil
}

// normalizeArguments maps argument keys onto the tool's snake_case
// parameter names. Accepted spellings: the snake_case name, the wire name
// (camelCase), any key that normalises to the snake_case name ("$id",
// "UserID"), and a bare "id" for the tool's only *_id parameter. Two
// spellings of one parameter are a *DuplicateKeyError; unknown keys a
// *catalog.ArgError naming the allowed parameters and the nearest match.
func normalizeArguments(t *catalog.Tool, in map[string]any) (map[string]any, error) {
	byAlias := make(map[string]string, 2*len(t.Params))
	var idParams []string
	for _, p := range t.Params {
		byAlias[p.Name] = p.Name
		byAlias[p.Wire] = p.Name
		byAlias[catalog.SnakeKey(p.Wire)] = p.Name
		if strings.HasSuffix(p.Name, "_id") {
			idParams = append(idParams, p.Name)
		}
	}
	out := make(map[string]any, len(in))
	from := make(map[string]string, len(in))
	for _, k := range sortedKeys(in) {
		name, ok := byAlias[k]
		if !ok {
			name, ok = byAlias[catalog.SnakeKey(k)]
		}
		if !ok && catalog.SnakeKey(k) == "id" && len(idParams) == 1 {
			name, ok = idParams[0], true
		}
		if !ok {
			return nil, unknownArgument(t, k, idParams)
		}
		if prev, dup := from[name]; dup {
			return nil, &DuplicateKeyError{Key: text.Cut(k, 80), First: prev, Path: "arguments"}
		}
		from[name] = k
		out[name] = in[k]
	}
	return out, nil
}

func unknownArgument(t *catalog.Tool, key string, idParams []string) error {
	names := t.ParamNames()
	shown := text.Cut(key, 80)
	if len(names) == 0 {
		return &catalog.ArgError{Param: shown, Problem: "unknown argument: " + t.Name + " takes no arguments"}
	}
	problem := "unknown argument"
	if catalog.SnakeKey(key) == "id" && len(idParams) > 1 {
		problem = "ambiguous bare id: use one of " + strings.Join(idParams, ", ")
	} else if near := toolsearch.Closest(key, names, 1); len(near) == 1 {
		problem += fmt.Sprintf("; did you mean %q?", near[0])
	}
	problem += " Allowed: " + strings.Join(names, ", ") + "."
	return &catalog.ArgError{Param: shown, Problem: problem}
}

// liftTarget moves a project_id/organization_id found among the tool
// arguments to the call target, when the tool has no parameter of that
// name. A different value than the target's is an error.
func liftTarget(t *catalog.Tool, args map[string]any, key string, target *string) error {
	if _, own := t.Param(key); own {
		return nil
	}
	seen := ""
	for _, k := range sortedKeys(args) {
		if catalog.SnakeKey(k) != key {
			continue
		}
		if seen != "" {
			return &DuplicateKeyError{Key: text.Cut(k, 80), First: seen, Path: "arguments"}
		}
		seen = k
		str, ok := args[k].(string)
		if !ok {
			return fmt.Errorf("%s must be a string", key)
		}
		if *target != "" && *target != str {
			return fmt.Errorf("%s given twice with different values (%q and %q)", key, text.Cut(*target, 40), text.Cut(str, 40))
		}
		*target = str
		delete(args, k)
	}
	return nil
}
