package catalog

import (
	"encoding/json"
	"testing"
)

// TestCatalogSchemasPortable: every catalog tool's input schema stays
// inside the portable subset (CheckPortable; rules in docs/schemas.md).
func TestCatalogSchemasPortable(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range c.Tools() {
		for _, e := range CheckPortable(schemaOf(t, tool)) {
			t.Errorf("%s: %s", tool.Name, e)
		}
	}
}

// TestCheckPortable shows that each rule can fail.
func TestCheckPortable(t *testing.T) {
	tests := []struct {
		schema string
		bad    bool
	}{
		{`{"type":"object","properties":{"a":{"type":"string","enum":["x","y"]}},"required":["a"],"additionalProperties":false}`, false},
		{`{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"},"minItems":1}}}`, false},
		{`{"type":["object","string"],"properties":{}}`, true},
		{`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{}}`, true},
		{`{"type":"object","properties":{"a":{"$ref":"#/$defs/x"}},"$defs":{"x":{"type":"string"}}}`, true},
		{`{"type":"object","properties":{},"anyOf":[{"required":["a"]}]}`, true},
		{`{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}`, true},
		{`{"type":"object","properties":{"a":{"type":"integer","enum":[1,2]}}}`, true},
		{`{"type":"object","properties":{"a":{"type":"array"}}}`, true},
		{`{"type":"object","properties":{"a":{"type":"string","format":"uri"}}}`, true},
		{`{"type":"object","properties":{"a":{"description":"no type"}}}`, true},
		{`{"type":"object","properties":{"a b":{"type":"string"}}}`, true},
		{`{"type":"object","properties":{},"required":["missing"]}`, true},
		{`{"type":"object","properties":{"a":{"type":"string"}},"required":["a","a"]}`, true},
		{`{"type":"object","properties":{},"additionalProperties":{"type":"string"}}`, true},
		{`{"type":"string"}`, true},
	}
	for _, tt := range tests {
		errs := CheckPortable(json.RawMessage(tt.schema))
		if (len(errs) > 0) != tt.bad {
			t.Errorf("CheckPortable(%s) = %v, want bad %v", tt.schema, errs, tt.bad)
		}
	}
}
