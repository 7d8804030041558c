package fakeappwrite

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults of the fake's authorization server.
const (
	DefaultProject     = "console"
	DefaultSubject     = "fake-user"
	DefaultAccessTTL   = time.Hour
	authCodeTTL        = time.Minute
	maxOAuthBodyBytes  = 64 << 10
	retiredKeysToKeep  = 1
	defaultMintedTTL   = time.Hour
	tokenEndpointPath  = "/token"
	registrationPath   = "/register"
	authorizePath      = "/authorize"
	jwksPath           = "/jwks"
	openIDConfigSuffix = "/.well-known/openid-configuration"
)

// Option configures a fake at New.
type Option func(*Server)

// WithSubject sets the user id (sub) of tokens the authorize flow issues.
func WithSubject(sub string) Option {
	return func(s *Server) { s.oauth.subject = sub }
}

// WithAccessTokenTTL sets the lifetime of access tokens from /token.
func WithAccessTokenTTL(d time.Duration) Option {
	return func(s *Server) { s.oauth.accessTTL = d }
}

// WithListener serves the fake on ln (e.g. a fixed port) instead of a free
// loopback port. The fake closes ln when it closes.
func WithListener(ln net.Listener) Option {
	return func(s *Server) { s.listener = ln }
}

// WithAdvertisedIssuer makes discovery advertise iss instead of the real
// issuer (for configuration-error tests). See also SetAdvertisedIssuer.
func WithAdvertisedIssuer(iss string) Option {
	return func(s *Server) { s.oauth.advertisedIssuer = iss }
}

// Authorization is one /authorize request the fake approved.
type Authorization struct {
	Project     string
	ClientID    string
	RedirectURI string
	Scope       string
	Resource    string // the RFC 8707 resource parameter ("" if absent)
	State       string
}

// oauthState is the authorization server's mutable state.
type oauthState struct {
	mu sync.Mutex

	keys    []*signingKey // keys[0] signs; the rest are retired but still published
	foreign *signingKey   // an unpublished key for hostile tokens, made on first use
	keyErr  error         // key generation failure at New (never expected)

	scopes           []string
	outageDiscovery  bool
	outageJWKS       bool
	advertisedIssuer string
	subject          string
	accessTTL        time.Duration

	clients        map[string]*registeredClient
	codes          map[string]*authCode
	refreshTokens  map[string]*grant
	authorizations []Authorization

	discoveryFetches int
	jwksFetches      int
}

type registeredClient struct {
	project      string
	id, secret   string
	authMethod   string
	redirectURIs []string
}

// grant is what an authorization code or refresh token stands for.
type grant struct {
	project, clientID, subject, scope, resource string
}

type authCode struct {
	grant
	redirectURI   string
	codeChallenge string
	expires       time.Time
}

func newOAuthState() *oauthState {
	st := &oauthState{
		scopes:        defaultScopes(),
		subject:       DefaultSubject,
		accessTTL:     DefaultAccessTTL,
		clients:       map[string]*registeredClient{},
		codes:         map[string]*authCode{},
		refreshTokens: map[string]*grant{},
	}
	k, err := newSigningKey()
	if err != nil {
		st.keyErr = err
	} else {
		st.keys = []*signingKey{k}
	}
	return st
}

// routeOAuth registers the authorization server's routes on mux.
func (s *Server) routeOAuth(mux *http.ServeMux) {
	const base = "/v1/oauth2/{project}"
	mux.HandleFunc(base+openIDConfigSuffix, s.serveDiscovery)
	mux.HandleFunc("/.well-known/oauth-authorization-server"+base, s.serveDiscovery) // RFC 8414 path insertion
	mux.HandleFunc("/.well-known/openid-configuration"+base, s.serveDiscovery)       // OIDC path insertion
	mux.HandleFunc(base+jwksPath, s.serveJWKS)
	mux.HandleFunc(base+registrationPath, s.serveRegister)
	mux.HandleFunc(base+authorizePath, s.serveAuthorize)
	mux.HandleFunc(base+tokenEndpointPath, s.serveToken)
}

