package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

type registered struct {
	tool    *mcp.Tool
	handler mcp.ToolHandler
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
					"so you can choose the project_id for project-scoped tools. Optional project_id or organization_id narrow it and add detail.",
				InputSchema: json.RawMessage(`{"type":"object","properties":{` +
					`"project_id":{"type":"string","description":"Only this project, with more detail."},` +
					`"organization_id":{"type":"string","description":"Only this organization (team) and its projects."}},` +
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
					"Write tools are included when the query asks for a change (create, update, delete, ...) or include_mutating is true.",
				InputSchema: json.RawMessage(`{"type":"object","properties":{` +
					`"query":{"type":"string","minLength":3,"description":"What to do, in plain words, e.g. \"list rows in a table\"."},` +
					`"service_hints":{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}],"description":"Services to prefer, e.g. \"tables_db\" or [\"users\",\"teams\"]."},` +
					`"argument_hints":{"type":"object","description":"Arguments you already have, e.g. {\"database_id\":\"main\"}; tools they satisfy rank higher."},` +
					`"include_mutating":{"type":"boolean","description":"Include write and destructive tools. Default: only when the query asks for a change."},` +
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
					`"arguments":{"type":["object","string"],"description":"The tool's arguments as an object (snake_case or camelCase keys), or a JSON string of one."},` +
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

func (s *service) handleSearch(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	args, err := rawArgs(req.Params.Arguments, []string{"query", "service_hints", "argument_hints", "include_mutating", "limit"},
		map[string]string{
			"q": "query", "services": "service_hints", "service": "service_hints", "service_hint": "service_hints",
			"arguments": "argument_hints", "argument_hint": "argument_hints", "args": "argument_hints",
		})
	if err != nil {
		return errorResult(ToolSearchTools+": "+err.Error()+".", nil), nil
	}
	sr, err := parseSearch(args)
	if err != nil {
		return errorResult(ToolSearchTools+": "+err.Error(), nil), nil
	}
	sr.ReadOnly = s.opts.ReadOnly
	return s.shape.jsonResult(s.index.search(sr)), nil
}

func parseSearch(args map[string]json.RawMessage) (searchRequest, error) {
	sr := searchRequest{Limit: 8}
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
	if v, ok := args["service_hints"]; ok && string(v) != "null" {
		var one string
		var many []string
		switch {
		case json.Unmarshal(v, &one) == nil:
			many = strings.FieldsFunc(one, func(r rune) bool { return r == ',' || r == ' ' })
		case json.Unmarshal(v, &many) == nil:
		default:
			return sr, fmt.Errorf("service_hints must be a string or an array of strings")
		}
		if len(many) > 20 {
			many = many[:20]
		}
		sr.ServiceHints = many
	}
	if v, ok := args["argument_hints"]; ok && string(v) != "null" {
		m, err := decodeArguments(v)
		if err != nil {
			return sr, fmt.Errorf("argument_hints must be an object of argument names to values")
		}
		sr.ArgumentHints = m
	}
	if v, ok := args["include_mutating"]; ok && string(v) != "null" {
		var b bool
		if err := json.Unmarshal(v, &b); err != nil {
			var s string
			if json.Unmarshal(v, &s) != nil || (s != "true" && s != "false") {
				return sr, fmt.Errorf("include_mutating must be a boolean")
			}
			b = s == "true"
		}
		sr.IncludeMutating = &b
	}
	if v, ok := args["limit"]; ok && string(v) != "null" {
		var f float64
		if err := json.Unmarshal(v, &f); err != nil || f != float64(int(f)) {
			return sr, fmt.Errorf("limit must be an integer from 1 to 20")
		}
		sr.Limit = min(max(int(f), 1), 20)
	}
	return sr, nil
}

// ---- appwrite_call_tool ----

// callRequest is a parsed call of one catalog tool.
type callRequest struct {
	tool           *catalog.Tool
	args           map[string]any
	confirmWrite   bool
	confirmProblem string // confirm_write was given but is not the JSON boolean true
	projectID      string
	organizationID string
}

func (s *service) handleCall(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	args, err := rawArgs(req.Params.Arguments, []string{"tool_name", "arguments", "confirm_write", "project_id", "organization_id"},
		map[string]string{"name": "tool_name", "tool": "tool_name", "args": "arguments", "params": "arguments", "input": "arguments"})
	if err != nil {
		return errorResult(ToolCallTool+": "+err.Error()+". The called tool's own arguments go inside \"arguments\".", nil), nil
	}
	name, err := stringArg(args, "tool_name")
	if err != nil || name == "" {
		return errorResult(ToolCallTool+": tool_name is required: the exact name of a tool from "+ToolSearchTools+".", nil), nil
	}
	t, ok := s.byName[name]
	if !ok {
		t, ok = s.byName[snakeKey(name)]
	}
	if !ok {
		near := closest(name, s.visible, 3)
		shown := truncateForMessage(name, 80)
		return errorResult(fmt.Sprintf("Unknown tool %q. Closest tool names: %s. Use %s to find the right tool.",
			shown, strings.Join(near, ", "), ToolSearchTools), map[string]any{"unknown_tool": shown, "suggestions": near}), nil
	}
	toolArgs, err := decodeArguments(args["arguments"])
	if err != nil {
		return errorResult(ToolCallTool+": "+err.Error()+".", nil), nil
	}
	cr := callRequest{tool: t, args: toolArgs}
	if err := cr.readTargets(args); err != nil {
		return errorResult(ToolCallTool+": "+err.Error(), nil), nil
	}
	return s.run(ctx, req, cr), nil
}

// readTargets fills confirm_write, project_id and organization_id from the
// top-level arguments.
func (cr *callRequest) readTargets(args map[string]json.RawMessage) error {
	if v, ok := args["confirm_write"]; ok {
		switch strings.TrimSpace(string(v)) {
		case "true":
			cr.confirmWrite = true
		case "false", "null":
		default:
			cr.confirmProblem = "confirm_write must be the JSON boolean true (got " + truncateForMessage(string(v), 40) + ")."
		}
	}
	var err error
	if cr.projectID, err = stringArg(args, "project_id"); err != nil {
		return err
	}
	if cr.organizationID, err = stringArg(args, "organization_id"); err != nil {
		return err
	}
	return nil
}

func truncateForMessage(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// liftTarget moves a project_id/organization_id found among the tool
// arguments to the call target, when the tool has no parameter of that name.
func liftTarget(t *catalog.Tool, args map[string]any, key string, target *string) error {
	for _, p := range t.Params {
		if p.Name == key {
			return nil
		}
	}
	for k, v := range args {
		if snakeKey(k) != key {
			continue
		}
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s must be a string", key)
		}
		if *target != "" && *target != str {
			return fmt.Errorf("%s given twice with different values (%q and %q)", key, *target, str)
		}
		*target = str
		delete(args, k)
	}
	return nil
}

// run applies the guards, in this order, and dispatches: read-only mode,
// argument normalisation, the write confirmation, the target project, the
// token. Nothing is sent upstream unless every guard passes.
func (s *service) run(ctx context.Context, req *mcp.CallToolRequest, cr callRequest) *mcp.CallToolResult {
	t := cr.tool
	if s.opts.ReadOnly && t.Class != catalog.Read {
		return errorResult(fmt.Sprintf("%s is a %s tool and this server is read-only (MCP_READ_ONLY): it cannot be called. Nothing was sent.", t.Name, t.Class), nil)
	}
	if err := liftTarget(t, cr.args, "project_id", &cr.projectID); err != nil {
		return errorResult(t.Name+": "+err.Error()+". Nothing was sent.", nil)
	}
	if err := liftTarget(t, cr.args, "organization_id", &cr.organizationID); err != nil {
		return errorResult(t.Name+": "+err.Error()+". Nothing was sent.", nil)
	}
	args, err := normalizeArguments(t, cr.args)
	if err != nil {
		return callErrorResult(t, Target{}, err)
	}
	if t.Class != catalog.Read && !cr.confirmWrite {
		text := fmt.Sprintf("%s is a %s tool. Nothing was sent. First tell the user exactly what will change (tool, target project, arguments) and get their confirmation; "+
			"then call again with confirm_write: true.", t.Name, t.Class)
		if t.Class == catalog.Destructive {
			text += " This deletes data and cannot be undone."
		}
		if cr.confirmProblem != "" {
			text += " " + cr.confirmProblem
		}
		return errorResult(text, map[string]any{"tool": t.Name, "class": string(t.Class), "needs": "confirm_write"})
	}
	target := Target{OrganizationID: cr.organizationID}
	if cr.organizationID != "" && !validID(cr.organizationID) {
		return errorResult(fmt.Sprintf("organization_id %q is not a valid Appwrite ID (letters, digits, '.', '_', '-'; at most 36). Nothing was sent.", truncateForMessage(cr.organizationID, 40)), nil)
	}
	switch t.Scope {
	case catalog.ScopeProject, catalog.ScopeEither:
		if cr.projectID == "" && t.Scope == catalog.ScopeProject {
			return errorResult(fmt.Sprintf("%s acts inside a project: pass project_id. Call %s to see the user's projects and their IDs. Nothing was sent.", t.Name, ToolGetContext),
				map[string]any{"tool": t.Name, "needs": "project_id"})
		}
		if cr.projectID != "" && !validID(cr.projectID) {
			return errorResult(fmt.Sprintf("project_id %q is not a valid Appwrite ID (letters, digits, '.', '_', '-'; at most 36). Nothing was sent.", truncateForMessage(cr.projectID, 40)), nil)
		}
		target.ProjectID = cr.projectID
	case catalog.ScopeConsole:
		// Account-level tools act on the signed-in user, never inside a
		// project: a project_id would switch Appwrite to that project's users.
	}
	token := s.token(req)
	if token == "" {
		return errorResult(errNoToken, nil)
	}
	if target.ProjectID != "" {
		target.Endpoint = s.regions.endpoint(ctx, s.opts.Backend, token, subject(req), target.ProjectID)
	}
	start := s.opts.Now()
	conn := s.opts.Backend.Open(ctx, token, target)
	defer conn.Close()
	resp, err := conn.Invoke(ctx, t, args)
	s.log.DebugContext(ctx, "tool call", "tool", t.Name, "class", string(t.Class), "project", target.ProjectID,
		"organization", target.OrganizationID, "regional", target.Endpoint != "", "duration", time.Since(start), "error", err != nil)
	if err != nil {
		return callErrorResult(t, target, err)
	}
	return s.shape.response(t.Name, resp)
}

// ---- full surface: catalog tools listed directly ----

// directTool is the MCP tool for a catalog entry: its schema plus the
// target and confirmation properties.
func (s *service) directTool(t *catalog.Tool) (*mcp.Tool, error) {
	schema := map[string]any{}
	if len(t.InputSchema) > 0 {
		if err := json.Unmarshal(t.InputSchema, &schema); err != nil {
			return nil, fmt.Errorf("tools: schema of %s: %w", t.Name, err)
		}
	}
	schema["type"] = "object"
	props, _ := schema["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	addProp := func(name string, p map[string]any) {
		if _, taken := props[name]; !taken {
			props[name] = p
		}
	}
	switch t.Scope {
	case catalog.ScopeProject:
		addProp("project_id", map[string]any{"type": "string", "description": "Target project (required; see " + ToolGetContext + ")."})
		req, _ := schema["required"].([]any)
		schema["required"] = append(req, "project_id")
	case catalog.ScopeEither:
		addProp("project_id", map[string]any{"type": "string", "description": "Target project (optional; see " + ToolGetContext + ")."})
	}
	addProp("organization_id", map[string]any{"type": "string", "description": "Target organization, sent as X-Appwrite-Organization (optional)."})
	if t.Class != catalog.Read {
		addProp("confirm_write", map[string]any{"type": "boolean", "description": "Must be true, after the user confirmed this exact change."})
	}
	schema["properties"] = props
	raw, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("tools: schema of %s: %w", t.Name, err)
	}
	desc := t.Description
	if t.Class != catalog.Read {
		desc += "\n\nNeeds confirm_write: true after the user confirmed the change."
	}
	return &mcp.Tool{Name: t.Name, Title: t.Title(), Description: desc, InputSchema: json.RawMessage(raw), Annotations: t.Annotations()}, nil
}

func (s *service) directHandler(t *catalog.Tool) mcp.ToolHandler {
	hasParam := map[string]bool{}
	for _, p := range t.Params {
		hasParam[p.Name] = true
	}
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		args, err := decodeArguments(req.Params.Arguments)
		if err != nil {
			return errorResult(t.Name+": "+err.Error()+".", nil), nil
		}
		cr := callRequest{tool: t, args: args}
		for k, v := range args {
			key := snakeKey(k)
			if hasParam[key] {
				continue
			}
			switch key {
			case "confirm_write":
				if b, ok := v.(bool); ok && b {
					cr.confirmWrite = true
				} else if !ok && v != nil {
					cr.confirmProblem = "confirm_write must be the JSON boolean true."
				}
				delete(args, k)
			case "project_id", "organization_id":
				// lifted into the target by run
			}
		}
		return s.run(ctx, req, cr), nil
	}
}
