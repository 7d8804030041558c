package appwrite

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// recorder is a loopback upstream that records request headers.
type recorder struct {
	mu      sync.Mutex
	headers []http.Header
	handle  http.HandlerFunc
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.headers = append(r.headers, req.Header.Clone())
	h := r.handle
	r.mu.Unlock()
	if h != nil {
		h(w, req)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"$id":"x"}`)
}

func (r *recorder) last(t *testing.T) http.Header {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.headers) == 0 {
		t.Fatal("no request reached upstream")
	}
	return r.headers[len(r.headers)-1]
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.headers)
}

func newUpstream(t *testing.T, h http.HandlerFunc) (*recorder, *Factory) {
	t.Helper()
	rec := &recorder{handle: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	f := NewFactory(Options{Endpoint: srv.URL + "/v1", DefaultProject: "console", UserAgent: "appwrite-mcp/1.2.3"})
	t.Cleanup(f.CloseIdleConnections)
	return rec, f
}

func TestHeadersPerTarget(t *testing.T) {
	tests := []struct {
		name                  string
		target                Target
		project, mode, orgHdr string
	}{
		{"console", Target{}, "console", "", ""},
		{"project", Target{ProjectID: "p1"}, "p1", "admin", ""},
		{"organization", Target{OrganizationID: "org1"}, "console", "", "org1"},
		{"project and organization", Target{ProjectID: "p2", OrganizationID: "org2"}, "p2", "admin", "org2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, f := newUpstream(t, nil)
			s := f.NewSession("tok-"+tt.name, tt.target)
			if _, err := s.Call(context.Background(), "GET", "/account", nil); err != nil {
				t.Fatal(err)
			}
			h := rec.last(t)
			checks := map[string]string{
				"Authorization":           "Bearer tok-" + tt.name,
				"X-Appwrite-Project":      tt.project,
				"X-Appwrite-Mode":         tt.mode,
				"X-Appwrite-Organization": tt.orgHdr,
				"User-Agent":              "appwrite-mcp/1.2.3",
				"Cookie":                  "",
			}
			for k, want := range checks {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if h.Get("X-Appwrite-Response-Format") == "" {
				t.Error("the SDK's X-Appwrite-Response-Format header is missing")
			}
			clt := s.sdkClient(context.Background())
			if strings.Contains(clt.String(), "tok-") {
				t.Error("the token is in the SDK client's printable headers")
			}
		})
	}
}

// TestContextCancellationReachesUpstream: cancelling the caller's context
// cancels the in-flight upstream request (the SDK's Call has no context).
func TestContextCancellationReachesUpstream(t *testing.T) {
	started := make(chan struct{})
	upstreamCancelled := make(chan struct{})
	_, f := newUpstream(t, func(_ http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
		close(upstreamCancelled)
	})
	ctx, cancel := context.WithCancel(context.Background())
	s := f.NewSession("tok", Target{ProjectID: "p1"})
	errc := make(chan error, 1)
	go func() {
		_, err := s.Call(ctx, "GET", "/users/u1", nil)
		errc <- err
	}()
	<-started
	cancel()
	<-upstreamCancelled
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestCancelledContextSendsNothing(t *testing.T) {
	rec, f := newUpstream(t, nil)
	s := f.NewSession("tok", Target{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Call(ctx, "GET", "/users/u1", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if rec.count() != 0 {
		t.Fatal("a cancelled call reached upstream")
	}
}

// TestNoCookieSharing: upstream sets a cookie for user A; neither A's next
// call nor user B's session sends it.
func TestNoCookieSharing(t *testing.T) {
	rec, f := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer token-a" {
			http.SetCookie(w, &http.Cookie{Name: "a_session_console", Value: "secret-of-a", Path: "/"})
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	})
	a := f.NewSession("token-a", Target{})
	b := f.NewSession("token-b", Target{})
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := a.Call(ctx, "GET", "/account", nil); err != nil {
			t.Fatal(err)
		}
	}
	if c := rec.last(t).Get("Cookie"); c != "" {
		t.Fatalf("user A's second call sent Cookie %q", c)
	}
	if _, err := b.Call(ctx, "GET", "/account", nil); err != nil {
		t.Fatal(err)
	}
	h := rec.last(t)
	if h.Get("Cookie") != "" || h.Get("Authorization") != "Bearer token-b" {
		t.Fatalf("user B sent Cookie %q with %q", h.Get("Cookie"), h.Get("Authorization"))
	}
	if a.sdkClient(ctx).Client.Jar != nil {
		t.Fatal("session client has a cookie jar")
	}
}

func TestAPIErrorAndTooLarge(t *testing.T) {
	big := strings.Repeat("x", 2048)
	_, f := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/big") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `"`+big+`"`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message":"nope","code":403,"type":"user_unauthorized"}`)
	})
	f.opts.MaxResponseBytes = 1024
	s := f.NewSession("tok", Target{})
	ctx := context.Background()
	if _, err := s.Call(ctx, "GET", "/users/big", nil); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
	_, err := s.Call(ctx, "GET", "/users/u1", nil)
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("403: err = %v, want *APIError", err)
	}
	if ae.Status != 403 || ae.Type != "user_unauthorized" || ae.Message != "nope" || !strings.Contains(string(ae.Body), "nope") {
		t.Fatalf("APIError = %+v", ae)
	}
}

