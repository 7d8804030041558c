package words

import (
	"strings"
	"testing"
)

func TestValueKind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://acme.io/hook", "url"},
		{"bob@acme.io", "user"},
		{"backup.zip", "file"},
		{"10.0.0.12", "ipv4"},
		{"users.read", "scope"},
		{"com.acme.app", "bundle id"},
		{"smtp.acme.io", "smtp host"},
		{"api.acme.com", "domain"},
		{"STRIPE_SECRET", "variable"},
		{"send-email", ""},
		{"users", ""},
	}
	for _, tt := range tests {
		if got := ValueKind(tt.in); got != tt.want {
			t.Errorf("ValueKind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := strings.Fields(DropQuoted(`rename it to "Shoply" and tag 'beta' now`)); strings.Join(got, " ") != "rename it to and tag now" {
		t.Errorf("DropQuoted = %q", got)
	}
}
