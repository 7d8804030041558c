package tools

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// TestSchemasPortable: every input schema the server can list (the three
// operator tools, every catalog tool as it is listed directly) stays inside
// the subset of JSON Schema that OpenAI, Anthropic and Gemini function
// calling all accept (catalog.CheckPortable; rules in docs/schemas.md).
func TestSchemasPortable(t *testing.T) {
	c, err := catalog.New(catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]json.RawMessage{}
	for _, ro := range []bool{false, true} {
		s := &service{opts: Options{ReadOnly: ro}}
		for _, r := range s.operatorTools() {
			raw, err := json.Marshal(r.tool.InputSchema)
			if err != nil {
				t.Fatal(err)
			}
			schemas[fmt.Sprintf("%s (read-only %v)", r.tool.Name, ro)] = raw
		}
	}
	for _, tool := range c.Tools() {
		for _, mode := range []string{config.ConfirmAuto, config.ConfirmElicit} {
			direct, err := directTool(tool, mode)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(direct.InputSchema)
			if err != nil {
				t.Fatal(err)
			}
			schemas["direct "+tool.Name+" ("+mode+")"] = raw
		}
	}
	if len(schemas) < len(c.Tools())+3 {
		t.Fatalf("only %d schemas collected", len(schemas))
	}
	for name, raw := range schemas {
		for _, e := range catalog.CheckPortable(raw) {
			t.Errorf("%s: %s", name, e)
		}
	}
}
