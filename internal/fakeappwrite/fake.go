// Package fakeappwrite is an in-process fake of Appwrite Cloud for tests and
// the local sandbox: the console project's OAuth 2.1 authorization server
// (discovery, JWKS, dynamic registration, authorize, token) and a REST API
// under /v1. It behaves like the real service wherever appwrite-mcp depends
// on it.
//
// By default the REST API is a recorder: every request is recorded
// (Requests) and answered {} unless HandleREST overrides its route;
// ServeConsole adds console fixtures. WithState (or ServeState) turns on an
// in-memory Appwrite instead: collections such as /users,
// /tablesdb/{db}/tables/{t}/rows, /storage/buckets or /projects/{p}/keys
// can be listed (with queries[] limit, offset, cursorAfter, cursorBefore,
// equal, notEqual, orderAsc and orderDesc), created, read, updated and
// deleted, per project (X-Appwrite-Project), with Appwrite's list and error
// shapes. SandboxSeed is a believable account to start from. Overrides win
// over the state.
//
// For fault and load tests the fake can delay answers (SetLatency,
// SetRouteLatency), recording requests whose client went away
// (Request.Cancelled, WaitCancelled); fail or reset requests (AddFault,
// FailNext, ResetNext); and count accepted connections and requests in
// flight (Connections, InFlight, PeakInFlight).
package fakeappwrite

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one REST request the fake received under /v1.
type Request struct {
	Method string
	Path   string // without the /v1 prefix, e.g. /users/abc
	Query  url.Values
	Header http.Header
	Body   []byte
	// Cancelled is set when the client went away while the fake was
	// delaying its answer (SetLatency); no answer was written.
	Cancelled bool
}

// Server is a running fake. Create it with New and Close it when done.
type Server struct {
	srv *httptest.Server

	mu             sync.Mutex
	requests       []*Request
	routes         map[string]http.HandlerFunc // "METHOD /path" overrides for REST
	state          *State                      // nil: the recorder answers {}
	faults         []*Fault
	latency        time.Duration
	routeLatencies []routeLatency
	cancelled      int64
	cancelWake     chan struct{} // closed and replaced on every cancellation

	connections  atomic.Int64
	inFlight     atomic.Int64
	peakInFlight atomic.Int64
	closing      chan struct{}
	closeOnce    sync.Once

	oauth    *oauthState  // the authorization server (oauth.go)
	listener net.Listener // WithListener; nil: a free loopback port
}

// New starts a fake on a loopback port.
func New(opts ...Option) *Server {
	s := &Server{
		routes: map[string]http.HandlerFunc{}, oauth: newOAuthState(),
		cancelWake: make(chan struct{}), closing: make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/", s.serveREST)
	s.routeOAuth(mux)
	s.srv = httptest.NewUnstartedServer(mux)
	if s.listener != nil {
		_ = s.srv.Listener.Close()
		s.srv.Listener = s.listener
	}
	s.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.connections.Add(1)
		}
	}
	s.srv.Start()
	return s
}

// Close stops the fake; requests still waiting on a latency end at once.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.srv.Close()
}

// URL is the fake's origin, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the Appwrite API base, <URL>/v1.
func (s *Server) Endpoint() string { return s.srv.URL + "/v1" }

// Requests returns a copy of the REST requests recorded so far (the most
// recent 10,000), oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	return out
}

// TakeRequests returns the REST requests recorded so far, oldest first,
// and forgets them, in one step.
func (s *Server) TakeRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	s.requests = nil
	return out
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

// Bounds of the recorder.
const (
	maxRecordedBody     = 64 << 20
	maxRecordedRequests = 10_000
)

// serveREST records a request, then applies latency, faults, the token
// check, an override, the state, or answers {}.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	defer s.enterREST()()
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	path := strings.TrimPrefix(r.URL.Path, "/v1")
	rec := &Request{Method: r.Method, Path: path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	if len(s.requests) >= maxRecordedRequests {
		s.requests = append(s.requests[:0], s.requests[maxRecordedRequests/10:]...)
	}
	s.requests = append(s.requests, rec)
	h := s.routes[r.Method+" "+path]
	delay := s.latencyFor(r.Method, path)
	s.mu.Unlock()

	if delay > 0 && !s.delay(w, r, rec, delay) {
		return
	}
	if f, faulted := s.takeFault(r.Method, path); faulted {
		writeFault(w, f)
		return
	}
	if !s.authorizedREST(r) {
		writeAppwriteError(w, http.StatusUnauthorized, "general_unauthorized_scope", "User (role: guests) missing scopes")
		return
	}
	if h != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
		return
	}
	if s.serveState(w, r, body) {
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