// Issuer is the issuer of project's OAuth server: Endpoint()+"/oauth2/"+project.
func (s *Server) Issuer(project string) string { return s.Endpoint() + "/oauth2/" + project }

// Scopes returns the advertised scope list.
func (s *Server) Scopes() []string {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	return slices.Clone(s.oauth.scopes)
}

// SetScopes replaces the advertised scope list (what discovery publishes and
// /authorize accepts).
func (s *Server) SetScopes(scopes []string) {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	s.oauth.scopes = slices.Clone(scopes)
}

// SetOutage makes discovery (all its locations) and/or the JWKS answer 503.
func (s *Server) SetOutage(discovery, jwks bool) {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	s.oauth.outageDiscovery, s.oauth.outageJWKS = discovery, jwks
}

// SetAdvertisedIssuer makes discovery advertise iss instead of the real
// issuer; "" restores the real one.
func (s *Server) SetAdvertisedIssuer(iss string) {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	s.oauth.advertisedIssuer = iss
}

// RotateKey makes a new key the signing key. The previous key stays published
// in the JWKS (and accepted by the REST side) until the next rotation, as a
// real authorization server keeps it for a grace period; older ones are
// dropped. It returns the new kid, or "" if key generation failed.
func (s *Server) RotateKey() string {
	k, err := newSigningKey()
	if err != nil {
		return ""
	}
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	keys := append([]*signingKey{k}, s.oauth.keys...)
	s.oauth.keys = keys[:min(len(keys), 1+retiredKeysToKeep)]
	return k.kid
}

// CurrentKid is the kid of the current signing key.
func (s *Server) CurrentKid() string {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	if len(s.oauth.keys) == 0 {
		return ""
	}
	return s.oauth.keys[0].kid
}

// DiscoveryFetches counts discovery requests served (all locations, outages included).
func (s *Server) DiscoveryFetches() int {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	return s.oauth.discoveryFetches
}

// JWKSFetches counts JWKS requests served (outages included).
func (s *Server) JWKSFetches() int {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	return s.oauth.jwksFetches
}

// Authorizations returns the approved /authorize requests, oldest first.
func (s *Server) Authorizations() []Authorization {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	return slices.Clone(s.oauth.authorizations)
}

// publishedKeys maps kid → public key for every published key.
func (st *oauthState) publishedKeys() map[string]*rsa.PublicKey {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := make(map[string]*rsa.PublicKey, len(st.keys))
	for _, k := range st.keys {
		m[k.kid] = &k.priv.PublicKey
	}
	return m
}

// projectOf validates the {project} path value.
func projectOf(r *http.Request) (string, bool) {
	p := r.PathValue("project")
	if p == "" || len(p) > 36 {
		return "", false
	}
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return "", false
		}
	}
	return p, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeOAuthError writes an RFC 6749 §5.2 error body.
func writeOAuthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func (s *Server) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "method not allowed")
		return
	}
	project, ok := projectOf(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	st := s.oauth
	st.mu.Lock()
	st.discoveryFetches++
	outage, scopes, advertised := st.outageDiscovery, slices.Clone(st.scopes), st.advertisedIssuer
	st.mu.Unlock()
	if outage {
		writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "discovery outage")
		return
	}
	iss := s.Issuer(project)
	advertisedIss := iss
	if advertised != "" {
		advertisedIss = advertised
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                         advertisedIss,
		"authorization_endpoint":                         iss + authorizePath,
		"token_endpoint":                                 iss + tokenEndpointPath,
		"registration_endpoint":                          iss + registrationPath,
		"jwks_uri":                                       iss + jwksPath,
		"scopes_supported":                               scopes,
		"response_types_supported":                       []string{"code"},
		"response_modes_supported":                       []string{"query"},
		"grant_types_supported":                          []string{"authorization_code", "refresh_token"},
		"token_endpoint_auth_methods_supported":          []string{"none", "client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":               []string{"S256"},
		"subject_types_supported":                        []string{"public"},
		"id_token_signing_alg_values_supported":          []string{"RS256"},
		"authorization_response_iss_parameter_supported": true,
	})
}

