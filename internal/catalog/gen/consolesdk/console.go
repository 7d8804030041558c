// Package consolesdk reads Appwrite's console SDK (@appwrite.io/console,
// pinned in package.json next to this file) with the TypeScript compiler
// API: extract.mjs walks the SDK's service sources and prints one JSON
// description per API method; Load runs it, decodes the result strictly,
// validates every method and folds the old spellings of renamed methods.
package consolesdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// The console SDK source: the npm package that consolesdk/package.json pins
// and consolesdk/extract.mjs reads with the TypeScript compiler API.
const (
	// Package is the npm package of the console SDK.
	Package         = "@appwrite.io/console"
	consoleScript   = "extract.mjs"
	consoleSetup    = "run npm ci --prefix internal/catalog/gen/consolesdk"
	maxConsoleJSON  = 32 << 20 // the extractor's JSON (about 0.7 MB for 23.0.0)
	maxConsoleError = 64 << 10 // the extractor's stderr kept for the error
	maxPackageJSON  = 1 << 20
)

// errConsoleSetup reports that node or the pinned console SDK is missing or
// stale: the developer has to install them, the generator cannot proceed.
var errConsoleSetup = errors.New("console SDK not installed")

var pathPlaceholderRE = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// Load runs the console SDK extractor in dir (internal/catalog/gen/
// consolesdk) and returns its methods, validated and with the twins that
// map to one name (createMfaChallenge / createMFAChallenge) folded into the
// non-deprecated one.
func Load(ctx context.Context, dir string) ([]spec.Method, error) {
	if _, err := Version(dir); err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: node (20 or later) is not on PATH: %w", errConsoleSetup, err)
	}
	out, err := runExtractor(ctx, node, dir)
	if err != nil {
		return nil, err
	}
	methods, err := decodeMethods(out)
	if err != nil {
		return nil, fmt.Errorf("console SDK extractor: %w", err)
	}
	for i := range methods {
		if err := validateMethod(&methods[i]); err != nil {
			return nil, fmt.Errorf("console SDK %s_%s: %w", methods[i].Service, methods[i].Name, err)
		}
	}
	return foldConsoleTwins(methods)
}

// Version returns the version of the console SDK installed in
// dir/node_modules, which must be the version dir/package.json pins.
func Version(dir string) (string, error) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := readJSONFile(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return "", err
	}
	pinned := pkg.Dependencies[Package]
	if pinned == "" {
		return "", fmt.Errorf("%s/package.json does not depend on %s", dir, Package)
	}
	var installed struct {
		Version string `json:"version"`
	}
	err := readJSONFile(filepath.Join(dir, "node_modules", Package, "package.json"), &installed)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s is not in %s/node_modules: %s", errConsoleSetup, Package, dir, consoleSetup)
	}
	if err != nil {
		return "", err
	}
	if installed.Version != pinned {
		return "", fmt.Errorf("%w: %s %s is installed but package.json pins %s: %s",
			errConsoleSetup, Package, installed.Version, pinned, consoleSetup)
	}
	return installed.Version, nil
}

func readJSONFile(name string, v any) error {
	f, err := os.Open(name) // #nosec G304 -- a package.json under the generator's own directory
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer func() { _ = f.Close() }()
	if err := json.NewDecoder(io.LimitReader(f, maxPackageJSON)).Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

// cappedBuffer keeps at most limit bytes and fails the write that would
// exceed them, which stops the command copying into it.
type cappedBuffer struct {
	bytes.Buffer
	limit int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		return 0, fmt.Errorf("output exceeds %d bytes", b.limit)
	}
	return b.Buffer.Write(p)
}

func runExtractor(ctx context.Context, node, dir string) ([]byte, error) {
	stdout := &cappedBuffer{limit: maxConsoleJSON}
	stderr := &cappedBuffer{limit: maxConsoleError}
	// #nosec G204 -- node found on PATH running the generator's own script
	cmd := exec.CommandContext(ctx, node, consoleScript)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() != nil {
			return nil, fmt.Errorf("console SDK extractor: %w", ctx.Err())
		}
		return nil, fmt.Errorf("console SDK extractor (node %s in %s): %w\n%s", consoleScript, dir, err, msg)
	}
	return stdout.Bytes(), nil
}

// decodeMethods decodes exactly one JSON array of Methods, refusing fields
// the Go type does not have and anything after the array.
func decodeMethods(data []byte) ([]spec.Method, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var methods []spec.Method
	if err := dec.Decode(&methods); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("decode: data after the JSON array")
	}
	if len(methods) == 0 {
		return nil, errors.New("no methods")
	}
	return methods, nil
}

// allowedVerb, allowedType and allowedIn are what the renderer can express.
func allowedVerb(v string) bool {
	switch v {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
		return true
	}
	return false
}

func allowedType(t string) bool {
	switch t {
	case "string", "integer", "number", "boolean", "array", "object", "file":
		return true
	}
	return false
}

func allowedIn(in string) bool { return in == spec.InPath || in == spec.InQuery || in == spec.InBody }

