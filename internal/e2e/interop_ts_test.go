package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// interopDir is the Node project with the TypeScript SDK client.
var interopDir = filepath.Join("..", "..", "interop", "ts")

// tsSummary is what interop/ts/client.mjs prints on stdout.
type tsSummary struct {
	OK    bool   `json:"ok"`
	SDK   string `json:"sdk"`
	Error string `json:"error"`
	HTTP  []struct {
		Method    string `json:"method"`
		URL       string `json:"url"`
		Status    int    `json:"status"`
		Browser   bool   `json:"browser"`
		Simulated bool   `json:"simulated"` // a 404 client.mjs answered itself
	} `json:"http"`
	OAuth struct {
		Registrations        int    `json:"registrations"`
		ClientID             string `json:"client_id"`
		AuthorizationRequest struct {
			Endpoint            string `json:"endpoint"`
			ResponseType        string `json:"response_type"`
			ClientIDMatches     bool   `json:"client_id_matches"`
			CodeChallengeMethod string `json:"code_challenge_method"`
			HasCodeChallenge    bool   `json:"has_code_challenge"`
			Resource            string `json:"resource"`
			ScopeCount          int    `json:"scope_count"`
			HasState            bool   `json:"has_state"`
		} `json:"authorization_request"`
		AuthorizationResponse struct {
			HasCode      bool   `json:"has_code"`
			StateMatches bool   `json:"state_matches"`
			Iss          string `json:"iss"`
		} `json:"authorization_response"`
		TokenType       string `json:"token_type"`
		HasRefreshToken bool   `json:"has_refresh_token"`
	} `json:"oauth"`
	Initialize struct {
		Server struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"server"`
		ProtocolVersion string `json:"protocol_version"`
		HasInstructions bool   `json:"has_instructions"`
	} `json:"initialize"`
	Tools  []string `json:"tools"`
	Search struct {
		IsError bool     `json:"is_error"`
		Matches []string `json:"matches"`
	} `json:"search"`
	Read struct {
		IsError    bool            `json:"is_error"`
		Text       string          `json:"text"`
		Structured json.RawMessage `json:"structured"`
	} `json:"read"`
	WriteUnconfirmed struct {
		IsError bool   `json:"is_error"`
		Text    string `json:"text"`
	} `json:"write_unconfirmed"`
}

// requireNode returns the node binary once interop/ts is installed.
func requireNode(t *testing.T) string {
	t.Helper()
	return requireNodePackage(t, filepath.Join(interopDir, "node_modules", "@modelcontextprotocol", "sdk", "package.json"), "interop/ts")
}

// requireNodePackage returns the node binary once file (a file npm ci
// installs under dir) exists. Without either, the test is skipped locally
// and fails in CI (CI=true), where .ci/run runs `npm ci --prefix dir` first.
func requireNodePackage(t *testing.T, file, dir string) string {
	t.Helper()
	missing := func(why string) {
		msg := why + "; install it with `npm ci --prefix " + dir + "`"
		if inCI() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := os.Stat(file); err != nil {
		missing(dir + "/node_modules is missing")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	return node
}

// TestTypeScriptSDKClientOAuthInterop runs the official MCP TypeScript SDK
// client through the whole OAuth flow against the server and the fake
// authorization server, then lists, searches, reads and tries an
// unconfirmed write.
//
// The second case hides the authorization server's path-insertion metadata
// URLs (RFC 8414 and OIDC forms on the origin, which the SDK tries first) from
// the client, as an authorization server that publishes only
// <issuer>/.well-known/openid-configuration would: the SDK must fall back to
// that document.
func TestTypeScriptSDKClientOAuthInterop(t *testing.T) {
	node := requireNode(t)
	tests := []struct {
		name       string
		suffixOnly bool
	}{
		{"all discovery locations", false},
		{"issuer-suffix discovery only", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkTSInterop(t, node, tt.suffixOnly) })
	}
}

// checkTSInterop runs client.mjs against a fresh stack and checks its
// summary and what the fake recorded.
func checkTSInterop(t *testing.T, node string, suffixOnly bool) {
	s := newStack(t)
	logs := s.Logs
	const readPath = "/tablesdb/main/tables/books/rows"
	s.Fake.HandleREST("GET", readPath, testutil.JSONHandler(200, `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}`))
	s.Fake.ResetRequests()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client.mjs", s.MCPURL)
	cmd.Dir = interopDir
	cmd.Env = append(os.Environ(), "INTEROP_TIMEOUT_MS=60000", "INTEROP_ISSUER_SUFFIX_DISCOVERY_ONLY=0")
	if suffixOnly {
		cmd.Env = append(cmd.Env, "INTEROP_ISSUER_SUFFIX_DISCOVERY_ONLY=1")
	}
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	var sum tsSummary
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &sum); err != nil {
		t.Fatalf("client output is not a JSON summary (%v; run error %v)\nstdout: %s\nstderr: %s", err, runErr, stdout.String(), stderr.String())
	}
	if runErr != nil || !sum.OK {
		t.Fatalf("TypeScript client failed (%v): %s\nhttp: %+v\nstderr: %s\nserver logs:\n%s", runErr, sum.Error, sum.HTTP, stderr.String(), logs)
	}
	t.Logf("%s: %d HTTP requests", sum.SDK, len(sum.HTTP))
	for _, h := range sum.HTTP {
		t.Logf("  %s %s -> %d (simulated %v)", h.Method, h.URL, h.Status, h.Simulated)
	}

	issuer := s.Fake.Issuer(fakeappwrite.DefaultProject)
	asMetadata := s.Fake.URL() + "/.well-known/oauth-authorization-server/v1/oauth2/" + fakeappwrite.DefaultProject
	if suffixOnly {
		asMetadata = issuer + "/.well-known/openid-configuration"
	}
	t.Run("discovery", func(t *testing.T) {
		// The SDK's order: 401 on /mcp, then RFC 9728 metadata, then the
		// authorization server's metadata, then registration.
		steps := []struct{ method, url string }{
			{"POST", s.MCPURL},
			{"GET", strings.TrimSuffix(s.MCPURL, httpserver.PathMCP) + httpserver.PathProtectedResourceMCP},
			{"GET", asMetadata},
			{"POST", issuer + "/register"},
			{"GET", issuer + "/authorize"},
			{"POST", issuer + "/token"},
		}
		i := 0
		for _, h := range sum.HTTP {
			if i < len(steps) && h.Method == steps[i].method && h.URL == steps[i].url && !h.Simulated {
				i++
			}
		}
		if i < len(steps) {
			t.Errorf("the flow never reached %s %s; requests: %+v", steps[i].method, steps[i].url, sum.HTTP)
		}
		if len(sum.HTTP) == 0 || sum.HTTP[0].Status != 401 {
			t.Errorf("first request = %+v, want a 401 challenge", sum.HTTP)
		}
		for _, h := range sum.HTTP {
			// Everything the SDK asked for answered 2xx/3xx except the
			// first challenge and (stateless server) the optional GET stream.
			bad := h.Status >= 400 && !h.Simulated && !(h.Status == 401 && h.URL == s.MCPURL && h.Method == "POST") &&
				!(h.Status == 405 && h.URL == s.MCPURL && h.Method == "GET")
			if bad || h.Status == 0 {
				t.Errorf("the TypeScript SDK got %d for %s %s", h.Status, h.Method, h.URL)
			}
		}
	})

	t.Run("oauth", func(t *testing.T) {
		ar := sum.OAuth.AuthorizationRequest
		if sum.OAuth.Registrations != 1 || !strings.HasPrefix(sum.OAuth.ClientID, "client-") || !ar.ClientIDMatches {
			t.Errorf("registration: %+v", sum.OAuth)
		}
		if ar.Endpoint != issuer+"/authorize" || ar.ResponseType != "code" || ar.CodeChallengeMethod != "S256" || !ar.HasCodeChallenge || !ar.HasState {
			t.Errorf("authorization request: %+v", ar)
		}
		if ar.Resource != s.MCPURL {
			t.Errorf("resource = %q, want %q (RFC 8707)", ar.Resource, s.MCPURL)
		}
		if want := len(s.Fake.Scopes()); ar.ScopeCount != want {
			t.Errorf("the client requested %d scopes, the server advertises %d", ar.ScopeCount, want)
		}
		if rs := sum.OAuth.AuthorizationResponse; !rs.HasCode || !rs.StateMatches || rs.Iss != issuer {
			t.Errorf("authorization response: %+v", rs)
		}
		if !strings.EqualFold(sum.OAuth.TokenType, "bearer") || !sum.OAuth.HasRefreshToken {
			t.Errorf("token response: type %q, refresh %v", sum.OAuth.TokenType, sum.OAuth.HasRefreshToken)
		}
		// What the fake authorization server recorded.
		authz := s.Fake.Authorizations()
		if len(authz) != 1 {
			t.Fatalf("the fake approved %d authorizations, want 1: %+v", len(authz), authz)
		}
		a := authz[0]
		if a.ClientID != sum.OAuth.ClientID || a.Resource != s.MCPURL || a.Project != fakeappwrite.DefaultProject {
			t.Errorf("authorization = %+v, want client %s, resource %s", a, sum.OAuth.ClientID, s.MCPURL)
		}
		if !slices.Equal(strings.Fields(a.Scope), s.Fake.Scopes()) {
			t.Errorf("authorized scope %q differs from the advertised scopes", a.Scope)
		}
	})

	t.Run("mcp", func(t *testing.T) {
		in := sum.Initialize
		// @modelcontextprotocol/sdk 1.32.2 always requests its latest
		// version, 2025-11-25, and cannot speak 2026-07-28 (no
		// server/discover, no per-request _meta): it runs at 2025-11-25 only.
		if in.Server.Name == "" || in.ProtocolVersion != version20251125 || !in.HasInstructions {
			t.Errorf("initialize: %+v (want protocol %s)", in, version20251125)
		}
		if want := []string{"appwrite_call_tool", "appwrite_get_context", "appwrite_search_tools"}; !slices.Equal(sum.Tools, want) {
			t.Errorf("tools/list = %v, want %v", sum.Tools, want)
		}
		if sum.Search.IsError || len(sum.Search.Matches) == 0 || sum.Search.Matches[0] != "tables_db_list_rows" {
			t.Errorf("search: %+v", sum.Search)
		}
		if sum.Read.IsError || sum.Read.Text != `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}` {
			t.Errorf("read: %+v", sum.Read)
		}
		if !sum.WriteUnconfirmed.IsError || !strings.Contains(sum.WriteUnconfirmed.Text, "confirm_write") {
			t.Errorf("unconfirmed write: %+v", sum.WriteUnconfirmed)
		}
	})

	t.Run("upstream", func(t *testing.T) {
		reqs := s.Fake.Requests()
		if len(reqs) != 1 {
			var got []string
			for _, r := range reqs {
				got = append(got, r.Method+" "+r.Path)
			}
			t.Fatalf("upstream requests = %v, want only GET %s (the unconfirmed write must not reach Appwrite)", got, readPath)
		}
		r := reqs[0]
		if r.Method != "GET" || r.Path != readPath {
			t.Fatalf("upstream request = %s %s", r.Method, r.Path)
		}
		if r.Header.Get("X-Appwrite-Project") != "shop" || r.Header.Get("X-Appwrite-Mode") != "admin" {
			t.Errorf("project headers = %q / %q", r.Header.Get("X-Appwrite-Project"), r.Header.Get("X-Appwrite-Mode"))
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			t.Fatal("the read call reached Appwrite without a bearer token")
		}
		claims, err := jwtClaims(token)
		if err != nil {
			t.Fatal(err)
		}
		if claims["sub"] != fakeappwrite.DefaultSubject || claims["client_id"] != sum.OAuth.ClientID || claims["iss"] != issuer {
			t.Errorf("forwarded token claims = %v", claims)
		}
		if aud, _ := claims["aud"].([]any); !slices.Contains(aud, any(s.MCPURL)) && claims["aud"] != s.MCPURL {
			t.Errorf("forwarded token aud = %v, want %s", claims["aud"], s.MCPURL)
		}
		if strings.Contains(logs.String(), token) || strings.Contains(stdout.String(), token) {
			t.Error("the access token appears in the server logs or the client summary")
		}
	})
}

// inCI reports whether the CI environment variable says this is a CI run.
func inCI() bool {
	switch strings.ToLower(os.Getenv("CI")) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// TestInteropDependenciesPinned keeps the Node projects reproducible
// (interop/ts, the TypeScript SDK client; interop/conformance, the official
// conformance suite): every dependency is an exact version, and
// package-lock.json installs that version.
func TestInteropDependenciesPinned(t *testing.T) {
	tests := []struct{ dir, requires string }{
		{interopDir, "@modelcontextprotocol/sdk"},
		{conformanceDir, "@modelcontextprotocol/conformance"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) { checkPinned(t, tt.dir, tt.requires) })
	}
}

// checkPinned checks the package.json and package-lock.json in dir.
func checkPinned(t *testing.T, dir, requires string) {
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	var lock struct {
		LockfileVersion int `json:"lockfileVersion"`
		Packages        map[string]struct {
			Version      string            `json:"version"`
			Dependencies map[string]string `json:"dependencies"`
		} `json:"packages"`
	}
	for file, dst := range map[string]any{"package.json": &pkg, "package-lock.json": &lock} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, dst); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	if pkg.Dependencies[requires] == "" {
		t.Fatalf("package.json does not depend on %s: %v", requires, pkg.Dependencies)
	}
	root := lock.Packages[""]
	for name, want := range pkg.Dependencies {
		if !exactVersion(want) {
			t.Errorf("%s is %q in package.json: pin an exact version", name, want)
		}
		if root.Dependencies[name] != want {
			t.Errorf("package-lock.json root wants %s@%q, package.json %q: run npm install", name, root.Dependencies[name], want)
		}
		if got := lock.Packages["node_modules/"+name].Version; got != want {
			t.Errorf("package-lock.json installs %s@%s, package.json pins %s", name, got, want)
		}
	}
	if len(pkg.DevDependencies) != 0 {
		t.Errorf("unexpected devDependencies: %v", pkg.DevDependencies)
	}
}

// exactVersion reports whether v is an exact MAJOR.MINOR.PATCH version,
// optionally with a prerelease tag (0.2.0-alpha.12), and not a range.
func exactVersion(v string) bool {
	core, pre, hasPre := strings.Cut(v, "-")
	if hasPre && (pre == "" || strings.Trim(pre, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != "") {
		return false
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// jwtClaims decodes a JWT's payload without verifying it (the fake did).
func jwtClaims(tok string) (map[string]any, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errors.New("forwarded token is not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	return claims, json.Unmarshal(raw, &claims)
}
