package e2e

import (
	"io"
	"net/http"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// newStack starts the whole server (as cmd/appwrite-mcp assembles it) on a
// loopback port in front of a fake Appwrite Cloud, through the shared test
// stack.
func newStack(tb testing.TB) *stack.Stack {
	tb.Helper()
	return stack.Start(tb, stack.Options{})
}

// writeJSON answers a fixture route of the fake.
func writeJSON(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}