// validateMethod checks what the renderer relies on: names, verb, path
// template against the path parameters, and every parameter.
func validateMethod(m *spec.Method) error {
	switch {
	case m.Source != spec.SourceConsole:
		return fmt.Errorf("source %q", m.Source)
	case !spec.ValidToolName(m.Service) || !spec.ValidToolName(m.Name) ||
		!spec.ValidToolName(m.Service+"_"+m.Name):
		return fmt.Errorf("tool name %q is not ^[a-z0-9_]{1,64}$", m.Service+"_"+m.Name)
	case m.SDKMethod == "" || strings.TrimSpace(m.Description) == "":
		return errors.New("no SDK method name or no description")
	case !allowedVerb(m.Verb):
		return fmt.Errorf("verb %q", m.Verb)
	case m.ReplacedBy != "" && (!m.Deprecated || !spec.ValidToolName(m.ReplacedBy)):
		return fmt.Errorf("replacement %q of a method deprecated=%v", m.ReplacedBy, m.Deprecated)
	case m.Binary && (m.Upload || m.Verb != "GET"):
		return errors.New("binary answers come from GET methods without uploads")
	}
	if err := validatePath(m); err != nil {
		return err
	}
	names, wires := map[string]bool{}, map[string]bool{}
	files := 0
	for i := range m.Params {
		p := &m.Params[i]
		if names[p.Name] || wires[p.Wire] {
			return fmt.Errorf("parameter %s/%s appears twice", p.Name, p.Wire)
		}
		names[p.Name], wires[p.Wire] = true, true
		if err := validateParam(m, p); err != nil {
			return fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		if p.Type == "file" {
			files++
		}
	}
	if m.Upload != (files == 1) || files > 1 {
		return fmt.Errorf("upload=%v with %d file parameters", m.Upload, files)
	}
	return nil
}

// validatePath checks that the template's {x} placeholders and the path
// parameters' wire names are the same set, each placeholder used once.
func validatePath(m *spec.Method) error {
	if !strings.HasPrefix(m.Path, "/") || strings.ContainsAny(m.Path, "?# ") {
		return fmt.Errorf("path %q", m.Path)
	}
	holes := map[string]bool{}
	for _, sm := range pathPlaceholderRE.FindAllStringSubmatch(m.Path, -1) {
		if holes[sm[1]] {
			return fmt.Errorf("path %s names {%s} twice", m.Path, sm[1])
		}
		holes[sm[1]] = true
	}
	if strings.Count(m.Path, "{") != len(holes) || strings.Count(m.Path, "}") != len(holes) {
		return fmt.Errorf("path %s has a malformed placeholder", m.Path)
	}
	for _, p := range m.Params {
		if p.In != spec.InPath {
			continue
		}
		if !holes[p.Wire] {
			return fmt.Errorf("path parameter %s is not in %s", p.Wire, m.Path)
		}
		delete(holes, p.Wire)
	}
	if len(holes) > 0 {
		return fmt.Errorf("path %s: %s without a path parameter", m.Path, strings.Join(slices.Sorted(maps.Keys(holes)), ", "))
	}
	return nil
}

func validateParam(m *spec.Method, p *spec.MethodParam) error {
	switch {
	case !spec.ValidToolName(p.Name) || p.Wire == "":
		return fmt.Errorf("name %q / wire %q", p.Name, p.Wire)
	case !allowedIn(p.In):
		return fmt.Errorf("location %q", p.In)
	case !allowedType(p.Type):
		return fmt.Errorf("type %q", p.Type)
	case m.Verb == "GET" && p.In == spec.InBody:
		return errors.New("a GET method has no body")
	case p.In == spec.InPath && (!p.Required || p.Type != "string"):
		return errors.New("path parameters are required strings")
	case p.Type == "file" && p.In != spec.InBody:
		return errors.New("a file travels in the body")
	case p.Items != "" && p.Type != "array":
		return fmt.Errorf("items %q of a %s", p.Items, p.Type)
	case p.Items != "" && (!allowedType(p.Items) || p.Items == "array" || p.Items == "file"):
		return fmt.Errorf("items %q", p.Items)
	case len(p.Enum) > 0 && p.Type != "string" && p.Items != "string":
		return fmt.Errorf("enum of a %s", p.Type)
	}
	return nil
}

// foldConsoleTwins keeps one method per tool name. The SDK keeps old
// spellings of renamed methods (createMfaChallenge) next to the new ones
// (createMFAChallenge); both map to the same snake_case name, so exactly
// one of the two must be deprecated, with the same verb and path.
func foldConsoleTwins(methods []spec.Method) ([]spec.Method, error) {
	out := make([]spec.Method, 0, len(methods))
	at := map[string]int{}
	folded := map[string]bool{}
	for _, m := range methods {
		key := m.Service + "_" + m.Name
		i, seen := at[key]
		if !seen {
			at[key] = len(out)
			out = append(out, m)
			continue
		}
		prev := out[i]
		if folded[key] || prev.Deprecated == m.Deprecated || prev.Verb != m.Verb || prev.Path != m.Path {
			return nil, fmt.Errorf("console SDK: %s is both %s (%s %s) and %s (%s %s), not two spellings of which one is deprecated",
				key, prev.SDKMethod, prev.Verb, prev.Path, m.SDKMethod, m.Verb, m.Path)
		}
		folded[key] = true
		if prev.Deprecated {
			out[i] = m
		}
	}
	return out, nil
}
