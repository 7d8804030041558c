package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/inventory"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// handleGetContext answers appwrite_get_context: the account, its
// organizations and projects, and what is inside the projects in view
// (internal/inventory reads them).
func (s *service) handleGetContext(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
	cr, err := parseContext(req.Params.Arguments)
	if err != nil {
		return toolError(ToolGetContext + ": " + err.Error() + ".")
	}
	tok := token(req)
	if tok == "" {
		return toolError(errNoToken)
	}
	out, failure := inventory.Gather(ctx, inventory.Options{
		Catalog: s.opts.Catalog, Factory: s.opts.Factory, Router: s.regions, OAuthProjectID: s.opts.OAuthProjectID,
		Token: tok, Subject: subject(req),
	}, cr)
	if failure != nil {
		var ae *appwrite.APIError
		if errors.As(failure, &ae) {
			return shape.Error(fmt.Sprintf("Appwrite refused to show the account: HTTP %d (%s): %s\nNext step: the token may have expired or lack the account scope; reconnect and sign in again.",
				ae.Status, ae.Type, ae.Message), map[string]any{"error": map[string]any{"status": ae.Status, "type": ae.Type, "message": ae.Message}}), callInfo{outcome: OutcomeUpstreamError}
		}
		return shape.Error("Could not reach Appwrite to read the account: "+failure.Error(), nil), callInfo{outcome: OutcomeUpstreamError}
	}
	if s.opts.ReadOnly {
		out.Notes = append(out.Notes, "This server is read-only.")
	}
	out.NextSteps = "Use a project's $id as project_id with " + ToolCallTool + " for project tools. Under services, \"call\" is a ready set of " +
		ToolCallTool + " arguments that lists a service; \"next\" shows what is inside one item: add the item's $id as its id_argument. " +
		"Find other tools with " + ToolSearchTools + "."
	return s.shape.JSON(out), callInfo{outcome: OutcomeOK}
}

// parseContext reads the arguments of appwrite_get_context.
func parseContext(raw json.RawMessage) (inventory.Request, error) {
	cr := inventory.Request{SampleLimit: inventory.DefaultSampleLimit}
	args, err := decodeCall(raw)
	if err == nil {
		args, err = canonicalKeys(args, []string{"project_id", "organization_id", "include_services", "service_detail", "sample_limit"}, nil, "")
	}
	if err == nil {
		cr.ProjectID, err = stringArg(args, "project_id")
	}
	if err == nil {
		cr.OrganizationID, err = stringArg(args, "organization_id")
	}
	if err != nil {
		return cr, err
	}
	for _, id := range []string{cr.ProjectID, cr.OrganizationID} {
		if id != "" && !appwrite.ValidID(id) {
			return cr, fmt.Errorf("%q is not a valid Appwrite ID", text.Cut(id, 40))
		}
	}
	switch v := args["include_services"].(type) {
	case nil:
	case bool:
		cr.Services = &v
	default:
		return cr, errors.New("include_services must be the JSON boolean true or false")
	}
	detail, err := stringArg(args, "service_detail")
	if err != nil || (detail != "" && detail != "totals" && detail != "samples") {
		return cr, errors.New(`service_detail must be "totals" or "samples"`)
	}
	cr.Samples = detail == "samples"
	if v := args["sample_limit"]; v != nil {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f < 1 || f > inventory.MaxSampleLimit {
			return cr, fmt.Errorf("sample_limit must be an integer from 1 to %d", inventory.MaxSampleLimit)
		}
		cr.SampleLimit = int(f)
	}
	if cr.Services != nil && !*cr.Services && (detail != "" || args["sample_limit"] != nil) {
		return cr, errors.New("service_detail and sample_limit need include_services; drop them or set include_services: true")
	}
	return cr, nil
}
