package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// Input schemas stay inside the portable subset of JSON Schema 2020-12
// (CheckPortable, docs/schemas.md): no "$schema", no unions, no formats
// other providers refuse. What the subset cannot say (one file source of
// two) is in the descriptions and checked when the tool is called.

// fileSourceRule says what a file argument takes; appwrite.Session's
// PrepareFile enforces it.
const fileSourceRule = " Give either content_base64 with filename, or url (filename optional); not both."

// FileSchema is the JSON Schema of a TypeFile argument: inline base64
// content with a file name, or an https URL (file name optional).
func FileSchema(description string) map[string]any {
	return map[string]any{
		"type":        "object",
		"description": description + fileSourceRule,
		"properties": map[string]any{
			"content_base64": map[string]any{"type": "string", "description": "The file's bytes, base64-encoded (standard alphabet)."},
			"filename":       map[string]any{"type": "string", "minLength": 1, "maxLength": 255, "pattern": `^[^/\\]+$`, "description": "The file name, e.g. report.pdf (no directories)."},
			"url":            map[string]any{"type": "string", "pattern": "^https://", "description": "An https URL the server downloads the file from (public addresses only)."},
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

// Extra is a property a caller adds to a tool's input schema: the target
// and confirmation arguments of a tool listed directly.
type Extra struct {
	Name     string
	Schema   map[string]any
	Required bool // listed as required too
}

// buildSchema returns the tool's input schema (JSON Schema 2020-12), with
// extra properties, each added unless a parameter has its name.
func buildSchema(t *Tool, extra []Extra) (json.RawMessage, error) {
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
			} else {
				s["items"] = untypedItems(t, p)
			}
		case TypeString, TypeInteger, TypeNumber, TypeBoolean, TypeObject:
			s = withEnum(map[string]any{"type": string(p.Type), "description": p.Description}, p.Enum)
		default:
			return nil, fmt.Errorf("catalog: %s: parameter %s: unknown type %q", t.Name, p.Name, p.Type)
		}
		if p.In == InPath {
			s["pattern"] = appwrite.PathParamPattern(p.Wire)
		}
		props[p.Name] = s
		if p.Required {
			required = append(required, p.Name)
		}
	}
	for _, e := range extra {
		if _, taken := props[e.Name]; !taken {
			props[e.Name] = e.Schema
		}
		if e.Required && !slices.Contains(required, e.Name) {
			required = append(required, e.Name) // JSON Schema: required names are unique
		}
	}
	return json.Marshal(map[string]any{
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	})
}

// geometryDepth is how deeply a geometry column's default nests arrays of
// coordinates: a point is [lon, lat], a line a list of points, a polygon a
// list of rings. -1 for other parameters.
func geometryDepth(t *Tool, p Param) int {
	if p.Name != "default" {
		return -1
	}
	for depth, kind := range []string{"_point_", "_line_", "_polygon_"} {
		if strings.Contains(t.Name, kind) {
			return depth
		}
	}
	return -1
}

// untypedItems is the items schema of an array whose SDK type names no
// element type ([]interface{}): the coordinates of a geometry default, or
// objects (rows, documents, operations, columns, indexes). Every provider
// needs an array's items declared.
func untypedItems(t *Tool, p Param) map[string]any {
	depth := geometryDepth(t, p)
	if depth < 0 {
		return map[string]any{"type": "object"}
	}
	items := map[string]any{"type": "number"}
	for i := 0; i < depth; i++ {
		items = map[string]any{"type": "array", "items": items}
	}
	return items
}