func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "method not allowed")
		return
	}
	if _, ok := projectOf(r); !ok {
		http.NotFound(w, r)
		return
	}
	st := s.oauth
	st.mu.Lock()
	st.jwksFetches++
	outage := st.outageJWKS
	keys := make([]publicJWK, 0, len(st.keys))
	for _, k := range st.keys {
		keys = append(keys, k.jwk())
	}
	st.mu.Unlock()
	if outage {
		writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "JWKS outage")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

// registrationRequest is the RFC 7591 client metadata the fake reads.
type registrationRequest struct {
	RedirectURIs            []string `json:"redirect_uris"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	ClientName              string   `json:"client_name"`
	Scope                   string   `json:"scope"`
}

// postToProject answers a request that is not a POST to an OAuth endpoint of
// a project (405, or 404 for an unknown path) and reports whether it may go on.
func postToProject(w http.ResponseWriter, r *http.Request) (string, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "method not allowed")
		return "", false
	}
	project, ok := projectOf(r)
	if !ok {
		http.NotFound(w, r)
	}
	return project, ok
}

func (s *Server) serveRegister(w http.ResponseWriter, r *http.Request) {
	project, ok := postToProject(w, r)
	if !ok {
		return
	}
	var req registrationRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxOAuthBodyBytes)).Decode(&req); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "body is not client metadata JSON")
		return
	}
	if len(req.RedirectURIs) == 0 {
		writeOAuthError(w, http.StatusBadRequest, "invalid_redirect_uri", "redirect_uris is required")
		return
	}
	for _, ru := range req.RedirectURIs {
		u, err := url.Parse(ru)
		if err != nil || !u.IsAbs() || u.Fragment != "" {
			writeOAuthError(w, http.StatusBadRequest, "invalid_redirect_uri", "redirect_uris must be absolute URLs without fragment")
			return
		}
	}
	method := req.TokenEndpointAuthMethod
	if method == "" {
		method = "client_secret_basic" // RFC 7591 §2 default
	}
	if method != "none" && method != "client_secret_basic" && method != "client_secret_post" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "unsupported token_endpoint_auth_method")
		return
	}
	grantTypes := req.GrantTypes
	if len(grantTypes) == 0 {
		grantTypes = []string{"authorization_code"}
	}
	responseTypes := req.ResponseTypes
	if len(responseTypes) == 0 {
		responseTypes = []string{"code"}
	}
	c := &registeredClient{
		project:      project,
		id:           "client-" + randomToken(12),
		authMethod:   method,
		redirectURIs: slices.Clone(req.RedirectURIs),
	}
	if method != "none" {
		c.secret = randomToken(24)
	}
	s.oauth.mu.Lock()
	s.oauth.clients[c.id] = c
	s.oauth.mu.Unlock()

	resp := map[string]any{
		"client_id":                  c.id,
		"client_id_issued_at":        time.Now().Unix(),
		"redirect_uris":              c.redirectURIs,
		"token_endpoint_auth_method": method,
		"grant_types":                grantTypes,
		"response_types":             responseTypes,
	}
	if req.ClientName != "" {
		resp["client_name"] = req.ClientName
	}
	if req.Scope != "" {
		resp["scope"] = req.Scope
	}
	if c.secret != "" {
		resp["client_secret"] = c.secret
		resp["client_secret_expires_at"] = 0
	}
	writeJSON(w, http.StatusCreated, resp)
}

// serveAuthorize approves every valid request at once (the user "consents")
// and redirects back with a code, the state and the issuer (RFC 9207).
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	project, ok := projectOf(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	clientID, redirectURI := q.Get("client_id"), q.Get("redirect_uri")
	st := s.oauth
	st.mu.Lock()
	c := st.clients[clientID]
	scopes := slices.Clone(st.scopes)
	subject := st.subject
	st.mu.Unlock()
	// Errors about the client or redirect URI must not redirect (RFC 6749 §4.1.2.1).
	if c == nil || c.project != project {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	if !slices.Contains(c.redirectURIs, redirectURI) {
		http.Error(w, "redirect_uri not registered", http.StatusBadRequest)
		return
	}
	issuer := s.advertisedOrReal(project)
	redirect := func(params url.Values) {
		u, err := url.Parse(redirectURI)
		if err != nil {
			http.Error(w, "bad redirect_uri", http.StatusBadRequest)
			return
		}
		rq := u.Query()
		for k, vs := range params {
			rq[k] = vs
		}
		if state := q.Get("state"); state != "" {
			rq.Set("state", state)
		}
		rq.Set("iss", issuer)
		u.RawQuery = rq.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	fail := func(code, desc string) {
		redirect(url.Values{"error": {code}, "error_description": {desc}})
	}
	scope, code, desc := checkAuthorizeQuery(q, scopes)
	if code != "" {
		fail(code, desc)
		return
	}
	resource := q.Get("resource")
	challenge := q.Get("code_challenge")
	code = randomToken(24)
	st.mu.Lock()
	st.codes[code] = &authCode{
		grant:         grant{project: project, clientID: clientID, subject: subject, scope: scope, resource: resource},
		redirectURI:   redirectURI,
		codeChallenge: challenge,
		expires:       time.Now().Add(authCodeTTL),
	}
	st.authorizations = append(st.authorizations, Authorization{
		Project: project, ClientID: clientID, RedirectURI: redirectURI,
		Scope: scope, Resource: resource, State: q.Get("state"),
	})
	st.mu.Unlock()
	redirect(url.Values{"code": {code}})
}

// checkAuthorizeQuery checks an authorization request's response type,
// PKCE, scopes (each must be one the server offers) and resource. It
// returns the normalised scope, or an OAuth error code and description.
func checkAuthorizeQuery(q url.Values, offered []string) (scope, code, desc string) {
	if q.Get("response_type") != "code" {
		return "", "unsupported_response_type", "response_type must be code"
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		return "", "invalid_request", "PKCE with code_challenge_method S256 is required"
	}
	fields := strings.Fields(q.Get("scope"))
	for _, sc := range fields {
		if !slices.Contains(offered, sc) {
			return "", "invalid_scope", "unknown scope"
		}
	}
	if resource := q.Get("resource"); resource != "" {
		if u, err := url.Parse(resource); err != nil || !u.IsAbs() || u.Fragment != "" {
			return "", "invalid_target", "resource must be an absolute URI without fragment"
		}
	}
	return strings.Join(fields, " "), "", ""
}

// advertisedOrReal is the issuer discovery advertises for project.
func (s *Server) advertisedOrReal(project string) string {
	s.oauth.mu.Lock()
	defer s.oauth.mu.Unlock()
	if s.oauth.advertisedIssuer != "" {
		return s.oauth.advertisedIssuer
	}
	return s.Issuer(project)
}

// authenticateClient applies the client authentication the client registered
// (none: client_id only; secret: HTTP Basic or form). It returns the client or
// nil.
func (s *Server) authenticateClient(r *http.Request, project string) *registeredClient {
	id, secret, basic := r.BasicAuth()
	if basic {
		var err error
		if id, err = url.QueryUnescape(id); err != nil {
			return nil
		}
		if secret, err = url.QueryUnescape(secret); err != nil {
			return nil
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.oauth.mu.Lock()
	c := s.oauth.clients[id]
	s.oauth.mu.Unlock()
	if c == nil || c.project != project {
		return nil
	}
	if c.authMethod == "none" {
		return c
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
		return nil
	}
	return c
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	project, ok := postToProject(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOAuthBodyBytes)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "body is not a form")
		return
	}
	c := s.authenticateClient(r, project)
	if c == nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="appwrite"`)
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	var g grant
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		var errCode, desc string
		g, errCode, desc = s.redeemCode(r, c)
		if errCode != "" {
			writeOAuthError(w, http.StatusBadRequest, errCode, desc)
			return
		}
	case "refresh_token":
		var errCode, desc string
		g, errCode, desc = s.redeemRefresh(r, c)
		if errCode != "" {
			writeOAuthError(w, http.StatusBadRequest, errCode, desc)
			return
		}
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	st := s.oauth
	st.mu.Lock()
	ttl := st.accessTTL
	st.mu.Unlock()
	spec := TokenSpec{Project: g.project, Subject: g.subject, ClientID: g.clientID, ExpiresIn: ttl}
	if g.resource != "" {
		spec.Audience = []string{g.resource}
	}
	if g.scope != "" {
		spec.Scopes = strings.Fields(g.scope)
	}
	access, err := s.mint(spec)
	if err != nil {
		writeOAuthError(w, http.StatusInternalServerError, "server_error", "could not sign the token")
		return
	}
	refresh := randomToken(32)
	st.mu.Lock()
	st.refreshTokens[refresh] = &g
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"token_type":    "Bearer",
		"expires_in":    int(ttl / time.Second),
		"refresh_token": refresh,
		"scope":         g.scope,
	})
}

