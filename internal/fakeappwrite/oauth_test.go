package fakeappwrite_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/oauthex"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

const (
	testResource = "http://mcp.test/mcp"
	redirectURI  = "http://127.0.0.1:9999/callback"
	verifier     = "dBjftJeZ4CVP-mJ92K9Wq7Gp3Jd8nE2vT1sQx0yZa5bcDeFgHiJkLmN"
)

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// noRedirect is a client that returns redirects instead of following them.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func getJSON(t *testing.T, u string, wantStatus int, dst any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", u, resp.StatusCode, wantStatus)
	}
	if dst != nil {
		if err := json.NewDecoder(resp.Body).Decode(dst); err != nil {
			t.Fatal(err)
		}
	}
}

func register(t *testing.T, fake *fakeappwrite.Server, project string, meta map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(meta)
	resp, err := http.Post(fake.Issuer(project)+"/register", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("register: status %d: %v", resp.StatusCode, out)
	}
	return out
}

// authorize runs /authorize and returns the redirect's query.
func authorize(t *testing.T, fake *fakeappwrite.Server, project string, params url.Values) (int, url.Values) {
	t.Helper()
	resp, err := noRedirect().Get(fake.Issuer(project) + "/authorize?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURI {
		t.Fatalf("redirected to %s, want %s", got, redirectURI)
	}
	return resp.StatusCode, loc.Query()
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
	Error        string `json:"error"`
}

func postToken(t *testing.T, fake *fakeappwrite.Server, project string, form url.Values, basicID, basicSecret string) (int, tokenResponse) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, fake.Issuer(project)+"/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, tr
}

func authParams(clientID string) url.Values {
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {clientID},
		"redirect_uri":          {redirectURI},
		"code_challenge":        {challenge(verifier)},
		"code_challenge_method": {"S256"},
		"state":                 {"st-1"},
		"scope":                 {"account users.read"},
		"resource":              {testResource},
	}
}

// claimsOf decodes a JWT's payload without verifying it.
func claimsOf(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// restStatus calls GET /v1/account with the token and returns the status.
func restStatus(t *testing.T, fake *fakeappwrite.Server, tok string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, fake.Endpoint()+"/account", nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func TestAuthorizationCodeFlowWithPKCEAndRefresh(t *testing.T) {
	for _, method := range []string{"none", "client_secret_basic", "client_secret_post"} {
		t.Run(method, func(t *testing.T) {
			fake := fakeappwrite.New(fakeappwrite.WithSubject("user-42"))
			t.Cleanup(fake.Close)
			reg := register(t, fake, "console", map[string]any{
				"redirect_uris": []string{redirectURI}, "token_endpoint_auth_method": method,
				"grant_types": []string{"authorization_code", "refresh_token"}, "client_name": "test",
			})
			clientID, _ := reg["client_id"].(string)
			secret, _ := reg["client_secret"].(string)
			if clientID == "" || (method == "none") != (secret == "") {
				t.Fatalf("registration = %v", reg)
			}
			auth := func(form url.Values) (string, string) {
				switch method {
				case "client_secret_basic":
					return clientID, secret
				case "client_secret_post":
					form.Set("client_id", clientID)
					form.Set("client_secret", secret)
				default:
					form.Set("client_id", clientID)
				}
				return "", ""
			}

			status, q := authorize(t, fake, "console", authParams(clientID))
			if status != http.StatusFound || q.Get("code") == "" || q.Get("state") != "st-1" || q.Get("iss") != fake.Issuer("console") {
				t.Fatalf("authorize: %d %v", status, q)
			}
			recs := fake.Authorizations()
			if len(recs) != 1 || recs[0].Resource != testResource || recs[0].ClientID != clientID || recs[0].Scope != "account users.read" {
				t.Fatalf("Authorizations = %+v", recs)
			}

			form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}, "resource": {testResource}}
			id, sec := auth(form)
			status, tr := postToken(t, fake, "console", form, id, sec)
			if status != http.StatusOK || tr.AccessToken == "" || tr.RefreshToken == "" || !strings.EqualFold(tr.TokenType, "bearer") || tr.ExpiresIn <= 0 {
				t.Fatalf("token: %d %+v", status, tr)
			}
			c := claimsOf(t, tr.AccessToken)
			if c["aud"] != testResource || c["iss"] != fake.Issuer("console") || c["sub"] != "user-42" || c["scope"] != "account users.read" || c["client_id"] != clientID {
				t.Errorf("access token claims = %v", c)
			}
			if got := restStatus(t, fake, tr.AccessToken); got != http.StatusOK {
				t.Errorf("REST with the issued token: %d", got)
			}

			// The code is single-use.
			form2 := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}}
			id, sec = auth(form2)
			if status, tr2 := postToken(t, fake, "console", form2, id, sec); status != http.StatusBadRequest || tr2.Error != "invalid_grant" {
				t.Errorf("code reuse: %d %+v", status, tr2)
			}

			// Refresh, narrowing the scope; the refresh token rotates.
			rform := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}, "scope": {"account"}}
			id, sec = auth(rform)
			status, rt := postToken(t, fake, "console", rform, id, sec)
			if status != http.StatusOK || rt.AccessToken == "" || rt.RefreshToken == "" || rt.RefreshToken == tr.RefreshToken || rt.Scope != "account" {
				t.Fatalf("refresh: %d %+v", status, rt)
			}
			if c := claimsOf(t, rt.AccessToken); c["aud"] != testResource || c["scope"] != "account" {
				t.Errorf("refreshed claims = %v", c)
			}
			rform.Set("scope", "")
			id, sec = auth(rform)
			if status, again := postToken(t, fake, "console", rform, id, sec); status != http.StatusBadRequest || again.Error != "invalid_grant" {
				t.Errorf("reused refresh token: %d %+v", status, again)
			}
		})
	}
}

