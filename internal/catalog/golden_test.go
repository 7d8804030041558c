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

var update = flag.Bool("update", false, "rewrite the golden files in testdata/tools")

// goldenDir holds one snapshot per service, so a diff names the service.
const goldenDir = "testdata/tools"

// goldenEntry is one tool as the golden snapshot shows it.
type goldenEntry struct {
	Name        string               `json:"name"`
	Source      string               `json:"source"`
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

// TestGoldenToolSurface compares the whole tool surface, service by
// service, with the reviewed snapshots. Refresh:
// go test ./internal/catalog -run Golden -update (or UPDATE_GOLDEN=1).
func TestGoldenToolSurface(t *testing.T) {
	byService := map[string][]goldenEntry{}
	for _, tool := range newTestCatalog(t).Tools() {
		byService[tool.Service] = append(byService[tool.Service], goldenEntry{
			Name: tool.Name, Source: tool.Source, Description: tool.Description, HTTP: tool.HTTPMethod + " " + tool.Path,
			Class: tool.Class, Scope: tool.Scope, Deprecated: tool.Deprecated, ReplacedBy: tool.ReplacedBy,
			Binary: tool.Binary, Annotations: tool.Annotations(), InputSchema: schemaOf(t, tool),
		})
	}
	refresh := *update || os.Getenv("UPDATE_GOLDEN") != ""
	if refresh {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(goldenDir, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.golden.json"))
	if !refresh && len(files) != len(byService) {
		t.Errorf("%d golden files for %d services (refresh with -update)", len(files), len(byService))
	}
	for service, entries := range byService {
		got, err := json.MarshalIndent(entries, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		compareGolden(t, filepath.Join(goldenDir, service+".golden.json"), append(got, '\n'), refresh)
	}
}

func compareGolden(t *testing.T, path string, got []byte, refresh bool) {
	t.Helper()
	if refresh {
		if err := os.WriteFile(path, got, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path) // #nosec G304 -- a golden file of this package
	if err != nil {
		t.Errorf("read %s (refresh with -update): %v", path, err)
		return
	}
	if bytes.Equal(got, want) {
		return
	}
	gotLines, wantLines := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
		if !bytes.Equal(gotLines[i], wantLines[i]) {
			t.Errorf("%s differs at line %d:\n got: %s\nwant: %s\n(review, then refresh with -update)", path, i+1, gotLines[i], wantLines[i])
			return
		}
	}
	t.Errorf("%s differs in length: %d vs %d lines (refresh with -update)", path, len(gotLines), len(wantLines))
}
