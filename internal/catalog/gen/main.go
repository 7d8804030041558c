// Command gen writes the catalog's generated tool table
// (internal/catalog/zz_generated*.go) from two sources:
//
//   - the Appwrite Go SDK (github.com/appwrite/sdk-for-go, the version in
//     go.mod), loaded with golang.org/x/tools/go/packages: for every API
//     method the doc comment, positional (required) and optional (With…
//     setter) parameters, the HTTP verb and path template, wire names and
//     whether it uploads a file or returns raw bytes;
//   - Appwrite's console SDK (@appwrite.io/console, pinned in
//     ./consolesdk/package.json), read with the TypeScript compiler API by
//     ./consolesdk/extract.mjs, for the console control plane the Go SDK
//     lacks (projects, organizations, domains, migrations, proxy, vcs, …).
//
// Both produce Methods; merge keeps one tool per API method (the Go SDK's
// description wins where both have it), finalize makes the texts uniform,
// and render writes one file per service plus zz_generated.go. The table
// is plain data: every tool is dispatched by the one generic request path
// (catalog.Tool.Invoke → appwrite.Session.Do on the SDK's client.Call).
//
// Usage (from internal/catalog, via go generate, after
// npm ci --prefix internal/catalog/gen/consolesdk):
//
//	go run ./gen [-out dir] [-v]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/consolesdk"
	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/gosdk"
)

func main() {
	out := flag.String("out", ".", "directory to write the generated files to")
	consoleDir := flag.String("console", filepath.Join("gen", "consolesdk"), "the console SDK extractor's directory")
	verbose := flag.Bool("v", false, "print a summary to stderr")
	flag.Parse()
	if err := run(context.Background(), *out, *consoleDir, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, outDir, consoleDir string, verbose bool) error {
	start := time.Now()
	files, summary, err := generate(ctx, consoleDir)
	if err != nil {
		return err
	}
	changed, err := writeFiles(outDir, files)
	if err != nil {
		return err
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "gen: %s; %d of %d files changed (%s)\n", summary, changed, len(files), time.Since(start))
	}
	return nil
}

// generate loads both sources and renders the table.
func generate(ctx context.Context, consoleDir string) (map[string][]byte, string, error) {
	goMs, goVersion, err := gosdk.Methods(".")
	if err != nil {
		return nil, "", err
	}
	consoleMs, err := consolesdk.Load(ctx, consoleDir)
	if err != nil {
		return nil, "", err
	}
	consoleVersion, err := consolesdk.Version(consoleDir)
	if err != nil {
		return nil, "", err
	}
	ms, st, err := merge(goMs, consoleMs)
	if err != nil {
		return nil, "", err
	}
	if err := finalize(ms); err != nil {
		return nil, "", err
	}
	files, err := render(sources{goVersion: goVersion, consoleVersion: consoleVersion}, ms, st)
	if err != nil {
		return nil, "", err
	}
	summary := fmt.Sprintf("%d tools (%d Go SDK, %d console SDK only, %d shared)", len(ms), st.fromGo, st.fromConsole, st.shared)
	return files, summary, nil
}

// writeFiles writes the files that changed and removes generated files of
// services that no longer exist. It returns how many files it wrote.
func writeFiles(dir string, files map[string][]byte) (int, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, fmt.Errorf("create output dir: %w", err)
	}
	old, err := filepath.Glob(filepath.Join(dir, "zz_generated*.go"))
	if err != nil {
		return 0, err
	}
	for _, f := range old {
		if _, keep := files[filepath.Base(f)]; !keep {
			if err := os.Remove(f); err != nil {
				return 0, fmt.Errorf("remove stale %s: %w", f, err)
			}
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	changed := 0
	for _, n := range names {
		path := filepath.Join(dir, n)
		prev, err := os.ReadFile(path) // #nosec G304 -- a generated file in the output directory
		if err == nil && bytes.Equal(prev, files[n]) {
			continue
		}
		if err := os.WriteFile(path, files[n], 0o600); err != nil {
			return changed, fmt.Errorf("write %s: %w", path, err)
		}
		changed++
	}
	return changed, nil
}
