package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

var update = flag.Bool("update", false, "rewrite the tool snapshots in testdata/toolsnaps")

// snapDir holds what clients see of the tools: one file per operator tool
// (name, title, description, annotations, input schema) and the full-surface
// listing (names and annotations). A difference fails the test; review it,
// then refresh with: go test ./internal/tools -run ToolSnaps -update
const snapDir = "testdata/toolsnaps"

// listTools lists every tool a client sees, page by page.
func listTools(t *testing.T, cs *mcp.ClientSession) []*mcp.Tool {
	t.Helper()
	var out []*mcp.Tool
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tool)
	}
	return out
}

func TestToolSnapsOperatorTools(t *testing.T) {
	h := newHarness(t)
	tools := listTools(t, h.cs)
	if len(tools) != 3 {
		t.Fatalf("%d operator tools", len(tools))
	}
	for _, tool := range tools {
		got, err := json.MarshalIndent(tool, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		compareSnap(t, tool.Name+".json", append(got, '\n'))
	}
}

// surfaceEntry is one tool of the full-surface listing snapshot.
type surfaceEntry struct {
	Name        string               `json:"name"`
	Annotations *mcp.ToolAnnotations `json:"annotations"`
}

func TestToolSnapsFullSurface(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Surface = config.SurfaceFull }))
	var b bytes.Buffer
	b.WriteString("[\n")
	tools := listTools(t, h.cs)
	for i, tool := range tools {
		line, err := json.Marshal(surfaceEntry{Name: tool.Name, Annotations: tool.Annotations})
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("  ")
		b.Write(line)
		if i < len(tools)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	compareSnap(t, "_full_surface.json", b.Bytes())
}

func compareSnap(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(snapDir, name)
	if *update {
		if err := os.MkdirAll(snapDir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (create it with -update)", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what clients now see; review, then refresh with -update:\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line of two snapshots.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + string(w) + "\n  got:  " + string(g)
		}
	}
	return "(same lines, different bytes)"
}

// TestToolSnapsNoStaleFiles: every snapshot belongs to a tool clients see,
// so a renamed or removed operator tool cannot leave its old one behind.
func TestToolSnapsNoStaleFiles(t *testing.T) {
	want := []string{"_full_surface.json", ToolCallTool + ".json", ToolGetContext + ".json", ToolSearchTools + ".json"}
	files, err := filepath.Glob(filepath.Join(snapDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, filepath.Base(f))
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want %v", snapDir, got, want)
	}
}
