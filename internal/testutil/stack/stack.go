// Package stack starts the whole server for tests — the in-repo fake of
// Appwrite Cloud and the server as internal/app assembles it for
// cmd/appwrite-mcp — on loopback, once per
// test, and connects real go-sdk MCP clients to it. Every package test
// that needs the whole stack uses it. It is imported only from _test.go
// files.
package stack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/app"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// Options adjust a Stack; the zero value is the default server.
type Options struct {
	// Env holds configuration variables; APPWRITE_ENDPOINT (the fake),
	// MCP_PUBLIC_URL (the server's own loopback origin) and HOST are set
	// unless given here.
	Env map[string]string
	// Console is what the fake's console serves; nil: DefaultConsole.
	Console *fakeappwrite.Console
	// Fake configures the fake Appwrite Cloud.
	Fake []fakeappwrite.Option
	// LogLevel of the server's JSON log (default info).
	LogLevel slog.Level
	// Metrics, when set, records every series (scrape m.Handler()).
	Metrics *metrics.Metrics
}

// Stack is a running server in front of a fake Appwrite Cloud.
type Stack struct {
	Fake     *fakeappwrite.Server
	Config   config.Config
	URL      string // the server's origin, http://127.0.0.1:<port>
	MCPURL   string // URL + /mcp, the resource
	Verifier *auth.Verifier
	MCP      *mcp.Server
	Logs     *testutil.LogBuffer
}

// Start starts the stack and waits (bounded) until the verifier has loaded
// discovery and keys. Everything stops when the test ends; the test fails
// if any log line holds a token the fake minted for it.
func Start(tb testing.TB, o Options) *Stack {
	tb.Helper()
	fake := fakeappwrite.New(o.Fake...)
	tb.Cleanup(fake.Close)
	console := fakeappwrite.DefaultConsole()
	if o.Console != nil {
		console = *o.Console
	}
	fake.ServeConsole(console, fakeappwrite.DefaultProject)

	ts := httptest.NewUnstartedServer(nil)
	origin := "http://" + ts.Listener.Addr().String()
	env := map[string]string{"APPWRITE_ENDPOINT": fake.Endpoint(), "MCP_PUBLIC_URL": origin, "HOST": "127.0.0.1"}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		tb.Fatalf("stack: config: %v", err)
	}
	logs := &testutil.LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: o.LogLevel}))

	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	server, err := app.New(ctx, cfg, logger, buildinfo.Info{Version: "test"}, app.Options{
		Metrics: o.Metrics,
		VerifierTuning: func(ao *auth.Options) {
			ao.RetryMin, ao.RetryMax = 5*time.Millisecond, 50*time.Millisecond
		},
	})
	if err != nil {
		tb.Fatalf("stack: %v", err)
	}
	tb.Cleanup(server.Close)
	verifier, srv, h := server.Verifier, server.MCP, server.Handler
	ts.Config.Handler = h
	ts.Start()
	tb.Cleanup(ts.Close)

	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := verifier.WaitReady(wctx); err != nil {
		tb.Fatalf("stack: verifier not ready: %v", err)
	}
	s := &Stack{Fake: fake, Config: cfg, URL: origin, MCPURL: origin + httpserver.PathMCP, Verifier: verifier, MCP: srv, Logs: logs}
	return s
}

// Token mints a token for the fake's default user with this server's
// resource as audience, and makes the test fail if it ever shows up in the
// server's logs.
func (s *Stack) Token(tb testing.TB, scopes ...string) string {
	tb.Helper()
	return s.TokenFor(tb, fakeappwrite.TokenSpec{Scopes: scopes})
}

// TokenFor mints a token from spec; an empty Audience becomes the resource.
func (s *Stack) TokenFor(tb testing.TB, spec fakeappwrite.TokenSpec) string {
	tb.Helper()
	if spec.Audience == nil {
		spec.Audience = []string{s.Config.Resource()}
	}
	tok := s.Fake.MintToken(spec)
	if tok == "" {
		tb.Fatal("stack: the fake minted no token")
	}
	tb.Cleanup(func() {
		if strings.Contains(s.Logs.String(), tok) {
			tb.Errorf("a bearer token appears in the server's logs")
		}
	})
	return tok
}

// Connect returns a go-sdk client session on /mcp sending token.
func (s *Stack) Connect(tb testing.TB, token string) *mcp.ClientSession {
	tb.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "stack-client", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{
		Endpoint:   s.MCPURL,
		HTTPClient: BearerClient(token),
	}, nil)
	if err != nil {
		tb.Fatalf("stack: connect: %v", err)
	}
	tb.Cleanup(func() { _ = cs.Close() })
	return cs
}

// BearerClient is an HTTP client that sends Authorization: Bearer token.
func BearerClient(token string) *http.Client {
	h := http.Header{}
	if token != "" {
		h = testutil.BearerHeader(token)
	}
	return &http.Client{Transport: testutil.HeaderTransport{Header: h}, Timeout: 30 * time.Second}
}

// Call calls a tool and fails the test on a protocol error.
func Call(tb testing.TB, cs *mcp.ClientSession, name string, args any) *mcp.CallToolResult {
	tb.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		tb.Fatalf("CallTool %s: %v", name, err)
	}
	return res
}

// Text joins the text blocks of a result.
func Text(r *mcp.CallToolResult) string {
	var parts []string
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}
