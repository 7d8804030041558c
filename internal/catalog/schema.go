package catalog

import (
	"encoding/json"
	"fmt"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// schemaDialect is the JSON Schema dialect of every input schema.
const schemaDialect = "https://json-schema.org/draft/2020-12/schema"

// FileSchema is the JSON Schema of a TypeFile argument: inline base64
// content with a file name, or an https URL (file name optional).
func FileSchema(description string) map[string]any {
	return map[string]any{
		"type":        "object",
		"description": description,
		"properties": map[string]any{
			"content_base64": map[string]any{"type": "string", "contentEncoding": "base64", "description": "The file's bytes, base64-encoded (standard alphabet)."},
			"filename":       map[string]any{"type": "string", "minLength": 1, "maxLength": 255, "pattern": `^[^/\\]+$`, "description": "The file name, e.g. report.pdf (no directories)."},
			"url":            map[string]any{"type": "string", "format": "uri", "pattern": "^https://", "description": "An https URL the server downloads the file from (public addresses only)."},
		},
		"oneOf": []any{
			map[string]any{"required": []string{"content_base64", "filename"}},
			map[string]any{"required": []string{"url"}},
		},
		"additionalProperties": false,
	}
}

func typeSchema(t ParamType) map[string]any {
	if t == "" {
		return map[string]any{}
	}
	return map[string]any{"type": string(t)}
}

// withEnum adds the allowed values to a string schema.
func withEnum(s map[string]any, enum []string) map[string]any {
	if len(enum) > 0 {
		s["enum"] = enum
	}
	return s
}

// buildSchema returns the tool's input schema (JSON Schema 2020-12).
func buildSchema(t *Tool) (json.RawMessage, error) {
	props := map[string]any{}
	required := []string{}
	for _, p := range t.Params {
		var s map[string]any
		switch p.Type {
		case TypeFile:
			s = FileSchema(p.Description)
		case TypeArray:
			s = map[string]any{"type": "array", "description": p.Description}
			if p.Items != "" {
				s["items"] = withEnum(typeSchema(p.Items), p.Enum)
			}
		case TypeString, TypeInteger, TypeNumber, TypeBoolean, TypeObject:
			s = withEnum(map[string]any{"type": string(p.Type), "description": p.Description}, p.Enum)
		default:
			return nil, fmt.Errorf("parameter %s: unknown type %q", p.Name, p.Type)
		}
		if p.In == InPath {
			s["pattern"] = appwrite.PathParamPattern(p.Wire)
		}
		props[p.Name] = s
		if p.Required {
			required = append(required, p.Name)
		}
	}
	return json.Marshal(map[string]any{
		"$schema":              schemaDialect,
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	})
}
