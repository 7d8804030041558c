package tools

import (
	"slices"
	"strings"
	"testing"
)

func names(ms []searchMatch) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

func boolp(b bool) *bool { return &b }

func TestSearchRanking(t *testing.T) {
	ix := newSearchIndex(testTools())
	tests := []struct {
		name      string
		req       searchRequest
		first     string
		contains  []string
		excludes  []string
		before    [2]string // before[0] ranks above before[1] when both set
		mutating  bool
		hiddenMut *bool
	}{
		{name: "list rows", req: searchRequest{Query: "list rows in a table"}, first: "tables_db_list_rows"},
		{
			name: "documents maps to replacement first", req: searchRequest{Query: "list documents in collection"},
			contains: []string{"tables_db_list_rows", "databases_list_documents"}, before: [2]string{"tables_db_list_rows", "databases_list_documents"},
		},
		{name: "get user", req: searchRequest{Query: "get a user by id"}, first: "users_get"},
		{name: "read query hides writes", req: searchRequest{Query: "users"}, excludes: []string{"users_create", "users_delete"}, hiddenMut: boolp(true)},
		{name: "change query includes writes", req: searchRequest{Query: "create a new user"}, first: "users_create", mutating: true},
		{name: "delete query", req: searchRequest{Query: "remove user"}, first: "users_delete", mutating: true},
		{name: "explicit include_mutating false", req: searchRequest{Query: "create user", IncludeMutating: boolp(false)}, excludes: []string{"users_create"}, hiddenMut: boolp(true)},
		{name: "explicit include_mutating true", req: searchRequest{Query: "users", IncludeMutating: boolp(true)}, contains: []string{"users_create", "users_delete"}, mutating: true},
		{name: "read-only hides even when asked", req: searchRequest{Query: "create user", IncludeMutating: boolp(true), ReadOnly: true}, excludes: []string{"users_create", "users_delete"}, hiddenMut: boolp(false)},
		{name: "service hint", req: searchRequest{Query: "get list", ServiceHints: []string{"tablesdb"}}, first: "tables_db_list_rows"},
		{name: "argument hints favour satisfied tools", req: searchRequest{Query: "get", ArgumentHints: map[string]any{"bucketId": "b", "fileId": "f"}}, first: "storage_get_file_preview"},
		{name: "preview image", req: searchRequest{Query: "file preview image"}, first: "storage_get_file_preview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.Limit == 0 {
				tt.req.Limit = 8
			}
			res := ix.search(tt.req)
			got := names(res.Matches)
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Fatalf("first = %v, want %s", got, tt.first)
			}
			for _, c := range tt.contains {
				if !slices.Contains(got, c) {
					t.Errorf("missing %s in %v", c, got)
				}
			}
			for _, c := range tt.excludes {
				if slices.Contains(got, c) {
					t.Errorf("unexpected %s in %v", c, got)
				}
			}
			if tt.before[0] != "" && slices.Index(got, tt.before[0]) > slices.Index(got, tt.before[1]) {
				t.Errorf("%s should rank above %s: %v", tt.before[0], tt.before[1], got)
			}
			if res.IncludeMutating != tt.mutating {
				t.Errorf("include_mutating = %v, want %v", res.IncludeMutating, tt.mutating)
			}
			if tt.hiddenMut != nil && (res.HiddenMutating > 0) != *tt.hiddenMut {
				t.Errorf("hidden_mutating = %d, want >0: %v", res.HiddenMutating, *tt.hiddenMut)
			}
		})
	}
}

