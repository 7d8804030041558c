package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// ctxPart is one service of a project in appwrite_get_context's answer.
type ctxPart struct {
	Total int    `json:"total"`
	Error string `json:"error"`
	Items []struct {
		ID     string   `json:"$id"`
		Name   string   `json:"name"`
		Tables *ctxPart `json:"tables"`
	} `json:"items"`
	Call *ctxCall `json:"call"`
	Next *ctxCall `json:"next"`
}

type ctxCall struct {
	ToolName   string         `json:"tool_name"`
	ProjectID  string         `json:"project_id"`
	Arguments  map[string]any `json:"arguments"`
	IDArgument string         `json:"id_argument"`
}

type ctxAnswer struct {
	Projects []struct {
		ID       string              `json:"$id"`
		Services map[string]*ctxPart `json:"services"`
	} `json:"projects"`
	Notes []string `json:"notes"`
}

// sandboxStack is the stack in front of the fake's stateful sandbox
// (SandboxSeed: org-one with projects shop and blog).
func sandboxStack(t *testing.T, env map[string]string, console *fakeappwrite.Console) *stack.Stack {
	t.Helper()
	seed := fakeappwrite.SandboxSeed()
	if console != nil {
		seed.Console = console
	}
	return stack.Start(t, stack.Options{Env: env, Console: seed.Console, Fake: []fakeappwrite.Option{fakeappwrite.WithState(seed)}})
}

// getContext calls appwrite_get_context and decodes its answer.
func getContext(t *testing.T, st *stack.Stack, args map[string]any, scopes ...string) (ctxAnswer, *mcp.CallToolResult) {
	t.Helper()
	res := stack.Call(t, st.Connect(t, st.Token(t, scopes...)), "appwrite_get_context", args)
	if res.IsError {
		t.Fatalf("get_context %v: %s", args, stack.Text(res))
	}
	var out ctxAnswer
	if err := json.Unmarshal([]byte(stack.Text(res)), &out); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, stack.Text(res))
	}
	return out, res
}

// shopTotals is what SandboxSeed's project shop holds.
func shopTotals() map[string]int {
	return map[string]int{
		"databases": 1, "buckets": 1, "functions": 1, "sites": 1, "users": 4, "teams": 1,
		"topics": 1, "providers": 1, "platforms": 1, "api_keys": 1,
	}
}

func TestContextServiceTotals(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	out, _ := getContext(t, st, map[string]any{"project_id": "shop"})
	if len(out.Projects) != 1 || out.Projects[0].ID != "shop" {
		t.Fatalf("projects = %+v, want only shop", out.Projects)
	}
	services := out.Projects[0].Services
	for name, want := range shopTotals() {
		p := services[name]
		switch {
		case p == nil:
			t.Errorf("%s missing", name)
		case p.Error != "" || p.Total != want:
			t.Errorf("%s = total %d error %q, want total %d", name, p.Total, p.Error, want)
		case len(p.Items) != 0:
			t.Errorf("%s lists items with service_detail totals: %+v", name, p.Items)
		case p.Call == nil || p.Call.ToolName == "":
			t.Errorf("%s names no tool to call", name)
		}
	}
	if len(services) != len(shopTotals()) {
		t.Errorf("services = %d parts, want %d", len(services), len(shopTotals()))
	}
	db := services["databases"]
	if db.Call.ToolName != "tables_db_list" || db.Call.ProjectID != "shop" ||
		db.Next == nil || db.Next.ToolName != "tables_db_list_tables" || db.Next.IDArgument != "database_id" {
		t.Errorf("databases call/next = %+v / %+v", db.Call, db.Next)
	}
	if k := services["api_keys"]; k.Call.ToolName != "projects_list_keys" || k.Call.Arguments["project_id"] != "shop" || k.Next != nil {
		t.Errorf("api_keys call/next = %+v / %+v (no tool that shows a key's secret)", k.Call, k.Next)
	}
	checkListRequests(t, st.Fake.Requests())
}

