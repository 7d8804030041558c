// Package fakeappwrite is an in-process fake of Appwrite Cloud for tests: the
// console project's OAuth 2.1 authorization server (discovery, JWKS, dynamic
// registration, authorize, token) and a recording REST API under /v1.
// It behaves like the real service wherever appwrite-mcp depends on it.
package fakeappwrite

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
)

// Request is one REST request the fake received under /v1.
type Request struct {
	Method string
	Path   string // without the /v1 prefix, e.g. /users/abc
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is a running fake. Create it with New and Close it when done.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []Request
	routes   map[string]http.HandlerFunc // "METHOD /path" overrides for REST

	oauth *oauthState // the authorization server (oauth.go)
}

// New starts a fake on a loopback port.
func New(opts ...Option) *Server {
	s := &Server{routes: map[string]http.HandlerFunc{}, oauth: newOAuthState()}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/", s.serveREST)
	s.routeOAuth(mux)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// URL is the fake's origin, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the Appwrite API base, <URL>/v1.
func (s *Server) Endpoint() string { return s.srv.URL + "/v1" }

// Requests returns a copy of the REST requests recorded so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the recorded REST requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// HandleREST overrides the response for one REST route, e.g.
// HandleREST("GET", "/account", h). The path is matched exactly, without /v1.
// Requests to it are still recorded and still need a valid token.
func (s *Server) HandleREST(method, path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[method+" "+path] = h
}

const maxRecordedBody = 64 << 20

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	path := strings.TrimPrefix(r.URL.Path, "/v1")
	rec := Request{Method: r.Method, Path: path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	h := s.routes[r.Method+" "+path]
	s.mu.Unlock()

	if !s.authorizedREST(r) {
		writeAppwriteError(w, http.StatusUnauthorized, "general_unauthorized_scope", "User (role: guests) missing scopes")
		return
	}
	if h != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{}`))
}

// WriteAppwriteError writes an error body shaped like Appwrite's.
func writeAppwriteError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"message":`+quote(msg)+`,"code":`+itoa(status)+`,"type":`+quote(typ)+`,"version":"1.8.0"}`)
}
