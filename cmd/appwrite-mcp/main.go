// Command appwrite-mcp is the hosted Appwrite MCP server: an OAuth 2.1
// resource server speaking MCP Streamable HTTP at /mcp. Configuration comes
// from environment variables or flags (see -h); the work is done by run.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, a second one kills the process at once.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
