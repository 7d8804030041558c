package catalog

import "encoding/base64"

// SampleArgs returns arguments that satisfy the tool's schema, for tests:
// string values are the parameter's wire name (a valid path value) or the
// first allowed value of an enum, so a recorded request shows where each
// argument landed.
func (t *Tool) SampleArgs() map[string]any {
	out := map[string]any{}
	for _, p := range t.Params {
		if !p.Required {
			continue
		}
		out[p.Name] = SampleValue(p)
	}
	return out
}

// SampleValue returns a value of the parameter's type (see SampleArgs).
func SampleValue(p Param) any {
	switch {
	case len(p.Enum) > 0 && p.Type == TypeString:
		return p.Enum[0]
	case len(p.Enum) > 0 && p.Type == TypeArray:
		return []any{p.Enum[0]}
	}
	switch p.Type {
	case TypeString:
		return p.Wire
	case TypeInteger:
		return 7
	case TypeNumber:
		return 2.5
	case TypeBoolean:
		return true
	case TypeArray:
		switch p.Items {
		case TypeString:
			return []any{p.Wire + "-1"}
		case TypeInteger:
			return []any{3}
		case "":
			// Objects, or a geometry's nested coordinates: an empty
			// list fits either.
			return []any{}
		default:
			return []any{map[string]any{"sample": p.Wire}}
		}
	case TypeObject:
		return map[string]any{"sample": p.Wire}
	case TypeFile:
		return map[string]any{
			"content_base64": base64.StdEncoding.EncodeToString([]byte("sample file " + p.Wire)),
			"filename":       "sample.txt",
		}
	}
	return nil
}
