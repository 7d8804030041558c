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
		{"lojadojoao.com.br", "domain"},
		{"STRIPE_SECRET", "variable"},
		{"NODE_ENV=production", "variable"},
		{"LOOTBOOST=2", "variable"},
		{"status=pending", ""}, // lower case: a filter on data, not a setting
		{"@daily", "schedule"},
		{"send-email", ""},
		{"users", ""},
	}
	for _, tt := range tests {
		if got := ValueKind(tt.in); got != tt.want {
			t.Errorf("ValueKind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	schedules := []struct{ in, want string }{
		{"run it at 0 2 * * * UTC", "run it at schedule UTC"},
		{"*/15 * * * * please", "schedule please"},
		{"rows 1 2 3 4 5", "rows 1 2 3 4 5"}, // numbers alone: no schedule
	}
	for _, tt := range schedules {
		if got := strings.Join(strings.Fields(MarkSchedules(tt.in)), " "); got != tt.want {
			t.Errorf("MarkSchedules(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	quotes := []struct{ in, want string }{
		{`rename it to "Shoply" and tag 'beta' now`, "rename it to and tag now"},
		{`title 'buy more milk', done`, "title done"}, // a value of up to three words: data
		{`"Invalid Origin. Register your new client" what do I do`, "Invalid Origin. Register your new client what do I do"},
		{`the tutorial says “create a new database” for recipes`, "the tutorial says create a new database for recipes"},
	}
	for _, tt := range quotes {
		if got := strings.Join(strings.Fields(DropQuoted(tt.in)), " "); got != tt.want {
			t.Errorf("DropQuoted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
