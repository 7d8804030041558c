package auth_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves a goroutine running
// (background refreshes, key refresh rounds, in-flight fetches).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
