package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// stack is the whole server (as cmd/appwrite-mcp assembles it) on a loopback
// port, in front of a fake Appwrite Cloud.
type stack struct {
	fake     *fakeappwrite.Server
	cfg      config.Config
	mcpURL   string // <MCP_PUBLIC_URL>/mcp, the resource
	mcp      *mcp.Server
	verifier *auth.Verifier
}

// newStack starts the fake, then the server with MCP_PUBLIC_URL set to its
// own loopback address, and waits (bounded) until the verifier has loaded
// discovery and keys. logOut receives the server's JSON logs at info level.
func newStack(tb testing.TB, logOut io.Writer) *stack {
	tb.Helper()
	fake := fakeappwrite.New()
	tb.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)

	ts := httptest.NewUnstartedServer(nil)
	publicURL := "http://" + ts.Listener.Addr().String()
	env := map[string]string{
		"APPWRITE_ENDPOINT": fake.Endpoint(),
		"MCP_PUBLIC_URL":    publicURL,
		"HOST":              "127.0.0.1",
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		tb.Fatalf("config: %v", err)
	}
	logger := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))

	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	verifier := auth.NewVerifier(ctx, auth.Options{
		Endpoint: cfg.AppwriteEndpoint, ProjectID: cfg.AppwriteProjectID, Audiences: cfg.Audiences(),
		TokenCacheSize: cfg.TokenCacheSize, Logger: logger, RetryMin: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond,
	})
	tb.Cleanup(verifier.Close)

	srv, err := tools.FromConfig(cfg, "e2e", logger)
	if err != nil {
		tb.Fatalf("tools: %v", err)
	}
	h, err := httpserver.New(httpserver.Options{Config: cfg, Verifier: verifier, MCPServer: srv, Logger: logger, Version: "e2e"})
	if err != nil {
		tb.Fatalf("httpserver: %v", err)
	}
	ts.Config.Handler = h
	ts.Start()
	tb.Cleanup(ts.Close)

	deadline := time.Now().Add(10 * time.Second)
	for verifier.Ready() != nil {
		if time.Now().After(deadline) {
			tb.Fatalf("verifier not ready: %v", verifier.Ready())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return &stack{fake: fake, cfg: cfg, mcpURL: publicURL + httpserver.PathMCP, mcp: srv, verifier: verifier}
}

// writeJSON answers a fixture route of the fake.
func writeJSON(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}
