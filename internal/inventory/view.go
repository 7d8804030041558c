package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// Bounds of a view.
const (
	InFlight           = 8 // upstream reads in flight per Gather
	MaxServiceProjects = 5 // projects whose services one Gather reads
	maxOrganizations   = 25
	projectLimit       = 100
)

// Options say whose view Gather reads. Catalog, Factory and Router are
// required.
type Options struct {
	Catalog        *catalog.Catalog
	Factory        *appwrite.Factory // its Timeout (APPWRITE_TIMEOUT) bounds the whole Gather
	Router         *appwrite.Router  // learns the projects' regions; routes their reads
	OAuthProjectID string            // for the /oauth2/<project>/organizations and /projects fallbacks
	Token, Subject string            // the caller's token and its subject
}

// Request narrows a view.
type Request struct {
	ProjectID, OrganizationID string
	Services                  *bool // what is inside the projects; nil: when one project is in view
	Samples                   bool  // ids and names, not only totals
	SampleLimit               int   // items per part with Samples (1..MaxSampleLimit)
}

// View is what the caller can see: the account, organizations, projects
// (with their services when asked) and notes on what was left out.
type View struct {
	Account       map[string]any   `json:"account"`
	Organizations []map[string]any `json:"organizations"`
	Projects      []map[string]any `json:"projects"`
	Notes         []string         `json:"notes,omitempty"`
	NextSteps     string           `json:"next_steps,omitempty"`
}

