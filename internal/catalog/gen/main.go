// Command gen writes internal/catalog/zz_generated.go: one tool table entry
// per API method of the Appwrite Go SDK, found by loading the SDK's packages
// (types and syntax) with golang.org/x/tools/go/packages.
//
// For every exported method of every service type (except New and the
// With… option setters) it reads the doc comment, the positional (required)
// parameters, the optional parameters (With<Method><Param> setters), the HTTP
// verb and path template from the method body, the wire names from
// params["wire"] = X assignments and whether the method returns raw bytes.
// It emits plain Go that converts tool arguments and calls the typed SDK
// method, so nothing on the request path uses reflection.
//
// Usage (from internal/catalog, via go generate): go run ./gen [-out file]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// sdkModule is the Go module whose services the catalog exposes.
const sdkModule = "github.com/appwrite/sdk-for-go"

func main() {
	out := flag.String("out", "zz_generated.go", "output file")
	verbose := flag.Bool("v", false, "print a summary to stderr")
	flag.Parse()
	if err := run(*out, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, verbose bool) error {
	start := time.Now()
	sdk, err := loadSDK(".")
	if err != nil {
		return err
	}
	tools, err := buildTools(sdk)
	if err != nil {
		return err
	}
	src, err := render(sdk, tools)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(out) // #nosec G304 -- the output file named by the developer
	if err == nil && bytes.Equal(old, src) {
		if verbose {
			fmt.Fprintf(os.Stderr, "gen: %s unchanged (%d tools, %d SDK methods, %s)\n", out, len(tools), sdk.methodCount(), time.Since(start))
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return fmt.Errorf("create output dir: %w", err)
	}
	if err := os.WriteFile(out, src, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "gen: wrote %s (%d tools, %d SDK methods, %s)\n", out, len(tools), sdk.methodCount(), time.Since(start))
	}
	return nil
}
