package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

type registered struct {
	tool    *mcp.Tool
	handler handler
}

func boolPtr(b bool) *bool { return &b }

func (s *service) operatorTools() []registered {
	callDesc := "Call one Appwrite API tool found with " + ToolSearchTools + ". Pass tool_name, arguments (an object; a JSON string of one also works), " +
		"project_id for project-scoped tools (from " + ToolGetContext + "), organization_id for organization-level calls."
	if s.opts.ReadOnly {
		callDesc += " This server is read-only: only read tools can be called."
	} else {
		callDesc += " Write and destructive tools need confirm_write: true, sent only after the user confirmed that exact change; without it nothing is sent."
	}
	callAnn := &mcp.ToolAnnotations{Title: "Call an Appwrite tool", ReadOnlyHint: s.opts.ReadOnly, OpenWorldHint: boolPtr(true)}
	if !s.opts.ReadOnly {
		callAnn.DestructiveHint = boolPtr(true)
	}
	return []registered{
		{
			tool: &mcp.Tool{
				Name: ToolGetContext,
				Description: "Start here. Shows the signed-in Appwrite account, its organizations and their projects (ids, names, regions), " +
					"so you can choose the project_id for project-scoped tools. For the project in view (project_id given, or the only one) it also shows what is inside: " +
					"totals of databases, storage buckets, functions, sites, users, teams, messaging topics and providers, platforms and API keys (never key secrets), " +
					"each with a ready \"call\" (tool_name and arguments for " + ToolCallTool + "). service_detail \"samples\" adds up to sample_limit ids and names per service, and each database's tables. " +
					"A service that cannot be read shows its error inline.",
				InputSchema: json.RawMessage(`{"type":"object","properties":{` +
					`"project_id":{"type":"string","description":"Only this project, with more detail and its services."},` +
					`"organization_id":{"type":"string","description":"Only this organization (team) and its projects."},` +
					`"include_services":{"type":"boolean","description":"Show what is inside the projects in view (at most 5). Default: on when one project is in view."},` +
					`"service_detail":{"type":"string","enum":["totals","samples"],"default":"totals","description":"totals: counts only; samples: also ids and names (and each database's tables)."},` +
					`"sample_limit":{"type":"integer","minimum":1,"maximum":25,"default":5,"description":"Items per service with service_detail samples (1-25, default 5)."}},` +
					`"additionalProperties":false}`),
				Annotations: &mcp.ToolAnnotations{Title: "Appwrite context", ReadOnlyHint: true, OpenWorldHint: boolPtr(true)},
			},
			handler: s.handleGetContext,
		},
		{
			tool: &mcp.Tool{
				Name: ToolSearchTools,
				Description: "Find Appwrite API tools for a task. Returns ranked matches with name, service, class (read/write/destructive), " +
					"context (project/console/either), required and missing parameters and a typed parameter list. " +
					"Write tools are included when the query asks for a change (create, update, delete, ...) or include_mutating is true; " +
					"a query naming no change still lists the writes that fit it best, ranked low.",
				InputSchema: json.RawMessage(`{"type":"object","properties":{` +
					`"query":{"type":"string","minLength":3,"description":"What to do, in plain words, e.g. \"list rows in a table\"."},` +
					`"service_hints":{"type":"array","items":{"type":"string"},"description":"Services to prefer, e.g. [\"tables_db\"] or [\"users\",\"teams\"]."},` +
					`"argument_hints":{"type":"object","description":"Arguments you already have, e.g. {\"database_id\":\"main\"}; tools they satisfy rank higher."},` +
					`"include_mutating":{"type":"boolean","description":"Include write and destructive tools. Default: when the query asks for a change; a query naming none still shows the writes that fit it best; false hides them all."},` +
					`"limit":{"type":"integer","minimum":1,"maximum":20,"default":8,"description":"Number of matches (1-20, default 8)."}},` +
					`"required":["query"],"additionalProperties":false}`),
				Annotations: &mcp.ToolAnnotations{Title: "Search Appwrite tools", ReadOnlyHint: true, OpenWorldHint: boolPtr(false)},
			},
			handler: s.handleSearch,
		},
		{
			tool: &mcp.Tool{
				Name:        ToolCallTool,
				Description: callDesc,
				InputSchema: json.RawMessage(`{"type":"object","properties":{` +
					`"tool_name":{"type":"string","description":"Exact tool name from ` + ToolSearchTools + `, e.g. \"tables_db_list_rows\"."},` +
					`"arguments":{"type":"object","description":"The tool's arguments as an object (snake_case or camelCase keys)."},` +
					`"confirm_write":{"type":"boolean","description":"Must be true to run a write or destructive tool, after the user confirmed the exact change."},` +
					`"project_id":{"type":"string","description":"Target project for project-scoped tools."},` +
					`"organization_id":{"type":"string","description":"Target organization, sent as X-Appwrite-Organization."}},` +
					`"required":["tool_name"],"additionalProperties":false}`),
				Annotations: callAnn,
			},
			handler: s.handleCall,
		},
	}
}

