package appwrite

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestValidatePathParam(t *testing.T) {
	tests := []struct {
		name, value string
		ok          bool
	}{
		{"userId", "abc123", true},
		{"userId", "A.b-c_d", true},
		{"userId", strings.Repeat("a", 36), true},
		{"userId", strings.Repeat("a", 37), false},
		{"userId", "../x", false},
		{"userId", "a/b", false},
		{"userId", "x?y", false},
		{"userId", "x#y", false},
		{"userId", "%2e%2e", false},
		{"userId", "..", false},
		{"userId", "a\nb", false},
		{"userId", "a\x00", false},
		{"userId", "a\tb", false},
		{"userId", "a b", false},
		{"userId", "_a", false},
		{"userId", "-a", false},
		{"userId", ".a", false},
		{"userId", "", false},
		{"userId", "unique()", false},
		{"userId", "é", false},
		{"key", strings.Repeat("k", 255), true},
		{"key", strings.Repeat("k", 256), false},
		{"key", "a/b", false},
		{"code", "en-US", true},
		{"code", "a.b", false},
		{"provider", "github", true},
		{"type", "totp", true},
		{"name", "v1-database", true},
		{"name", "../x", false},
	}
	for _, tt := range tests {
		err := ValidatePathParam(tt.name, tt.value)
		if (err == nil) != tt.ok {
			t.Errorf("ValidatePathParam(%s, %q) = %v, want ok=%v", tt.name, tt.value, err, tt.ok)
		}
		var pe *PathParamError
		if err != nil && (!errors.As(err, &pe) || pe.Name != tt.name) {
			t.Errorf("error %v is not a *PathParamError naming %s", err, tt.name)
		}
		// The schema pattern agrees with the validator.
		re := regexp.MustCompile(PathParamPattern(tt.name))
		if re.MatchString(tt.value) != tt.ok {
			t.Errorf("pattern %s on %q = %v, want %v", PathParamPattern(tt.name), tt.value, !tt.ok, tt.ok)
		}
	}
}