// checkListRequests checks that every service list asked for one item and
// reached the project (X-Appwrite-Project) it counts.
func checkListRequests(t *testing.T, reqs []fakeappwrite.Request) {
	t.Helper()
	want := map[string]string{
		"/users": "shop", "/tablesdb": "shop", "/storage/buckets": "shop", "/functions": "shop", "/sites": "shop",
		"/teams": "shop", "/messaging/topics": "shop", "/messaging/providers": "shop",
		"/projects/shop/keys": "console", "/projects/shop/platforms": "console",
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		project, ok := want[r.Path]
		if !ok {
			continue
		}
		seen[r.Path] = true
		if got := r.Header.Get("X-Appwrite-Project"); got != project {
			t.Errorf("%s sent X-Appwrite-Project %q, want %q", r.Path, got, project)
		}
		if r.Path == "/projects/shop/platforms" {
			continue // its tool takes no queries
		}
		if q := r.Query["queries[]"]; !slices.Equal(q, []string{`{"method":"limit","values":[1]}`}) {
			t.Errorf("%s queries = %q, want one limit(1)", r.Path, q)
		}
	}
	for p := range want {
		if !seen[p] {
			t.Errorf("no request to %s", p)
		}
	}
}

func TestContextServiceSamples(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	out, _ := getContext(t, st, map[string]any{"project_id": "shop", "service_detail": "samples", "sample_limit": 2})
	services := out.Projects[0].Services
	users := services["users"]
	if users.Total != 4 || len(users.Items) != 2 || users.Items[0].ID != "grace" || users.Items[0].Name != "Grace Hopper" {
		t.Errorf("users = %+v, want total 4 and the first 2 (grace, alan)", users)
	}
	db := services["databases"]
	if len(db.Items) != 1 || db.Items[0].ID != "main" || db.Items[0].Tables == nil {
		t.Fatalf("databases = %+v, want main with its tables", db)
	}
	tables := db.Items[0].Tables
	if tables.Total != 1 || len(tables.Items) != 1 || tables.Items[0].ID != "orders" || tables.Items[0].Name != "Orders" {
		t.Errorf("tables of main = %+v, want orders", tables)
	}
	if tables.Next == nil || tables.Next.ToolName != "tables_db_list_rows" || tables.Next.Arguments["database_id"] != "main" || tables.Next.IDArgument != "table_id" {
		t.Errorf("tables next = %+v, want tables_db_list_rows with database_id main", tables.Next)
	}
	for name, p := range services {
		if p.Error != "" || len(p.Items) == 0 || len(p.Items) > 2 {
			t.Errorf("%s: %d items, error %q", name, len(p.Items), p.Error)
		}
	}
	for _, r := range st.Fake.Requests() {
		if r.Path == "/users" && !slices.Equal(r.Query["queries[]"], []string{`{"method":"limit","values":[2]}`}) {
			t.Errorf("/users queries = %q, want limit(2)", r.Query["queries[]"])
		}
	}
}

