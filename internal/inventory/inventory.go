// Package inventory reads what a caller can see on Appwrite, fast, for
// appwrite_get_context: the account, its organizations and projects
// (Gather) and what is inside the projects in view — the totals (and, on
// request, a few names) of their databases and tables, storage buckets,
// functions, sites, users, teams, messaging topics and providers, and
// their console platforms and API keys. Every service read is a catalog
// list tool (catalog.Tool.Invoke) with Appwrite's limit query, so nothing
// large is fetched. Reads run concurrently, at most InFlight per Gather,
// each under its own deadline; a failing read is reported inline and never
// fails the others. Items carry only $id and name (never a secret), and
// each part names the catalog tool to call next.
package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Bounds of a project's inventory.
const (
	DefaultSampleLimit = 5
	MaxSampleLimit     = 25
	maxNameRunes       = 80
)

// limiter bounds the upstream reads one tool call has in flight. It is
// safe for concurrent use; share one per call, never between calls.
type limiter struct{ slots chan struct{} }

// newLimiter returns a limiter allowing n reads at once (at least one).
func newLimiter(n int) *limiter { return &limiter{slots: make(chan struct{}, max(n, 1))} }

// do runs fn once a slot is free, under its own deadline d (none when d is
// zero). It returns ctx's error, without running fn, when ctx ends first.
func (l *limiter) do(ctx context.Context, d time.Duration, fn func(context.Context)) error {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("waiting for an upstream slot: %w", ctx.Err())
	}
	defer func() { <-l.slots }()
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	fn(ctx)
	return nil
}

// reader reads the services of projects for one caller.
type reader struct {
	catalog     *catalog.Catalog  // tools missing from it (excluded) are reported, not read
	factory     *appwrite.Factory // sessions carry the caller's token
	token       string
	limiter     *limiter
	readTimeout time.Duration // deadline of one read; 0: the Factory's timeout only
	samples     bool          // list up to sampleLimit items per part, not only totals
	sampleLimit int           // 1..MaxSampleLimit; DefaultSampleLimit when out of range
}

// Part is what one list read found: a total and, with samples, items.
// Call is the appwrite_call_tool arguments that list it in full; Next,
// when set, the call that shows what is inside one item.
type Part struct {
	Total int     `json:"total"`
	Items []*Item `json:"items,omitempty"`
	Error string  `json:"error,omitempty"`
	Call  *Call   `json:"call,omitempty"`
	Next  *Call   `json:"next,omitempty"`
}

// Item is one listed resource: its $id and name, and (for databases) its
// tables.
type Item struct {
	ID     string `json:"$id"`
	Name   string `json:"name,omitempty"`
	Tables *Part  `json:"tables,omitempty"`
}

// Call is a set of appwrite_call_tool arguments. IDArgument, when set,
// names the argument to add with an item's $id.
type Call struct {
	ToolName   string         `json:"tool_name"`
	ProjectID  string         `json:"project_id,omitempty"`
	Arguments  map[string]any `json:"arguments,omitempty"`
	IDArgument string         `json:"id_argument,omitempty"`
}

// project reads the services of projectID. endpoint is the project's
// regional endpoint ("" for the configured one). It returns once every
// read has finished or ctx has ended; parts that could not be read carry
// their error.
func (r *reader) project(ctx context.Context, projectID, endpoint string) map[string]*Part {
	project := r.factory.NewSession(r.token, appwrite.Target{ProjectID: projectID, Endpoint: endpoint})
	defer project.Close()
	console := r.factory.NewSession(r.token, appwrite.Target{})
	defer console.Close()

	specs := parts()
	out := make(map[string]*Part, len(specs))
	var wg sync.WaitGroup
	for _, sp := range specs {
		part := &Part{}
		out[sp.name] = part
		sess := project
		if sp.console {
			sess = console
		}
		wg.Go(func() {
			r.read(ctx, sess, sp, projectID, part)
			if sp.name == "databases" && r.samples {
				r.tables(ctx, project, projectID, part)
			}
		})
	}
	wg.Wait()
	return out
}

// tables reads the tables of each sampled database, concurrently.
func (r *reader) tables(ctx context.Context, sess *appwrite.Session, projectID string, dbs *Part) {
	var wg sync.WaitGroup
	for _, db := range dbs.Items {
		db.Tables = &Part{}
		wg.Go(func() { r.read(ctx, sess, tablesSpec(db.ID), projectID, db.Tables) })
	}
	wg.Wait()
}

// read fills part from one list tool call.
func (r *reader) read(ctx context.Context, sess *appwrite.Session, sp spec, projectID string, part *Part) {
	t, ok := r.catalog.Lookup(sp.tool)
	if !ok {
		part.Error = sp.tool + " is not enabled on this server"
		return
	}
	part.Call = sp.call(projectID)
	if _, ok := r.catalog.Lookup(sp.nextTool); ok {
		part.Next = sp.next(projectID)
	}
	n := 1
	if r.samples {
		n = r.sampleLimit
		if n < 1 || n > MaxSampleLimit {
			n = DefaultSampleLimit
		}
	}
	args := map[string]any{}
	for k, v := range sp.args {
		args[k] = v
	}
	if sp.console {
		args["project_id"] = projectID
	}
	if _, ok := t.Param("queries"); ok {
		args["queries"] = []any{limitQuery(n)}
	}
	var (
		resp *appwrite.Response
		err  error
	)
	if lerr := r.limiter.do(ctx, r.readTimeout, func(ctx context.Context) { resp, err = t.Invoke(ctx, sess, args) }); lerr != nil {
		err = lerr
	}
	if err != nil {
		part.Error = errText(err)
		return
	}
	r.fill(resp.Body, sp, n, part)
}

// fill reads an Appwrite list answer into part: the total and, with
// samples, at most n items as $id and name.
func (r *reader) fill(body []byte, sp spec, n int, part *Part) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		part.Error = "the answer is not a JSON object"
		return
	}
	_ = json.Unmarshal(raw["total"], &part.Total)
	if !r.samples {
		return
	}
	var docs []struct {
		ID   string `json:"$id"`
		Name string `json:"name"`
	}
	_ = json.Unmarshal(raw[sp.listKey], &docs)
	for i, d := range docs {
		if i >= n || d.ID == "" {
			break
		}
		part.Items = append(part.Items, &Item{ID: d.ID, Name: text.Cut(d.Name, maxNameRunes)})
	}
}

// limitQuery is Appwrite's wire form of Query.limit(n).
func limitQuery(n int) string { return fmt.Sprintf(`{"method":"limit","values":[%d]}`, n) }

// errText is a short text of a read's error: Appwrite's status, type and
// message, or the transport error.
func errText(err error) string {
	var ae *appwrite.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d %s: %s", ae.Status, ae.Type, ae.Message)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	return err.Error()
}