// run is the upstream reads of one Gather: at most InFlight at once, each
// under its own deadline, all inside the Factory's timeout.
type run struct {
	o           Options
	lim         *limiter
	readTimeout time.Duration
	console     *appwrite.Session
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
func (c *run) get(ctx context.Context, sess *appwrite.Session, path string, query map[string]any) (map[string]any, error) {
	var (
		m   map[string]any
		err error
	)
	if lerr := c.lim.do(ctx, c.readTimeout, func(ctx context.Context) { m, err = getJSON(ctx, sess, path, query) }); lerr != nil {
		return nil, lerr
	}
	return m, err
}

// Gather reads the account, organizations and projects, and what is
// inside the projects in view, concurrently (at most InFlight reads at
// once, each under a third of the Factory's timeout, all inside it). Only
// a failure to read the account fails it; other parts report errors
// inline.
func Gather(ctx context.Context, o Options, cr Request) (*View, error) {
	timeout := o.Factory.Options().Timeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &run{o: o, lim: newLimiter(InFlight), readTimeout: min(timeout, max(timeout/3, time.Second))}
	c.console = o.Factory.NewSession(o.Token, appwrite.Target{})
	defer c.console.Close()

	out := &View{Organizations: []map[string]any{}, Projects: []map[string]any{}}
	var (
		account, detail   map[string]any
		accErr, detailErr error
		orgs              []map[string]any
		wg                sync.WaitGroup
	)
	wg.Go(func() { account, accErr = c.get(ctx, c.console, "/account", nil) })
	wg.Go(func() { orgs = c.organizations(ctx, out) })
	if cr.ProjectID != "" {
		wg.Go(func() { detail, detailErr = c.get(ctx, c.console, "/projects/"+cr.ProjectID, nil) })
	}
	wg.Wait()
	if accErr != nil {
		return nil, accErr
	}
	out.Account = compactDoc(account)
	c.projects(ctx, out, orgs, cr)
	if cr.ProjectID != "" {
		c.mergeDetail(ctx, out, cr.ProjectID, detail, detailErr)
	}
	c.services(ctx, out, cr)
	return out, nil
}

// organizations lists the caller's organizations, with the fallback for
// grants narrowed to some resources.
func (c *run) organizations(ctx context.Context, out *View) []map[string]any {
	m, err := c.get(ctx, c.console, "/organizations", nil)
	if err == nil {
		return docs(m, "teams")
	}
	if m, err2 := c.get(ctx, c.console, "/oauth2/"+c.o.OAuthProjectID+"/organizations", nil); err2 == nil {
		return docs(m, "organizations")
	}
	out.Notes = append(out.Notes, "Could not list organizations: "+errText(err))
	return nil
}

// projects lists the projects of each organization, concurrently, and
// fills out's organizations and projects in the organizations' order.
func (c *run) projects(ctx context.Context, out *View, orgs []map[string]any, cr Request) {
	if cr.OrganizationID != "" {
		orgs = filterByID(orgs, cr.OrganizationID)
	}
	if len(orgs) > maxOrganizations {
		out.Notes = append(out.Notes, fmt.Sprintf("Showing projects of the first %d of %d organizations; pass organization_id for another.", maxOrganizations, len(orgs)))
	}
	lists := make([]map[string]any, len(orgs))
	errs := make([]error, len(orgs))
	var wg sync.WaitGroup
	for i, o := range orgs {
		id := docID(o)
		if i >= maxOrganizations || !appwrite.ValidID(id) {
			continue
		}
		wg.Go(func() {
			conn := c.o.Factory.NewSession(c.o.Token, appwrite.Target{OrganizationID: id})
			defer conn.Close()
			lists[i], errs[i] = c.get(ctx, conn, "/organization/projects", map[string]any{"queries": []string{limitQuery(projectLimit)}})
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, o := range orgs {
		org := compactDoc(o)
		out.Organizations = append(out.Organizations, org)
		if errs[i] != nil {
			org["projects_error"] = errText(errs[i])
		}
		c.addProjects(ctx, out, org, lists[i], cr.ProjectID, seen)
	}
	if len(out.Projects) == 0 && cr.ProjectID == "" {
		if m, err := c.get(ctx, c.console, "/oauth2/"+c.o.OAuthProjectID+"/projects", nil); err == nil {
			c.addProjects(ctx, out, nil, m, "", seen)
		}
	}
}

// addProjects adds the projects of one list answer (of org, when known).
func (c *run) addProjects(ctx context.Context, out *View, org, list map[string]any, only string, seen map[string]bool) {
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
			c.o.Router.Remember(ctx, c.o.Subject, pid, region)
		}
		out.Projects = append(out.Projects, cp)
	}
}

// mergeDetail adds the detail of the one project asked for.
func (c *run) mergeDetail(ctx context.Context, out *View, projectID string, detail map[string]any, err error) {
	switch {
	case err == nil:
		d := compactDoc(detail)
		if region, ok := detail["region"].(string); ok {
			c.o.Router.Remember(ctx, c.o.Subject, projectID, region)
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
		out.Projects = append(out.Projects, map[string]any{"$id": projectID, "error": errText(err)})
	}
}

// services adds what is inside each project in view, concurrently.
func (c *run) services(ctx context.Context, out *View, cr Request) {
	include := cr.ProjectID != "" || len(out.Projects) == 1
	if cr.Services != nil {
		include = *cr.Services
	}
	if !include {
		if len(out.Projects) > 1 {
			out.Notes = append(out.Notes, "Pass project_id to see one project in detail, with what is inside it.")
		}
		return
	}
	if len(out.Projects) > MaxServiceProjects {
		out.Notes = append(out.Notes, fmt.Sprintf("Services are shown for the first %d projects; pass project_id for another.", MaxServiceProjects))
	}
	r := &reader{
		catalog: c.o.Catalog, factory: c.o.Factory, token: c.o.Token, limiter: c.lim,
		readTimeout: c.readTimeout, samples: cr.Samples, sampleLimit: cr.SampleLimit,
	}
	var wg sync.WaitGroup
	for i, p := range out.Projects {
		pid := docID(p)
		if i >= MaxServiceProjects || p["error"] != nil || !appwrite.ValidID(pid) {
			continue
		}
		wg.Go(func() { p["services"] = r.project(ctx, pid, c.o.Router.Endpoint(ctx, c.o.Token, c.o.Subject, pid)) })
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
