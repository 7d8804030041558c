// Package testutil holds small helpers shared by the test suites of several
// packages: a goroutine-safe log sink and a plain HTTP GET. It is imported
// only from _test.go files.
package testutil

import (
	"context"
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
