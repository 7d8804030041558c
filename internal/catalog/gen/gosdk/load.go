// Package gosdk loads the Appwrite Go SDK with golang.org/x/tools/go/packages
// (types and syntax) and describes every API method as a spec.Method: the
// doc comment, positional (required) and optional (With… setter)
// parameters, the HTTP verb and path template from the method body, wire
// names, uploads and raw-byte answers, with parameter descriptions enriched
// from the SDK's models, docs examples and a curated dictionary.
package gosdk

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// Module is the Go module whose services the catalog exposes.
const Module = "github.com/appwrite/sdk-for-go"

// sdk is what the generator learned from the SDK's packages.
type sdk struct {
	dir      string // module root on disk (for docs/examples)
	version  string // module version, e.g. v1.0.0
	services []*service
	// models holds the doc comment of every field of every struct in the
	// SDK's models package: model type name → JSON field name (without a
	// leading $) → cleaned comment, e.g. Bucket → name → "Bucket name.".
	models map[string]map[string]string
}

// service is one SDK service package, e.g. storage with type Storage.
type service struct {
	pkgPath  string // github.com/appwrite/sdk-for-go/storage
	pkgName  string // storage
	typeName string // Storage
	dir      string // package directory on disk
	methods  []*method
}

// method is one API method of a service.
type method struct {
	name       string
	doc        string
	params     []*param // positional, in order
	options    []*param // optional (With setters), in options-struct order
	verb       string
	path       string
	upload     bool   // multipart upload through FileUpload
	uploadID   string // Go name of the positional argument used as upload ID
	binary     bool   // returns *[]byte
	optionType string // e.g. CreateFileOption ("" when the method takes none)
	model      string // name of the models type it returns, e.g. Bucket ("" if none)
}

// param is a positional argument or an optional setter of a method.
type param struct {
	goName string // BucketId (argument) or Permissions (options field)
	goType string // string, int, float64, bool, []string, []int, []interface{}, interface{}, map[string]interface{}, file.InputFile
	wire   string // bucketId
	inPath bool
	setter string // WithCreateFilePermissions, for options
}

// loadSDK loads every package of the SDK module (as required by the module
// in dir) and extracts its services.
func loadSDK(dir string) (*sdk, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule,
		Dir:   dir,
		Tests: false,
	}
	pkgs, err := packages.Load(cfg, Module+"/...")
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", Module, err)
	}
	out := &sdk{models: map[string]map[string]string{}}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("load %s: %v", p.PkgPath, p.Errors[0])
		}
		if p.Module != nil && out.dir == "" {
			out.dir, out.version = p.Module.Dir, p.Module.Version
		}
		if p.PkgPath == Module+"/models" {
			loadModelDocs(p.Syntax, out.models)
			continue
		}
		sv, err := loadService(p)
		if err != nil {
			return nil, err
		}
		if sv != nil {
			out.services = append(out.services, sv)
		}
	}
	if len(out.services) == 0 {
		return nil, fmt.Errorf("no services found in %s", Module)
	}
	sort.Slice(out.services, func(i, j int) bool { return out.services[i].pkgPath < out.services[j].pkgPath })
	return out, nil
}

// loadService returns the service of package p, or nil if p has none (a
// service package has a func New(client.Client) *T).
func loadService(p *packages.Package) (*service, error) {
	newFn, ok := p.Types.Scope().Lookup("New").(*types.Func)
	if !ok {
		return nil, nil
	}
	sig := newFn.Type().(*types.Signature)
	if sig.Results().Len() != 1 {
		return nil, nil
	}
	ptr, ok := sig.Results().At(0).Type().(*types.Pointer)
	if !ok {
		return nil, nil
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok {
		return nil, nil
	}
	sv := &service{pkgPath: p.PkgPath, pkgName: p.Name, typeName: named.Obj().Name()}
	if len(p.GoFiles) > 0 {
		sv.dir = filepath.Dir(p.GoFiles[0])
	}

	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range p.Syntax {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			if fn, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				decls[fn] = fd
			}
		}
	}
	setters := map[string]*types.Func{}
	for i := 0; i < named.NumMethods(); i++ {
		m := named.Method(i)
		if strings.HasPrefix(m.Name(), "With") {
			setters[m.Name()] = m
		}
	}
	for i := 0; i < named.NumMethods(); i++ {
		fn := named.Method(i)
		if !fn.Exported() || fn.Name() == "New" || strings.HasPrefix(fn.Name(), "With") {
			continue
		}
		fd := decls[fn]
		if fd == nil {
			return nil, fmt.Errorf("%s.%s: no declaration", sv.typeName, fn.Name())
		}
		m, err := loadMethod(p, fn, fd, setters)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", sv.typeName, fn.Name(), err)
		}
		sv.methods = append(sv.methods, m)
	}
	sort.Slice(sv.methods, func(i, j int) bool { return sv.methods[i].name < sv.methods[j].name })
	return sv, nil
}

