package fakeappwrite_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// rest calls the fake's REST API as one project with a valid token.
type rest struct {
	t       *testing.T
	fake    *fakeappwrite.Server
	token   string
	project string
}

func newRest(t *testing.T, fake *fakeappwrite.Server, project string) rest {
	t.Helper()
	return rest{t: t, fake: fake, token: fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}}), project: project}
}

func (c rest) in(project string) rest { c.project = project; return c }

// do sends method path (with an optional JSON body) and decodes a JSON
// object answer.
func (c rest) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	status, m, err := c.try(method, path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	return status, m
}

// try is do for goroutines: it reports errors instead of failing the test.
func (c rest) try(method, path string, body any) (int, map[string]any, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.fake.Endpoint()+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.roundTrip(req)
}

func (c rest) send(req *http.Request) (int, map[string]any) {
	c.t.Helper()
	status, m, err := c.roundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return status, m
}

func (c rest) roundTrip(req *http.Request) (int, map[string]any, error) {
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.project != "" {
		req.Header.Set("X-Appwrite-Project", c.project)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	var m map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &m); err != nil {
			return 0, nil, fmt.Errorf("%s %s: answer is not a JSON object: %q", req.Method, req.URL.Path, raw)
		}
	}
	return resp.StatusCode, m, nil
}

// want fails the test unless the answer has status (and, for errors, type).
func (c rest) want(method, path string, body any, status int, typ string) map[string]any {
	c.t.Helper()
	got, m := c.do(method, path, body)
	if got != status {
		c.t.Fatalf("%s %s: status %d (%v), want %d", method, path, got, m, status)
	}
	if typ != "" && m["type"] != typ {
		c.t.Fatalf("%s %s: type %v, want %s", method, path, m["type"], typ)
	}
	return m
}

func q(queries ...string) string {
	v := url.Values{}
	for _, s := range queries {
		v.Add("queries[]", s)
	}
	return "?" + v.Encode()
}

func ids(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	out := []string{}
	for _, d := range list {
		if doc, isMap := d.(map[string]any); isMap {
			id, _ := doc["$id"].(string)
			out = append(out, id)
		}
	}
	return out
}

// testSeed has one organization with project p1 (and p2) and the parents
// the CRUD cases need.
func testSeed() fakeappwrite.Seed {
	return fakeappwrite.Seed{
		Console: &fakeappwrite.Console{
			AccountID: "acct-1", Name: "Test Account", Email: "test@example.com",
			Organizations: []fakeappwrite.ConsoleOrganization{{ID: "o1", Name: "Org", Projects: []fakeappwrite.ConsoleProject{
				{ID: "p1", Name: "P1", Region: "fra"}, {ID: "p2", Name: "P2", Region: "nyc"},
			}}},
		},
		Documents: map[string]map[string][]fakeappwrite.Document{
			"p1": {
				"/tablesdb":             {{"$id": "main", "name": "Main"}},
				"/tablesdb/main/tables": {{"$id": "orders", "name": "Orders"}},
				"/teams":                {{"$id": "support", "name": "Support"}},
				"/storage/buckets":      {{"$id": "media", "name": "Media"}},
			},
		},
	}
}

func newStateFake(t *testing.T, seed fakeappwrite.Seed) (*fakeappwrite.Server, rest) {
	t.Helper()
	fake := fakeappwrite.New(fakeappwrite.WithState(seed))
	t.Cleanup(fake.Close)
	return fake, newRest(t, fake, "p1")
}

// crudCase is one collection TestStateCRUD exercises.
type crudCase struct {
	collection, plural, errPrefix string
	project                       string
	pre                           int // documents the seed already has
	body                          func(id, name string) map[string]any
}

