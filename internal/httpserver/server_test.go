package httpserver

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/auth"
)

func TestAuthorizedToolCallSeesTokenInfo(t *testing.T) {
	f := newFixture(t, nil)
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Authorization", "Bearer "+goodToken)
	rec := f.do(r)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), `\"subject\":\"`+goodSubject+`\"`) &&
		!strings.Contains(rec.Body.String(), `"subject":"`+goodSubject+`"`) {
		t.Errorf("tool did not see the token subject through req.Extra.TokenInfo: %s", rec.Body)
	}
}

func TestOriginPolicy(t *testing.T) {
	tests := []struct {
		name     string
		host     string // HOST setting
		origin   []string
		wantCode int // with no token: 401 means the origin passed
	}{
		{"no Origin (non-browser client) passes", "", nil, 401},
		{"public URL origin", "", []string{"https://mcp.example.com"}, 401},
		{"public URL origin with default port and upper case", "", []string{"HTTPS://MCP.example.com:443"}, 401},
		{"MCP_ALLOWED_ORIGINS entry", "", []string{"https://app.example.org"}, 401},
		{"other origin", "", []string{"https://evil.example"}, 403},
		{"same host, other scheme", "", []string{"http://mcp.example.com"}, 403},
		{"same host, other port", "", []string{"https://mcp.example.com:8443"}, 403},
		{"opaque null origin", "", []string{"null"}, 403},
		{"origin with a path", "", []string{"https://mcp.example.com/x"}, 403},
		{"two Origin headers", "", []string{"https://mcp.example.com", "https://evil.example"}, 403},
		{"loopback origin, listening on 0.0.0.0", "0.0.0.0", []string{"http://localhost:6274"}, 403},
		{"loopback origin, listening on 127.0.0.1", "127.0.0.1", []string{"http://localhost:6274"}, 401},
		{"127.x origin, listening on localhost", "localhost", []string{"http://127.0.0.1:3000"}, 401},
		{"[::1] origin, listening on ::1", "::1", []string{"http://[::1]:3000"}, 401},
		{"rebinding name, listening on loopback", "127.0.0.1", []string{"http://attacker.example:8000"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			if tt.host != "" {
				env["HOST"] = tt.host
			}
			f := newFixture(t, env)
			r := mcpRequest(toolsCallBody)
			for _, o := range tt.origin {
				r.Header.Add("Origin", o)
			}
			rec := f.do(r)
			if rec.Code != tt.wantCode {
				t.Fatalf("status %d, want %d (body %s)", rec.Code, tt.wantCode, rec.Body)
			}
			if rec.Code == http.StatusForbidden {
				if decodeError(t, rec).Error != "forbidden_origin" {
					t.Errorf("403 body %s", rec.Body)
				}
				if rec.Header().Get("Access-Control-Allow-Origin") != "" {
					t.Errorf("403 must not carry CORS allow headers")
				}
			}
		})
	}
}

func TestOriginCheckedBeforeAuth(t *testing.T) {
	f := newFixture(t, nil)
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Authorization", "Bearer "+goodToken)
	if rec := f.do(r); rec.Code != http.StatusForbidden {
		t.Fatalf("status %d, want 403 even with a valid token", rec.Code)
	}
	if verify, _, _ := f.v.calls(); verify != 0 {
		t.Errorf("the verifier ran %d times for a forbidden Origin", verify)
	}
}

func TestMCPMethodsOtherThanPOST(t *testing.T) {
	f := newFixture(t, nil)
	for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPut} {
		rec := f.do(httptest.NewRequest(m, "https://mcp.example.com/mcp", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "POST" {
			t.Errorf("%s /mcp: status %d Allow %q, want 405 with Allow: POST", m, rec.Code, rec.Header().Get("Allow"))
		}
		decodeError(t, rec)
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t, nil) // MCP_MAX_BODY_BYTES=4096
	big := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{"pad":"` +
		strings.Repeat("x", 5000) + `"}}}`

	t.Run("Content-Length over the limit, before auth", func(t *testing.T) {
		rec := f.do(mcpRequest(big))
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", rec.Code)
		}
		if decodeError(t, rec).Error != "request_too_large" {
			t.Errorf("body %s", rec.Body)
		}
	})
	t.Run("chunked body over the limit", func(t *testing.T) {
		r := mcpRequest("")
		r.Body = io.NopCloser(strings.NewReader(big))
		r.ContentLength = -1
		r.Header.Set("Authorization", "Bearer "+goodToken)
		if rec := f.do(r); rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413 (%s)", rec.Code, rec.Body)
		}
	})
	t.Run("at the limit passes", func(t *testing.T) {
		body := toolsCallBody + strings.Repeat(" ", 4096-len(toolsCallBody))
		r := mcpRequest(body)
		r.Header.Set("Authorization", "Bearer "+goodToken)
		if rec := f.do(r); rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200 (%s)", rec.Code, rec.Body)
		}
	})
}

