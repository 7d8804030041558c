package e2e

import (
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
