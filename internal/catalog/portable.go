package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// portableTypes, portableKeywords and portableFormats are the portable
// subset of JSON Schema: what OpenAI, Anthropic and Gemini function calling
// all accept in a tool's input schema. docs/schemas.md lists each rule
// with its source.
func portableTypes() []string {
	return []string{"object", "array", "string", "integer", "number", "boolean"}
}

func portableKeywords() []string {
	return []string{
		"type", "description", "properties", "required", "items", "enum",
		"minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
		"pattern", "default", "format", "additionalProperties",
	}
}

func portableFormats() []string { return []string{"date-time"} }

// portableName is the property-name rule (Gemini's, the strictest).
func portableName(s string) bool {
	if s == "" || len(s) > 64 || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

// CheckPortable returns every rule of the portable subset that the input
// schema raw breaks, each with its JSON path; none when it is portable.
func CheckPortable(raw json.RawMessage) []string {
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		return []string{"not a JSON object: " + err.Error()}
	}
	var errs []string
	if root["type"] != "object" {
		errs = append(errs, `top level: type must be "object"`)
	}
	if _, ok := root["properties"].(map[string]any); !ok {
		errs = append(errs, "top level: properties must be an object")
	}
	return append(errs, checkNode(root, "#")...)
}

func checkNode(n map[string]any, path string) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, a...)) }
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(portableKeywords(), k) {
			bad("keyword %q is outside the portable subset", k)
		}
	}
	typ, ok := n["type"].(string)
	if !ok || !slices.Contains(portableTypes(), typ) {
		bad("type must be one of %v, got %v", portableTypes(), n["type"])
	}
	if ap, has := n["additionalProperties"]; has && ap != false {
		bad("additionalProperties may only be false, got %v", ap)
	}
	if f, has := n["format"]; has && !slices.Contains(portableFormats(), fmt.Sprint(f)) {
		bad("format %v is not portable", f)
	}
	if e, has := n["enum"]; has {
		errs = append(errs, checkEnum(e, typ, path)...)
	}
	switch typ {
	case "object":
		errs = append(errs, checkObject(n, path)...)
	case "array":
		items, ok := n["items"].(map[string]any)
		if !ok {
			bad("an array must declare items")
		} else {
			errs = append(errs, checkNode(items, path+"/items")...)
		}
	}
	return errs
}

func checkEnum(e any, typ, path string) []string {
	vals, ok := e.([]any)
	if !ok || len(vals) == 0 || typ != "string" {
		return []string{path + ": enum must be a non-empty list on a string"}
	}
	for _, v := range vals {
		if _, ok := v.(string); !ok {
			return []string{path + fmt.Sprintf(": enum value %v is not a string", v)}
		}
	}
	return nil
}

func checkObject(n map[string]any, path string) []string {
	var errs []string
	props, _ := n["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !portableName(name) {
			errs = append(errs, fmt.Sprintf("%s: property name %q is not portable", path, name))
		}
		sub, ok := props[name].(map[string]any)
		if !ok {
			errs = append(errs, fmt.Sprintf("%s/properties/%s: not a schema object", path, name))
			continue
		}
		errs = append(errs, checkNode(sub, path+"/properties/"+name)...)
	}
	if r, has := n["required"]; has {
		list, ok := r.([]any)
		if !ok {
			return append(errs, path+": required must be a list")
		}
		for i, v := range list {
			if s, ok := v.(string); !ok || props[s] == nil {
				errs = append(errs, fmt.Sprintf("%s: required %v is not a declared property", path, v))
			} else if slices.Contains(list[:i], v) {
				errs = append(errs, fmt.Sprintf("%s: required %v is listed twice", path, v))
			}
		}
	}
	return errs
}