// redeemCode checks an authorization_code grant (single use, redirect_uri,
// PKCE S256, resource) and consumes the code.
func (s *Server) redeemCode(r *http.Request, c *registeredClient) (grant, string, string) {
	code := r.PostForm.Get("code")
	st := s.oauth
	st.mu.Lock()
	ac := st.codes[code]
	delete(st.codes, code) // single use, even when the request fails below
	st.mu.Unlock()
	if ac == nil || time.Now().After(ac.expires) || ac.clientID != c.id {
		return grant{}, "invalid_grant", "unknown, used or expired code"
	}
	if r.PostForm.Get("redirect_uri") != ac.redirectURI {
		return grant{}, "invalid_grant", "redirect_uri does not match"
	}
	verifier := r.PostForm.Get("code_verifier")
	if len(verifier) < 43 || len(verifier) > 128 {
		return grant{}, "invalid_grant", "code_verifier missing or of bad length"
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(ac.codeChallenge)) != 1 {
		return grant{}, "invalid_grant", "PKCE verification failed"
	}
	g := ac.grant
	if res := r.PostForm.Get("resource"); res != "" {
		if g.resource != "" && res != g.resource {
			return grant{}, "invalid_target", "resource differs from the authorization request"
		}
		g.resource = res
	}
	return g, "", ""
}

// redeemRefresh checks a refresh_token grant and rotates the refresh token.
func (s *Server) redeemRefresh(r *http.Request, c *registeredClient) (grant, string, string) {
	rt := r.PostForm.Get("refresh_token")
	st := s.oauth
	st.mu.Lock()
	old := st.refreshTokens[rt]
	if old != nil && old.clientID == c.id {
		delete(st.refreshTokens, rt) // rotation: each refresh token is used once
	}
	st.mu.Unlock()
	if old == nil || old.clientID != c.id {
		return grant{}, "invalid_grant", "unknown or used refresh token"
	}
	g := *old
	if res := r.PostForm.Get("resource"); res != "" && res != g.resource {
		return grant{}, "invalid_target", "resource differs from the original grant"
	}
	if scope := strings.Fields(r.PostForm.Get("scope")); len(scope) > 0 {
		granted := strings.Fields(g.scope)
		for _, sc := range scope {
			if !slices.Contains(granted, sc) {
				return grant{}, "invalid_scope", "scope exceeds the original grant"
			}
		}
		g.scope = strings.Join(scope, " ")
	}
	return g, "", ""
}
