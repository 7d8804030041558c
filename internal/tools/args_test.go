package tools

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/strictjson"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

func toolByName(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	tool, ok := testCatalog(t).Lookup(name)
	if !ok {
		t.Fatalf("no catalog tool %s", name)
	}
	return tool
}

func TestNormalizeArguments(t *testing.T) {
	tests := []struct {
		name    string
		tool    string
		in      map[string]any
		want    map[string]any
		wantErr string // substring; "" means success
		dup     bool   // the error is a *strictjson.DuplicateKeyError, else a *catalog.ArgError
	}{
		{name: "snake", tool: "users_get", in: map[string]any{"user_id": "u1"}, want: map[string]any{"user_id": "u1"}},
		{name: "camel", tool: "users_get", in: map[string]any{"userId": "u1"}, want: map[string]any{"user_id": "u1"}},
		{name: "acronym", tool: "users_get", in: map[string]any{"userID": "u1"}, want: map[string]any{"user_id": "u1"}},
		{name: "dollar id", tool: "users_get", in: map[string]any{"$id": "u1"}, want: map[string]any{"user_id": "u1"}},
		{name: "bare id", tool: "users_get", in: map[string]any{"id": "u1"}, want: map[string]any{"user_id": "u1"}},
		{name: "same value twice is still two spellings", tool: "users_get", in: map[string]any{"id": "u1", "userId": "u1"}, wantErr: "name the same parameter", dup: true},
		{name: "conflict", tool: "users_get", in: map[string]any{"user_id": "u1", "userId": "u2"}, wantErr: `"userId" and "user_id" in arguments name the same parameter`, dup: true},
		{name: "unknown with nearest", tool: "users_create", in: map[string]any{"user_id": "u1", "emial": "a@b.c"}, wantErr: `did you mean "email"`},
		{name: "unknown lists allowed", tool: "users_create", in: map[string]any{"colour": "x"}, wantErr: "Allowed: user_id, email, phone, password, name"},
		{name: "ambiguous bare id", tool: "tables_db_list_rows", in: map[string]any{"id": "x"}, wantErr: "ambiguous bare id"},
		{name: "no params", tool: "account_get", in: map[string]any{"x": 1}, wantErr: "takes no arguments"},
		{
			name: "values untouched", tool: "tables_db_create_row",
			in:   map[string]any{"databaseId": "d", "tableId": "t", "rowId": "r", "data": map[string]any{"a": 1.0}},
			want: map[string]any{"database_id": "d", "table_id": "t", "row_id": "r", "data": map[string]any{"a": 1.0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalizeArguments(toolByName(t, tt.tool), tt.in)
			if tt.wantErr != "" {
				var dup *strictjson.DuplicateKeyError
				var ae *catalog.ArgError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || errors.As(err, &dup) != tt.dup || (!tt.dup && !errors.As(err, &ae)) {
					t.Fatalf("err = %#v, want %q (duplicate: %v)", err, tt.wantErr, tt.dup)
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

func TestDecodeCall(t *testing.T) {
	deep := strings.Repeat(`{"a":`, strictjson.MaxDepth+2) + `1` + strings.Repeat(`}`, strictjson.MaxDepth+2)
	tests := []struct {
		in      string
		want    map[string]any
		wantErr string
	}{
		{in: ``, want: map[string]any{}},
		{in: `null`, want: map[string]any{}},
		{in: ` {"a":1} `, want: map[string]any{"a": 1.0}},
		{in: `{"a":{"b":[1,{"c":null}]}}`, want: map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": nil}}}}},
		{in: `{"a":1,"a":1}`, wantErr: `the key "a" appears more than once`},
		{in: `{"a":{"b":1,"b":2}}`, wantErr: `the key "b" appears more than once in a`},
		{in: `{"a":[{"b":1},{"b":1,"b":2}]}`, wantErr: `appears more than once in a[1]`},
		{in: `{"a":1} {"b":2}`, wantErr: "unexpected data after"},
		{in: `{"a":1`, wantErr: "not valid JSON"},
		{in: `{"a":[1`, wantErr: "not valid JSON"},
		{in: `[1,2]`, wantErr: "must be a JSON object"},
		{in: `"{}"`, wantErr: "must be a JSON object"},
		{in: deep, wantErr: "nested deeper than"},
	}
	for _, tt := range tests {
		got, err := decodeCall(json.RawMessage(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("decodeCall(%.40s) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("decodeCall(%s) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestObjectArg(t *testing.T) {
	tests := []struct {
		in      any
		want    map[string]any
		wantErr string
	}{
		{in: nil, want: map[string]any{}},
		{in: map[string]any{"a": 1.0}, want: map[string]any{"a": 1.0}},
		{in: `{"a":"b"}`, want: map[string]any{"a": "b"}},
		{in: `  `, want: map[string]any{}},
		{in: `not json`, wantErr: "arguments: not valid JSON"},
		{in: `{"user_id":"u"`, wantErr: "arguments: not valid JSON"},
		{in: `[1]`, wantErr: "must be a JSON object"},
		{in: `{"a":1,"a":2}`, wantErr: `"a" appears more than once in arguments`},
		{in: 42.0, wantErr: "must be a JSON object"},
		{in: []any{}, wantErr: "must be a JSON object"},
	}
	for _, tt := range tests {
		got, err := objectArg(tt.in, "arguments")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("objectArg(%v) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("objectArg(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalKeys(t *testing.T) {
	allowed, aliases := callToolArgs()
	tests := []struct {
		in      map[string]any
		want    map[string]any
		wantErr string
	}{
		{in: map[string]any{"toolName": "x", "ProjectID": "p"}, want: map[string]any{"tool_name": "x", "project_id": "p"}},
		{in: map[string]any{"tool": "x", "params": map[string]any{}}, want: map[string]any{"tool_name": "x", "arguments": map[string]any{}}},
		{in: map[string]any{"tool_name": "x", "name": "x"}, wantErr: `"name" and "tool_name" name the same parameter`},
		{in: map[string]any{"args": 1, "input": 1}, wantErr: "name the same parameter"},
		{in: map[string]any{"confirm_write": true, "confirmWrite": true}, wantErr: "name the same parameter"},
		{in: map[string]any{"tool_nam": "x"}, wantErr: `unknown argument "tool_nam"; allowed: tool_name, arguments, confirm_write, project_id, organization_id (did you mean "tool_name"?)`},
	}
	for _, tt := range tests {
		got, err := canonicalKeys(tt.in, allowed, aliases, "")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("canonicalKeys(%v) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("canonicalKeys(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestLiftTarget(t *testing.T) {
	users := toolByName(t, "users_get")
	tests := []struct {
		target, wantTarget string
		args, wantArgs     map[string]any
		wantErr            string
	}{
		{args: map[string]any{"projectId": "p", "user_id": "u"}, wantTarget: "p", wantArgs: map[string]any{"user_id": "u"}},
		{target: "p", args: map[string]any{"project_id": "p"}, wantTarget: "p", wantArgs: map[string]any{}},
		{target: "p", args: map[string]any{"project_id": "q"}, wantErr: "different values"},
		{args: map[string]any{"project_id": 1}, wantErr: "must be a string"},
		{args: map[string]any{"project_id": "p", "projectId": "p"}, wantErr: "name the same parameter"},
	}
	for _, tt := range tests {
		target := tt.target
		err := liftTarget(users, tt.args, "project_id", &target)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("liftTarget(%v) err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || target != tt.wantTarget || !reflect.DeepEqual(tt.args, tt.wantArgs) {
			t.Errorf("liftTarget: target %q args %v err %v", target, tt.args, err)
		}
	}
	// A tool with its own project_id parameter keeps it.
	for _, tool := range testCatalog(t).Tools() {
		if _, own := tool.Param("project_id"); !own {
			continue
		}
		args, target := map[string]any{"project_id": "p"}, ""
		if err := liftTarget(tool, args, "project_id", &target); err != nil || target != "" || args["project_id"] != "p" {
			t.Errorf("%s: own project_id lifted: %q %v %v", tool.Name, target, args, err)
		}
		break
	}
}

func TestConfirmFlag(t *testing.T) {
	tests := []struct {
		in      any
		want    bool
		problem bool
	}{
		{true, true, false},
		{false, false, false},
		{nil, false, false},
		{"true", false, true},
		{1.0, false, true},
		{"yes", false, true},
		{map[string]any{}, false, true},
	}
	for _, tt := range tests {
		got, problem := confirmFlag(tt.in)
		if got != tt.want || (problem != "") != tt.problem {
			t.Errorf("confirmFlag(%#v) = %v, %q", tt.in, got, problem)
		}
	}
}

func TestParseSearchArguments(t *testing.T) {
	tests := []struct {
		args    string
		wantErr string
		check   func(toolsearch.Request) bool
	}{
		{`{"query":"ab"}`, "at least 3", nil},
		{`{}`, "at least 3", nil},
		{`{"query":"list users","limit":50}`, "", func(r toolsearch.Request) bool { return r.Limit == 20 }},
		{`{"query":"list users","limit":0}`, "", func(r toolsearch.Request) bool { return r.Limit == 1 }},
		{`{"query":"list users"}`, "", func(r toolsearch.Request) bool { return r.Limit == 8 }},
		{`{"query":"list users","limit":2.5}`, "integer", nil},
		{`{"query":"list users","service_hints":"users, teams"}`, "", func(r toolsearch.Request) bool { return slices.Equal(r.ServiceHints, []string{"users", "teams"}) }},
		{`{"query":"list users","service_hints":["users"]}`, "", func(r toolsearch.Request) bool { return slices.Equal(r.ServiceHints, []string{"users"}) }},
		{`{"query":"list users","service_hints":5}`, "service_hints", nil},
		{`{"query":"list users","include_mutating":"true"}`, "", func(r toolsearch.Request) bool { return r.IncludeMutating != nil && *r.IncludeMutating }},
		{`{"query":"list users","include_mutating":7}`, "boolean", nil},
		{`{"query":"list users","argument_hints":"{\"userId\":\"u\"}"}`, "", func(r toolsearch.Request) bool { return r.ArgumentHints["userId"] == "u" }},
	}
	for _, tt := range tests {
		args, err := decodeCall(json.RawMessage(tt.args))
		if err != nil {
			t.Fatalf("decodeCall(%s): %v", tt.args, err)
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