func TestStateCRUD(t *testing.T) {
	plain := func(field string) func(id, name string) map[string]any {
		return func(id, name string) map[string]any { return map[string]any{field: id, "name": name} }
	}
	row := func(field string) func(id, name string) map[string]any {
		return func(id, name string) map[string]any {
			return map[string]any{field: id, "data": map[string]any{"name": name}}
		}
	}
	tests := []crudCase{
		{"/users", "users", "user", "p1", 0, plain("userId")},
		{"/tablesdb", "databases", "database", "p1", 1, plain("databaseId")},
		{"/databases", "databases", "database", "p1", 1, plain("databaseId")},
		{"/tablesdb/main/tables", "tables", "table", "p1", 1, plain("tableId")},
		{"/tablesdb/main/tables/orders/rows", "rows", "row", "p1", 0, row("rowId")},
		{"/databases/main/collections/orders/documents", "documents", "document", "p1", 0, row("documentId")},
		{"/storage/buckets", "buckets", "storage_bucket", "p1", 1, plain("bucketId")},
		{"/functions", "functions", "function", "p1", 0, plain("functionId")},
		{"/sites", "sites", "site", "p1", 0, plain("siteId")},
		{"/teams", "teams", "team", "p1", 1, plain("teamId")},
		{"/teams/support/memberships", "memberships", "membership", "p1", 0, plain("membershipId")},
		{"/messaging/topics", "topics", "topic", "p1", 0, plain("topicId")},
		{"/messaging/providers", "providers", "provider", "p1", 0, plain("providerId")},
		{"/projects/p1/platforms", "platforms", "platform", "p1", 0, plain("platformId")},
		{"/projects/p1/keys", "keys", "key", "p1", 0, plain("keyId")},
		{"/projects/p1/webhooks", "webhooks", "webhook", "p1", 0, plain("webhookId")},
		{"/organizations", "teams", "team", "", 1, plain("organizationId")},
		{"/projects", "projects", "project", "", 2, plain("projectId")},
	}
	for _, tc := range tests {
		t.Run(tc.collection, func(t *testing.T) {
			_, c := newStateFake(t, testSeed())
			exerciseCollection(t, c.in(tc.project), tc)
		})
	}
}

// exerciseCollection creates a, b and c in tc's collection, lists them
// with queries, then updates and deletes b.
func exerciseCollection(t *testing.T, c rest, tc crudCase) {
	for _, id := range []string{"a", "b", "c"} {
		doc := c.want("POST", tc.collection, tc.body(id, "name-"+id), http.StatusCreated, "")
		if doc["$id"] != id || doc["name"] != "name-"+id || doc["$createdAt"] == "" {
			t.Fatalf("created %v", doc)
		}
	}
	c.want("POST", tc.collection, tc.body("b", "again"), http.StatusConflict, tc.errPrefix+"_already_exists")
	all := c.want("GET", tc.collection, nil, http.StatusOK, "")
	if all["total"] != float64(tc.pre+3) || len(ids(all, tc.plural)) != tc.pre+3 {
		t.Fatalf("list: %v", all)
	}
	page := c.want("GET", tc.collection+q(`{"method":"limit","values":[2]}`), nil, http.StatusOK, "")
	if page["total"] != float64(tc.pre+3) || len(ids(page, tc.plural)) != 2 {
		t.Fatalf("limit 2: %v", page)
	}
	after := c.want("GET", tc.collection+q(`{"method":"cursorAfter","values":["a"]}`), nil, http.StatusOK, "")
	if got := strings.Join(ids(after, tc.plural), ","); got != "b,c" {
		t.Fatalf("cursorAfter a: %s", got)
	}
	eq := c.want("GET", tc.collection+q(`{"method":"equal","attribute":"name","values":["name-c"]}`), nil, http.StatusOK, "")
	if got := strings.Join(ids(eq, tc.plural), ","); got != "c" || eq["total"] != float64(1) {
		t.Fatalf("equal name-c: %v", eq)
	}
	upd := tc.body("ignored", "renamed")
	if doc := c.want("PATCH", tc.collection+"/b", upd, http.StatusOK, ""); doc["name"] != "renamed" || doc["$id"] != "b" {
		t.Fatalf("patched %v", doc)
	}
	if doc := c.want("GET", tc.collection+"/b", nil, http.StatusOK, ""); doc["name"] != "renamed" {
		t.Fatalf("after patch %v", doc)
	}
	c.want("DELETE", tc.collection+"/b", nil, http.StatusNoContent, "")
	c.want("GET", tc.collection+"/b", nil, http.StatusNotFound, tc.errPrefix+"_not_found")
	c.want("DELETE", tc.collection+"/b", nil, http.StatusNotFound, tc.errPrefix+"_not_found")
	c.want("PATCH", tc.collection+"/b", upd, http.StatusNotFound, tc.errPrefix+"_not_found")
	if left := c.want("GET", tc.collection, nil, http.StatusOK, ""); left["total"] != float64(tc.pre+2) {
		t.Fatalf("after delete: %v", left)
	}
}

