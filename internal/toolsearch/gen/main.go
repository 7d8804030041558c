// Command gen writes internal/toolsearch/zz_generated_taught.go: the
// development tasks as search reads them (go generate ./internal/toolsearch).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

func main() {
	out := flag.String("out", ".", "directory to write zz_generated_taught.go to")
	flag.Parse()
	src, err := toolsearch.TaughtSource()
	if err == nil {
		err = os.WriteFile(filepath.Join(*out, "zz_generated_taught.go"), src, 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
