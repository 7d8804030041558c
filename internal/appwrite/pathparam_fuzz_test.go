package appwrite

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

// FuzzValidatePathParam checks the path-value rule against its own schema
// pattern and against what could change a URL path: an accepted value
// needs no escaping, is not a dot segment and cannot add a segment.
func FuzzValidatePathParam(f *testing.F) {
	for _, seed := range []struct{ name, value string }{
		{"userId", "abc123"},
		{"userId", "../x"},
		{"userId", "%2e%2e"},
		{"userId", "a\x00"},
		{"userId", strings.Repeat("a", 37)},
		{"key", "attr.name"},
		{"code", "US"},
		{"code", "a.b"},
		{"provider", "github"},
		{"databaseId", "é"},
		{"fileId", "a/b"},
		{"userId", ".."},
		{"key", "a..b"},
	} {
		f.Add(seed.name, seed.value)
	}
	patterns := map[string]*regexp.Regexp{}
	f.Fuzz(func(t *testing.T, name, value string) {
		err := ValidatePathParam(name, value)
		re, ok := patterns[name]
		if !ok {
			re = regexp.MustCompile(PathParamPattern(name))
			patterns[name] = re
		}
		if (err == nil) != re.MatchString(value) {
			t.Fatalf("ValidatePathParam(%q, %q) = %v, but the pattern %s says %v", name, value, err, re, re.MatchString(value))
		}
		if err != nil {
			if _, isPP := err.(*PathParamError); !isPP {
				t.Fatalf("error %T, want *PathParamError", err)
			}
			return
		}
		if url.PathEscape(value) != value || value == "." || value == ".." || strings.ContainsAny(value, "/?#%\\") {
			t.Fatalf("accepted %q changes the URL path", value)
		}
	})
}

// FuzzValidatePath: an accepted path is already clean (no dot or empty
// segments) and needs no escaping.
func FuzzValidatePath(f *testing.F) {
	for _, seed := range []string{"/users", "/users/a.b", "/../x", "/a//b", "/a/./b", "users", "/a/%2e", "/a?x", "/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if ValidatePath(p) != nil {
			return
		}
		if path.Clean(p) != p || !strings.HasPrefix(p, "/") {
			t.Fatalf("accepted path %q is not clean", p)
		}
		for _, seg := range strings.Split(p[1:], "/") {
			if url.PathEscape(seg) != seg {
				t.Fatalf("accepted path %q has a segment that needs escaping", p)
			}
		}
	})
}