func TestStateListQueries(t *testing.T) {
	_, c := newStateFake(t, testSeed())
	for i := range 30 {
		c.want("POST", "/users", map[string]any{"userId": fmt.Sprintf("u%02d", i), "name": fmt.Sprintf("User %d", i%3)}, http.StatusCreated, "")
	}
	tests := []struct {
		name    string
		query   string
		want    string // ids, comma-separated
		total   float64
		wantLen int
	}{
		{"default limit is 25", "", "", 30, 25},
		{"limit and offset", q(`{"method":"limit","values":[2]}`, `{"method":"offset","values":[3]}`), "u03,u04", 30, 2},
		{"cursorAfter", q(`{"method":"cursorAfter","values":["u27"]}`), "u28,u29", 30, 2},
		{"cursorBefore keeps the nearest", q(`{"method":"cursorBefore","values":["u03"]}`, `{"method":"limit","values":[2]}`), "u01,u02", 30, 2},
		{"equal", q(`{"method":"equal","attribute":"name","values":["User 1"]}`, `{"method":"limit","values":[2]}`), "u01,u04", 10, 2},
		{"notEqual", q(`{"method":"notEqual","attribute":"name","values":["User 0"]}`, `{"method":"limit","values":[1]}`), "u01", 20, 1},
		{"orderDesc", q(`{"method":"orderDesc","attribute":"$id"}`, `{"method":"limit","values":[2]}`), "u29,u28", 30, 2},
		{"unknown and select queries are ignored", q(`{"method":"select","values":["name"]}`, `{"method":"between","attribute":"x","values":[1,2]}`, `{"method":"limit","values":[1]}`), "u00", 30, 1},
		{"total=false", q(`{"method":"limit","values":[1]}`) + "&total=false", "u00", 0, 1},
		{"search", "?search=user+2", "", 10, 10},
		{"indexed queries", "?" + url.Values{"queries[1]": {`{"method":"offset","values":[1]}`}, "queries[0]": {`{"method":"limit","values":[1]}`}}.Encode(), "u01", 30, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := c.want("GET", "/users"+tc.query, nil, http.StatusOK, "")
			got := ids(m, "users")
			if m["total"] != tc.total || len(got) != tc.wantLen || (tc.want != "" && strings.Join(got, ",") != tc.want) {
				t.Errorf("total %v, ids %v; want total %v, %d ids %s", m["total"], got, tc.total, tc.wantLen, tc.want)
			}
		})
	}
}

