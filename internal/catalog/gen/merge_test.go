package main

import (
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

func TestMergePrecedence(t *testing.T) {
	goMs := []spec.Method{
		{Source: spec.SourceGo, Service: "users", Name: "get", Verb: "GET", Path: "/users/{userId}"},
		{Source: spec.SourceGo, Service: "users", Name: "list", Verb: "GET", Path: "/users"},
	}
	tests := []struct {
		name      string
		console   []spec.Method
		wantNames []string
		wantErr   string
		shared    int
	}{
		{
			name: "same method under another param name and tool name: the Go SDK's wins",
			console: []spec.Method{
				{Source: spec.SourceConsole, Service: "users", Name: "get_user", Verb: "GET", Path: "/users/{id}"},
			},
			wantNames: []string{"users_get", "users_list"}, shared: 1,
		},
		{
			name: "console-only methods are added, in shared and new services",
			console: []spec.Method{
				{Source: spec.SourceConsole, Service: "users", Name: "list_labels", Verb: "GET", Path: "/users/labels"},
				{Source: spec.SourceConsole, Service: "projects", Name: "create_key", Verb: "POST", Path: "/projects/{projectId}/keys"},
			},
			wantNames: []string{"projects_create_key", "users_get", "users_list", "users_list_labels"},
		},
		{
			name: "another method under a taken tool name is an error",
			console: []spec.Method{
				{Source: spec.SourceConsole, Service: "users", Name: "list", Verb: "POST", Path: "/users/list"},
			},
			wantErr: "would reuse the tool name",
		},
		{
			name: "same verb, different path is another method",
			console: []spec.Method{
				{Source: spec.SourceConsole, Service: "users", Name: "get_prefs", Verb: "GET", Path: "/users/{userId}/prefs"},
			},
			wantNames: []string{"users_get", "users_get_prefs", "users_list"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, st, err := merge(goMs, tt.console)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range ms {
				names = append(names, toolName(m))
			}
			if strings.Join(names, ",") != strings.Join(tt.wantNames, ",") || st.shared != tt.shared {
				t.Fatalf("names %v shared %d, want %v shared %d", names, st.shared, tt.wantNames, tt.shared)
			}
		})
	}
}

func TestFinalize(t *testing.T) {
	ms := []spec.Method{
		{
			Source: spec.SourceConsole, Service: "projects", Name: "get_key", SDKMethod: "getKey", Verb: "GET", Path: "/projects/{projectId}/keys/{keyId}",
			Description: "get a key by its unique ID", Params: []spec.MethodParam{
				{Name: "project_id", Wire: "projectId", In: spec.InPath, Type: "string", Required: true, Description: "Project unique ID."},
				{Name: "key_id", Wire: "keyId", In: spec.InPath, Type: "string", Required: true, Description: "Key unique ID."},
			},
		},
		{
			Source: spec.SourceConsole, Service: "projects", Name: "old", SDKMethod: "old", Verb: "GET", Path: "/old", Deprecated: true, ReplacedBy: "projects_get_key",
			Description: "Old way.",
		},
		{Source: spec.SourceConsole, Service: "projects", Name: "gone", SDKMethod: "gone", Verb: "GET", Path: "/gone", Deprecated: true, ReplacedBy: "projects_nowhere"},
	}
	if err := finalize(ms); err != nil {
		t.Fatal(err)
	}
	if got := ms[0].Description; got != "Get a key by its unique ID. [GET /projects/{projectId}/keys/{keyId}]" {
		t.Errorf("description = %q", got)
	}
	// "Project unique ID." is too short to help: it becomes what the ID
	// belongs to, then the path-value rule.
	if got := ms[0].Params[0].Description; !strings.HasPrefix(got, "Project ID of the key. An Appwrite ID (path parameter)") {
		t.Errorf("path parameter description = %q", got)
	}
	if got := ms[1].Description; got != "Deprecated: use projects_get_key. Old way. [GET /old]" {
		t.Errorf("deprecated description = %q", got)
	}
	if ms[2].ReplacedBy != "" || !strings.HasPrefix(ms[2].Description, "Deprecated. Calls gone.") {
		t.Errorf("unknown replacement kept: %+v", ms[2])
	}
	bad := []spec.Method{{
		Source: spec.SourceConsole, Service: "x", Name: "Bad-Name", Verb: "GET", Path: "/x",
		Params: []spec.MethodParam{{Name: "a", Wire: "a", In: "header", Type: "string", Description: "A value of some kind."}},
	}}
	if err := finalize(bad); err == nil || !strings.Contains(err.Error(), "not ^[a-z0-9_]") || !strings.Contains(err.Error(), "location") {
		t.Errorf("finalize(bad) = %v", err)
	}
}
