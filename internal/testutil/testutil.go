// Package testutil holds small helpers shared by the test suites of several
// packages: a goroutine-safe log sink, a plain HTTP GET, a transport adding
// headers (a bearer token), a JSON fixture handler and a large list answer.
// It is imported from _test.go files and the load tool only.
package testutil

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// LogBuffer is an io.Writer that many goroutines may write to (an slog
// handler's sink during concurrent requests) and a test may read.
type LogBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// maxBody bounds what Get reads of a response.
const maxBody = 4 << 20

// Get fetches url and returns the status code and the body (at most 4 MiB).
func Get(t testing.TB, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// HeaderTransport sends every request with Header set on it (on top of
// what the request has), through Base (http.DefaultTransport when nil).
type HeaderTransport struct {
	Base   http.RoundTripper
	Header http.Header
}

// RoundTrip implements http.RoundTripper.
func (t HeaderTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, vs := range t.Header {
		r.Header[k] = vs
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

// BearerHeader is the header set that carries token.
func BearerHeader(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// JSONHandler answers every request with status and body as JSON.
func JSONHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// RowsJSON is an Appwrite list answer of n rows of about 130 bytes each.
func RowsJSON(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"total":%d,"rows":[`, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"$id":"row%04d","title":"%s","n":%d}`, i, strings.Repeat("x", 100), i)
	}
	b.WriteString(`]}`)
	return b.String()
}

// PostMCP POSTs one JSON-RPC body to an MCP endpoint the way a Streamable
// HTTP client does (Content-Type, Accept), with header added (e.g.
// BearerHeader), and returns the response and its body (at most 4 MiB;
// the body is closed).
func PostMCP(tb testing.TB, url, body string, header http.Header) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(b)
}
