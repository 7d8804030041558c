package words

import (
	"strings"
	"testing"
)

// TestValues: what a value in a task stands for (ValueKind), a cron
// expression read as a schedule (MarkSchedules), and quoted values dropped
// but quoted messages kept (DropQuoted); spacing aside.
func TestValues(t *testing.T) {
	tests := []struct {
		name     string
		f        func(string) string
		in, want string
	}{
		{"ValueKind", ValueKind, "https://acme.io/hook", "url"},
		{"ValueKind", ValueKind, "bob@acme.io", "user"},
		{"ValueKind", ValueKind, "backup.zip", "file"},
		{"ValueKind", ValueKind, "10.0.0.12", "ipv4"},
		{"ValueKind", ValueKind, "users.read", "scope"},
		{"ValueKind", ValueKind, "com.acme.app", "bundle id"},
		{"ValueKind", ValueKind, "smtp.acme.io", "smtp host"},
		{"ValueKind", ValueKind, "api.acme.com", "domain"},
		{"ValueKind", ValueKind, "lojadojoao.com.br", "domain"},
		{"ValueKind", ValueKind, "STRIPE_SECRET", "variable"},
		{"ValueKind", ValueKind, "NODE_ENV=production", "variable"},
		{"ValueKind", ValueKind, "LOOTBOOST=2", "variable"},
		{"ValueKind", ValueKind, "status=pending", ""}, // lower case: a filter on data, not a setting
		{"ValueKind", ValueKind, "@daily", "schedule"},
		{"ValueKind", ValueKind, "send-email", ""},
		{"ValueKind", ValueKind, "users", ""},
		{"MarkSchedules", MarkSchedules, "run it at 0 2 * * * UTC", "run it at schedule UTC"},
		{"MarkSchedules", MarkSchedules, "*/15 * * * * please", "schedule please"},
		{"MarkSchedules", MarkSchedules, "rows 1 2 3 4 5", "rows 1 2 3 4 5"}, // numbers alone: no schedule
		{"DropQuoted", DropQuoted, `rename it to "Shoply" and tag 'beta' now`, "rename it to and tag now"},
		{"DropQuoted", DropQuoted, `title 'buy more milk', done`, "title done"}, // up to three words: data
		{"DropQuoted", DropQuoted, `"Invalid Origin. Register your new client" what do I do`, "Invalid Origin. Register your new client what do I do"},
		{"DropQuoted", DropQuoted, `the tutorial says “create a new database” for recipes`, "the tutorial says create a new database for recipes"},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(tt.f(tt.in)), " "); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
