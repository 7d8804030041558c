package httpserver

import (
	"strings"
	"testing"
)

// FuzzParseAuthorization: parsing never panics, and a token it returns is a
// token68 taken verbatim from the single header value after a Bearer
// scheme, so nothing else of the header reaches the verifier.
func FuzzParseAuthorization(f *testing.F) {
	for _, seed := range []string{
		"Bearer abc.def.ghi", "bearer x", "BEARER  x==", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
		"Bearer a b", "Bearer a\tb", "Bearer =abc", "Bearer abc=def", "Bearer \x00", "Bearer é", "",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, value string, twice bool) {
		values := []string{value}
		if twice {
			values = append(values, value)
		}
		token, present, ok := parseAuthorization(values)
		if !present {
			t.Fatalf("a header was given but reported absent")
		}
		if twice && ok {
			t.Fatalf("two Authorization headers were accepted")
		}
		if !ok || token == "" {
			if token != "" {
				t.Fatalf("a refused header yielded token %q", token)
			}
			return
		}
		scheme, _, _ := strings.Cut(value, " ")
		if !strings.EqualFold(scheme, "Bearer") || !strings.HasSuffix(value, token) || !isToken68(token) {
			t.Fatalf("parseAuthorization(%q) = %q: not a token68 after a Bearer scheme", value, token)
		}
		if strings.ContainsAny(token, " \t\r\n\x00\"\\,;") {
			t.Fatalf("token %q holds a separator", token)
		}
	})
}
