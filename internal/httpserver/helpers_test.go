package httpserver

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
	"github.com/modelcontextprotocol/go-sdk/oauthex"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// Tokens the fake verifier knows. They look like JWTs so that a leak into
// logs would be easy to spot.
const (
	goodToken    = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.GOOD-signature-abcdefghijklmnop"
	expiredToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.EXPIRED-signature-abcdefghijk"
	goodSubject  = "user-123"
)

// fakeVerifier is a TokenVerifier with programmable answers.
type fakeVerifier struct {
	mu       sync.Mutex
	tokens   map[string]*mcpauth.TokenInfo
	reasons  map[string]auth.Reason
	readyErr error
	md       *auth.Metadata
	mdErr    error
	panicMsg string

	verifyCalls, metadataCalls, readyCalls int
}

func newFakeVerifier() *fakeVerifier {
	return &fakeVerifier{
		tokens: map[string]*mcpauth.TokenInfo{
			goodToken: {
				UserID: goodSubject, Scopes: []string{"account"}, Expiration: time.Now().Add(time.Hour),
				Extra: map[string]any{auth.ExtraClientID: "client-1"},
			},
		},
		reasons: map[string]auth.Reason{expiredToken: auth.ReasonExpired},
		md: &auth.Metadata{
			Issuer:          "https://fra.cloud.example/v1/oauth2/console",
			JWKSURI:         "https://fra.cloud.example/v1/oauth2/console/jwks",
			ScopesSupported: []string{"account", "users.read", "users.write"},
			Raw:             json.RawMessage(`{"issuer":"https://fra.cloud.example/v1/oauth2/console",  "weird_spacing": true}`),
		},
	}
}

func (f *fakeVerifier) Verify(_ context.Context, token string, _ *http.Request) (*mcpauth.TokenInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.verifyCalls++
	if f.panicMsg != "" {
		panic(f.panicMsg)
	}
	if f.readyErr != nil {
		return nil, &auth.TokenError{Reason: auth.ReasonUnavailable, Detail: "not loaded", Err: f.readyErr}
	}
	if ti, ok := f.tokens[token]; ok {
		return ti, nil
	}
	if r, ok := f.reasons[token]; ok {
		return nil, &auth.TokenError{Reason: r, Detail: "test rejection"}
	}
	return nil, &auth.TokenError{Reason: auth.ReasonMalformed, Detail: "not a JWT"}
}

func (f *fakeVerifier) Ready() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readyCalls++
	return f.readyErr
}

func (f *fakeVerifier) Metadata(context.Context) (*auth.Metadata, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.metadataCalls++
	return f.md, f.mdErr
}

func (f *fakeVerifier) set(fn func(f *fakeVerifier)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeVerifier) calls() (verify, metadata, ready int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.verifyCalls, f.metadataCalls, f.readyCalls
}

// testConfig is a valid configuration for tests.
func testConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	base := map[string]string{
		"MCP_PUBLIC_URL":      "https://mcp.example.com",
		"APPWRITE_ENDPOINT":   "https://cloud.example/v1",
		"MCP_ALLOWED_ORIGINS": "https://app.example.org",
		"MCP_MAX_BODY_BYTES":  "4096",
	}
	for k, v := range env {
		base[k] = v
	}
	c, err := config.Load(nil, func(k string) string { return base[k] }, io.Discard)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return c
}

// newTestMCPServer has one tool that reports req.Extra.TokenInfo.
func newTestMCPServer() *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "test", Version: "0"}, nil)
	type out struct {
		Subject string `json:"subject"`
	}
	mcp.AddTool(s, &mcp.Tool{Name: "whoami", Description: "token subject"},
		func(_ context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, out, error) {
			var o out
			if req.Extra != nil && req.Extra.TokenInfo != nil {
				o.Subject = req.Extra.TokenInfo.UserID
			}
			return nil, o, nil
		})
	return s
}

type fixture struct {
	h    http.Handler
	v    *fakeVerifier
	logs *testutil.LogBuffer
	cfg  config.Config
}

func newFixture(t *testing.T, env map[string]string) *fixture {
	t.Helper()
	f := &fixture{v: newFakeVerifier(), logs: &testutil.LogBuffer{}, cfg: testConfig(t, env)}
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := New(Options{Config: f.cfg, Verifier: f.v, MCPServer: newTestMCPServer(), Logger: logger, Version: "test-1"})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return f
}

// do sends one request through the router and returns the recorded response.
func (f *fixture) do(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, r)
	return rec
}

const toolsCallBody = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`

// mcpRequest is a well-formed MCP POST.
func mcpRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "https://mcp.example.com/mcp", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json, text/event-stream")
	return r
}

// challengeParams parses the Bearer challenge of a response.
func challengeParams(t *testing.T, h http.Header) map[string]string {
	t.Helper()
	cs, err := oauthex.ParseWWWAuthenticate(h.Values("WWW-Authenticate"))
	if err != nil {
		t.Fatalf("WWW-Authenticate %q does not parse: %v", h.Values("WWW-Authenticate"), err)
	}
	if len(cs) != 1 || cs[0].Scheme != "bearer" {
		t.Fatalf("want one Bearer challenge, got %+v", cs)
	}
	return cs[0].Params
}

// decodeError decodes the small JSON error body.
func decodeError(t *testing.T, rec *httptest.ResponseRecorder) errorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	var b errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("error body %q is not JSON: %v", rec.Body.String(), err)
	}
	return b
}
