package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// decodeArguments accepts the arguments of a tool call as a JSON object, a
// JSON string holding one, or nothing (an empty object).
func decodeArguments(raw json.RawMessage) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return map[string]any{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("arguments: %w", err)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return map[string]any{}, nil
		}
		raw = []byte(s)
	}
	if raw[0] != '{' {
		return nil, fmt.Errorf("arguments must be a JSON object (or a JSON string holding one)")
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("arguments are not a valid JSON object: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// normalizeArguments maps argument keys onto the tool's snake_case parameter
// names. Accepted spellings: the snake_case name, the SDK's wire name
// (camelCase), any key that normalises to the snake_case name ("$id",
// "UserID"), and a bare "id" for the tool's only *_id parameter. Two
// spellings of one parameter with different values, and unknown keys, are
// an *ArgumentError naming the allowed parameters and the nearest match.
func normalizeArguments(t *catalog.Tool, in map[string]any) (map[string]any, error) {
	byAlias := make(map[string]string, 2*len(t.Params))
	var idParams []string
	for _, p := range t.Params {
		byAlias[p.Name] = p.Name
		if p.Wire != "" {
			byAlias[p.Wire] = p.Name
			byAlias[snakeKey(p.Wire)] = p.Name
		}
		if strings.HasSuffix(p.Name, "_id") {
			idParams = append(idParams, p.Name)
		}
	}
	out := make(map[string]any, len(in))
	from := make(map[string]string, len(in))
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error messages
	for _, k := range keys {
		v := in[k]
		name, ok := byAlias[k]
		if !ok {
			name, ok = byAlias[snakeKey(k)]
		}
		if !ok && snakeKey(k) == "id" && len(idParams) == 1 {
			name, ok = idParams[0], true
		}
		if !ok {
			return nil, unknownArgument(t, k, idParams)
		}
		if prev, dup := from[name]; dup {
			if !reflect.DeepEqual(out[name], v) {
				return nil, &ArgumentError{Param: name, Problem: fmt.Sprintf(
					"given twice with different values (as %q and %q); pass it once as %q", prev, k, name)}
			}
			continue
		}
		from[name] = k
		out[name] = v
	}
	return out, nil
}

func unknownArgument(t *catalog.Tool, key string, idParams []string) error {
	names := make([]string, 0, len(t.Params))
	for _, p := range t.Params {
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		return &ArgumentError{Param: truncateForMessage(key, 80), Problem: "unknown argument: " + t.Name + " takes no arguments"}
	}
	problem := "unknown argument"
	if snakeKey(key) == "id" && len(idParams) > 1 {
		problem = "ambiguous bare id: use one of " + strings.Join(idParams, ", ")
	} else if near := closest(key, names, 1); len(near) == 1 {
		problem += fmt.Sprintf("; did you mean %q?", near[0])
	}
	problem += " Allowed: " + strings.Join(names, ", ") + "."
	return &ArgumentError{Param: truncateForMessage(key, 80), Problem: problem}
}
