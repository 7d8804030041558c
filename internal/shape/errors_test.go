package shape_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/shape"
)

var (
	readTool  = &catalog.Tool{Name: "users_get", Service: "users", Class: catalog.Read, Scope: catalog.ScopeProject}
	writeTool = &catalog.Tool{Name: "users_create", Service: "users", Class: catalog.Write, Scope: catalog.ScopeProject}
)

func TestCallErrorFromAppwrite(t *testing.T) {
	tests := []struct {
		status int
		typ    string
		tool   *catalog.Tool
		want   string
	}{
		{401, "general_unauthorized_scope", readTool, "lacks a scope"},
		{401, "general_access_forbidden", readTool, "another region"},
		{403, "user_unauthorized", readTool, "role on project p1"},
		{404, "user_not_found", readTool, `search e.g. "list users"`},
		{409, "user_already_exists", writeTool, "already exists"},
		{429, "general_rate_limit_exceeded", readTool, "wait before retrying"},
		{500, "general_server_error", readTool, "may be retried"},
		{503, "general_service_unavailable", readTool, "may be retried"},
		{502, "general_bad_gateway", writeTool, "check with a read tool before retrying"},
		{400, "general_argument_invalid", readTool, "fix the arguments"},
		{418, "teapot", readTool, "adjust the request"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status, tt.typ), func(t *testing.T) {
			err := fmt.Errorf("appwrite: GET /users/u: %w", &appwrite.APIError{Status: tt.status, Type: tt.typ, Message: "upstream says no"})
			res := shape.CallError(tt.tool, appwrite.Target{ProjectID: "p1"}, err)
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("not an error: %s", text)
			}
			for _, w := range []string{fmt.Sprintf("HTTP %d", tt.status), tt.typ, "upstream says no", tt.tool.Name, "Next step", tt.want} {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			if s := structured(res); !strings.Contains(s, fmt.Sprintf(`"status":%d`, tt.status)) || !strings.Contains(s, `"next_step"`) {
				t.Errorf("structured = %s", s)
			}
		})
	}
	res := shape.CallError(readTool, appwrite.Target{}, &appwrite.APIError{Status: 500})
	if !strings.Contains(resultText(res), "(unknown)") || !strings.Contains(resultText(res), "(no message)") {
		t.Errorf("empty error: %s", resultText(res))
	}
}

func TestCallErrorOtherFailures(t *testing.T) {
	tests := []struct {
		name string
		tool *catalog.Tool
		err  error
		want []string
		not  []string
	}{
		{"argument error", readTool, &catalog.ArgError{Param: "user_id", Problem: "expected string, got number"}, []string{"Invalid arguments for users_get", "expected string", "Nothing was sent"}, nil},
		{"path value", readTool, fmt.Errorf("x: %w", &appwrite.PathParamError{Name: "userId", Value: "../x", Problem: "not allowed"}), []string{"Invalid arguments", "userId", "Nothing was sent"}, nil},
		{"too large", readTool, fmt.Errorf("x: %w", appwrite.ErrResponseTooLarge), []string{"larger than this server accepts", "limit(25)"}, nil},
		{"read timeout", readTool, fmt.Errorf("x: %w", context.DeadlineExceeded), []string{"timed out"}, []string{"may or may not"}},
		{"write timeout", writeTool, fmt.Errorf("x: %w", context.DeadlineExceeded), []string{"timed out", "may or may not have happened"}, nil},
		{"write cancelled", writeTool, context.Canceled, []string{"cancelled", "may or may not have happened"}, nil},
		{"transport", readTool, errors.New("dial tcp: connection refused"), []string{"Could not complete the call to Appwrite: dial tcp: connection refused."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := shape.CallError(tt.tool, appwrite.Target{}, tt.err)
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("not an error: %s", text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("text has %q: %s", w, text)
				}
			}
		})
	}
}

func TestNextStepNamesTheProject(t *testing.T) {
	e := &appwrite.APIError{Status: 403, Type: "user_unauthorized"}
	if s := shape.NextStep(readTool, "", e); !strings.Contains(s, "on this resource") {
		t.Errorf("console: %s", s)
	}
	if s := shape.NextStep(readTool, "shop", e); !strings.Contains(s, "on project shop") {
		t.Errorf("project: %s", s)
	}
}