func TestAuthorizeAndTokenRejections(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	reg := register(t, fake, "console", map[string]any{"redirect_uris": []string{redirectURI}, "token_endpoint_auth_method": "none"})
	clientID := reg["client_id"].(string)

	authTests := []struct {
		name       string
		mod        func(url.Values)
		wantStatus int
		wantError  string
	}{
		{"unknown client", func(v url.Values) { v.Set("client_id", "nope") }, http.StatusBadRequest, ""},
		{"unregistered redirect", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:1/evil") }, http.StatusBadRequest, ""},
		{"no PKCE", func(v url.Values) { v.Del("code_challenge") }, http.StatusFound, "invalid_request"},
		{"plain PKCE", func(v url.Values) { v.Set("code_challenge_method", "plain") }, http.StatusFound, "invalid_request"},
		{"unknown scope", func(v url.Values) { v.Set("scope", "account made.up") }, http.StatusFound, "invalid_scope"},
		{"bad response_type", func(v url.Values) { v.Set("response_type", "token") }, http.StatusFound, "unsupported_response_type"},
		{"relative resource", func(v url.Values) { v.Set("resource", "/mcp") }, http.StatusFound, "invalid_target"},
	}
	for _, tc := range authTests {
		t.Run(tc.name, func(t *testing.T) {
			p := authParams(clientID)
			tc.mod(p)
			status, q := authorize(t, fake, "console", p)
			if status != tc.wantStatus || (tc.wantError != "" && q.Get("error") != tc.wantError) {
				t.Errorf("authorize = %d %v, want %d %s", status, q, tc.wantStatus, tc.wantError)
			}
			if q != nil && q.Get("code") != "" {
				t.Error("a code was issued")
			}
		})
	}

	tokenTests := []struct {
		name       string
		mod        func(url.Values)
		wantStatus int
		wantError  string
	}{
		{"wrong verifier", func(v url.Values) { v.Set("code_verifier", strings.Repeat("x", 43)) }, http.StatusBadRequest, "invalid_grant"},
		{"no verifier", func(v url.Values) { v.Del("code_verifier") }, http.StatusBadRequest, "invalid_grant"},
		{"other redirect_uri", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:9999/other") }, http.StatusBadRequest, "invalid_grant"},
		{"other resource", func(v url.Values) { v.Set("resource", "http://other/mcp") }, http.StatusBadRequest, "invalid_target"},
		{"unknown client", func(v url.Values) { v.Set("client_id", "nope") }, http.StatusUnauthorized, "invalid_client"},
		{"bad grant type", func(v url.Values) { v.Set("grant_type", "password") }, http.StatusBadRequest, "unsupported_grant_type"},
	}
	for _, tc := range tokenTests {
		t.Run(tc.name, func(t *testing.T) {
			_, q := authorize(t, fake, "console", authParams(clientID))
			form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}, "client_id": {clientID}}
			tc.mod(form)
			status, tr := postToken(t, fake, "console", form, "", "")
			if status != tc.wantStatus || tr.Error != tc.wantError || tr.AccessToken != "" {
				t.Errorf("token = %d %+v, want %d %s", status, tr, tc.wantStatus, tc.wantError)
			}
		})
	}

	t.Run("secret client with a wrong secret", func(t *testing.T) {
		reg := register(t, fake, "console", map[string]any{"redirect_uris": []string{redirectURI}})
		id := reg["client_id"].(string)
		_, q := authorize(t, fake, "console", authParams(id))
		form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}}
		if status, tr := postToken(t, fake, "console", form, id, "wrong"); status != http.StatusUnauthorized || tr.Error != "invalid_client" {
			t.Errorf("token = %d %+v", status, tr)
		}
	})
}