func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

func loadMethod(p *packages.Package, fn *types.Func, fd *ast.FuncDecl, setters map[string]*types.Func) (*method, error) {
	m := &method{name: fn.Name()}
	if fd.Doc != nil {
		m.doc = fd.Doc.Text()
	}
	sig := fn.Type().(*types.Signature)
	byGoName := map[string]*param{}
	for i := 0; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			sl := v.Type().(*types.Slice)
			optNamed, ok := sl.Elem().(*types.Named)
			if !ok {
				return nil, fmt.Errorf("variadic parameter %s is not a named option type", v.Name())
			}
			m.optionType = optNamed.Obj().Name()
			opts, err := loadOptions(p, m, optNamed, setters)
			if err != nil {
				return nil, err
			}
			m.options = opts
			for _, o := range opts {
				byGoName["options."+o.goName] = o
			}
			continue
		}
		pa := &param{goName: v.Name(), goType: typeString(v.Type())}
		m.params = append(m.params, pa)
		byGoName[pa.goName] = pa
	}
	if sig.Results().Len() == 2 && typeString(sig.Results().At(0).Type()) == "*[]byte" {
		m.binary = true
	}
	if sig.Results().Len() == 2 {
		if ptr, ok := sig.Results().At(0).Type().(*types.Pointer); ok {
			if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == Module+"/models" {
				m.model = named.Obj().Name()
			}
		}
	}
	if err := readBody(m, fd.Body, byGoName); err != nil {
		return nil, err
	}
	for _, pa := range append(append([]*param(nil), m.params...), m.options...) {
		if pa.wire == "" {
			return nil, fmt.Errorf("parameter %s never reaches params[...]", pa.goName)
		}
	}
	if m.verb == "" || m.path == "" {
		return nil, fmt.Errorf("verb or path not found in body")
	}
	return m, nil
}

// loadOptions lists the optional parameters of a method from its options
// struct (<X>Options, for option type <X>Option) and the matching setters.
func loadOptions(p *packages.Package, m *method, optType *types.Named, setters map[string]*types.Func) ([]*param, error) {
	structName := optType.Obj().Name() + "s"
	obj := p.Types.Scope().Lookup(structName)
	if obj == nil {
		return nil, fmt.Errorf("options struct %s not found", structName)
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return nil, fmt.Errorf("%s is not a struct", structName)
	}
	var out []*param
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Exported() {
			continue
		}
		setter := "With" + m.name + f.Name()
		if _, ok := setters[setter]; !ok {
			return nil, fmt.Errorf("setter %s not found", setter)
		}
		out = append(out, &param{goName: f.Name(), goType: typeString(f.Type()), setter: setter})
	}
	return out, nil
}

// loadModelDocs records the doc comment of every struct field of the
// models package by model name and JSON field name.
func loadModelDocs(files []*ast.File, out map[string]map[string]string) {
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts, ok := sp.(*ast.TypeSpec)
				if !ok {
					continue
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				fields := map[string]string{}
				for _, fld := range st.Fields.List {
					if fld.Tag == nil || fld.Doc == nil {
						continue
					}
					tag, err := strconv.Unquote(fld.Tag.Value)
					if err != nil {
						continue
					}
					name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
					name = strings.TrimPrefix(name, "$")
					if name == "" || name == "-" {
						continue
					}
					fields[name] = spec.CleanText(fld.Doc.Text())
				}
				if len(fields) > 0 {
					out[ts.Name.Name] = fields
				}
			}
		}
	}
}

// readBody finds the verb, the path template, the path parameters and the
// wire name of every parameter in a method body.
func readBody(m *method, body *ast.BlockStmt, byGoName map[string]*param) error {
	v := &bodyReader{m: m, byGoName: byGoName, replacements: map[string]string{}}
	ast.Inspect(body, v.visit)
	if v.err != nil {
		return v.err
	}
	return bindPathParams(m, v.replacements, byGoName)
}

// bodyReader collects what an SDK method body says about the request.
type bodyReader struct {
	m            *method
	byGoName     map[string]*param
	replacements map[string]string // "{bucketId}" -> BucketId
	err          error             // the first problem
}

