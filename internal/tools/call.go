package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/spell"
	"github.com/appwrite/appwrite-mcp/internal/strictjson"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// callRequest is a parsed call of one catalog tool.
type callRequest struct {
	tool           *catalog.Tool
	args           map[string]any // the tool's own arguments, keys as given
	confirmWrite   bool
	confirmProblem string // confirm_write was given but is not the JSON boolean true
	projectID      string
	organizationID string
}

// callToolArgs returns the arguments of appwrite_call_tool and their aliases.
func callToolArgs() ([]string, map[string]string) {
	return []string{"tool_name", "arguments", "confirm_write", "project_id", "organization_id"},
		map[string]string{"name": "tool_name", "tool": "tool_name", "args": "arguments", "params": "arguments", "input": "arguments"}
}

func (s *service) handleCall(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
	raw, err := decodeCall(req.Params.Arguments)
	if err != nil {
		return toolError(ToolCallTool + ": " + err.Error() + ". Nothing was sent.")
	}
	allowed, aliases := callToolArgs()
	args, err := canonicalKeys(raw, allowed, aliases, "")
	if err != nil {
		return toolError(ToolCallTool + ": " + err.Error() + ". The called tool's own arguments go inside \"arguments\". Nothing was sent.")
	}
	name, err := stringArg(args, "tool_name")
	if err != nil || name == "" {
		return toolError(ToolCallTool + ": tool_name is required: the exact name of a tool from " + ToolSearchTools + ".")
	}
	t, ok := s.lookup(name)
	if !ok {
		near := spell.Closest(name, s.visible, 3)
		shown := text.Cut(name, 80)
		return shape.Error(fmt.Sprintf("Unknown tool %q. Closest tool names: %s. Use %s to find the right tool.",
			shown, strings.Join(near, ", "), ToolSearchTools), map[string]any{"unknown_tool": shown, "suggestions": near}), callInfo{outcome: OutcomeToolError}
	}
	toolArgs, err := objectArg(args["arguments"], "arguments")
	if err != nil {
		return toolError(ToolCallTool + ": " + err.Error() + ". Nothing was sent.")
	}
	cr := callRequest{tool: t, args: toolArgs}
	cr.confirmWrite, cr.confirmProblem = confirmFlag(args["confirm_write"])
	if cr.projectID, err = stringArg(args, "project_id"); err == nil {
		cr.organizationID, err = stringArg(args, "organization_id")
	}
	if err != nil {
		return toolError(ToolCallTool + ": " + err.Error() + ". Nothing was sent.")
	}
	return s.run(ctx, req, cr)
}

// lookup finds a catalog tool by exact or snake_case name.
func (s *service) lookup(name string) (*catalog.Tool, bool) {
	if t, ok := s.opts.Catalog.Lookup(name); ok {
		return t, true
	}
	return s.opts.Catalog.Lookup(catalog.SnakeKey(name))
}

// confirmFlag reads confirm_write: only the JSON boolean true confirms.
func confirmFlag(v any) (confirmed bool, problem string) {
	switch x := v.(type) {
	case bool:
		return x, ""
	case nil:
		return false, ""
	}
	return false, fmt.Sprintf("confirm_write must be the JSON boolean true (got %s).", text.Cut(fmt.Sprintf("%#v", v), 40))
}

// run applies the guards, in this order, and dispatches: read-only mode,
// argument normalisation, the write confirmation, the target, the token.
// Nothing is sent upstream unless every guard passes.
func (s *service) run(ctx context.Context, req *mcp.CallToolRequest, cr callRequest) (*mcp.CallToolResult, callInfo) {
	t := cr.tool
	res, info, args, target := s.guard(ctx, req, &cr)
	if res != nil {
		info.tool = t.Name
		return res, info
	}
	tok := token(req)
	if target.ProjectID != "" {
		target.Endpoint = s.regions.Endpoint(ctx, tok, subject(req), target.ProjectID)
	}
	start := time.Now()
	sess := s.opts.Factory.NewSession(tok, target)
	defer sess.Close()
	resp, err := t.Invoke(ctx, sess, args)
	s.log.DebugContext(ctx, "tool call", "tool", t.Name, "class", string(t.Class), "project", target.ProjectID,
		"organization", target.OrganizationID, "regional", target.Endpoint != "", "duration", time.Since(start), "error", err != nil)
	if err != nil {
		outcome := OutcomeUpstreamError
		var ae *catalog.ArgError
		if errors.As(err, &ae) {
			outcome = OutcomeToolError
		}
		return shape.CallError(t, target, err), callInfo{tool: t.Name, outcome: outcome}
	}
	return s.shape.Response(t.Name, resp), callInfo{tool: t.Name, outcome: OutcomeOK}
}

