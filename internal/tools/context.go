package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/inventory"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Bounds of appwrite_get_context.
const (
	contextMaxOrganizations   = 25
	contextProjectLimit       = 100
	contextMaxFields          = 14
	contextInFlight           = 8 // upstream reads in flight per call
	contextMaxServiceProjects = 5 // projects whose services one call reads
)

// isSecretKey reports field names whose values must never be shown.
func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"password", "secret", "key", "token", "cookie", "session", "hash"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// compactDoc keeps a document's non-secret scalar fields, most useful first.
func compactDoc(doc map[string]any) map[string]any {
	keys := make([]string, 0, len(doc))
	for k, v := range doc {
		if isSecretKey(k) {
			continue
		}
		switch x := v.(type) {
		case string:
			if x == "" {
				continue
			}
		case float64, bool, json.Number:
		default:
			continue
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := fieldRank(keys[i]), fieldRank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	if len(keys) > contextMaxFields {
		keys = keys[:contextMaxFields]
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = doc[k]
	}
	return out
}

func fieldRank(k string) int {
	n := strings.ToLower(strings.TrimPrefix(k, "$"))
	switch {
	case n == "id" || n == "name" || n == "email" || n == "region" || n == "status" || n == "total":
		return 0
	case strings.HasSuffix(n, "id"):
		return 1
	case n == "createdat" || n == "updatedat" || n == "accessedat":
		return 2
	}
	return 3
}

// contextRequest is a parsed appwrite_get_context call.
type contextRequest struct {
	projectID, organizationID string
	services                  *bool // include_services; nil: when one project is in view
	samples                   bool  // service_detail "samples"
	sampleLimit               int
}

func (s *service) handleGetContext(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
	cr, err := parseContext(req.Params.Arguments)
	if err != nil {
		return toolError(ToolGetContext + ": " + err.Error() + ".")
	}
	tok := token(req)
	if tok == "" {
		return toolError(errNoToken)
	}
	out, failure := s.gatherContext(ctx, tok, subject(req), cr)
	if failure != nil {
		var ae *appwrite.APIError
		if errors.As(failure, &ae) {
			return shape.Error(fmt.Sprintf("Appwrite refused to show the account: HTTP %d (%s): %s\nNext step: the token may have expired or lack the account scope; reconnect and sign in again.",
				ae.Status, ae.Type, ae.Message), map[string]any{"error": map[string]any{"status": ae.Status, "type": ae.Type, "message": ae.Message}}), callInfo{outcome: OutcomeUpstreamError}
		}
		return shape.Error("Could not reach Appwrite to read the account: "+failure.Error(), nil), callInfo{outcome: OutcomeUpstreamError}
	}
	return s.shape.JSON(out), callInfo{outcome: OutcomeOK}
}

// parseContext reads the arguments of appwrite_get_context.
func parseContext(raw json.RawMessage) (contextRequest, error) {
	cr := contextRequest{sampleLimit: inventory.DefaultSampleLimit}
	args, err := decodeCall(raw)
	if err == nil {
		args, err = canonicalKeys(args, []string{"project_id", "organization_id", "include_services", "service_detail", "sample_limit"}, nil, "")
	}
	if err == nil {
		cr.projectID, err = stringArg(args, "project_id")
	}
	if err == nil {
		cr.organizationID, err = stringArg(args, "organization_id")
	}
	if err != nil {
		return cr, err
	}
	for _, id := range []string{cr.projectID, cr.organizationID} {
		if id != "" && !appwrite.ValidID(id) {
			return cr, fmt.Errorf("%q is not a valid Appwrite ID", text.Cut(id, 40))
		}
	}
	switch v := args["include_services"].(type) {
	case nil:
	case bool:
		cr.services = &v
	default:
		return cr, errors.New("include_services must be the JSON boolean true or false")
	}
	detail, err := stringArg(args, "service_detail")
	if err != nil || (detail != "" && detail != "totals" && detail != "samples") {
		return cr, errors.New(`service_detail must be "totals" or "samples"`)
	}
	cr.samples = detail == "samples"
	if v, given := args["sample_limit"]; given && v != nil {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f < 1 || f > inventory.MaxSampleLimit {
			return cr, fmt.Errorf("sample_limit must be an integer from 1 to %d", inventory.MaxSampleLimit)
		}
		cr.sampleLimit = int(f)
	}
	if cr.services != nil && !*cr.services && (detail != "" || args["sample_limit"] != nil) {
		return cr, errors.New("service_detail and sample_limit need include_services; drop them or set include_services: true")
	}
	return cr, nil
}

// contextOut is the answer of appwrite_get_context.
type contextOut struct {
	Account       map[string]any   `json:"account"`
	Organizations []map[string]any `json:"organizations"`
	Projects      []map[string]any `json:"projects"`
	Notes         []string         `json:"notes,omitempty"`
	NextSteps     string           `json:"next_steps"`
}

func docs(m map[string]any, key string) []map[string]any {
	list, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		if d, ok := v.(map[string]any); ok {
			out = append(out, d)
		}
	}
	return out
}

func docID(d map[string]any) string {
	id, _ := d["$id"].(string)
	return id
}