func (v *bodyReader) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
			v.assign(n.Lhs[0], n.Rhs[0])
		}
	case *ast.CallExpr:
		switch exprName(n.Fun) {
		case "srv.client.Call":
			if len(n.Args) > 0 {
				if verb, ok := stringLit(n.Args[0]); ok {
					v.m.verb = verb
				}
			}
		case "srv.client.FileUpload":
			v.m.verb = "POST"
			v.m.upload = true
		}
	}
	return true
}

// assign reads params["wire"] = X, path = "...", r = strings.NewReplacer(...)
// and uploadId = X.
func (v *bodyReader) assign(lhs, rhs ast.Expr) {
	if ix, ok := lhs.(*ast.IndexExpr); ok {
		if id, ok := ix.X.(*ast.Ident); ok && id.Name == "params" {
			if wire, ok := stringLit(ix.Index); ok {
				if pa := v.byGoName[exprName(rhs)]; pa != nil {
					pa.wire = wire
				}
			}
		}
		return
	}
	id, ok := lhs.(*ast.Ident)
	if !ok {
		return
	}
	switch id.Name {
	case "path":
		switch r := rhs.(type) {
		case *ast.BasicLit:
			v.m.path, _ = stringLit(r)
		case *ast.CallExpr:
			if len(r.Args) == 1 {
				v.m.path, _ = stringLit(r.Args[0])
			}
		}
	case "r":
		v.replacer(rhs)
	case "uploadId":
		if u, ok := rhs.(*ast.Ident); ok {
			v.m.uploadID = u.Name
		}
	}
}

func (v *bodyReader) replacer(rhs ast.Expr) {
	call, ok := rhs.(*ast.CallExpr)
	if !ok || exprName(call.Fun) != "strings.NewReplacer" {
		return
	}
	for i := 0; i+1 < len(call.Args); i += 2 {
		ph, ok := stringLit(call.Args[i])
		if !ok {
			if v.err == nil {
				v.err = fmt.Errorf("replacer placeholder is not a literal")
			}
			return
		}
		v.replacements[ph] = exprName(call.Args[i+1])
	}
}

// bindPathParams marks the arguments the path's placeholders are replaced
// with as path parameters and checks their wire names.
func bindPathParams(m *method, replacements map[string]string, byGoName map[string]*param) error {
	for ph, goName := range replacements {
		if !strings.Contains(m.path, ph) {
			return fmt.Errorf("placeholder %s not in path %s", ph, m.path)
		}
		pa := byGoName[goName]
		if pa == nil {
			return fmt.Errorf("placeholder %s bound to unknown argument %s", ph, goName)
		}
		pa.inPath = true
		if want := strings.Trim(ph, "{}"); pa.wire == "" {
			pa.wire = want
		} else if pa.wire != want {
			return fmt.Errorf("argument %s is %s in params but %s in the path", goName, pa.wire, ph)
		}
	}
	if strings.Contains(m.path, "{") && len(replacements) == 0 {
		return fmt.Errorf("path %s has placeholders but no replacer", m.path)
	}
	return nil
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// exprName renders an identifier or selector chain, e.g. srv.client.Call.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprName(e.X) + "." + e.Sel.Name
	}
	return ""
}

// example is one SDK docs example call: positional argument literals in
// order and setter literals by setter name.
type example struct {
	args    []string
	setters map[string]string
}

// loadExamples reads docs/examples/<pkg>/*.md for one service and returns
// the example calls by method name. Missing examples are not an error.
func loadExamples(root string, sv *service) map[string]*example {
	out := map[string]*example{}
	dir := filepath.Join(root, "docs", "examples", sv.pkgName)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name())) // #nosec G304 -- the SDK's own docs
		if err != nil {
			continue
		}
		parseExample(string(b), sv.pkgName, out)
	}
	return out
}

func parseExample(text, pkg string, out map[string]*example) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		_, rest, ok := strings.Cut(l, "service.")
		if !ok {
			continue
		}
		name, tail, ok := strings.Cut(rest, "(")
		if !ok || name == "" {
			continue
		}
		ex := &example{setters: map[string]string{}}
		if strings.TrimSpace(tail) == ")" { // no arguments
			out[name] = ex
			continue
		}
		for _, a := range lines[i+1:] {
			a = strings.TrimSpace(a)
			if a == ")" || a == "```" {
				break
			}
			a = strings.TrimSuffix(a, ",")
			if s, ok := strings.CutPrefix(a, pkg+".With"); ok {
				setter, val, ok := strings.Cut(s, "(")
				if ok {
					ex.setters["With"+setter] = strings.TrimSuffix(val, ")")
				}
				continue
			}
			ex.args = append(ex.args, a)
		}
		out[name] = ex
	}
}