func TestContextServicesDefault(t *testing.T) {
	one := fakeappwrite.Console{
		AccountID: fakeappwrite.DefaultSubject, Name: "Ada", Email: "ada@example.com",
		Organizations: []fakeappwrite.ConsoleOrganization{{ID: "org-one", Name: "Org One", Projects: []fakeappwrite.ConsoleProject{{ID: "shop", Name: "Shop", Region: "fra"}}}},
	}
	tests := []struct {
		name    string
		console *fakeappwrite.Console
		args    map[string]any
		want    []bool // services shown, per project in order
	}{
		{"two projects: off", nil, nil, []bool{false, false}},
		{"two projects, asked for", nil, map[string]any{"include_services": true}, []bool{true, true}},
		{"one project given", nil, map[string]any{"project_id": "blog"}, []bool{true}},
		{"one project given, turned off", nil, map[string]any{"project_id": "blog", "include_services": false}, []bool{false}},
		{"the only project", &one, map[string]any{}, []bool{true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := getContext(t, sandboxStack(t, nil, tc.console), tc.args)
			var got []bool
			for _, p := range out.Projects {
				got = append(got, p.Services != nil)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("services shown = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestContextServiceFailsInline(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	st.Fake.AddFault(fakeappwrite.Fault{Method: http.MethodGet, Path: "/users", Status: http.StatusInternalServerError})
	st.Fake.AddFault(fakeappwrite.Fault{Method: http.MethodGet, Path: "/storage/buckets", Reset: true})
	out, res := getContext(t, st, map[string]any{"project_id": "shop"})
	services := out.Projects[0].Services
	if e := services["users"].Error; !strings.Contains(e, "HTTP 500") {
		t.Errorf("users error = %q, want the upstream 500", e)
	}
	if e := services["buckets"].Error; e == "" {
		t.Errorf("buckets error empty after a reset connection")
	}
	for name, want := range shopTotals() {
		if name == "users" || name == "buckets" {
			continue
		}
		if p := services[name]; p.Error != "" || p.Total != want {
			t.Errorf("%s = %+v, want total %d (one failing service must not spoil the others)", name, p, want)
		}
	}
	if res.IsError {
		t.Error("the whole answer failed")
	}
}

func TestContextNarrowedGrant(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	// Appwrite answers a grant without a service's scope like this; the
	// fake does not check scopes itself.
	st.Fake.HandleREST(http.MethodGet, "/functions", testutil.JSONHandler(http.StatusUnauthorized,
		`{"message":"app.fake-user@service.cloud.appwrite.io (role: applications) missing scope (functions.read)","code":401,"type":"general_unauthorized_scope"}`))
	st.Fake.HandleREST(http.MethodGet, "/projects/shop/keys", testutil.JSONHandler(http.StatusForbidden,
		`{"message":"missing scope (keys.read)","code":403,"type":"general_unauthorized_scope"}`))
	out, _ := getContext(t, st, map[string]any{"project_id": "shop"}, "account", "users.read", "databases.read", "projects.read", "teams.read")
	services := out.Projects[0].Services
	if e := services["functions"].Error; !strings.Contains(e, "HTTP 401") || !strings.Contains(e, "functions.read") {
		t.Errorf("functions error = %q, want the 401 with the missing scope", e)
	}
	if e := services["api_keys"].Error; !strings.Contains(e, "HTTP 403") {
		t.Errorf("api_keys error = %q, want the 403", e)
	}
	if p := services["users"]; p.Error != "" || p.Total != 4 {
		t.Errorf("users = %+v, want total 4", p)
	}
}

func TestContextReadsConcurrently(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	st.Fake.SetLatency(30 * time.Millisecond)
	out, _ := getContext(t, st, map[string]any{"project_id": "shop", "service_detail": "samples"})
	for name, p := range out.Projects[0].Services {
		if p.Error != "" {
			t.Errorf("%s: %s", name, p.Error)
		}
	}
	if peak := st.Fake.PeakInFlight(); peak < 2 || peak > 8 {
		t.Errorf("peak upstream requests in flight = %d, want 2..8 (concurrent, bounded at 8 per call)", peak)
	}
}

// TestContextOrganizationsReadConcurrently: the project lists of both
// organizations are in flight at once. Each answer waits until the other
// request has arrived (or 5s pass, which fails the test).
func TestContextOrganizationsReadConcurrently(t *testing.T) {
	st := stack.Start(t, stack.Options{})
	var (
		mu      sync.Mutex
		arrived int
		both    = make(chan struct{})
		waited  atomic.Bool
	)
	st.Fake.HandleREST(http.MethodGet, "/organization/projects", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if arrived++; arrived == 2 {
			close(both)
		}
		mu.Unlock()
		select {
		case <-both:
		case <-time.After(5 * time.Second):
			waited.Store(true)
		}
		org := r.Header.Get("X-Appwrite-Organization")
		testutil.JSONHandler(http.StatusOK, `{"total":1,"projects":[{"$id":"p-`+org+`","name":"P","region":"fra"}]}`)(w, r)
	})
	out, _ := getContext(t, st, nil)
	if waited.Load() {
		t.Error("the organizations' project lists were read one after another")
	}
	if len(out.Projects) != 2 || out.Projects[0].ID != "p-org-one" || out.Projects[1].ID != "p-org-two" {
		t.Errorf("projects = %+v, want one per organization, in the organizations' order", out.Projects)
	}
}

func TestContextSlowServiceTimesOut(t *testing.T) {
	st := sandboxStack(t, map[string]string{"APPWRITE_TIMEOUT": "3s"}, nil)
	st.Fake.SetRouteLatency(http.MethodGet, "/sites", time.Minute)
	out, _ := getContext(t, st, map[string]any{"project_id": "shop"})
	services := out.Projects[0].Services
	if e := services["sites"].Error; e == "" {
		t.Error("sites: no error for a read that never answers")
	}
	if p := services["users"]; p.Error != "" || p.Total != 4 {
		t.Errorf("users = %+v, want total 4", p)
	}
}

func TestContextExcludedService(t *testing.T) {
	st := sandboxStack(t, map[string]string{"EXCLUDED_SERVICES": "sites"}, nil)
	out, _ := getContext(t, st, map[string]any{"project_id": "shop"})
	if p := out.Projects[0].Services["sites"]; p == nil || !strings.Contains(p.Error, "not enabled") || p.Call != nil {
		t.Errorf("sites = %+v, want reported as not enabled, with no call", p)
	}
	for _, r := range st.Fake.Requests() {
		if r.Path == "/sites" {
			t.Error("an excluded service was read")
		}
	}
}

func TestContextShowsNoSecrets(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	tok := st.Token(t)
	res := stack.Call(t, st.Connect(t, tok), "appwrite_get_context", map[string]any{"project_id": "shop", "service_detail": "samples", "sample_limit": 25})
	body := stack.Text(res)
	if res.IsError {
		t.Fatal(body)
	}
	for _, secret := range []string{"standard_5ee0b8d1", "SG.fake-sendgrid-api-key", "$argon2id", "fake-smtp-secret", tok} {
		if strings.Contains(body, secret) {
			t.Errorf("the answer shows a secret value %.20q", secret)
		}
	}
	var tree any
	if err := json.Unmarshal([]byte(body), &tree); err != nil {
		t.Fatal(err)
	}
	checkNoSecretKeys(t, "", tree)
}

// checkNoSecretKeys fails for any object key that names a secret.
func checkNoSecretKeys(t *testing.T, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			lk := strings.ToLower(k)
			for _, bad := range []string{"secret", "password", "hash", "apikey", "token", "credentials"} {
				if strings.Contains(lk, bad) {
					t.Errorf("%s.%s: a secret-looking field is shown", path, k)
				}
			}
			checkNoSecretKeys(t, path+"."+k, e)
		}
	case []any:
		for _, e := range x {
			checkNoSecretKeys(t, path+"[]", e)
		}
	}
}

func TestContextStaysInsideResultBound(t *testing.T) {
	st := sandboxStack(t, map[string]string{"MCP_MAX_RESULT_BYTES": "2048"}, nil)
	res := stack.Call(t, st.Connect(t, st.Token(t)), "appwrite_get_context", map[string]any{"project_id": "shop", "service_detail": "samples", "sample_limit": 25})
	if n := len(stack.Text(res)); n > 2048 {
		t.Errorf("answer is %d bytes, over MCP_MAX_RESULT_BYTES 2048", n)
	}
}

func TestContextBadArguments(t *testing.T) {
	st := sandboxStack(t, nil, nil)
	cs := st.Connect(t, st.Token(t))
	for _, args := range []map[string]any{
		{"service_detail": "everything"},
		{"sample_limit": 0},
		{"sample_limit": 26},
		{"sample_limit": 2.5},
		{"include_services": "yes"},
		{"include_services": false, "service_detail": "samples"},
		{"project_id": "../x"},
	} {
		st.Fake.ResetRequests()
		res := stack.Call(t, cs, "appwrite_get_context", args)
		if !res.IsError {
			t.Errorf("%v: accepted", args)
		}
		if n := len(st.Fake.Requests()); n != 0 {
			t.Errorf("%v: %d upstream requests for a refused call", args, n)
		}
	}
}

// BenchmarkGetContextServices measures appwrite_get_context with every
// service of one project (samples: 14 upstream reads) against a fake that
// answers each read after 10ms; reads one after another would take at
// least 140ms. Run with
//
//	go test -run '^$' -bench BenchmarkGetContextServices ./internal/e2e
func BenchmarkGetContextServices(b *testing.B) {
	seed := fakeappwrite.SandboxSeed()
	st := stack.Start(b, stack.Options{Console: seed.Console, Fake: []fakeappwrite.Option{fakeappwrite.WithState(seed)}})
	st.Fake.SetLatency(10 * time.Millisecond)
	cs := st.Connect(b, st.Token(b))
	args := map[string]any{"project_id": "shop", "service_detail": "samples"}
	st.Fake.ResetRequests()
	for b.Loop() {
		if res := stack.Call(b, cs, "appwrite_get_context", args); res.IsError {
			b.Fatal(stack.Text(res))
		}
	}
	b.ReportMetric(float64(len(st.Fake.Requests()))/float64(b.N), "upstream/op")
	b.ReportMetric(float64(st.Fake.PeakInFlight()), "peak-in-flight")
}
