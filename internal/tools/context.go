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
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Bounds of appwrite_get_context.
const (
	contextMaxOrganizations = 25
	contextProjectLimit     = 100
	contextMaxFields        = 14
)

// limitQuery is Appwrite's wire form of Query.limit(n).
func limitQuery(n int) string { return fmt.Sprintf(`{"method":"limit","values":[%d]}`, n) }

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
}

func (s *service) handleGetContext(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo) {
	raw, err := decodeCall(req.Params.Arguments)
	if err == nil {
		raw, err = canonicalKeys(raw, []string{"project_id", "organization_id"}, nil, "")
	}
	if err != nil {
		return toolError(ToolGetContext + ": " + err.Error() + ".")
	}
	var cr contextRequest
	if cr.projectID, err = stringArg(raw, "project_id"); err == nil {
		cr.organizationID, err = stringArg(raw, "organization_id")
	}
	if err != nil {
		return toolError(ToolGetContext + ": " + err.Error() + ".")
	}
	for _, id := range []string{cr.projectID, cr.organizationID} {
		if id != "" && !appwrite.ValidID(id) {
			return toolError(fmt.Sprintf("%s: %q is not a valid Appwrite ID.", ToolGetContext, text.Cut(id, 40)))
		}
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

// contextOut is the answer of appwrite_get_context.
type contextOut struct {
	Account       map[string]any   `json:"account"`
	Organizations []map[string]any `json:"organizations"`
	Projects      []map[string]any `json:"projects"`
	Notes         []string         `json:"notes,omitempty"`
	NextSteps     string           `json:"next_steps"`
}

func errText(err error) string {
	var ae *appwrite.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d %s: %s", ae.Status, ae.Type, ae.Message)
	}
	return err.Error()
}

func getJSON(ctx context.Context, c *appwrite.Session, path string, query map[string]any) (map[string]any, error) {
	resp, err := c.Call(ctx, "GET", path, query)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(resp.Body, &m); err != nil {
		return nil, fmt.Errorf("GET %s: response is not a JSON object", path)
	}
	return m, nil
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

// gatherContext reads the account, organizations and projects. Only a
// failure to read the account fails the call; other parts report errors
// inline.
func (s *service) gatherContext(ctx context.Context, token, subject string, cr contextRequest) (*contextOut, error) {
	out := &contextOut{Organizations: []map[string]any{}, Projects: []map[string]any{}}
	console := s.opts.Factory.NewSession(token, appwrite.Target{})
	defer console.Close()

	account, err := getJSON(ctx, console, "/account", nil)
	if err != nil {
		return nil, err
	}
	out.Account = compactDoc(account)
	oauthBase := "/oauth2/" + s.opts.OAuthProjectID

	// Organizations, with the fallback for grants narrowed to some resources.
	var orgs []map[string]any
	if m, err := getJSON(ctx, console, "/organizations", nil); err == nil {
		orgs = docs(m, "teams")
	} else if m, err2 := getJSON(ctx, console, oauthBase+"/organizations", nil); err2 == nil {
		orgs = docs(m, "organizations")
	} else {
		out.Notes = append(out.Notes, "Could not list organizations: "+errText(err))
	}
	if cr.organizationID != "" {
		kept := orgs[:0]
		for _, o := range orgs {
			if docID(o) == cr.organizationID {
				kept = append(kept, o)
			}
		}
		orgs = kept
		if len(orgs) == 0 {
			orgs = []map[string]any{{"$id": cr.organizationID}}
		}
	}
	if len(orgs) > contextMaxOrganizations {
		out.Notes = append(out.Notes, fmt.Sprintf("Showing projects of the first %d of %d organizations; pass organization_id for another.", contextMaxOrganizations, len(orgs)))
	}

	seen := map[string]bool{}
	for i, o := range orgs {
		org := compactDoc(o)
		out.Organizations = append(out.Organizations, org)
		id := docID(o)
		if i >= contextMaxOrganizations || !appwrite.ValidID(id) {
			continue
		}
		conn := s.opts.Factory.NewSession(token, appwrite.Target{OrganizationID: id})
		m, err := getJSON(ctx, conn, "/organization/projects", map[string]any{"queries": []string{limitQuery(contextProjectLimit)}})
		conn.Close()
		if err != nil {
			org["projects_error"] = errText(err)
			continue
		}
		projects := docs(m, "projects")
		if total, ok := m["total"].(float64); ok && int(total) > len(projects) {
			org["projects_total"] = int(total)
			out.Notes = append(out.Notes, fmt.Sprintf("Organization %s has %d projects; %d are listed.", id, int(total), len(projects)))
		}
		for _, p := range projects {
			pid := docID(p)
			if cr.projectID != "" && pid != cr.projectID || seen[pid] {
				continue
			}
			seen[pid] = true
			cp := compactDoc(p)
			cp["organization_id"] = id
			if region, ok := p["region"].(string); ok {
				s.regions.Remember(ctx, subject, pid, region)
			}
			out.Projects = append(out.Projects, cp)
		}
	}

	if len(out.Projects) == 0 && cr.projectID == "" {
		if m, err := getJSON(ctx, console, oauthBase+"/projects", nil); err == nil {
			for _, p := range docs(m, "projects") {
				if pid := docID(p); pid != "" && !seen[pid] {
					seen[pid] = true
					out.Projects = append(out.Projects, compactDoc(p))
				}
			}
		}
	}

	if cr.projectID != "" {
		detail, err := getJSON(ctx, console, "/projects/"+cr.projectID, nil)
		switch {
		case err == nil:
			d := compactDoc(detail)
			if region, ok := detail["region"].(string); ok {
				s.regions.Remember(ctx, subject, cr.projectID, region)
			}
			if len(out.Projects) > 0 {
				for k, v := range out.Projects[0] {
					if _, ok := d[k]; !ok {
						d[k] = v
					}
				}
				out.Projects[0] = d
			} else {
				out.Projects = append(out.Projects, d)
			}
		case len(out.Projects) == 0:
			out.Projects = append(out.Projects, map[string]any{"$id": cr.projectID, "error": errText(err)})
		}
	} else if len(out.Projects) > 1 {
		out.Notes = append(out.Notes, "Pass project_id to see one project in detail.")
	}
	if s.opts.ReadOnly {
		out.Notes = append(out.Notes, "This server is read-only.")
	}
	out.NextSteps = "Use a project's $id as project_id with " + ToolCallTool + " for project tools; find tools with " + ToolSearchTools + "."
	return out, nil
}