func TestStateErrors(t *testing.T) {
	_, c := newStateFake(t, testSeed())
	tests := []struct {
		name         string
		project      string
		method, path string
		body         any
		status       int
		typ          string
	}{
		{"unknown project", "nope", "GET", "/users", nil, 404, "project_not_found"},
		{"missing parent", "p1", "POST", "/tablesdb/nope/tables", map[string]any{"tableId": "t"}, 404, "database_not_found"},
		{"missing grandparent row", "p1", "GET", "/tablesdb/main/tables/nope/rows", nil, 404, "table_not_found"},
		{"legacy collection", "p1", "GET", "/databases/main/collections/nope", nil, 404, "collection_not_found"},
		{"file in a missing bucket", "p1", "GET", "/storage/buckets/nope/files", nil, 404, "storage_bucket_not_found"},
		{"missing file", "p1", "GET", "/storage/buckets/media/files/nope", nil, 404, "storage_file_not_found"},
		{"bad id", "p1", "POST", "/users", map[string]any{"userId": "-bad"}, 400, "general_argument_invalid"},
		{"id too long", "p1", "POST", "/users", map[string]any{"userId": strings.Repeat("a", 37)}, 400, "general_argument_invalid"},
		{"query not JSON", "p1", "GET", "/users" + q("limit(1)"), nil, 400, "general_query_invalid"},
		{"limit out of range", "p1", "GET", "/users" + q(`{"method":"limit","values":[5001]}`), nil, 400, "general_query_invalid"},
		{"cursor not found", "p1", "GET", "/users" + q(`{"method":"cursorAfter","values":["ghost"]}`), nil, 400, "general_cursor_not_found"},
		{"body not an object", "p1", "POST", "/users", []any{1}, 400, "general_argument_invalid"},
		{"delete a root collection", "p1", "DELETE", "/users", nil, 404, "general_route_not_found"},
		{"encoded slash stays in its segment", "p1", "GET", "/tablesdb/main%2Ftables", nil, 404, "database_not_found"},
		{"missing session of the account", "", "GET", "/account/sessions/s1", nil, 404, "session_not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := c.in(tc.project).want(tc.method, tc.path, tc.body, tc.status, tc.typ)
			if m["code"] != float64(tc.status) || m["message"] == "" || m["version"] == nil {
				t.Errorf("error body %v is not shaped like Appwrite's", m)
			}
		})
	}
}

func TestStatePerProjectIsolation(t *testing.T) {
	_, c := newStateFake(t, testSeed())
	p1, p2 := c.in("p1"), c.in("p2")
	p1.want("POST", "/users", map[string]any{"userId": "same", "name": "in p1"}, 201, "")
	p2.want("POST", "/users", map[string]any{"userId": "same", "name": "in p2"}, 201, "")
	if d := p1.want("GET", "/users/same", nil, 200, ""); d["name"] != "in p1" {
		t.Errorf("p1 sees %v", d)
	}
	p2.want("DELETE", "/users/same", nil, 204, "")
	p1.want("GET", "/users/same", nil, 200, "")
	p2.want("GET", "/tablesdb/main/tables", nil, 404, "database_not_found")
	// Console-level routes ignore X-Appwrite-Project.
	if m := p2.want("GET", "/projects", nil, 200, ""); m["total"] != float64(2) {
		t.Errorf("projects from p2: %v", m)
	}
	// Deleting a project drops its store.
	p1.want("DELETE", "/projects/p2", nil, 204, "")
	p2.want("GET", "/users", nil, 404, "project_not_found")
}

