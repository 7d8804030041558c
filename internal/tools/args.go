package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/spell"
	"github.com/appwrite/appwrite-mcp/internal/strictjson"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

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
		inner, err := strictjson.Decode([]byte(s), path)
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
	v, err := strictjson.Decode(raw, "")
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
			if near := spell.Closest(k, allowed, 1); len(near) == 1 {
				msg += fmt.Sprintf(" (did you mean %q?)", near[0])
			}
			return nil, errors.New(msg)
		}
		if prev, dup := from[name]; dup {
			return nil, &strictjson.DuplicateKeyError{Key: text.Cut(k, 80), First: prev, Path: path}
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
			return nil, &strictjson.DuplicateKeyError{Key: text.Cut(k, 80), First: prev, Path: "arguments"}
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
	} else if near := spell.Closest(key, names, 1); len(near) == 1 {
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
			return &strictjson.DuplicateKeyError{Key: text.Cut(k, 80), First: seen, Path: "arguments"}
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
