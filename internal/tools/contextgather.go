package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/inventory"
)

// contextRun is the upstream reads of one appwrite_get_context call: at
// most contextInFlight at once, each under its own deadline, all inside
// APPWRITE_TIMEOUT.
type contextRun struct {
	s              *service
	token, subject string
	lim            *inventory.Limiter
	readTimeout    time.Duration
	console        *appwrite.Session
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

// get reads path through the limiter.
func (c *contextRun) get(ctx context.Context, sess *appwrite.Session, path string, query map[string]any) (map[string]any, error) {
	var (
		m   map[string]any
		err error
	)
	if lerr := c.lim.Do(ctx, c.readTimeout, func(ctx context.Context) { m, err = getJSON(ctx, sess, path, query) }); lerr != nil {
		return nil, lerr
	}
	return m, err
}

// gatherContext reads the account, organizations and projects, and what
// is inside the projects in view. Only a failure to read the account fails
// the call; other parts report errors inline.
func (s *service) gatherContext(ctx context.Context, token, subject string, cr contextRequest) (*contextOut, error) {
	timeout := s.opts.Factory.Options().Timeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &contextRun{s: s, token: token, subject: subject, lim: inventory.NewLimiter(contextInFlight),
		readTimeout: min(timeout, max(timeout/3, time.Second))}
	c.console = s.opts.Factory.NewSession(token, appwrite.Target{})
	defer c.console.Close()

	out := &contextOut{Organizations: []map[string]any{}, Projects: []map[string]any{}}
	var (
		account, detail   map[string]any
		accErr, detailErr error
		orgs              []map[string]any
		wg                sync.WaitGroup
	)
	wg.Go(func() { account, accErr = c.get(ctx, c.console, "/account", nil) })
	wg.Go(func() { orgs = c.organizations(ctx, out) })
	if cr.projectID != "" {
		wg.Go(func() { detail, detailErr = c.get(ctx, c.console, "/projects/"+cr.projectID, nil) })
	}
	wg.Wait()
	if accErr != nil {
		return nil, accErr
	}
	out.Account = compactDoc(account)
	c.projects(ctx, out, orgs, cr)
	if cr.projectID != "" {
		c.mergeDetail(ctx, out, cr.projectID, detail, detailErr)
	}
	c.services(ctx, out, cr)
	if s.opts.ReadOnly {
		out.Notes = append(out.Notes, "This server is read-only.")
	}
	out.NextSteps = "Use a project's $id as project_id with " + ToolCallTool + " for project tools; each \"call\" under services is a ready set of " +
		ToolCallTool + " arguments. Find other tools with " + ToolSearchTools + "."
	return out, nil
}

// organizations lists the caller's organizations, with the fallback for
// grants narrowed to some resources.
func (c *contextRun) organizations(ctx context.Context, out *contextOut) []map[string]any {
	m, err := c.get(ctx, c.console, "/organizations", nil)
	if err == nil {
		return docs(m, "teams")
	}
	if m, err2 := c.get(ctx, c.console, "/oauth2/"+c.s.opts.OAuthProjectID+"/organizations", nil); err2 == nil {
		return docs(m, "organizations")
	}
	out.Notes = append(out.Notes, "Could not list organizations: "+inventory.ErrText(err))
	return nil
}

// projects lists the projects of each organization, concurrently, and
// fills out's organizations and projects in the organizations' order.
func (c *contextRun) projects(ctx context.Context, out *contextOut, orgs []map[string]any, cr contextRequest) {
	if cr.organizationID != "" {
		orgs = filterByID(orgs, cr.organizationID)
	}
	if len(orgs) > contextMaxOrganizations {
		out.Notes = append(out.Notes, fmt.Sprintf("Showing projects of the first %d of %d organizations; pass organization_id for another.", contextMaxOrganizations, len(orgs)))
	}
	lists := make([]map[string]any, len(orgs))
	errs := make([]error, len(orgs))
	var wg sync.WaitGroup
	for i, o := range orgs {
		id := docID(o)
		if i >= contextMaxOrganizations || !appwrite.ValidID(id) {
			continue
		}
		wg.Go(func() {
			conn := c.s.opts.Factory.NewSession(c.token, appwrite.Target{OrganizationID: id})
			defer conn.Close()
			lists[i], errs[i] = c.get(ctx, conn, "/organization/projects", map[string]any{"queries": []string{inventory.LimitQuery(contextProjectLimit)}})
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, o := range orgs {
		org := compactDoc(o)
		out.Organizations = append(out.Organizations, org)
		if errs[i] != nil {
			org["projects_error"] = inventory.ErrText(errs[i])
		}
		c.addProjects(ctx, out, org, lists[i], cr.projectID, seen)
	}
	if len(out.Projects) == 0 && cr.projectID == "" {
		if m, err := c.get(ctx, c.console, "/oauth2/"+c.s.opts.OAuthProjectID+"/projects", nil); err == nil {
			c.addProjects(ctx, out, nil, m, "", seen)
		}
	}
}

// addProjects adds the projects of one list answer (of org, when known).
func (c *contextRun) addProjects(ctx context.Context, out *contextOut, org, list map[string]any, only string, seen map[string]bool) {
	if list == nil {
		return
	}
	projects := docs(list, "projects")
	orgID := docID(org)
	if total, ok := list["total"].(float64); ok && org != nil && int(total) > len(projects) {
		org["projects_total"] = int(total)
		out.Notes = append(out.Notes, fmt.Sprintf("Organization %s has %d projects; %d are listed.", orgID, int(total), len(projects)))
	}
	for _, p := range projects {
		pid := docID(p)
		if pid == "" || only != "" && pid != only || seen[pid] {
			continue
		}
		seen[pid] = true
		cp := compactDoc(p)
		if orgID != "" {
			cp["organization_id"] = orgID
		}
		if region, ok := p["region"].(string); ok {
			c.s.regions.Remember(ctx, c.subject, pid, region)
		}
		out.Projects = append(out.Projects, cp)
	}
}

// mergeDetail adds the detail of the one project asked for.
func (c *contextRun) mergeDetail(ctx context.Context, out *contextOut, projectID string, detail map[string]any, err error) {
	switch {
	case err == nil:
		d := compactDoc(detail)
		if region, ok := detail["region"].(string); ok {
			c.s.regions.Remember(ctx, c.subject, projectID, region)
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
		out.Projects = append(out.Projects, map[string]any{"$id": projectID, "error": inventory.ErrText(err)})
	}
}

// services adds what is inside each project in view, concurrently.
func (c *contextRun) services(ctx context.Context, out *contextOut, cr contextRequest) {
	include := cr.projectID != "" || len(out.Projects) == 1
	if cr.services != nil {
		include = *cr.services
	}
	if !include {
		if len(out.Projects) > 1 {
			out.Notes = append(out.Notes, "Pass project_id to see one project in detail, with what is inside it.")
		}
		return
	}
	if len(out.Projects) > contextMaxServiceProjects {
		out.Notes = append(out.Notes, fmt.Sprintf("Services are shown for the first %d projects; pass project_id for another.", contextMaxServiceProjects))
	}
	r := &inventory.Reader{Catalog: c.s.opts.Catalog, Factory: c.s.opts.Factory, Token: c.token, Limiter: c.lim,
		ReadTimeout: c.readTimeout, Samples: cr.samples, SampleLimit: cr.sampleLimit}
	var wg sync.WaitGroup
	for i, p := range out.Projects {
		pid := docID(p)
		if i >= contextMaxServiceProjects || p["error"] != nil || !appwrite.ValidID(pid) {
			continue
		}
		wg.Go(func() { p["services"] = r.Project(ctx, pid, c.s.regions.Endpoint(ctx, c.token, c.subject, pid)) })
	}
	wg.Wait()
}

// filterByID keeps the documents with $id id; none found: a stub for id.
func filterByID(list []map[string]any, id string) []map[string]any {
	var kept []map[string]any
	for _, d := range list {
		if docID(d) == id {
			kept = append(kept, d)
		}
	}
	if len(kept) == 0 {
		kept = []map[string]any{{"$id": id}}
	}
	return kept
}