// guard checks a call before anything is sent. It returns a result when the
// call must stop there (an input-required result when the person is asked
// to confirm a write), else the normalised arguments and the target.
func (s *service) guard(ctx context.Context, req *mcp.CallToolRequest, cr *callRequest) (*mcp.CallToolResult, callInfo, map[string]any, appwrite.Target) {
	t := cr.tool
	stop := func(res *mcp.CallToolResult, info callInfo) (*mcp.CallToolResult, callInfo, map[string]any, appwrite.Target) {
		return res, info, nil, appwrite.Target{}
	}
	if !s.offers(t) {
		return stop(refused(fmt.Sprintf("%s is a %s tool and this connection is read-only (MCP_READ_ONLY or X-Appwrite-MCP-Read-Only): it cannot be called. Nothing was sent.", t.Name, t.Class), nil))
	}
	err := liftTarget(t, cr.args, "project_id", &cr.projectID)
	if err == nil {
		err = liftTarget(t, cr.args, "organization_id", &cr.organizationID)
	}
	if err != nil {
		return stop(toolError(t.Name + ": " + err.Error() + ". Nothing was sent."))
	}
	args, err := normalizeArguments(t, cr.args)
	if err != nil {
		var dup *strictjson.DuplicateKeyError
		if errors.As(err, &dup) {
			return stop(toolError(t.Name + ": " + err.Error() + ". Nothing was sent."))
		}
		res := shape.CallError(t, appwrite.Target{}, err)
		return stop(res, callInfo{outcome: OutcomeToolError})
	}
	via := confirm.ViaFlag
	if t.Class != catalog.Read {
		via = s.confirmVia(req)
	}
	switch {
	case t.Class != catalog.Read && via == confirm.ViaFlag && !cr.confirmWrite:
		return stop(unconfirmed(t, cr.confirmProblem))
	case via == confirm.ViaRefused:
		return stop(refused(confirm.CannotAsk(t.Name, string(t.Class)), map[string]any{"tool": t.Name, "needs": "elicitation"}))
	}
	target, res := targetFor(t, cr)
	if res != nil {
		return stop(res, callInfo{outcome: OutcomeRefused})
	}
	if token(req) == "" {
		return stop(toolError(errNoToken))
	}
	if t.Class != catalog.Read && via == confirm.ViaPerson {
		if res, info := s.askPerson(ctx, req, t, args, target); res != nil {
			return stop(res, info)
		}
	}
	return nil, callInfo{}, args, target
}

func unconfirmed(t *catalog.Tool, problem string) (*mcp.CallToolResult, callInfo) {
	msg := fmt.Sprintf("%s is a %s tool. Nothing was sent. First tell the user exactly what will change (tool, target project, arguments) and get their confirmation; "+
		"then call again with confirm_write: true.", t.Name, t.Class)
	if t.Class == catalog.Destructive {
		msg += " This deletes data and cannot be undone."
	}
	if problem != "" {
		msg += " " + problem
	}
	return refused(msg, map[string]any{"tool": t.Name, "class": string(t.Class), "needs": "confirm_write"})
}

// targetFor checks the call's project and organization against the tool's
// scope and returns the target, or a result refusing the call.
func targetFor(t *catalog.Tool, cr *callRequest) (appwrite.Target, *mcp.CallToolResult) {
	target := appwrite.Target{OrganizationID: cr.organizationID}
	if cr.organizationID != "" && !appwrite.ValidID(cr.organizationID) {
		return target, shape.Error(fmt.Sprintf("organization_id %q is not a valid Appwrite ID (letters, digits, '.', '_', '-'; at most 36). Nothing was sent.", text.Cut(cr.organizationID, 40)), nil)
	}
	switch t.Scope {
	case catalog.ScopeProject, catalog.ScopeEither:
		if cr.projectID == "" && t.Scope == catalog.ScopeProject {
			return target, shape.Error(fmt.Sprintf("%s acts inside a project: pass project_id. Call %s to see the user's projects and their IDs. Nothing was sent.", t.Name, ToolGetContext),
				map[string]any{"tool": t.Name, "needs": "project_id"})
		}
		if cr.projectID != "" && !appwrite.ValidID(cr.projectID) {
			return target, shape.Error(fmt.Sprintf("project_id %q is not a valid Appwrite ID (letters, digits, '.', '_', '-'; at most 36). Nothing was sent.", text.Cut(cr.projectID, 40)), nil)
		}
		target.ProjectID = cr.projectID
	case catalog.ScopeConsole:
		// Console tools act on the signed-in user's console, never inside a
		// project: a project_id would switch Appwrite to that project's users.
	}
	return target, nil
}
