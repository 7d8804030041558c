package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	fake "github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// testToken returns a bearer token the fake's REST side accepts.
func testToken(f *fake.Server) string { return f.MintToken(fake.TokenSpec{Subject: "user-a"}) }

func newTestCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// schemaOf is tool's input schema; a schema that does not build fails t.
func schemaOf(t *testing.T, tool *Tool) json.RawMessage {
	t.Helper()
	raw, err := tool.InputSchema()
	if err != nil {
		t.Fatalf("%s: %v", tool.Name, err)
	}
	return raw
}

func newTestSession(t *testing.T, f *fake.Server, target appwrite.Target) *appwrite.Session {
	t.Helper()
	fac := appwrite.NewFactory(appwrite.Options{
		Endpoint:       f.Endpoint(),
		DefaultProject: "console",
		UserAgent:      "appwrite-mcp/test",
	})
	s := fac.NewSession(testToken(f), target)
	t.Cleanup(s.Close)
	return s
}

// filepathGlob lists staged upload files left in TMPDIR.
func filepathGlob(t *testing.T) ([]string, error) {
	t.Helper()
	return filepath.Glob(filepath.Join(os.TempDir(), "appwrite-mcp-upload-*"))
}