func TestRegistrationValidation(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	tests := []struct {
		name string
		body string
		want int
	}{
		{"ok", `{"redirect_uris":["http://127.0.0.1:1/cb"]}`, http.StatusCreated},
		{"no redirect uris", `{}`, http.StatusBadRequest},
		{"relative redirect", `{"redirect_uris":["/cb"]}`, http.StatusBadRequest},
		{"unknown auth method", `{"redirect_uris":["http://127.0.0.1:1/cb"],"token_endpoint_auth_method":"private_key_jwt"}`, http.StatusBadRequest},
		{"not JSON", `redirect_uris=x`, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(fake.Issuer("console")+"/register", "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	// The go-sdk's own registration client accepts the fake's answer.
	res, err := oauthex.RegisterClient(context.Background(), fake.Issuer("console")+"/register",
		&oauthex.ClientRegistrationMetadata{RedirectURIs: []string{redirectURI}, TokenEndpointAuthMethod: "none"}, nil)
	if err != nil || res.ClientID == "" || res.ClientSecret != "" {
		t.Fatalf("oauthex.RegisterClient = %+v, %v", res, err)
	}
}

func TestDiscoveryAsTheGoSDKSeesIt(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	for _, project := range []string{"console", "other-project"} {
		iss := fake.Issuer(project)
		asm, err := mcpauth.GetAuthServerMetadata(context.Background(), iss, http.DefaultClient)
		if err != nil || asm == nil {
			t.Fatalf("GetAuthServerMetadata(%s) = %v, %v", iss, asm, err)
		}
		if asm.Issuer != iss || asm.JWKSURI != iss+"/jwks" || asm.RegistrationEndpoint != iss+"/register" ||
			!slices.Contains(asm.CodeChallengeMethodsSupported, "S256") || !asm.AuthorizationResponseIssParameterSupported ||
			!slices.Equal(asm.ScopesSupported, fake.Scopes()) {
			t.Errorf("metadata = %+v", asm)
		}
	}
	// Every location a client may try answers the same document.
	u, _ := url.Parse(fake.Issuer("console"))
	for _, loc := range []string{
		fake.Issuer("console") + "/.well-known/openid-configuration",
		u.Scheme + "://" + u.Host + "/.well-known/oauth-authorization-server" + u.Path,
		u.Scheme + "://" + u.Host + "/.well-known/openid-configuration" + u.Path,
	} {
		var doc map[string]any
		getJSON(t, loc, http.StatusOK, &doc)
		if doc["issuer"] != fake.Issuer("console") {
			t.Errorf("%s: issuer %v", loc, doc["issuer"])
		}
	}
	getJSON(t, fake.Issuer("bad%2Fproject")+"/.well-known/openid-configuration", http.StatusNotFound, nil)

	fake.SetScopes([]string{"account"})
	var doc struct {
		Scopes []string `json:"scopes_supported"`
	}
	getJSON(t, fake.Issuer("console")+"/.well-known/openid-configuration", http.StatusOK, &doc)
	if !slices.Equal(doc.Scopes, []string{"account"}) {
		t.Errorf("SetScopes not published: %v", doc.Scopes)
	}

	fake.SetAdvertisedIssuer("https://evil.example/v1/oauth2/console")
	if _, err := mcpauth.GetAuthServerMetadata(context.Background(), fake.Issuer("console"), http.DefaultClient); err == nil {
		t.Error("go-sdk accepted a document advertising another issuer")
	}
	fake.SetAdvertisedIssuer("")

	before := fake.DiscoveryFetches()
	fake.SetOutage(true, true)
	getJSON(t, fake.Issuer("console")+"/.well-known/openid-configuration", http.StatusServiceUnavailable, nil)
	getJSON(t, fake.Issuer("console")+"/jwks", http.StatusServiceUnavailable, nil)
	if fake.DiscoveryFetches() != before+1 || fake.JWKSFetches() != 1 {
		t.Errorf("counters: discovery %d (want %d), jwks %d (want 1)", fake.DiscoveryFetches(), before+1, fake.JWKSFetches())
	}
}

func TestKeysAndRESTAuthorization(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	kidsOf := func() []string {
		var jwks struct {
			Keys []struct {
				Kid, Kty, Alg, Use, N, E string
			} `json:"keys"`
		}
		getJSON(t, fake.Issuer("console")+"/jwks", http.StatusOK, &jwks)
		var kids []string
		for _, k := range jwks.Keys {
			if k.Kty != "RSA" || k.Alg != "RS256" || k.Use != "sig" || k.N == "" || k.E == "" {
				t.Errorf("odd key %+v", k)
			}
			kids = append(kids, k.Kid)
		}
		return kids
	}
	first := fake.CurrentKid()
	if kids := kidsOf(); !slices.Equal(kids, []string{first}) {
		t.Fatalf("JWKS kids = %v, want [%s]", kids, first)
	}
	oldTok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}})
	second := fake.RotateKey()
	if kids := kidsOf(); !slices.Equal(kids, []string{second, first}) {
		t.Fatalf("after one rotation kids = %v, want [%s %s]", kids, second, first)
	}
	third := fake.RotateKey()
	if kids := kidsOf(); !slices.Equal(kids, []string{third, second}) {
		t.Fatalf("after two rotations kids = %v, want [%s %s]", kids, third, second)
	}

	valid := fakeappwrite.TokenSpec{Audience: []string{testResource}}
	with := func(mod func(*fakeappwrite.TokenSpec)) string { s := valid; mod(&s); return fake.MintToken(s) }
	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"current key", fake.MintToken(valid), http.StatusOK},
		{"other project of the fake", with(func(s *fakeappwrite.TokenSpec) { s.Project = "p2" }), http.StatusOK},
		{"no token", "", http.StatusUnauthorized},
		{"garbage", "garbage", http.StatusUnauthorized},
		{"dropped key", oldTok, http.StatusUnauthorized},
		{"expired", with(func(s *fakeappwrite.TokenSpec) { s.ExpiresIn = -time.Second }), http.StatusUnauthorized},
		{"no exp", with(func(s *fakeappwrite.TokenSpec) { s.NoExpiry = true }), http.StatusUnauthorized},
		{"alg none", with(func(s *fakeappwrite.TokenSpec) { s.Alg = "none" }), http.StatusUnauthorized},
		{"HS256 with the public key", with(func(s *fakeappwrite.TokenSpec) { s.Alg = "HS256" }), http.StatusUnauthorized},
		{"foreign key", with(func(s *fakeappwrite.TokenSpec) { s.ForeignKey = true }), http.StatusUnauthorized},
		{"foreign issuer", with(func(s *fakeappwrite.TokenSpec) { s.Issuer = "https://evil.example/v1/oauth2/console" }), http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := restStatus(t, fake, tc.token); got != tc.want {
				t.Errorf("REST status %d, want %d", got, tc.want)
			}
		})
	}
	reqs := fake.Requests()
	if len(reqs) != len(tests) || reqs[0].Path != "/account" {
		t.Errorf("recorded %d requests (first %+v), want %d", len(reqs), reqs[0], len(tests))
	}
}

