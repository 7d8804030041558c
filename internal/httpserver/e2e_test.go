package httpserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// stack is our server (real auth.Verifier) in front of the fake Appwrite.
type stack struct {
	fake   *fakeappwrite.Server
	ts     *httptest.Server
	mcpURL string
	logs   *testutil.LogBuffer
	v      *auth.Verifier
}

func whoamiServer() *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "e2e", Version: "0"}, nil)
	type out struct {
		Subject  string `json:"subject"`
		HasToken bool   `json:"has_token"`
	}
	mcp.AddTool(s, &mcp.Tool{Name: "whoami", Description: "token subject"},
		func(_ context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, out, error) {
			ti := req.Extra.TokenInfo
			return nil, out{Subject: ti.UserID, HasToken: auth.AccessToken(ti) != ""}, nil
		})
	return s
}

func newStack(t *testing.T, fakeOpts ...fakeappwrite.Option) *stack {
	t.Helper()
	fake := fakeappwrite.New(fakeOpts...)
	t.Cleanup(fake.Close)
	ts := httptest.NewUnstartedServer(nil)
	publicURL := "http://" + ts.Listener.Addr().String()
	env := map[string]string{
		"APPWRITE_ENDPOINT": fake.Endpoint(),
		"MCP_PUBLIC_URL":    publicURL,
		"HOST":              "127.0.0.1",
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &testutil.LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	v := auth.NewVerifier(ctx, auth.Options{
		Endpoint: cfg.AppwriteEndpoint, ProjectID: cfg.AppwriteProjectID, Audiences: cfg.Audiences(),
		Logger: logger, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond,
	})
	t.Cleanup(v.Close)
	h, err := httpserver.New(httpserver.Options{Config: cfg, Verifier: v, MCPServer: whoamiServer(), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = h
	ts.Start()
	t.Cleanup(ts.Close)
	return &stack{fake: fake, ts: ts, mcpURL: publicURL + "/mcp", logs: logs, v: v}
}

// waitReady polls Ready (bounded) until the verifier has loaded.
func (s *stack) waitReady(t *testing.T) {
	t.Helper()
	for range 2000 {
		if s.v.Ready() == nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("verifier never became ready: %v", s.v.Ready())
}

// followRedirect plays the user's browser: it opens the authorization URL
// (the fake approves at once) and reads code, state and iss from the redirect.
func followRedirect(ctx context.Context, args *mcpauth.AuthorizationArgs) (*mcpauth.AuthorizationResult, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, args.URL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	loc, err := resp.Location()
	if err != nil {
		return nil, fmt.Errorf("authorize answered %d without a redirect: %w", resp.StatusCode, err)
	}
	q := loc.Query()
	if e := q.Get("error"); e != "" {
		return nil, fmt.Errorf("authorize error %s: %s", e, q.Get("error_description"))
	}
	return &mcpauth.AuthorizationResult{Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss")}, nil
}

// TestOAuthFlowWithGoSDKClient drives go-sdk's real OAuth client: 401 → PRM →
// AS metadata → dynamic registration → authorize (PKCE) → token →
// initialize → tools/list → tools/call.
func TestOAuthFlowWithGoSDKClient(t *testing.T) {
	s := newStack(t, fakeappwrite.WithSubject("user-e2e"))
	s.waitReady(t)
	ctx := context.Background()

	oauth, err := mcpauth.NewAuthorizationCodeHandler(&mcpauth.AuthorizationCodeHandlerConfig{
		DynamicClientRegistrationConfig: &mcpauth.DynamicClientRegistrationConfig{
			Metadata: &oauthex.ClientRegistrationMetadata{
				ClientName:              "e2e test",
				RedirectURIs:            []string{"http://127.0.0.1:1/callback"},
				TokenEndpointAuthMethod: "none",
				GrantTypes:              []string{"authorization_code", "refresh_token"},
			},
		},
		AuthorizationCodeFetcher: followRedirect,
	})
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e-client", Version: "0"}, nil)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: s.mcpURL, OAuthHandler: oauth}, nil)
	if err != nil {
		t.Fatalf("connect (initialize through OAuth): %v\nlogs:\n%s", err, s.logs)
	}
	defer func() { _ = session.Close() }()

	tools, err := session.ListTools(ctx, nil)
	if err != nil {
		t.Fatalf("tools/list: %v", err)
	}
	if len(tools.Tools) != 1 || tools.Tools[0].Name != "whoami" {
		t.Errorf("tools/list = %+v", tools.Tools)
	}
	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "whoami", Arguments: map[string]any{}})
	if err != nil {
		t.Fatalf("tools/call: %v", err)
	}
	got, _ := json.Marshal(res.StructuredContent)
	if string(got) != `{"has_token":true,"subject":"user-e2e"}` {
		t.Errorf("whoami = %s", got)
	}

	authz := s.fake.Authorizations()
	if len(authz) != 1 || authz[0].Resource != s.mcpURL {
		t.Fatalf("authorizations = %+v, want one with resource %s (RFC 8707)", authz, s.mcpURL)
	}
	if authz[0].Scope == "" {
		t.Errorf("the client requested no scopes: PRM/challenge advertised none")
	}
	// The access token the client obtained never reaches the logs.
	ts, err := oauth.TokenSource(ctx)
	if err != nil || ts == nil {
		t.Fatalf("token source: %v", err)
	}
	tok, err := ts.Token()
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v", err)
	}
	if strings.Contains(s.logs.String(), tok.AccessToken) {
		t.Errorf("the access token appears in the server logs")
	}
	if !strings.Contains(s.logs.String(), `"subject":"user-e2e"`) {
		t.Errorf("the request log lacks the token subject")
	}
}

func TestHostileTokensOverHTTP(t *testing.T) {
	s := newStack(t)
	s.waitReady(t)
	aud := []string{s.mcpURL}
	tests := []struct {
		name string
		tok  string
		want int
	}{
		{"valid", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Subject: "u1"}), 200},
		{"valid, public-URL audience", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{strings.TrimSuffix(s.mcpURL, "/mcp") + "/"}}), 200},
		{"trailing-slash resource audience", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{s.mcpURL + "/"}}), 401},
		{"expired", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, ExpiresIn: -time.Hour}), 401},
		{"nbf in the future", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, NotBefore: time.Now().Add(time.Hour)}), 401},
		{"wrong audience", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{"https://other.example/mcp"}}), 401},
		{"no audience", s.fake.MintToken(fakeappwrite.TokenSpec{}), 401},
		{"other project's issuer", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Project: "other"}), 401},
		{"issuer on another host", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Issuer: "https://evil.example/v1/oauth2/console"}), 401},
		{"alg none", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Alg: "none"}), 401},
		{"HS256 with the public key", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Alg: "HS256"}), 401},
		{"unknown kid", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, Kid: "nope"}), 401},
		{"foreign key, known kid", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, ForeignKey: true}), 401},
		{"no exp", s.fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, NoExpiry: true}), 401},
		{"garbage", "garbage", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.tok == "" {
				t.Fatal("the fake could not mint the token")
			}
			status, hdr, _ := postToolsCall(t, s.mcpURL, tt.tok)
			if status != tt.want {
				t.Fatalf("status %d, want %d", status, tt.want)
			}
			if tt.want == 401 {
				cs, err := oauthex.ParseWWWAuthenticate(hdr.Values("WWW-Authenticate"))
				if err != nil || len(cs) != 1 || cs[0].Params["error"] != "invalid_token" {
					t.Errorf("challenge %q (%v)", hdr.Values("WWW-Authenticate"), err)
				}
			}
		})
	}
	logs := s.logs.String()
	for _, tt := range tests {
		if len(tt.tok) > 20 && strings.Contains(logs, tt.tok) {
			t.Errorf("%s: token found in logs", tt.name)
		}
		// The signature part alone must not leak either.
		if i := strings.LastIndex(tt.tok, "."); i > 0 && len(tt.tok)-i > 20 && strings.Contains(logs, tt.tok[i+1:]) {
			t.Errorf("%s: token signature found in logs", tt.name)
		}
	}
}

