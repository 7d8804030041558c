package catalog

import "testing"

func TestScopeFor(t *testing.T) {
	tests := []struct {
		service, method string
		want            Scope
	}{
		{"account", "Get", ScopeConsole},
		{"account", "CreateMFAAuthenticator", ScopeConsole},
		{"teams", "List", ScopeEither},
		{"avatars", "GetFlag", ScopeEither},
		{"locale", "ListCountries", ScopeEither},
		{"graphql", "Query", ScopeEither},
		{"activities", "ListEvents", ScopeEither},
		{"users", "List", ScopeProject},
		{"tables_db", "ListRows", ScopeProject},
		{"databases", "List", ScopeProject},
		{"storage", "CreateFile", ScopeProject},
		{"functions", "ListRuntimes", ScopeProject},
		{"health", "Get", ScopeProject},
		{"some_future_service", "Anything", ScopeProject},
	}
	for _, tt := range tests {
		if got := ScopeFor(tt.service, tt.method); got != tt.want {
			t.Errorf("ScopeFor(%s, %s) = %s, want %s", tt.service, tt.method, got, tt.want)
		}
	}
}

// TestScopeAppliedToTable: every tool carries the rule's answer.
func TestScopeAppliedToTable(t *testing.T) {
	counts := map[Scope]int{}
	for _, tool := range newTestCatalog(t).Tools() {
		if want := ScopeFor(tool.Service, tool.SDKMethod); tool.Scope != want {
			t.Errorf("%s: scope %s, want %s", tool.Name, tool.Scope, want)
		}
		counts[tool.Scope]++
	}
	for _, s := range []Scope{ScopeProject, ScopeConsole, ScopeEither} {
		if counts[s] == 0 {
			t.Errorf("no tool has scope %s", s)
		}
	}
}

func TestAnnotations(t *testing.T) {
	c := newTestCatalog(t)
	tests := []struct {
		name                                    string
		readOnly, destructive, idempotent, dNil bool
	}{
		{"users_list", true, false, false, true},
		{"users_create", false, false, false, false},
		{"users_delete", false, true, true, false},
		{"tables_db_upsert_row", false, false, true, false}, // PUT
		{"users_update_name", false, false, false, false},   // PATCH
	}
	for _, tt := range tests {
		tool, ok := c.Lookup(tt.name)
		if !ok {
			t.Fatalf("%s missing", tt.name)
		}
		a := tool.Annotations()
		if a.ReadOnlyHint != tt.readOnly || a.IdempotentHint != tt.idempotent {
			t.Errorf("%s: readOnly=%v idempotent=%v", tt.name, a.ReadOnlyHint, a.IdempotentHint)
		}
		if (a.DestructiveHint == nil) != tt.dNil || (a.DestructiveHint != nil && *a.DestructiveHint != tt.destructive) {
			t.Errorf("%s: destructiveHint=%v", tt.name, a.DestructiveHint)
		}
		if a.OpenWorldHint == nil || !*a.OpenWorldHint || a.Title == "" {
			t.Errorf("%s: openWorld/title missing", tt.name)
		}
	}
}