func TestStateVariantsAndFieldRoutes(t *testing.T) {
	_, c := newStateFake(t, testSeed())
	c.want("POST", "/messaging/providers/sendgrid", map[string]any{"providerId": "sg", "name": "SendGrid", "apiKey": "k"}, 201, "")
	c.want("PATCH", "/messaging/providers/sendgrid/sg", map[string]any{"name": "SG"}, 200, "")
	if d := c.want("GET", "/messaging/providers/sg", nil, 200, ""); d["provider"] != "sendgrid" || d["type"] != "email" || d["name"] != "SG" {
		t.Errorf("provider %v", d)
	}
	c.want("POST", "/tablesdb/main/tables/orders/columns/email", map[string]any{"key": "email", "required": true}, 201, "")
	if d := c.want("GET", "/tablesdb/main/tables/orders/columns/email", nil, 200, ""); d["type"] != "email" || d["key"] != "email" {
		t.Errorf("column %v", d)
	}
	if d := c.want("GET", "/tablesdb/main/tables/orders", nil, 200, ""); len(ids(d, "columns")) != 1 || d["databaseId"] != "main" {
		t.Errorf("table %v has no embedded column or databaseId", d)
	}
	c.want("POST", "/messaging/messages/email", map[string]any{"messageId": "m1", "subject": "Hi", "topics": []string{"t"}}, 201, "")
	if d := c.want("GET", "/messaging/messages/m1", nil, 200, ""); d["providerType"] != "email" {
		t.Errorf("message %v", d)
	}
	c.want("POST", "/users/argon2", map[string]any{"userId": "imported", "email": "i@example.com", "password": "$argon2id$hash"}, 201, "")
	c.want("GET", "/users/identities", nil, 200, "")
	c.want("POST", "/users", map[string]any{"userId": "u1", "password": "hunter2-secret"}, 201, "")
	c.want("PATCH", "/users/u1/name", map[string]any{"name": "Ada"}, 200, "")
	c.want("PUT", "/users/u1/labels", map[string]any{"labels": []string{"vip"}}, 200, "")
	if prefs := c.want("PATCH", "/users/u1/prefs", map[string]any{"prefs": map[string]any{"theme": "dark"}}, 200, ""); prefs["theme"] != "dark" {
		t.Errorf("prefs answer %v", prefs)
	}
	if prefs := c.want("GET", "/users/u1/prefs", nil, 200, ""); prefs["theme"] != "dark" {
		t.Errorf("prefs %v", prefs)
	}
	u := c.want("GET", "/users/u1", nil, 200, "")
	if u["name"] != "Ada" || fmt.Sprint(u["labels"]) != "[vip]" || strings.Contains(fmt.Sprint(u), "hunter2") {
		t.Errorf("user %v (password must be a hash)", u)
	}
	c.want("POST", "/tablesdb/main/tables/orders/rows", map[string]any{"rowId": "r1", "data": map[string]any{"n": 1}}, 201, "")
	if row := c.want("PATCH", "/tablesdb/main/tables/orders/rows/r1/n/increment", map[string]any{"value": 2}, 200, ""); row["n"] != float64(3) || row["$tableId"] != "orders" || row["$databaseId"] != "main" {
		t.Errorf("incremented row %v", row)
	}
	c.want("PATCH", "/tablesdb/main/tables/orders/rows/r1/n/decrement", map[string]any{"value": 5, "min": 0}, 400, "general_argument_invalid")
}

func TestStateBulkRowsAndCascade(t *testing.T) {
	_, c := newStateFake(t, testSeed())
	rows := "/tablesdb/main/tables/orders/rows"
	m := c.want("POST", rows, map[string]any{"rows": []any{
		map[string]any{"$id": "r1", "state": "open"}, map[string]any{"$id": "r2", "state": "paid"}, map[string]any{"state": "open"},
	}}, 201, "")
	if m["total"] != float64(3) {
		t.Fatalf("bulk create: %v", m)
	}
	c.want("POST", rows, map[string]any{"rows": []any{map[string]any{"$id": "r9"}, map[string]any{"$id": "r1"}}}, 409, "row_already_exists")
	c.want("GET", rows+"/r9", nil, 404, "row_not_found") // all or nothing
	open := `{"method":"equal","attribute":"state","values":["open"]}`
	if m := c.want("PATCH", rows, map[string]any{"data": map[string]any{"state": "closed"}, "queries": []string{open}}, 200, ""); m["total"] != float64(2) {
		t.Fatalf("bulk update: %v", m)
	}
	if m := c.want("DELETE", rows+q(`{"method":"equal","attribute":"state","values":["closed"]}`), nil, 200, ""); m["total"] != float64(2) {
		t.Fatalf("bulk delete: %v", m)
	}
	if m := c.want("GET", rows, nil, 200, ""); strings.Join(ids(m, "rows"), ",") != "r2" {
		t.Fatalf("left: %v", m)
	}
	c.want("DELETE", "/tablesdb/main", nil, 204, "")
	c.want("GET", "/tablesdb/main/tables", nil, 404, "database_not_found")
	c.want("POST", "/tablesdb", map[string]any{"databaseId": "main", "name": "Main again"}, 201, "")
	if m := c.want("GET", "/tablesdb/main/tables", nil, 200, ""); m["total"] != float64(0) {
		t.Errorf("tables survived their database: %v", m)
	}
}

