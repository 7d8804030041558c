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

// TestGeneratedFilesUpToDate regenerates the table from both SDKs into a
// temp dir and compares every zz_generated*.go with the committed one: a
// changed, missing or extra file fails.
func TestGeneratedFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run ./gen")
	}
	requireConsoleSDK(t)
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", "-out", dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, b)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "zz_generated*.go"))
	want, _ := filepath.Glob("zz_generated*.go")
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("generated %d files, %d committed: run go generate ./internal/catalog", len(got), len(want))
	}
	for _, w := range want {
		committed, err := os.ReadFile(w)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := os.ReadFile(filepath.Join(dir, w))
		if err != nil {
			t.Fatalf("%s is not generated any more: run go generate ./internal/catalog", w)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("%s is stale: run go generate ./internal/catalog", w)
		}
		if !bytes.HasPrefix(committed, []byte("// Code generated ")) || !bytes.Contains(committed, []byte("DO NOT EDIT.")) {
			t.Errorf("%s lacks the generated-code header", w)
		}
	}
}

// requireConsoleSDK skips a test that needs the console SDK's node_modules
// when they are absent, except under CI=true, where it fails.
func requireConsoleSDK(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("gen", "consolesdk", "node_modules")); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("internal/catalog/gen/consolesdk/node_modules is missing: run npm ci --prefix internal/catalog/gen/consolesdk")
	}
	t.Skip("needs npm ci --prefix internal/catalog/gen/consolesdk")
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
	fromGo, goStorage, goTables := 0, 0, 0
	for _, tool := range c.Tools() {
		if tool.Source != "sdk-for-go" {
			continue
		}
		fromGo++
		switch tool.Service {
		case "storage":
			goStorage++
		case "tables_db":
			goTables++
		}
	}
	if want := total - twins; fromGo != want {
		t.Fatalf("catalog has %d Go SDK tools, SDK has %d methods − %d twins = %d", fromGo, total, twins, want)
	}
	if goStorage != len(methods["storage"]) || goTables != len(methods["tablesdb"]) {
		t.Fatalf("storage %d/%d, tables_db %d/%d Go SDK tools vs methods", goStorage, len(methods["storage"]), goTables, len(methods["tablesdb"]))
	}
	excluded, err := New(Options{ExcludedServices: []string{"storage", "tablesdb"}})
	if err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, tool := range c.Tools() {
		if tool.Service == "storage" || tool.Service == "tables_db" {
			removed++
		}
	}
	if got, want := len(excluded.Tools()), len(c.Tools())-removed; got != want {
		t.Fatalf("with storage, tables_db excluded: %d tools, want %d", got, want)
	}
	for _, tool := range excluded.Tools() {
		if tool.Service == "storage" || tool.Service == "tables_db" {
			t.Fatalf("%s survived the exclusion", tool.Name)
		}
	}
	t.Logf("Go SDK methods %d, folded twins %d, Go SDK tools %d, all tools %d", total, twins, total-twins, len(c.Tools()))
}
