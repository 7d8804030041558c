package tools

import (
	"context"
	"encoding/json"
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
	raw, err := t.InputSchema()
	if err != nil {
		return nil, fmt.Errorf("tools: %w", err)
	}
	schema := map[string]any{}
	if err := json.Unmarshal(raw, &schema); err != nil {
		return nil, fmt.Errorf("tools: schema of %s: %w", t.Name, err)
	}
	delete(schema, "$schema") // some providers' schema subsets reject it; 2020-12 is the MCP default
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
	if t.Class != catalog.Read && confirmation != config.ConfirmElicit {
		addProp("confirm_write", map[string]any{"type": "boolean", "description": "Must be true, after the user confirmed this exact change."})
	}
	schema["properties"] = props
	raw, err = json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("tools: schema of %s: %w", t.Name, err)
	}
	desc := t.Description
	if t.Class != catalog.Read {
		desc += "\n\n" + confirm.ToolNote(confirmation)
	}
	return &mcp.Tool{Name: t.Name, Title: t.Title(), Description: desc, InputSchema: json.RawMessage(raw), Annotations: t.Annotations()}, nil
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