func TestStateFileUpload(t *testing.T) {
	fake, c := newStateFake(t, testSeed())
	files := "/storage/buckets/media/files"
	upload := func(chunk []byte, contentRange string) (int, map[string]any) {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		_ = w.WriteField("fileId", "doc1")
		_ = w.WriteField("permissions[0]", `read("any")`)
		fw, _ := w.CreateFormFile("file", "notes.txt")
		_, _ = fw.Write(chunk)
		_ = w.Close()
		req, _ := http.NewRequest("POST", fake.Endpoint()+files, &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("X-Appwrite-Id", "doc1")
		if contentRange != "" {
			req.Header.Set("Content-Range", contentRange)
		}
		return c.send(req)
	}
	if status, d := upload([]byte("hello "), "bytes 0-5/11"); status != 201 || d["name"] != "notes.txt" || d["bucketId"] != "media" || d["sizeOriginal"] != float64(11) {
		t.Fatalf("first chunk: %d %v", status, d)
	}
	if status, d := upload([]byte("world"), "bytes 6-10/11"); status != 201 || d["chunksUploaded"] != float64(2) || fmt.Sprint(d["$permissions"]) != `[read("any")]` {
		t.Fatalf("second chunk: %d %v", status, d)
	}
	req, _ := http.NewRequest("GET", fake.Endpoint()+files+"/doc1/view", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Appwrite-Project", "p1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if got, _ := io.ReadAll(resp.Body); string(got) != "hello world" {
		t.Errorf("view = %q", got)
	}
	if status, _ := upload([]byte("again"), ""); status != 409 {
		t.Errorf("re-upload without Content-Range: %d, want 409", status)
	}
}

func TestSandboxSeed(t *testing.T) {
	fake := fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.SandboxSeed()))
	t.Cleanup(fake.Close)
	c := newRest(t, fake, "shop")
	counts := []struct {
		project, path, plural string
		want                  int
	}{
		{"shop", "/users", "users", 4},
		{"shop", "/tablesdb", "databases", 1},
		{"shop", "/tablesdb/main/tables", "tables", 1},
		{"shop", "/tablesdb/main/tables/orders/rows", "rows", 3},
		{"shop", "/tablesdb/main/tables/orders/columns", "columns", 3},
		{"shop", "/storage/buckets", "buckets", 1},
		{"shop", "/storage/buckets/product-images/files", "files", 1},
		{"shop", "/functions", "functions", 1},
		{"shop", "/sites", "sites", 1},
		{"shop", "/teams", "teams", 1},
		{"shop", "/teams/support/memberships", "memberships", 2},
		{"shop", "/messaging/topics", "topics", 1},
		{"shop", "/messaging/providers", "providers", 1},
		{"shop", "/projects/shop/platforms", "platforms", 1},
		{"shop", "/projects/shop/keys", "keys", 1},
		{"blog", "/users", "users", 2},
		{"blog", "/tablesdb/content/tables/posts/rows", "rows", 2},
		{"", "/organizations", "teams", 1},
		{"", "/projects", "projects", 2},
	}
	for _, tc := range counts {
		m := c.in(tc.project).want("GET", tc.path, nil, 200, "")
		if m["total"] != float64(tc.want) || len(ids(m, tc.plural)) != tc.want {
			t.Errorf("%s %s: %v, want %d %s", tc.project, tc.path, m, tc.want, tc.plural)
		}
	}
	projects := c.want("GET", "/projects", nil, 200, "")["projects"].([]any)
	regions := map[any]bool{}
	for _, p := range projects {
		regions[p.(map[string]any)["region"]] = true
	}
	if len(regions) != 2 {
		t.Errorf("project regions %v, want two different", regions)
	}
	req, _ := http.NewRequest("GET", fake.Endpoint()+"/organization/projects", nil)
	req.Header.Set("X-Appwrite-Organization", "org-one")
	if status, m := c.send(req); status != 200 || strings.Join(ids(m, "projects"), ",") != "shop,blog" {
		t.Errorf("org-one projects: %d %v", status, m)
	}
	if a := c.want("GET", "/account", nil, 200, ""); a["$id"] != fakeappwrite.DefaultSubject || a["email"] != "ada@example.com" {
		t.Errorf("account %v", a)
	}
	keys := fake.State().Documents(fakeappwrite.DefaultProject, "/projects/shop/keys")
	if secret, _ := keys[0]["secret"].(string); !strings.HasPrefix(secret, "standard_") || len(secret) < 64 {
		t.Errorf("key secret %q is not stored like Appwrite's", secret)
	}
	if p := c.want("GET", "/projects/shop", nil, 200, ""); len(ids(p, "keys")) != 1 || len(ids(p, "platforms")) != 1 {
		t.Errorf("GET /projects/shop does not embed keys and platforms: %v", p)
	}
}

