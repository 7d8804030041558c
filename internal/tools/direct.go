package tools

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/strictjson"
)

// directTool is the MCP tool for a catalog entry listed directly: its
// schema plus the target and confirmation properties; confirmation is the
// server's MCP_WRITE_CONFIRMATION.
func directTool(t *catalog.Tool, confirmation string) (*mcp.Tool, error) {
	prop := func(name, typ, desc string, required bool) catalog.Extra {
		return catalog.Extra{Name: name, Schema: map[string]any{"type": typ, "description": desc}, Required: required}
	}
	var extra []catalog.Extra
	switch t.Scope {
	case catalog.ScopeProject:
		extra = append(extra, prop("project_id", "string", "Target project (required; see "+ToolGetContext+").", true))
	case catalog.ScopeEither:
		extra = append(extra, prop("project_id", "string", "Target project (optional; see "+ToolGetContext+").", false))
	}
	extra = append(extra, prop("organization_id", "string", "Target organization, sent as X-Appwrite-Organization (optional).", false))
	if t.Class != catalog.Read && confirmation != config.ConfirmElicit {
		extra = append(extra, prop("confirm_write", "boolean", "Must be true, after the user confirmed this exact change.", false))
	}
	raw, err := t.InputSchemaWith(extra)
	if err != nil {
		return nil, fmt.Errorf("tools: %w", err)
	}
	desc := t.Description
	if t.Class != catalog.Read {
		desc += "\n\n" + confirm.ToolNote(confirmation)
	}
	return &mcp.Tool{Name: t.Name, Title: t.Title(), Description: desc, InputSchema: raw, Annotations: t.Annotations()}, nil
}

// directHandler calls a catalog tool listed directly: its own arguments
// sit next to project_id, organization_id and confirm_write (any spelling
// of those, once).
func (s *service) directHandler(t *catalog.Tool) handler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
		args, err := decodeCall(req.Params.Arguments)
		if err != nil {
			return toolError(t.Name + ": " + err.Error() + ". Nothing was sent.")
		}
		cr := callRequest{tool: t, args: args}
		seen := ""
		for _, k := range sortedKeys(args) {
			if catalog.SnakeKey(k) != "confirm_write" {
				continue
			}
			if _, own := t.Param("confirm_write"); own {
				break
			}
			if seen != "" {
				return toolError(t.Name + ": " + (&strictjson.DuplicateKeyError{Key: k, First: seen}).Error() + ". Nothing was sent.")
			}
			seen = k
			cr.confirmWrite, cr.confirmProblem = confirmFlag(args[k])
			delete(args, k)
		}
		return s.run(ctx, req, cr)
	}
}
