package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/app"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
)

// Child modes.
const (
	modeProduct = "product"
	modeBare    = "bare"
)

// benchProject is the fake's seeded project the calls list users of.
const benchProject = "shop"

// serveChild runs one server on a loopback port, prints "listening
// <origin>" on stdout, and serves until stdin reaches EOF (the parent
// closed it or died) or ctx ends.
func serveChild(ctx context.Context, mode, upstream string, stdin io.Reader, stdout, stderr io.Writer) error {
	if upstream == "" {
		return errors.New("-serve needs -upstream")
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer func() { _ = ln.Close() }()
	origin := "http://" + ln.Addr().String()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _, _ = io.Copy(io.Discard, stdin); cancel() }()

	var srv *http.Server
	switch mode {
	case modeProduct:
		srv, err = productServer(ctx, upstream, origin, ln.Addr().(*net.TCPAddr).Port, stderr)
	case modeBare:
		srv = &http.Server{Handler: bareHandler(upstream), ReadHeaderTimeout: 10 * time.Second}
	default:
		err = fmt.Errorf("-serve: unknown mode %q", mode)
	}
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(stdout, "listening", origin); err != nil {
		return fmt.Errorf("announce: %w", err)
	}
	if err := httpserver.Serve(ctx, srv, ln, 2*time.Second); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// productServer assembles the server exactly as cmd/appwrite-mcp does:
// configuration from the environment (defaults plus the fake as endpoint
// and the loopback origin as public URL), the JSON log on stderr, app.New,
// httpserver.NewHTTPServer.
func productServer(ctx context.Context, upstream, origin string, port int, stderr io.Writer) (*http.Server, error) {
	env := map[string]string{
		"APPWRITE_ENDPOINT": upstream, "MCP_PUBLIC_URL": origin, "HOST": "127.0.0.1", "PORT": fmt.Sprint(port),
		// One user sends hundreds of calls a second here; the per-user
		// rate limit (600/min by default) would refuse them.
		"MCP_RATE_LIMIT_PER_MINUTE": "0",
	}
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return os.Getenv(k)
	}
	cfg, err := config.Load(nil, getenv, io.Discard)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	server, err := app.New(ctx, cfg, logger, buildinfo.Get(), app.Options{})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	context.AfterFunc(ctx, server.Close)
	debug.FreeOSMemory() // as the binary does after assembling (cmd/appwrite-mcp)
	return httpserver.NewHTTPServer(cfg, server.Handler, logger), nil
}

// bareInput is the bare server's one tool's input.
type bareInput struct {
	ProjectID string `json:"project_id"`
}

// bareHandler is the baseline: a go-sdk stateless Streamable HTTP server
// with one tool that lists the project's users upstream with the caller's
// Authorization header and returns the body as text. No auth check, no
// shaping. Its upstream client keeps as many idle connections as the
// product's does, so connection reuse is not what the two differ in.
func bareHandler(upstream string) http.Handler {
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 256, MaxIdleConnsPerHost: 128, IdleConnTimeout: 90 * time.Second,
	}}
	server := mcp.NewServer(&mcp.Implementation{Name: "bare", Version: "1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "users_list", Description: "List the project's users."},
		func(ctx context.Context, req *mcp.CallToolRequest, in bareInput) (*mcp.CallToolResult, any, error) {
			body, err := upstreamGet(ctx, hc, upstream, in.ProjectID, req.Extra.Header.Get("Authorization"))
			if err != nil {
				return nil, nil, err
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: body}}}, nil, nil
		})
	mux := http.NewServeMux()
	mux.Handle("/mcp", mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: productJSONResponse}))
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	return mux
}

// upstreamGet is the one upstream call every target makes: GET /users of
// project with the headers appwrite-mcp sends.
func upstreamGet(ctx context.Context, hc *http.Client, upstream, project, authorization string) (string, error) {
	// upstream is the loopback fake this process started.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, upstream+"/users", nil) //nolint:gosec // G704: the in-process fake on loopback
	if err != nil {
		return "", fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Authorization", authorization)
	req.Header.Set("X-Appwrite-Project", project)
	req.Header.Set("X-Appwrite-Mode", "admin")
	resp, err := hc.Do(req) //nolint:gosec // G704: the in-process fake on loopback
	if err != nil {
		return "", fmt.Errorf("upstream: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	var b strings.Builder
	if _, err := io.Copy(&b, io.LimitReader(resp.Body, 16<<20)); err != nil {
		return "", fmt.Errorf("upstream body: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("upstream: HTTP %d", resp.StatusCode)
	}
	return b.String(), nil
}
