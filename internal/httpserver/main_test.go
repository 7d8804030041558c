package httpserver

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves a goroutine running: a
// tool call that outlives its client, a connection the server never
// closes, a limiter or listener left behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