// TestGoSDKAuthorizationCodeHandler runs the go-sdk's real OAuth client
// (dynamic registration, PKCE, RFC 9207 iss, RFC 8707 resource) against the fake.
func TestGoSDKAuthorizationCodeHandler(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	var prmURL string
	rs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/oauth-protected-resource/mcp" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"resource":              "http://" + r.Host + "/mcp",
			"authorization_servers": []string{fake.Issuer("console")},
			"scopes_supported":      []string{"account", "users.read"},
		})
	}))
	t.Cleanup(rs.Close)
	prmURL = rs.URL + "/.well-known/oauth-protected-resource/mcp"

	h, err := mcpauth.NewAuthorizationCodeHandler(&mcpauth.AuthorizationCodeHandlerConfig{
		DynamicClientRegistrationConfig: &mcpauth.DynamicClientRegistrationConfig{
			Metadata: &oauthex.ClientRegistrationMetadata{
				RedirectURIs: []string{redirectURI}, TokenEndpointAuthMethod: "none", ClientName: "go-sdk test",
				GrantTypes: []string{"authorization_code", "refresh_token"},
			},
		},
		AuthorizationCodeFetcher: func(_ context.Context, args *mcpauth.AuthorizationArgs) (*mcpauth.AuthorizationResult, error) {
			resp, err := noRedirect().Get(args.URL)
			if err != nil {
				return nil, err
			}
			_ = resp.Body.Close()
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				return nil, err
			}
			q := loc.Query()
			return &mcpauth.AuthorizationResult{Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss")}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, rs.URL+"/mcp", nil)
	resp := &http.Response{
		StatusCode: http.StatusUnauthorized,
		Header:     http.Header{"Www-Authenticate": {`Bearer resource_metadata="` + prmURL + `"`}},
		Body:       io.NopCloser(strings.NewReader("")),
	}
	if err := h.Authorize(context.Background(), req, resp); err != nil {
		t.Fatalf("Authorize: %v", err)
	}
	ts, err := h.TokenSource(context.Background())
	if err != nil || ts == nil {
		t.Fatalf("TokenSource = %v, %v", ts, err)
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	c := claimsOf(t, tok.AccessToken)
	scope, _ := c["scope"].(string)
	granted := strings.Fields(scope)
	slices.Sort(granted)
	if c["aud"] != rs.URL+"/mcp" || c["iss"] != fake.Issuer("console") || !slices.Equal(granted, []string{"account", "users.read"}) {
		t.Errorf("claims = %v", c)
	}
	if tok.RefreshToken == "" {
		t.Error("no refresh token")
	}
	if got := restStatus(t, fake, tok.AccessToken); got != http.StatusOK {
		t.Errorf("REST with the go-sdk's token: %d", got)
	}
	if recs := fake.Authorizations(); len(recs) != 1 || recs[0].Resource != rs.URL+"/mcp" {
		t.Errorf("Authorizations = %+v", recs)
	}
}