func TestCall(t *testing.T) {
	var gotURL, gotBody string
	_, f := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotURL, gotBody = r.URL.String(), string(b)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/projects/missing" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"Project not found","code":404,"type":"project_not_found"}`)
			return
		}
		_, _ = io.WriteString(w, `{"total":0}`)
	})
	s := f.NewSession("tok", Target{OrganizationID: "org1"})
	ctx := context.Background()
	r, err := s.Call(ctx, "GET", "/organizations", map[string]any{"queries": []string{`{"method":"limit","values":[1]}`}, "search": "x"})
	if err != nil || r.Status != 200 || string(r.Body) != `{"total":0}` {
		t.Fatalf("Call = %+v, %v", r, err)
	}
	if !strings.Contains(gotURL, "queries%5B%5D=") || !strings.Contains(gotURL, "search=x") {
		t.Fatalf("query = %s", gotURL)
	}
	if _, err := s.Call(ctx, "POST", "/projects", map[string]any{"name": "p"}); err != nil || gotBody != `{"name":"p"}` {
		t.Fatalf("POST body %q, %v", gotBody, err)
	}
	_, err = s.Call(ctx, "GET", "/projects/missing", nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Type != "project_not_found" {
		t.Fatalf("err = %v", err)
	}
	for _, bad := range []string{"projects", "/projects/../users", "/projects/a?b", "/projects/%2e%2e", "/projects//x", "/a\nb"} {
		if _, err := s.Call(ctx, "GET", bad, nil); err == nil {
			t.Errorf("Call accepted path %q", bad)
		}
	}
}

func TestSessionErrors(t *testing.T) {
	rec, f := newUpstream(t, nil)
	tests := []struct {
		name   string
		target Target
	}{
		{"bad project", Target{ProjectID: "../x"}},
		{"bad organization", Target{OrganizationID: "a/b"}},
		{"foreign endpoint", Target{Endpoint: "http://evil.example/v1"}},
		{"endpoint with credentials", Target{Endpoint: "http://u:p@127.0.0.1/v1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := f.NewSession("tok", tt.target)
			if s.Err() == nil {
				t.Fatal("Err() = nil")
			}
			if _, err := s.Call(context.Background(), "GET", "/users/u1", nil); err == nil {
				t.Fatal("call succeeded")
			}
		})
	}
	s := f.NewSession("tok", Target{})
	s.Close()
	if _, err := s.Call(context.Background(), "GET", "/users/u1", nil); !errors.Is(err, ErrSessionClosed) {
		t.Fatalf("closed session: %v", err)
	}
	if rec.count() != 0 {
		t.Fatal("a refused session reached upstream")
	}
}

func TestEndpointOverride(t *testing.T) {
	f := NewFactory(Options{Endpoint: "https://cloud.appwrite.io/v1"})
	tests := []struct {
		raw string
		ok  bool
	}{
		{"https://fra.cloud.appwrite.io/v1", true},
		{"https://cloud.appwrite.io/v1", true},
		{"http://fra.cloud.appwrite.io/v1", false},
		{"https://cloud.appwrite.io.evil.com/v1", false},
		{"https://evilcloud.appwrite.io/v1", false},
		{"https://fra.cloud.appwrite.io/v1?x=1", false},
	}
	for _, tt := range tests {
		s := f.NewSession("tok", Target{Endpoint: tt.raw})
		if (s.Err() == nil) != tt.ok {
			t.Errorf("override %q: err = %v, want ok=%v", tt.raw, s.Err(), tt.ok)
		}
	}
}
