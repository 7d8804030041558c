package tools

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

func TestSnakeKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"user_id", "user_id"},
		{"userId", "user_id"},
		{"UserID", "user_id"},
		{"userID", "user_id"},
		{"$id", "id"},
		{"$permissions", "permissions"},
		{"databaseId", "database_id"},
		{"HTTPMethod", "http_method"},
		{"file-id", "file_id"},
		{"mfa2Factor", "mfa2_factor"},
	}
	for _, tt := range tests {
		if got := snakeKey(tt.in); got != tt.want {
			t.Errorf("snakeKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func toolByName(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	for _, tool := range testTools() {
		if tool.Name == name {
			return tool
		}
	}
	t.Fatalf("no test tool %s", name)
	return nil
}

func TestNormalizeArguments(t *testing.T) {
	tests := []struct {
		name    string
		tool    string
		in      map[string]any
		want    map[string]any
		wantErr string // substring; "" means success
	}{
		{"snake", "users_get", map[string]any{"user_id": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"camel", "users_get", map[string]any{"userId": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"acronym", "users_get", map[string]any{"userID": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"dollar id", "users_get", map[string]any{"$id": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"bare id", "users_get", map[string]any{"id": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"same value twice", "users_get", map[string]any{"id": "u1", "userId": "u1"}, map[string]any{"user_id": "u1"}, ""},
		{"conflict", "users_get", map[string]any{"user_id": "u1", "userId": "u2"}, nil, "different values"},
		{"unknown with nearest", "users_create", map[string]any{"user_id": "u1", "emial": "a@b.c"}, nil, `did you mean "email"`},
		{"unknown lists allowed", "users_create", map[string]any{"colour": "x"}, nil, "Allowed: user_id, email, name"},
		{"ambiguous bare id", "tables_db_list_rows", map[string]any{"id": "x"}, nil, "ambiguous bare id"},
		{"no params", "account_get", map[string]any{"x": 1}, nil, "takes no arguments"},
		{
			"values untouched", "tables_db_create_row",
			map[string]any{"databaseId": "d", "tableId": "t", "rowId": "r", "data": map[string]any{"a": 1.0}},
			map[string]any{"database_id": "d", "table_id": "t", "row_id": "r", "data": map[string]any{"a": 1.0}},
			"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalizeArguments(toolByName(t, tt.tool), tt.in)
			if tt.wantErr != "" {
				var ae *ArgumentError
				if !errors.As(err, &ae) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ArgumentError containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecodeArguments(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]any
		wantErr bool
	}{
		{``, map[string]any{}, false},
		{`null`, map[string]any{}, false},
		{`{"a":1}`, map[string]any{"a": 1.0}, false},
		{`"{\"a\":\"b\"}"`, map[string]any{"a": "b"}, false},
		{`"  "`, map[string]any{}, false},
		{`"not json"`, nil, true},
		{`[1,2]`, nil, true},
		{`"[1]"`, nil, true},
		{`42`, nil, true},
	}
	for _, tt := range tests {
		got, err := decodeArguments(json.RawMessage(tt.in))
		if (err != nil) != tt.wantErr {
			t.Errorf("decodeArguments(%s) err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("decodeArguments(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"users_list", "users_get", "users_create", "tables_db_list_rows", "tables_db_get_row", "storage_list_files"}
	tests := []struct {
		want  string
		first string
	}{
		{"list_users", "users_list"},
		{"user_list", "users_list"},
		{"tablesdb_list_rows", "tables_db_list_rows"},
		{"usres_get", "users_get"},
		{"listFiles", "storage_list_files"},
	}
	for _, tt := range tests {
		got := closest(tt.want, names, 3)
		if len(got) != 3 || got[0] != tt.first {
			t.Errorf("closest(%q) = %v, want first %q", tt.want, got, tt.first)
		}
	}
}

func TestValidID(t *testing.T) {
	for _, ok := range []string{"p1", "my-project", "a.b_c-d", strings.Repeat("a", 36)} {
		if !validID(ok) {
			t.Errorf("validID(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "../x", "a/b", "x?y", "x#y", "%2e%2e", "a\nb", "-a", strings.Repeat("a", 37), "a b"} {
		if validID(bad) {
			t.Errorf("validID(%q) = true", bad)
		}
	}
}
