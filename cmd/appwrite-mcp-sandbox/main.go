// Command appwrite-mcp-sandbox shows the whole server working on one
// machine without an Appwrite account: it starts the in-repo fake of
// Appwrite Cloud (OAuth server and REST API) seeded with a believable
// account, and the real server in front of it, both on loopback. It prints
// the MCP URL and a valid bearer token, with command lines to paste into an
// MCP client, and runs until SIGINT or SIGTERM. It is a development tool:
// the production image never contains it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