func postToolsCall(t *testing.T, url, token string) (int, http.Header, string) {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h = testutil.BearerHeader(token)
	}
	resp, body := testutil.PostMCP(t, url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`, h)
	return resp.StatusCode, resp.Header, body
}

func TestAuthorizationServerDownAtStart(t *testing.T) {
	s := newStackWithOutage(t)
	base := strings.TrimSuffix(s.mcpURL, "/mcp")

	if code, _ := testutil.Get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz %d during outage", code)
	}
	if code, body := testutil.Get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "discovery") {
		t.Errorf("/readyz %d %s during outage", code, body)
	}
	tok := s.fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{s.mcpURL}})
	if code, hdr, body := postToolsCall(t, s.mcpURL, tok); code != 503 || hdr.Get("Retry-After") == "" || !strings.Contains(body, "temporarily_unavailable") {
		t.Errorf("valid token during outage: %d %s", code, body)
	}
	if code, hdr, _ := postToolsCall(t, s.mcpURL, ""); code != 401 {
		t.Errorf("no token during outage: %d", code)
	} else if cs, err := oauthex.ParseWWWAuthenticate(hdr.Values("WWW-Authenticate")); err != nil || cs[0].Params["scope"] != "" {
		t.Errorf("challenge during outage %q (%v): want no scope parameter", hdr.Values("WWW-Authenticate"), err)
	}
	if code, _ := testutil.Get(t, base+"/.well-known/oauth-authorization-server"); code != 503 {
		t.Errorf("AS metadata proxy during outage: %d", code)
	}

	s.fake.SetOutage(false, false)
	s.waitReady(t)
	if code, _, body := postToolsCall(t, s.mcpURL, tok); code != 200 {
		t.Errorf("after recovery: %d %s", code, body)
	}
	code, body := testutil.Get(t, base+"/.well-known/oauth-authorization-server")
	if code != 200 || !strings.Contains(body, `"issuer"`) {
		t.Errorf("AS metadata proxy after recovery: %d %s", code, body)
	}
	code, body = testutil.Get(t, base+"/.well-known/oauth-protected-resource/mcp")
	var prm oauthex.ProtectedResourceMetadata
	if err := json.Unmarshal([]byte(body), &prm); code != 200 || err != nil {
		t.Fatalf("PRM after recovery: %d %s", code, body)
	}
	if prm.Resource != s.mcpURL || !slices.Equal(prm.AuthorizationServers, []string{s.fake.Issuer("console")}) ||
		!slices.Equal(prm.ScopesSupported, s.fake.Scopes()) {
		t.Errorf("PRM after recovery: %+v", prm)
	}
}

// newStackWithOutage is newStack with the fake's AS down before the
// verifier's first fetch.
func newStackWithOutage(t *testing.T) *stack {
	t.Helper()
	s := newStack(t, func(f *fakeappwrite.Server) { f.SetOutage(true, true) })
	if s.v.Ready() == nil {
		t.Fatal(errors.New("verifier ready although the AS is down"))
	}
	return s
}
