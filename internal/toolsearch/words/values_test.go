package words

import (
	"strings"
	"testing"
)

// TestValues: what a value in a task stands for (ValueKind), a cron
// expression read as a schedule (MarkSchedules), and quoted values dropped
// but quoted messages kept (DropQuoted); spacing aside.
func TestValues(t *testing.T) {
	type io struct{ in, want string }
	for _, fn := range []struct {
		name  string
		f     func(string) string
		cases []io
	}{
		{"ValueKind", ValueKind, []io{
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
			{"+1", "increment"},
			{"+61412345678", ""}, // a phone number, not a step
			{"send-email", ""},
			{"users", ""},
		}},
		{"MarkSchedules", MarkSchedules, []io{
			{"run it at 0 2 * * * UTC", "run it at schedule UTC"},
			{"*/15 * * * * please", "schedule please"},
			{"rows 1 2 3 4 5", "rows 1 2 3 4 5"}, // numbers alone: no schedule
		}},
		{"StripValues", func(s string) string {
			return StripValues(s, func(w string) bool { return w == "sign-up" })
		}, []io{
			{"invite bob@acme.io, then re-run send-email on sign-up", "invite user, then on sign-up"},
			{"open report.pdf, now", "open file, now"}, // what stood around a value stays
			{`rename "Shoply" at 0 2 * * *`, "rename at schedule"},
		}},
		{"DropQuoted", DropQuoted, []io{
			{`rename it to "Shoply" and tag 'beta' now`, "rename it to and tag now"},
			{`title 'buy more milk', done`, "title done"}, // up to three words: data
			{`"Invalid Origin. Register your new client" what do I do`, "Invalid Origin. Register your new client what do I do"},
			{`the tutorial says “create a new database” for recipes`, "the tutorial says create a new database for recipes"},
		}},
	} {
		for _, c := range fn.cases {
			if got := strings.Join(strings.Fields(fn.f(c.in)), " "); got != c.want {
				t.Errorf("%s(%q) = %q, want %q", fn.name, c.in, got, c.want)
			}
		}
	}
}