// ---- appwrite_search_tools ----

func (s *service) handleSearch(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
	raw, err := decodeCall(req.Params.Arguments)
	if err == nil {
		raw, err = canonicalKeys(raw, []string{"query", "service_hints", "argument_hints", "include_mutating", "limit"},
			map[string]string{
				"q": "query", "services": "service_hints", "service": "service_hints", "service_hint": "service_hints",
				"arguments": "argument_hints", "argument_hint": "argument_hints", "args": "argument_hints",
			}, "")
	}
	if err != nil {
		return toolError(ToolSearchTools + ": " + err.Error() + ".")
	}
	sr, err := parseSearch(raw)
	if err != nil {
		return toolError(ToolSearchTools + ": " + err.Error())
	}
	sr.ReadOnly = s.opts.ReadOnly
	return s.shape.JSON(s.index.Search(sr)), callInfo{outcome: OutcomeOK}
}

func parseSearch(args map[string]any) (toolsearch.Request, error) {
	sr := toolsearch.Request{Limit: 8}
	q, err := stringArg(args, "query")
	if err != nil {
		return sr, err
	}
	if len([]rune(q)) < 3 {
		return sr, fmt.Errorf("query must be at least 3 characters, e.g. \"list users\" or \"create bucket\"")
	}
	if len(q) > 500 {
		q = q[:500]
	}
	sr.Query = q
	hints, err := serviceHints(args["service_hints"])
	if err != nil {
		return sr, err
	}
	sr.ServiceHints = hints
	if v := args["argument_hints"]; v != nil {
		m, err := objectArg(v, "argument_hints")
		if err != nil {
			return sr, fmt.Errorf("argument_hints must be an object of argument names to values")
		}
		sr.ArgumentHints = m
	}
	switch v := args["include_mutating"].(type) {
	case nil:
	case bool:
		sr.IncludeMutating = &v
	case string:
		if v != "true" && v != "false" {
			return sr, fmt.Errorf("include_mutating must be a boolean")
		}
		b := v == "true"
		sr.IncludeMutating = &b
	default:
		return sr, fmt.Errorf("include_mutating must be a boolean")
	}
	if v := args["limit"]; v != nil {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) {
			return sr, fmt.Errorf("limit must be an integer from 1 to 20")
		}
		sr.Limit = min(max(int(f), 1), 20)
	}
	return sr, nil
}

// serviceHints reads service_hints: a string ("users, teams") or an array.
func serviceHints(v any) ([]string, error) {
	var many []string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		many = strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' })
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("service_hints must be a string or an array of strings")
			}
			many = append(many, s)
		}
	default:
		return nil, fmt.Errorf("service_hints must be a string or an array of strings")
	}
	if len(many) > 20 {
		many = many[:20]
	}
	return many, nil
}
