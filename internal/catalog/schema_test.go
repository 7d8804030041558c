package catalog

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, tool *Tool) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaOf(t, tool)))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	url := "mem://" + tool.Name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("AddResource: %v", err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return sch
}

// asJSON round-trips v through JSON, as arguments arrive over MCP.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var propNameRE = regexp.MustCompile(`^[a-z0-9_]+$`)

// TestSchemasCompileAndAcceptSamples: every schema compiles as JSON Schema
// 2020-12, accepts the tool's sample arguments, describes every property,
// and refuses unknown properties.
func TestSchemasCompileAndAcceptSamples(t *testing.T) {
	for _, tool := range newTestCatalog(t).Tools() {
		t.Run(tool.Name, func(t *testing.T) {
			sch := compileSchema(t, tool)
			if err := sch.Validate(asJSON(t, tool.SampleArgs())); err != nil {
				t.Fatalf("schema refuses its own samples: %v", err)
			}
			withAll := tool.SampleArgs()
			for _, p := range tool.Params {
				withAll[p.Name] = SampleValue(p)
			}
			if err := sch.Validate(asJSON(t, withAll)); err != nil {
				t.Fatalf("schema refuses samples of all properties: %v", err)
			}
			extra := tool.SampleArgs()
			extra["no_such_property"] = "x"
			if sch.Validate(asJSON(t, extra)) == nil {
				t.Fatal("schema accepts an unknown property")
			}
			var s struct {
				Schema     string `json:"$schema"`
				Type       string `json:"type"`
				Properties map[string]struct {
					Description string `json:"description"`
				} `json:"properties"`
				Required             []string `json:"required"`
				AdditionalProperties *bool    `json:"additionalProperties"`
			}
			if err := json.Unmarshal(schemaOf(t, tool), &s); err != nil {
				t.Fatal(err)
			}
			if s.Type != "object" || s.AdditionalProperties == nil || *s.AdditionalProperties || s.Schema != "" {
				t.Fatalf("schema header wrong: %s", schemaOf(t, tool))
			}
			for name, p := range s.Properties {
				if !propNameRE.MatchString(name) {
					t.Errorf("property %q is not snake_case", name)
				}
				if p.Description == "" {
					t.Errorf("property %q has no description", name)
				}
			}
		})
	}
}

// TestFileSchemaShapes pins the file argument's accepted shapes.
func TestFileSchemaShapes(t *testing.T) {
	c := newTestCatalog(t)
	tool, ok := c.Lookup("storage_create_file")
	if !ok {
		t.Fatal("storage_create_file missing")
	}
	sch := compileSchema(t, tool)
	base := map[string]any{"bucket_id": "b1", "file_id": "unique()"}
	tests := []struct {
		name string
		file any
		ok   bool
	}{
		{"inline", map[string]any{"content_base64": "aGVsbG8=", "filename": "a.txt"}, true},
		{"url", map[string]any{"url": "https://example.com/a.txt"}, true},
		{"url with name", map[string]any{"url": "https://example.com/a", "filename": "a.txt"}, true},
		// "both" and "inline without name" fit the portable schema (it has
		// no oneOf); appwrite.Session.PrepareFile refuses them at call time.
		{"both", map[string]any{"content_base64": "aGVsbG8=", "filename": "a.txt", "url": "https://example.com/a"}, true},
		{"inline without name", map[string]any{"content_base64": "aGVsbG8="}, true},
		{"http url", map[string]any{"url": "http://example.com/a"}, false},
		{"local path string", "/etc/passwd", false},
		{"path property", map[string]any{"path": "/etc/passwd"}, false},
		{"name with directory", map[string]any{"content_base64": "aGVsbG8=", "filename": "../a.txt"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := map[string]any{"file": tt.file}
			for k, v := range base {
				args[k] = v
			}
			err := sch.Validate(asJSON(t, args))
			if (err == nil) != tt.ok {
				t.Fatalf("valid = %v, want %v (%v)", err == nil, tt.ok, err)
			}
		})
	}
}

// TestEverySchemaBuilds: New builds schemas on first use, so this is where
// a generated tool whose schema cannot be built is caught; a hand-made
// tool with a parameter of no known type gets an error naming both.
func TestEverySchemaBuilds(t *testing.T) {
	var denied []string
	for name := range DeniedByDefault() {
		denied = append(denied, name)
	}
	c, err := New(Options{IncludedTools: denied})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range c.Tools() {
		first, second := schemaOf(t, tool), schemaOf(t, tool)
		if &first[0] != &second[0] {
			t.Fatalf("%s: schema built twice", tool.Name)
		}
	}
	bad := &Tool{Name: "x_get", Params: []Param{{Name: "when", Type: "date"}}}
	if _, err := bad.InputSchema(); err == nil || !strings.Contains(err.Error(), "x_get") || !strings.Contains(err.Error(), "when") {
		t.Fatalf("InputSchema() error = %v, want one naming the tool and the parameter", err)
	}
}

// TestInputSchemaWith: extra properties join the tool's own, never
// replace a parameter of the same name, and a required one is listed as
// required either way, once.
func TestInputSchemaWith(t *testing.T) {
	tool := &Tool{Name: "x_get", Params: []Param{{Name: "project_id", Type: TypeString, Description: "own"}}}
	raw, err := tool.InputSchemaWith([]Extra{
		{Name: "project_id", Schema: map[string]any{"type": "string", "description": "extra"}, Required: true},
		{Name: "confirm_write", Schema: map[string]any{"type": "boolean"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]struct {
			Type        string `json:"type"`
			Description string `json:"description"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.Properties["project_id"].Description != "own" || s.Properties["confirm_write"].Type != "boolean" ||
		len(s.Required) != 1 || s.Required[0] != "project_id" {
		t.Errorf("InputSchemaWith = %s", raw)
	}
	if own, _ := tool.InputSchema(); bytes.Contains(own, []byte("confirm_write")) {
		t.Errorf("InputSchema carries an extra: %s", own)
	}
	tool.Params[0].Required = true // a required extra of a required parameter's name: listed once
	raw, err = tool.InputSchemaWith([]Extra{{Name: "project_id", Schema: map[string]any{"type": "string"}, Required: true}})
	if err != nil {
		t.Fatal(err)
	}
	if errs := CheckPortable(raw); len(errs) > 0 {
		t.Errorf("InputSchemaWith = %s: %v", raw, errs)
	}
}