func TestChallenges(t *testing.T) {
	rmURL := "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
	tests := []struct {
		name      string
		auth      []string
		wantCode  int
		wantError string // error= in the challenge; "" for none
		wantDesc  string
	}{
		{"no token", nil, 401, "", ""},
		{"bad token", []string{"Bearer not-a-jwt"}, 401, "invalid_token", "the access token is not a well-formed signed JWT"},
		{"expired token", []string{"Bearer " + expiredToken}, 401, "invalid_token", "the access token has expired"},
		{"empty bearer", []string{"Bearer "}, 401, "invalid_token", "the bearer token is empty"},
		{"lower-case scheme", []string{"bearer not-a-jwt"}, 401, "invalid_token", "the access token is not a well-formed signed JWT"},
		{"Basic scheme", []string{"Basic dXNlcjpwdw=="}, 400, "invalid_request", ""},
		{"no space", []string{"Bearer" + goodToken}, 400, "invalid_request", ""},
		{"token with a space", []string{"Bearer abc def"}, 400, "invalid_request", ""},
		{"token with a quote", []string{`Bearer abc"def`}, 400, "invalid_request", ""},
		{"two Authorization headers", []string{"Bearer " + goodToken, "Bearer " + goodToken}, 400, "invalid_request", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			r := mcpRequest(toolsCallBody)
			for _, a := range tt.auth {
				r.Header.Add("Authorization", a)
			}
			rec := f.do(r)
			if rec.Code != tt.wantCode {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tt.wantCode, rec.Body)
			}
			p := challengeParams(t, rec.Header())
			if p["resource_metadata"] != rmURL {
				t.Errorf("resource_metadata = %q, want %q", p["resource_metadata"], rmURL)
			}
			if p["error"] != tt.wantError {
				t.Errorf("error = %q, want %q", p["error"], tt.wantError)
			}
			if tt.wantDesc != "" && p["error_description"] != tt.wantDesc {
				t.Errorf("error_description = %q, want %q", p["error_description"], tt.wantDesc)
			}
			if tt.wantError == "" && p["error_description"] != "" {
				t.Errorf("no-token challenge carries error_description %q", p["error_description"])
			}
			if p["scope"] != "account users.read users.write" {
				t.Errorf("scope = %q", p["scope"])
			}
			body := decodeError(t, rec)
			if tt.wantError != "" && body.Error != tt.wantError {
				t.Errorf("body error %q, want %q", body.Error, tt.wantError)
			}
			all := rec.Body.String() + strings.Join(rec.Header().Values("WWW-Authenticate"), "")
			for _, a := range tt.auth {
				if tok := strings.TrimSpace(strings.TrimPrefix(a, "Bearer")); len(tok) > 6 && strings.Contains(all, tok) {
					t.Errorf("the response echoes the presented credentials")
				}
			}
		})
	}
}

func TestChallengeScopeFiltering(t *testing.T) {
	hostile := []string{"account", `evil"scope`, "crlf\r\nX-Injected: 1", `back\slash`, "users.read", "two words", "", "account"}
	tests := []struct {
		name      string
		supported []string
		mdErr     error
		narrow    string // MCP_OAUTH_SCOPES
		wantScope string // "" means: no scope parameter
	}{
		{"hostile list filtered", hostile, nil, "", "account users.read"},
		{"narrowed by MCP_OAUTH_SCOPES", hostile, nil, "users.read teams.read", "users.read"},
		{"disjoint MCP_OAUTH_SCOPES: full valid list", hostile, nil, "teams.read", "account users.read"},
		{"nothing valid: parameter dropped", []string{`"`, "a b", "\\"}, nil, "", ""},
		{"empty list: parameter dropped", nil, nil, "", ""},
		{"discovery down: parameter dropped", nil, errors.New("connection refused"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, map[string]string{"MCP_OAUTH_SCOPES": tt.narrow})
			f.v.set(func(v *fakeVerifier) {
				if tt.mdErr != nil {
					v.md, v.mdErr = nil, tt.mdErr
				} else {
					v.md.ScopesSupported = tt.supported
				}
			})
			for _, tok := range []string{"", "garbage"} {
				r := mcpRequest(toolsCallBody)
				if tok != "" {
					r.Header.Set("Authorization", "Bearer "+tok)
				}
				rec := f.do(r)
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401 (%s)", rec.Code, rec.Body)
				}
				raw := strings.Join(rec.Header().Values("WWW-Authenticate"), "\n")
				if strings.ContainsAny(raw, "\r\n\\") || strings.Contains(raw, "Injected") || strings.Contains(raw, "evil") {
					t.Fatalf("hostile scope reached the header: %q", raw)
				}
				p := challengeParams(t, rec.Header())
				scope, has := p["scope"]
				if tt.wantScope == "" && has {
					t.Errorf("scope parameter %q present, want none", scope)
				}
				if tt.wantScope != "" && scope != tt.wantScope {
					t.Errorf("scope = %q, want %q", scope, tt.wantScope)
				}
			}
		})
	}
}

