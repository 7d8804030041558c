package tools

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// testResource is the audience the harness's tokens are minted for.
const testResource = "https://mcp.test.example/mcp"

// harness is NewServer with the real catalog and a real appwrite.Factory
// pointed at the in-repo fake of Appwrite Cloud, served over stateless
// Streamable HTTP behind the real token verifier (auth.Verifier against the
// fake's OAuth server), and a go-sdk client holding a token the fake minted.
// Tests see what Appwrite received through the fake's request recorder.
// (The whole server as cmd assembles it is in e2e_test.go, through
// internal/testutil/stack; this harness exists for the Options the
// configuration cannot set: page size, upstream transport, logger.)
type harness struct {
	fake  *fakeappwrite.Server
	cs    *mcp.ClientSession
	token string
	logs  *testutil.LogBuffer
	opts  Options
}

// harnessOption adjusts a harness before the server is built.
type harnessOption func(*Options, *appwrite.Options)

func withOptions(f func(*Options)) harnessOption {
	return func(o *Options, _ *appwrite.Options) { f(o) }
}

func withTransport(rt http.RoundTripper) harnessOption {
	return func(_ *Options, a *appwrite.Options) { a.Transport = rt }
}

// newHarness starts the fake (serving DefaultConsole), the verifier, the
// server and a connected client. The test fails if the token ever appears
// in the server's logs.
func newHarness(t *testing.T, hopts ...harnessOption) *harness {
	t.Helper()
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	verifier := auth.NewVerifier(ctx, auth.Options{
		Endpoint: fake.Endpoint(), ProjectID: fakeappwrite.DefaultProject, Audiences: []string{testResource},
		RetryMin: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond,
	})
	t.Cleanup(verifier.Close)
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := verifier.WaitReady(wctx); err != nil {
		t.Fatalf("verifier not ready: %v", err)
	}

	logs := &testutil.LogBuffer{}
	ao := appwrite.Options{Endpoint: fake.Endpoint(), DefaultProject: fakeappwrite.DefaultProject, UserAgent: "appwrite-mcp/test"}
	o := Options{
		Catalog: testCatalog(t), Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Version: "test", OAuthProjectID: fakeappwrite.DefaultProject,
	}
	for _, h := range hopts {
		h(&o, &ao)
	}
	o.Factory = appwrite.NewFactory(ao)
	srv, err := NewServer(o)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	hs := httptest.NewServer(mcpauth.RequireBearerToken(verifier.Verify, nil)(h))
	t.Cleanup(hs.Close)

	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}})
	if token == "" {
		t.Fatal("the fake minted no token")
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   hs.URL,
		HTTPClient: &http.Client{Transport: testutil.HeaderTransport{Header: testutil.BearerHeader(token)}, Timeout: 30 * time.Second},
	}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	t.Cleanup(func() {
		if strings.Contains(logs.String(), token) {
			t.Errorf("the access token appears in the server's logs")
		}
	})
	fake.ResetRequests()
	return &harness{fake: fake, cs: cs, token: token, logs: logs, opts: o}
}

// defaultCatalog is built once per test binary: a Catalog is immutable,
// and building one (every schema) is the slowest part of a harness.
var defaultCatalog = sync.OnceValues(func() (*catalog.Catalog, error) { return catalog.New(catalog.Options{}) })

// testCatalog is the generated catalog with every default.
func testCatalog(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	c, err := defaultCatalog()
	if err != nil {
		tb.Fatalf("catalog: %v", err)
	}
	return c
}

// call calls a tool and fails the test on a protocol error.
func (h *harness) call(t *testing.T, name string, args any) *mcp.CallToolResult {
	t.Helper()
	res, err := h.cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("CallTool %s: %v", name, err)
	}
	return res
}

// callRaw calls a tool with arguments exactly as given on the wire (the
// client would otherwise re-encode a map and drop repeated keys).
func (h *harness) callRaw(t *testing.T, name, rawArgs string) *mcp.CallToolResult {
	t.Helper()
	return h.call(t, name, json.RawMessage(rawArgs))
}

// requests returns the fake's REST requests since the last call, and
// forgets them.
func (h *harness) requests() []fakeappwrite.Request { return h.fake.TakeRequests() }

// noRequests fails the test if anything reached Appwrite.
func (h *harness) noRequests(t *testing.T) {
	t.Helper()
	testutil.NoRequests(t, h.fake)
}

// onlyRequest returns the one request that reached Appwrite, checking it
// was method path and carried the caller's token.
func (h *harness) onlyRequest(t *testing.T, method, path string) fakeappwrite.Request {
	t.Helper()
	return testutil.OnlyRequest(t, h.fake, h.token, method, path)
}

// respond makes the fake answer method path with status and body.
func (h *harness) respond(method, path string, status int, contentType, body string) {
	h.fake.HandleREST(method, path, func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

func resultText(r *mcp.CallToolResult) string {
	var parts []string
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// lastJSON decodes the last text block of r into v.
func lastJSON(t *testing.T, r *mcp.CallToolResult, v any) {
	t.Helper()
	for i := len(r.Content) - 1; i >= 0; i-- {
		if tc, ok := r.Content[i].(*mcp.TextContent); ok {
			if err := json.Unmarshal([]byte(tc.Text), v); err != nil {
				t.Fatalf("result is not JSON: %v\n%s", err, tc.Text)
			}
			return
		}
	}
	t.Fatalf("no text content in %+v", r)
}

func listNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	var out []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		out = append(out, tool.Name)
	}
	return out
}

// structured returns the structuredContent of r as JSON text.
func structured(r *mcp.CallToolResult) string {
	raw, _ := json.Marshal(r.StructuredContent)
	return string(raw)
}
