package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/app"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
)

// tokenTTL is how long the printed token stays valid.
const tokenTTL = 12 * time.Hour

// readyWait bounds waiting for the server to load the fake's keys.
const readyWait = 10 * time.Second

// run starts the fake and the server, prints how to connect, and serves
// until ctx ends. Variables the server reads (MCP_TOOL_SURFACE,
// MCP_READ_ONLY, LOG_LEVEL, …) are taken from the environment, except the
// endpoint, host, port and public URL, which the sandbox sets. It returns
// the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("appwrite-mcp-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 0, "port of the MCP server on 127.0.0.1 (0: a free one)")
	fakePort := fs.Int("fake-port", 0, "port of the fake Appwrite Cloud on 127.0.0.1 (0: a free one)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp-sandbox: "+format+"\n", a...)
		return 1
	}
	var lc net.ListenConfig
	fakeLn, err := lc.Listen(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*fakePort)))
	if err != nil {
		return fail("listen for the fake Appwrite: %v", err)
	}
	fake := fakeappwrite.New(fakeappwrite.WithListener(fakeLn), fakeappwrite.WithState(fakeappwrite.SandboxSeed()))
	defer fake.Close()
	ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fail("listen for the MCP server: %v", err)
	}
	defer func() { _ = ln.Close() }()

	cfg, err := sandboxConfig(fake.Endpoint(), ln.Addr().(*net.TCPAddr).Port, getenv)
	if err != nil {
		return fail("invalid configuration: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	server, err := app.New(ctx, cfg, logger, buildinfo.Get(), app.Options{})
	if err != nil {
		return fail("%v", err)
	}
	defer server.Close()
	wctx, cancel := context.WithTimeout(ctx, readyWait)
	err = server.Verifier.WaitReady(wctx)
	cancel()
	if err != nil {
		return fail("the server did not load the fake's signing keys: %v", err)
	}
	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{cfg.Resource()}, ExpiresIn: tokenTTL})
	if token == "" {
		return fail("the fake could not sign a token")
	}
	printConnection(stdout, cfg.Resource(), token)
	srv := httpserver.NewHTTPServer(cfg, server.Handler, logger)
	if err := httpserver.Serve(ctx, srv, ln, cfg.ShutdownTimeout); err != nil {
		return fail("%v", err)
	}
	return 0
}

// sandboxConfig is the server's configuration for the sandbox: the
// environment, with the endpoint, host, port and public URL set to the
// loopback addresses the sandbox listens on.
func sandboxConfig(endpoint string, port int, getenv func(string) string) (config.Config, error) {
	origin := "http://127.0.0.1:" + strconv.Itoa(port)
	set := map[string]string{
		"APPWRITE_ENDPOINT":   endpoint,
		"APPWRITE_PROJECT_ID": fakeappwrite.DefaultProject,
		"HOST":                "127.0.0.1",
		"PORT":                strconv.Itoa(port),
		"MCP_PUBLIC_URL":      origin,
		"METRICS_ADDR":        "",
		"REDIS_URL":           "",
	}
	return config.Load(nil, func(k string) string {
		if v, ok := set[k]; ok {
			return v
		}
		return getenv(k)
	}, io.Discard)
}

// printConnection writes the URL and token, each on its own line as
// NAME=value, then command lines to paste into MCP clients.
func printConnection(w io.Writer, mcpURL, token string) {
	_, _ = fmt.Fprintf(w, "MCP_URL=%s\nMCP_TOKEN=%s\n\n", mcpURL, token)
	_, _ = fmt.Fprintf(w, "# The token is valid for %s. Try it with the MCP Inspector CLI:\n", tokenTTL)
	_, _ = fmt.Fprintf(w, "npx @modelcontextprotocol/inspector --cli %s --transport http --header 'Authorization: Bearer %s' --method tools/list\n\n", mcpURL, token)
	_, _ = fmt.Fprintf(w, "# or add it to Claude Code:\n")
	_, _ = fmt.Fprintf(w, "claude mcp add --transport http appwrite-sandbox %s --header 'Authorization: Bearer %s'\n\n", mcpURL, token)
	_, _ = fmt.Fprintf(w, "# Seeded: organization org-one with projects shop (users, a database with rows, a bucket, a function, …) and blog. Ctrl-C stops.\n")
}