func TestServeConsoleWithState(t *testing.T) {
	fake := fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.Seed{}))
	t.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)
	c := newRest(t, fake, "")
	c.want("POST", "/projects", map[string]any{"projectId": "new", "name": "New", "teamId": "org-two", "region": "sfo"}, 201, "")
	req, _ := http.NewRequest("GET", fake.Endpoint()+"/organization/projects", nil)
	req.Header.Set("X-Appwrite-Organization", "org-two")
	if status, m := c.send(req); status != 200 || strings.Join(ids(m, "projects"), ",") != "lab,new" {
		t.Errorf("org-two projects: %d %v", status, m)
	}
	req.Header.Set("X-Appwrite-Organization", "org-nope")
	if status, m := c.send(req); status != 404 || m["type"] != "team_not_found" {
		t.Errorf("unknown org: %d %v", status, m)
	}
	if m := c.want("GET", "/oauth2/console/projects", nil, 200, ""); m["total"] != float64(4) {
		t.Errorf("fallback projects %v", m)
	}
	if p := c.want("GET", "/projects/new", nil, 200, ""); p["region"] != "sfo" {
		t.Errorf("project %v", p)
	}
	if p := c.want("GET", "/projects/shop", nil, 200, ""); p["region"] != "fra" || p["teamId"] != "org-one" {
		t.Errorf("project shop %v", p)
	}
	if a := c.want("GET", "/account", nil, 200, ""); a["$id"] != fakeappwrite.DefaultSubject {
		t.Errorf("account %v", a)
	}
	// A project created through the API gets a store of its own.
	c.in("new").want("POST", "/users", map[string]any{"userId": "first"}, 201, "")
}

func TestStateIsOptInAndOverridesWin(t *testing.T) {
	recorder := fakeappwrite.New()
	t.Cleanup(recorder.Close)
	if status, m := newRest(t, recorder, "p1").do("POST", "/users", map[string]any{"userId": "a"}); status != 200 || len(m) != 0 {
		t.Errorf("recorder answered %d %v, want 200 {}", status, m)
	}
	fake, c := newStateFake(t, testSeed())
	fake.HandleREST("GET", "/users", func(w http.ResponseWriter, _ *http.Request) {
		fakeappwrite.WriteJSONFixture(w, http.StatusOK, map[string]any{"total": 99, "users": []any{}})
	})
	if m := c.want("GET", "/users", nil, 200, ""); m["total"] != float64(99) {
		t.Errorf("override lost to the state: %v", m)
	}
	if m := c.want("GET", "/health", nil, 200, ""); len(m) != 0 {
		t.Errorf("unmodelled route answered %v, want {}", m)
	}
}

