package fakeappwrite_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves goroutines behind: every
// delayed request must end when its client goes away or the fake closes.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