func TestQueryTokenRejected(t *testing.T) {
	for _, q := range []string{url.Values{"access_token": {goodToken}}.Encode(), "x=1&access_token=" + goodToken + ";y"} {
		testQueryTokenRejected(t, q)
	}
}

func testQueryTokenRejected(t *testing.T, rawQuery string) {
	t.Helper()
	f := newFixture(t, nil)
	r := mcpRequest(toolsCallBody)
	r.URL.RawQuery = rawQuery
	r.Header.Set("Authorization", "Bearer "+goodToken)
	rec := f.do(r)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", rec.Code)
	}
	if p := challengeParams(t, rec.Header()); p["error"] != "invalid_request" {
		t.Errorf("error = %q", p["error"])
	}
	if verify, _, _ := f.v.calls(); verify != 0 {
		t.Errorf("a query-string token reached the verifier")
	}
	if strings.Contains(rec.Body.String(), goodToken) {
		t.Errorf("response echoes the token")
	}
}

func TestUnavailable(t *testing.T) {
	f := newFixture(t, nil)
	f.v.set(func(v *fakeVerifier) { v.readyErr = errors.New("discovery not loaded") })
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Authorization", "Bearer "+goodToken)
	rec := f.do(r)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After")
	}
	if len(rec.Header().Values("WWW-Authenticate")) != 0 {
		t.Errorf("503 must not challenge: the token was not judged")
	}
	if decodeError(t, rec).Error != "temporarily_unavailable" {
		t.Errorf("body %s", rec.Body)
	}
}

func TestProtectedResourceMetadata(t *testing.T) {
	resources := map[string]string{PathProtectedResourceMCP: "https://mcp.example.com/mcp", PathProtectedResource: "https://mcp.example.com/"}
	for path, resource := range resources {
		t.Run(path, func(t *testing.T) {
			f := newFixture(t, map[string]string{"MCP_OAUTH_SCOPES": "users.read"})
			r := httptest.NewRequest(http.MethodGet, "https://mcp.example.com"+path, nil)
			r.Header.Set("Origin", "https://anything.example")
			rec := f.do(r)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("PRM without open CORS")
			}
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{
				"resource":                 resource,
				"authorization_servers":    []any{"https://fra.cloud.example/v1/oauth2/console"},
				"scopes_supported":         []any{"users.read"},
				"bearer_methods_supported": []any{"header"},
				"resource_name":            ResourceName,
			}
			got, _ := json.Marshal(doc)
			wantJSON, _ := json.Marshal(want)
			if string(got) != string(wantJSON) {
				t.Errorf("PRM\n got %s\nwant %s", got, wantJSON)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=300" {
				t.Errorf("PRM Cache-Control = %q, want public, max-age=300", cc)
			}
		})
	}

	t.Run("discovery down: configured issuer, no scopes, still 200", func(t *testing.T) {
		f := newFixture(t, nil)
		f.v.set(func(v *fakeVerifier) { v.md, v.mdErr = nil, errors.New("down") })
		rec := f.do(httptest.NewRequest(http.MethodGet, "https://mcp.example.com"+PathProtectedResourceMCP, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		var doc protectedResourceMetadata
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(doc.AuthorizationServers, []string{"https://cloud.example/v1/oauth2/console"}) || doc.ScopesSupported != nil {
			t.Errorf("PRM while discovery is down: %+v", doc)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("degraded PRM Cache-Control = %q, want no-store", cc)
		}
	})

	t.Run("preflight", func(t *testing.T) {
		f := newFixture(t, nil)
		r := httptest.NewRequest(http.MethodOptions, "https://mcp.example.com"+PathProtectedResourceMCP, nil)
		r.Header.Set("Origin", "https://anything.example")
		r.Header.Set("Access-Control-Request-Method", "GET")
		rec := f.do(r)
		if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("preflight: %d %v", rec.Code, rec.Header())
		}
	})
}