func TestStateKeepsNoCredentials(t *testing.T) {
	fake, c := newStateFake(t, testSeed())
	c.want("POST", "/users", map[string]any{"userId": "u1", "password": "plain-password-123"}, 201, "")
	c.want("POST", "/projects/p1/keys", map[string]any{"keyId": "k1", "name": "CI", "secret": "chosen-by-client"}, 201, "")
	var all []fakeappwrite.Document
	all = append(all, fake.State().Documents("p1", "/users")...)
	all = append(all, fake.State().Documents(fakeappwrite.DefaultProject, "/projects/p1/keys")...)
	dump, _ := json.Marshal(all)
	for _, secret := range []string{c.token, "plain-password-123", "chosen-by-client", "Bearer"} {
		if bytes.Contains(dump, []byte(secret)) {
			t.Errorf("the state holds %q", secret)
		}
	}
	if k, found := fake.State().Document(fakeappwrite.DefaultProject, "/projects/p1/keys/k1"); !found || !strings.HasPrefix(k["secret"].(string), "standard_") {
		t.Errorf("key %v has no server-made secret", k)
	}
}

func TestStateConcurrentWriters(t *testing.T) {
	fake, c := newStateFake(t, testSeed())
	const writers, each = 8, 25
	var wg sync.WaitGroup
	conflicts := make(chan int, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if status, _, err := c.try("POST", "/users", map[string]any{"userId": fmt.Sprintf("w%d-%d", w, i)}); status != 201 {
					t.Errorf("create: %d %v", status, err)
				}
				if status, _, err := c.try("GET", "/users"+q(`{"method":"limit","values":[5]}`), nil); status != 200 {
					t.Errorf("list: %d %v", status, err)
				}
			}
			status, _, _ := c.try("POST", "/teams", map[string]any{"teamId": "contested"})
			conflicts <- status
		})
	}
	wg.Wait()
	close(conflicts)
	created := 0
	for status := range conflicts {
		if status == http.StatusCreated {
			created++
		} else if status != http.StatusConflict {
			t.Errorf("contested create: %d", status)
		}
	}
	if created != 1 {
		t.Errorf("contested id created %d times, want once", created)
	}
	if n := len(fake.State().Documents("p1", "/users")); n != writers*each {
		t.Errorf("%d users stored, want %d", n, writers*each)
	}
}

func TestServeConsoleWithStateNarrowedGrant(t *testing.T) {
	fake := fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.Seed{}))
	t.Cleanup(fake.Close)
	console := fakeappwrite.DefaultConsole()
	console.NarrowedGrant = true
	fake.ServeConsole(console, fakeappwrite.DefaultProject)
	c := newRest(t, fake, "")
	c.want("GET", "/organizations", nil, 401, "general_unauthorized_scope")
	c.want("GET", "/organization/projects", nil, 401, "general_unauthorized_scope")
	if m := c.want("GET", "/oauth2/console/organizations", nil, 200, ""); strings.Join(ids(m, "organizations"), ",") != "org-one,org-two" {
		t.Errorf("fallback organizations %v", m)
	}
}

// BenchmarkStateCreateAndList is one create and one list (limit 25) of
// rows over loopback HTTP: the fake's own cost per call in a load test.
func BenchmarkStateCreateAndList(b *testing.B) {
	fake := fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.SandboxSeed()))
	b.Cleanup(fake.Close)
	c := rest{fake: fake, token: fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}}), project: "shop"}
	rows := "/tablesdb/main/tables/orders/rows"
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if status, _, err := c.try("POST", rows, map[string]any{"rowId": fmt.Sprintf("bench-%d", i), "data": map[string]any{"total": i}}); status != 201 {
			b.Fatalf("create: %d %v", status, err)
		}
		if status, _, err := c.try("GET", rows+q(`{"method":"limit","values":[25]}`), nil); status != 200 {
			b.Fatalf("list: %d %v", status, err)
		}
	}
}
