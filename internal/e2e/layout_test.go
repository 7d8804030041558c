package e2e

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

const module = "github.com/appwrite/appwrite-mcp"

// allowedImports is the layering of docs/design.md: the internal packages
// each production package may import. Test files and test helpers
// (internal/testutil/...) are not bound by it; cmd/... wires everything.
func allowedImports() map[string][]string {
	return map[string][]string{
		"internal/appwrite":               {},
		"internal/text":                   {},
		"internal/fakeappwrite":           {},
		"internal/config":                 {"internal/appwrite"},
		"internal/auth":                   {"internal/appwrite"},
		"internal/catalog":                {"internal/appwrite"},
		"internal/catalog/gen":            {"internal/appwrite", "internal/catalog/gen/gosdk", "internal/catalog/gen/consolesdk", "internal/catalog/gen/spec"},
		"internal/catalog/gen/spec":       {},
		"internal/catalog/gen/gosdk":      {"internal/appwrite", "internal/catalog/gen/spec"},
		"internal/catalog/gen/consolesdk": {"internal/catalog/gen/spec"},
		"internal/spell":                  {"internal/catalog", "internal/text"},
		"internal/topk":                   {},
		"internal/toolsearch":             {"internal/catalog", "internal/spell", "internal/text", "internal/topk", "internal/toolsearch/learned", "internal/toolsearch/lexicon", "internal/toolsearch/taught", "internal/toolsearch/tooltext", "internal/toolsearch/words"},
		"internal/toolsearch/learned":     {"internal/topk"},
		"internal/toolsearch/gen":         {"internal/toolsearch", "internal/toolsearch/learned"},
		"internal/toolsearch/lexicon":     {"internal/text"},
		"internal/toolsearch/taught":      {"internal/toolsearch/learned"},
		"internal/toolsearch/tooltext":    {"internal/catalog", "internal/text", "internal/toolsearch/words"},
		"internal/toolsearch/words":       {"internal/text", "internal/toolsearch/lexicon"},
		"internal/shape":                  {"internal/appwrite", "internal/catalog", "internal/text"},
		"internal/httpserver":             {"internal/auth", "internal/config", "internal/rpcmsg"},
		"internal/rpcmsg":                 {},
		"internal/strictjson":             {"internal/text"},
		"internal/confirm":                {"internal/config", "internal/text"},
		"internal/inventory":              {"internal/appwrite", "internal/catalog", "internal/text"},
		"internal/tools":                  {"internal/appwrite", "internal/auth", "internal/catalog", "internal/config", "internal/confirm", "internal/inventory", "internal/shape", "internal/spell", "internal/strictjson", "internal/text", "internal/toolsearch"},
		"internal/buildinfo":              {},
		"internal/metrics":                {"internal/buildinfo"},
		"internal/redisstore":             {"internal/appwrite"},
		"internal/app":                    nil, // the assembly: anything
		"internal/e2e":                    {},
		"internal/testutil":               {"internal/fakeappwrite"},
		"internal/testutil/stack":         nil, // test helper: anything
		"internal/testutil/redistest":     {},
	}
}

// TestLayering checks every internal package's production imports against
// allowedImports, so the layering cannot drift unnoticed.
func TestLayering(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports, Dir: "../.."}, "./internal/...")
	if err != nil {
		t.Fatal(err)
	}
	allowed := allowedImports()
	for _, p := range pkgs {
		rel := strings.TrimPrefix(p.PkgPath, module+"/")
		want, known := allowed[rel]
		if !known {
			t.Errorf("%s is not in the layering table (docs/design.md, allowedImports)", rel)
			continue
		}
		if want == nil {
			continue
		}
		for imp := range p.Imports {
			dep, ok := strings.CutPrefix(imp, module+"/")
			if ok && !slices.Contains(want, dep) {
				t.Errorf("%s imports %s, which the layering does not allow", rel, dep)
			}
		}
	}
}

// Size limits of hand-written code (generated zz_generated*.go and tests
// excluded).
const (
	maxFuncLines    = 80
	maxPackageLines = 1500
)

// isDataTable reports a function whose body only returns a composite
// literal: a table of data (a dictionary, a list of variables), exempt
// from the length limit because it holds no logic.
func isDataTable(fn *ast.FuncDecl) bool {
	if len(fn.Body.List) != 1 {
		return false
	}
	ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	_, ok = ret.Results[0].(*ast.CompositeLit)
	return ok
}

// exemptFromPackageSize names the test fake of Appwrite Cloud: it mirrors
// a large external API (an OAuth server and a generic REST store) for tests
// and the sandbox only, never ships in the production binary, and is held
// to the function-length rule like everything else.
func exemptFromPackageSize(dir string) bool {
	return filepath.ToSlash(dir) == "../../internal/fakeappwrite"
}

// TestCodeSizeLimits keeps functions readable at once and packages to one
// job: no function over 80 lines, no package over 1,500 lines.
func TestCodeSizeLimits(t *testing.T) {
	root := filepath.Join("..", "..")
	perPackage := map[string]int{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		name := d.Name()
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "zz_generated") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		perPackage[filepath.Dir(path)] += fset.Position(f.End()).Line
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || isDataTable(fn) {
				continue
			}
			if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s is %d lines (limit %d)", path, fn.Name.Name, n, maxFuncLines)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, n := range perPackage {
		if exemptFromPackageSize(dir) {
			continue
		}
		if n > maxPackageLines {
			t.Errorf("%s: %d lines of hand-written code (limit %d)", dir, n, maxPackageLines)
		}
	}
}
