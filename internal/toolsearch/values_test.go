package toolsearch

import (
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

func TestStripValues(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct{ in, want string }{
		{"who is subscribed to weekly-digest", "who is subscribed to"},
		{"roll back send-email to yesterday", "roll back to yesterday"},
		{"key with users.read and rows.write scopes", "key with scope and scope scopes"},
		{"insert a todo: title 'buy milk', done false", "insert a todo: title done false"},
		{`rename it to "Shoply Production"`, "rename it to"},
		{"what's in bob's bucket", "what's in bob's bucket"}, // apostrophes are no quotes
		{"download backup.zip from exports", "download file from exports"},
		{"invite bob@acme.com to the team", "invite user to the team"},
		{"A record for api.acme.com", "A record for domain"},
		{"point it to 10.0.0.12", "point it to ipv4"},
		{"open report.pdf, then delete it", "open file, then delete it"}, // the comma still ends a clause
		{"register com.acme.app for ios", "register bundle id for ios"},
		{"send mail through smtp.acme.io", "send mail through smtp host"},
		{"set STRIPE_SECRET on the function", "set variable on the function"},
		{"post to https://hooks.slack.com/x on sign-up", "post to url on sign-up"},
		{"re-run the job, un-ban him", "re-run the job, un-ban him"},
		{"déconnecte-moi, relance-la", "déconnecte-moi, relance-la"}, // an imperative's pronoun: one word
		{"call send-email now", "call now"},                          // a verb and its object: a name
		{"call users_list or tables_db", "call users_list or tables_db"},
		{"add is_active to profiles", "add to profiles"},
		{"orders.customer", "orders.customer"}, // not a domain: no known top-level domain
	}
	for _, tt := range tests {
		if got := words.StripValues(tt.in, ix.vocabulary); got != tt.want {
			t.Errorf("StripValues(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