func TestSearchDetails(t *testing.T) {
	ix := newSearchIndex(testTools())
	res := ix.search(searchRequest{Query: "create row", Limit: 8, ArgumentHints: map[string]any{"databaseId": "d"}})
	if len(res.Matches) == 0 || res.Matches[0].Name != "tables_db_create_row" {
		t.Fatalf("matches = %v", names(res.Matches))
	}
	m := res.Matches[0]
	if m.Class != "write" || m.Context != "project" || m.Service != "tables_db" {
		t.Errorf("match = %+v", m)
	}
	if want := []string{"database_id", "table_id", "row_id", "data"}; !slices.Equal(m.Required, want) {
		t.Errorf("required = %v, want %v", m.Required, want)
	}
	if want := []string{"table_id", "row_id", "data"}; !slices.Equal(m.Missing, want) {
		t.Errorf("missing = %v, want %v", m.Missing, want)
	}
	if !slices.Contains(m.Params, "data: object (required)") {
		t.Errorf("params = %v", m.Params)
	}
}

func TestSearchLimitAndDeterminism(t *testing.T) {
	ix := newSearchIndex(testTools())
	req := searchRequest{Query: "get list user row file table", Limit: 3, IncludeMutating: boolp(true)}
	first := ix.search(req)
	if len(first.Matches) != 3 {
		t.Fatalf("limit 3 gave %d", len(first.Matches))
	}
	for i := 0; i < 20; i++ {
		again := ix.search(req)
		if !slices.Equal(names(again.Matches), names(first.Matches)) {
			t.Fatalf("order changed: %v vs %v", names(again.Matches), names(first.Matches))
		}
	}
}

func TestSearchNoMatch(t *testing.T) {
	ix := newSearchIndex(testTools())
	res := ix.search(searchRequest{Query: "zzqx frobnicate", Limit: 8})
	if len(res.Matches) != 0 {
		t.Fatalf("matches = %v", names(res.Matches))
	}
	if !strings.Contains(res.Note, "No tool matched") || !strings.Contains(res.Note, "tables_db") {
		t.Errorf("note = %q", res.Note)
	}
	res = ix.search(searchRequest{Query: "users", Limit: 8, ServiceHints: []string{"nosuch"}})
	if !slices.Equal(res.UnknownServiceHints, []string{"nosuch"}) {
		t.Errorf("unknown hints = %v", res.UnknownServiceHints)
	}
}

func TestParseSearchArguments(t *testing.T) {
	tests := []struct {
		args    string
		wantErr string
		check   func(searchRequest) bool
	}{
		{`{"query":"ab"}`, "at least 3", nil},
		{`{}`, "at least 3", nil},
		{`{"query":"list users","limit":50}`, "", func(r searchRequest) bool { return r.Limit == 20 }},
		{`{"query":"list users","limit":0}`, "", func(r searchRequest) bool { return r.Limit == 1 }},
		{`{"query":"list users"}`, "", func(r searchRequest) bool { return r.Limit == 8 }},
		{`{"query":"list users","limit":2.5}`, "integer", nil},
		{`{"query":"list users","service_hints":"users, teams"}`, "", func(r searchRequest) bool { return slices.Equal(r.ServiceHints, []string{"users", "teams"}) }},
		{`{"query":"list users","service_hints":["users"]}`, "", func(r searchRequest) bool { return slices.Equal(r.ServiceHints, []string{"users"}) }},
		{`{"query":"list users","service_hints":5}`, "service_hints", nil},
		{`{"query":"list users","include_mutating":"true"}`, "", func(r searchRequest) bool { return r.IncludeMutating != nil && *r.IncludeMutating }},
		{`{"query":"list users","include_mutating":7}`, "boolean", nil},
		{`{"query":"list users","argument_hints":"{\"userId\":\"u\"}"}`, "", func(r searchRequest) bool { return r.ArgumentHints["userId"] == "u" }},
	}
	for _, tt := range tests {
		args, err := rawArgs([]byte(tt.args), []string{"query", "service_hints", "argument_hints", "include_mutating", "limit"}, nil)
		if err != nil {
			t.Fatalf("rawArgs(%s): %v", tt.args, err)
		}
		r, err := parseSearch(args)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseSearch(%s) err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !tt.check(r) {
			t.Errorf("parseSearch(%s) = %+v, %v", tt.args, r, err)
		}
	}
}
