package appwrite

import (
	"strings"
	"testing"
)

// TestValidID pins the one Appwrite-ID rule (moved from internal/tools,
// which checks project_id and organization_id with it).
func TestValidID(t *testing.T) {
	for _, ok := range []string{"p1", "my-project", "a.b_c-d", strings.Repeat("a", 36)} {
		if !ValidID(ok) {
			t.Errorf("ValidID(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "../x", "a/b", "x?y", "x#y", "%2e%2e", "a\nb", "-a", strings.Repeat("a", 37), "a b"} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}
