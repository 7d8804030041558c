package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

var update = flag.Bool("update", false, "rewrite testdata/tools.golden.json")

const goldenFile = "testdata/tools.golden.json"

// goldenEntry is one tool as the golden snapshot shows it.
type goldenEntry struct {
	Name        string               `json:"name"`
	Description string               `json:"description"`
	HTTP        string               `json:"http"`
	Class       Class                `json:"class"`
	Scope       Scope                `json:"scope"`
	Deprecated  bool                 `json:"deprecated,omitempty"`
	ReplacedBy  string               `json:"replaced_by,omitempty"`
	Binary      bool                 `json:"binary,omitempty"`
	Annotations *mcp.ToolAnnotations `json:"annotations"`
	InputSchema json.RawMessage      `json:"input_schema"`
}

// TestGoldenToolSurface compares the whole tool surface with the reviewed
// snapshot. Refresh: go test ./internal/catalog -run Golden -update
// (or UPDATE_GOLDEN=1).
func TestGoldenToolSurface(t *testing.T) {
	var entries []goldenEntry
	for _, tool := range newTestCatalog(t).Tools() {
		entries = append(entries, goldenEntry{
			Name: tool.Name, Description: tool.Description, HTTP: tool.HTTPMethod + " " + tool.Path,
			Class: tool.Class, Scope: tool.Scope, Deprecated: tool.Deprecated, ReplacedBy: tool.ReplacedBy,
			Binary: tool.Binary, Annotations: tool.Annotations(), InputSchema: tool.InputSchema,
		})
	}
	got, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update || os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, got, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d tools)", goldenFile, len(entries))
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("read golden (refresh with -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		gotLines, wantLines := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
			if !bytes.Equal(gotLines[i], wantLines[i]) {
				t.Fatalf("tool surface differs from %s at line %d:\n got: %s\nwant: %s\n(review, then refresh with -update)", goldenFile, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("tool surface differs from %s in length: %d vs %d lines (refresh with -update)", goldenFile, len(gotLines), len(wantLines))
	}
}
