package httpserver

import (
	"strings"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	tests := []struct {
		name           string
		values         []string
		token          string
		present, valid bool
	}{
		{"absent", nil, "", false, true},
		{"bearer", []string{"Bearer abc.def-_~+/=="}, "abc.def-_~+/==", true, true},
		{"case-insensitive scheme, extra spaces", []string{"bEaReR   abc"}, "abc", true, true},
		{"empty token", []string{"Bearer "}, "", true, true},
		{"scheme only (what \"Bearer \" becomes on the wire)", []string{"Bearer"}, "", true, true},
		{"other scheme", []string{"Basic abc"}, "", true, false},
		{"padding only", []string{"Bearer =="}, "", true, false},
		{"padding in the middle", []string{"Bearer a=b"}, "", true, false},
		{"inner space", []string{"Bearer a b"}, "", true, false},
		{"trailing space", []string{"Bearer abc "}, "", true, false},
		{"control character", []string{"Bearer a\tb"}, "", true, false},
		{"two headers", []string{"Bearer a", "Bearer b"}, "", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, present, valid := parseAuthorization(tt.values)
			if present != tt.present || valid != tt.valid || (valid && token != tt.token) {
				t.Errorf("parseAuthorization(%q) = %q, %v, %v; want %q, %v, %v",
					tt.values, token, present, valid, tt.token, tt.present, tt.valid)
			}
		})
	}
}

func TestAuthParamStripsUnsafeCharacters(t *testing.T) {
	got := authParam("scope", "a\"b\\c\r\nd\x00e\x7f ü f")
	if got != `scope="abcde  f"` {
		t.Errorf("authParam = %q", got)
	}
	if strings.Count(got, `"`) != 2 {
		t.Errorf("quotes leaked: %q", got)
	}
}

func TestCanonicalOrigin(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://Example.COM", "https://example.com", true},
		{"https://example.com:443", "https://example.com", true},
		{"http://example.com:80/", "http://example.com", true},
		{"http://example.com:8080", "http://example.com:8080", true},
		{"http://[::1]:3000", "http://[::1]:3000", true},
		{"null", "", false},
		{"file://x", "", false},
		{"https://user@example.com", "", false},
		{"https://example.com/path", "", false},
		{"https://example.com?q", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := canonicalOrigin(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("canonicalOrigin(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
