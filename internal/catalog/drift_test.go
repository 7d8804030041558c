package catalog

import (
	"bytes"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestGeneratedFileUpToDate regenerates the table into a temp dir and
// compares it with the committed zz_generated.go.
func TestGeneratedFileUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run ./gen")
	}
	out := filepath.Join(t.TempDir(), "zz_generated.go")
	cmd := exec.Command("go", "run", "./gen", "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("zz_generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("zz_generated.go is stale: run go generate ./internal/catalog")
	}
	if !bytes.HasPrefix(want, []byte("// Code generated ")) || !bytes.Contains(want, []byte("DO NOT EDIT.")) {
		t.Fatal("zz_generated.go lacks the generated-code header")
	}
}

// sdkMethods lists "<service type>.<method>" for every API method of the
// SDK, found independently of the generator: exported methods of the type
// each service package's New returns, minus New and the With… setters.
func sdkMethods(t *testing.T) map[string][]string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes}
	pkgs, err := packages.Load(cfg, "github.com/appwrite/sdk-for-go/...")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, p := range pkgs {
		fn, ok := p.Types.Scope().Lookup("New").(*types.Func)
		if !ok {
			continue
		}
		res := fn.Type().(*types.Signature).Results()
		if res.Len() != 1 {
			continue
		}
		ptr, ok := res.At(0).Type().(*types.Pointer)
		if !ok {
			continue
		}
		named := ptr.Elem().(*types.Named)
		for i := 0; i < named.NumMethods(); i++ {
			m := named.Method(i)
			if m.Exported() && m.Name() != "New" && !strings.HasPrefix(m.Name(), "With") {
				out[p.Name] = append(out[p.Name], m.Name())
			}
		}
	}
	return out
}

// TestEntryCountMatchesSDK: tools = SDK methods − folded twins (two
// spellings of one name, e.g. CreateMfaAuthenticator/CreateMFAAuthenticator)
// − excluded services.
func TestEntryCountMatchesSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the SDK with go/packages")
	}
	methods := sdkMethods(t)
	total, twins := 0, 0
	for _, ms := range methods {
		seen := map[string]bool{}
		for _, m := range ms {
			total++
			if seen[strings.ToLower(m)] {
				twins++
			}
			seen[strings.ToLower(m)] = true
		}
	}
	if total == 0 || twins == 0 {
		t.Fatalf("suspicious SDK scan: %d methods, %d twins", total, twins)
	}
	c := newTestCatalog(t)
	if got, want := len(c.Tools()), total-twins; got != want {
		t.Fatalf("catalog has %d tools, SDK has %d methods − %d twins = %d", got, total, twins, want)
	}
	excluded, err := New([]string{"storage", "tablesdb"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(excluded.Tools()), total-twins-len(methods["storage"])-len(methods["tablesdb"]); got != want {
		t.Fatalf("with storage, tables_db excluded: %d tools, want %d", got, want)
	}
	for _, tool := range excluded.Tools() {
		if tool.Service == "storage" || tool.Service == "tables_db" {
			t.Fatalf("%s survived the exclusion", tool.Name)
		}
	}
	t.Logf("SDK methods %d, folded twins %d, tools %d", total, twins, total-twins)
}