func TestAuthorizationServerMetadataProxy(t *testing.T) {
	for _, path := range []string{PathASMetadata, PathOIDCConfiguration} {
		t.Run(path, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := f.do(httptest.NewRequest(http.MethodGet, "https://mcp.example.com"+path, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if rec.Body.String() != string(f.v.md.Raw) {
				t.Errorf("not verbatim: %q", rec.Body.String())
			}
			if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", rec.Header())
			}

			f.v.set(func(v *fakeVerifier) { v.md, v.mdErr = nil, errors.New("down") })
			rec = f.do(httptest.NewRequest(http.MethodGet, "https://mcp.example.com"+path, nil))
			if rec.Code != http.StatusServiceUnavailable || decodeError(t, rec).Error != "temporarily_unavailable" {
				t.Errorf("discovery down: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t, nil)
	f.v.set(func(v *fakeVerifier) { v.readyErr, v.md, v.mdErr = errors.New("down"), nil, errors.New("down") })
	rec := f.do(httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"status":"ok","version":"test-1"}` {
		t.Errorf("healthz: %d %s", rec.Code, rec.Body)
	}
	if v, m, r := f.v.calls(); v+m+r != 0 {
		t.Errorf("healthz consulted the verifier (%d, %d, %d calls)", v, m, r)
	}
}

func TestReadyz(t *testing.T) {
	f := newFixture(t, nil)
	f.v.set(func(v *fakeVerifier) { v.readyErr = errors.New("signing keys (JWKS) not loaded yet") })
	rec := f.do(httptest.NewRequest(http.MethodGet, "/readyz", nil))
	var body healthBody
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != http.StatusServiceUnavailable || body.Reason != "signing keys (JWKS) not loaded yet" {
		t.Errorf("not ready: %d %s", rec.Code, rec.Body)
	}
	f.v.set(func(v *fakeVerifier) { v.readyErr = nil })
	if rec := f.do(httptest.NewRequest(http.MethodGet, "/readyz", nil)); rec.Code != http.StatusOK {
		t.Errorf("ready: %d %s", rec.Code, rec.Body)
	}
}

func TestMCPCORS(t *testing.T) {
	f := newFixture(t, nil)
	t.Run("preflight from an allowed origin", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodOptions, "https://mcp.example.com/mcp", nil)
		r.Header.Set("Origin", "https://app.example.org")
		r.Header.Set("Access-Control-Request-Method", "POST")
		r.Header.Set("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version")
		rec := f.do(r)
		if rec.Code != http.StatusNoContent {
			t.Fatalf("status %d", rec.Code)
		}
		h := rec.Header()
		if h.Get("Access-Control-Allow-Origin") != "https://app.example.org" {
			t.Errorf("Allow-Origin %q", h.Get("Access-Control-Allow-Origin"))
		}
		if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
			t.Errorf("Allow-Methods %q", h.Get("Access-Control-Allow-Methods"))
		}
		for _, want := range []string{"Authorization", "Content-Type", "Mcp-Protocol-Version", "Mcp-Session-Id", "Last-Event-ID"} {
			if !strings.Contains(h.Get("Access-Control-Allow-Headers"), want) {
				t.Errorf("Allow-Headers %q lacks %s", h.Get("Access-Control-Allow-Headers"), want)
			}
		}
		if !slices.Contains(h.Values("Vary"), "Origin") {
			t.Errorf("no Vary: Origin")
		}
	})
	t.Run("preflight from another origin", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodOptions, "https://mcp.example.com/mcp", nil)
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Access-Control-Request-Method", "POST")
		if rec := f.do(r); rec.Code != http.StatusForbidden || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("status %d, ACAO %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("401 exposes WWW-Authenticate to the browser", func(t *testing.T) {
		r := mcpRequest(toolsCallBody)
		r.Header.Set("Origin", "https://app.example.org")
		rec := f.do(r)
		expose := rec.Header().Get("Access-Control-Expose-Headers")
		if rec.Code != http.StatusUnauthorized || !strings.Contains(expose, "WWW-Authenticate") || !strings.Contains(expose, "Mcp-Session-Id") {
			t.Errorf("status %d, Expose-Headers %q", rec.Code, expose)
		}
	})
}

func TestSidecarHostOnLoopback(t *testing.T) {
	// A TLS sidecar connects to 127.0.0.1 and forwards the public Host.
	f := newFixture(t, map[string]string{"HOST": "127.0.0.1"})
	ts := httptest.NewServer(f.h)
	defer ts.Close()
	r, err := http.NewRequest(http.MethodPost, ts.URL+"/mcp", strings.NewReader(toolsCallBody))
	if err != nil {
		t.Fatal(err)
	}
	r.Host = "mcp.example.com"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json, text/event-stream")
	r.Header.Set("Authorization", "Bearer "+goodToken)
	resp, err := ts.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), goodSubject) {
		t.Fatalf("sidecar request: %d %s", resp.StatusCode, body)
	}
}

func TestRequestID(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		in       string
		wantSame bool
	}{
		{"abc-123_X.y", true},
		{"", false},
		{"has space", false},
		{strings.Repeat("a", 65), false},
		{"inject\"quote", false},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		if tt.in != "" {
			r.Header.Set(HeaderRequestID, tt.in)
		}
		got := f.do(r).Header().Get(HeaderRequestID)
		if (got == tt.in) != tt.wantSame || !validRequestID(got) || seen[got] {
			t.Errorf("in %q → X-Request-Id %q", tt.in, got)
		}
		seen[got] = true
	}
}

func TestPanicRecovered(t *testing.T) {
	f := newFixture(t, nil)
	f.v.set(func(v *fakeVerifier) { v.panicMsg = "boom" })
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Authorization", "Bearer "+goodToken)
	rec := f.do(r)
	if rec.Code != http.StatusInternalServerError || decodeError(t, rec).Error != "server_error" {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(f.logs.String(), `"msg":"handler panic"`) {
		t.Errorf("panic not logged")
	}
}

// TestPanicLogNeverHoldsToken: a panic message quoting the bearer token is
// logged with the token masked.
func TestPanicLogNeverHoldsToken(t *testing.T) {
	f := newFixture(t, nil)
	f.v.set(func(v *fakeVerifier) { v.panicMsg = "cannot parse " + goodToken })
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Authorization", "Bearer "+goodToken)
	if rec := f.do(r); rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "cannot parse [REDACTED]") {
		t.Errorf("panic not logged redacted: %s", logs)
	}
	if strings.Contains(logs, goodToken) {
		t.Errorf("token in the panic log: %s", logs)
	}
}

func TestNoTokenInLogs(t *testing.T) {
	f := newFixture(t, map[string]string{"LOG_LEVEL": "debug"})
	send := func(mut func(r *http.Request)) int {
		r := mcpRequest(toolsCallBody)
		mut(r)
		return f.do(r).Code
	}
	steps := []struct {
		name string
		mut  func(r *http.Request)
		want int
	}{
		{"valid", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+goodToken) }, 200},
		{"expired", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+expiredToken) }, 401},
		{"garbage", func(r *http.Request) { r.Header.Set("Authorization", "Bearer garbage-token-value-xyz") }, 401},
		{"malformed", func(r *http.Request) { r.Header.Set("Authorization", "Token "+goodToken) }, 400},
		{"query", func(r *http.Request) { r.URL.RawQuery = "access_token=" + goodToken }, 400},
		{"bad origin", func(r *http.Request) {
			r.Header.Set("Origin", "https://evil.example")
			r.Header.Set("Authorization", "Bearer "+goodToken)
		}, 403},
	}
	for _, s := range steps {
		if got := send(s.mut); got != s.want {
			t.Errorf("%s: status %d, want %d", s.name, got, s.want)
		}
	}
	f.v.set(func(v *fakeVerifier) { v.readyErr = errors.New("down") })
	if got := send(func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+goodToken) }); got != 503 {
		t.Errorf("unavailable: status %d", got)
	}

	logs := f.logs.String()
	for _, secret := range []string{goodToken, expiredToken, "garbage-token-value-xyz", "Bearer ", "Token ey", "GOOD-signature", "EXPIRED-signature"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	// One line per request, with the fields operators need.
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != len(steps)+1 {
		t.Fatalf("%d request log lines, want %d", len(lines), len(steps)+1)
	}
	wantReasons := []string{
		"", string(auth.ReasonExpired), string(auth.ReasonMalformed), "malformed_authorization_header",
		"token_in_query", "origin_not_allowed", string(auth.ReasonUnavailable),
	}
	for i, m := range lines {
		for _, k := range []string{"method", "route", "status", "duration_ms", "request_id"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d lacks %s: %v", i, k, m)
			}
		}
		if m["route"] != "/mcp" {
			t.Errorf("line %d route %v", i, m["route"])
		}
		reason, _ := m["reject_reason"].(string)
		if reason != wantReasons[i] {
			t.Errorf("line %d reject_reason %q, want %q", i, reason, wantReasons[i])
		}
	}
	if lines[0]["subject"] != goodSubject {
		t.Errorf("accepted request logged subject %v", lines[0]["subject"])
	}
}
