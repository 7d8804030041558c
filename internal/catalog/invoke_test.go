package catalog

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	fake "github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

func lookup(t *testing.T, c *Catalog, name string) *Tool {
	t.Helper()
	tool, ok := c.Lookup(name)
	if !ok {
		t.Fatalf("tool %s missing", name)
	}
	return tool
}

// TestBadArgumentsSendNothing: wrong types, missing or unknown properties
// and hostile path values are *ArgError naming the property, and nothing
// reaches Appwrite.
func TestBadArgumentsSendNothing(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	long37 := strings.Repeat("a", 37)
	tests := []struct {
		name, tool string
		args       map[string]any
		param      string
		problem    string
	}{
		{"missing required", "users_get", map[string]any{}, "user_id", "required"},
		{"unknown property", "users_get", map[string]any{"user_id": "u1", "userid": "x"}, "userid", "unknown property"},
		{"camelCase is the tools layer's job", "users_get", map[string]any{"userId": "u1"}, "userId", "unknown property"},
		{"wrong type string", "users_get", map[string]any{"user_id": 5.0}, "user_id", "expected string, got number"},
		{"wrong type integer", "users_list", map[string]any{"queries": []any{}, "total": "yes"}, "total", "expected boolean"},
		{"fractional integer", "storage_create_bucket", map[string]any{"bucket_id": "b", "name": "n", "maximum_file_size": 1.5}, "maximum_file_size", "expected integer"},
		{"array item type", "users_list", map[string]any{"queries": []any{"ok", 3.0}}, "queries", "item 1"},
		{"object type", "users_update_prefs", map[string]any{"user_id": "u1", "prefs": "{}"}, "prefs", "expected object"},
		{"path ../x", "users_get", map[string]any{"user_id": "../x"}, "user_id", ""},
		{"path a/b", "users_get", map[string]any{"user_id": "a/b"}, "user_id", ""},
		{"path x?y", "users_get", map[string]any{"user_id": "x?y"}, "user_id", ""},
		{"path x#y", "users_get", map[string]any{"user_id": "x#y"}, "user_id", ""},
		{"path %2e%2e", "users_get", map[string]any{"user_id": "%2e%2e"}, "user_id", ""},
		{"path control char", "users_get", map[string]any{"user_id": "a\nb"}, "user_id", ""},
		{"path NUL", "users_get", map[string]any{"user_id": "a\x00b"}, "user_id", ""},
		{"path 37 chars", "users_get", map[string]any{"user_id": long37}, "user_id", "36"},
		{"path leading dot", "users_get", map[string]any{"user_id": ".x"}, "user_id", ""},
		{"path empty", "users_get", map[string]any{"user_id": ""}, "user_id", "empty"},
		{"path in second position", "tables_db_get_row", map[string]any{"database_id": "db", "table_id": "../../users", "row_id": "r"}, "table_id", ""},
		{"code path param", "avatars_get_flag", map[string]any{"code": "../x"}, "code", ""},
		{"key path param", "tables_db_get_column", map[string]any{"database_id": "d", "table_id": "t", "key": "a?b"}, "key", ""},
		{"local file path", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": "/etc/passwd"}, "file", "local file paths"},
		{"file path property", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": map[string]any{"path": "/etc/passwd"}}, "file", "unknown property"},
		{"file name with directory", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": map[string]any{"content_base64": "aGk=", "filename": "../../etc/passwd"}}, "file", "plain name"},
		{"file bad base64", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": map[string]any{"content_base64": "!!!", "filename": "a"}}, "file", "base64"},
		{"file http url", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": map[string]any{"url": "http://example.com/a"}}, "file", "https"},
		{"file private url", "storage_create_file", map[string]any{"bucket_id": "b", "file_id": "unique()", "file": map[string]any{"url": "https://127.0.0.1:1/a"}}, "file", "not a public address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.ResetRequests()
			_, err := lookup(t, c, tt.tool).Invoke(context.Background(), s, tt.args)
			var ae *ArgError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *ArgError", err)
			}
			if ae.Param != tt.param || !strings.Contains(ae.Error(), tt.problem) {
				t.Fatalf("ArgError = %+v (%q), want param %q containing %q", ae, ae.Error(), tt.param, tt.problem)
			}
			if n := len(f.Requests()); n != 0 {
				t.Fatalf("%d request(s) reached Appwrite", n)
			}
		})
	}
}

func TestUpstreamErrorIsAPIError(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	f.HandleREST("GET", "/users/missing", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"User with the requested ID could not be found.","code":404,"type":"user_not_found","version":"1.8.0"}`))
	})
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	_, err := lookup(t, c, "users_get").Invoke(context.Background(), s, map[string]any{"user_id": "missing"})
	var ae *appwrite.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *appwrite.APIError", err)
	}
	if ae.Status != 404 || ae.Type != "user_not_found" || !strings.Contains(ae.Message, "could not be found") {
		t.Fatalf("APIError = %+v", ae)
	}
}

func TestResultIsRawBody(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	const user = `{"$id":"u1","name":"Ada","extraFieldTheSDKDoesNotKnow":{"x":1}}`
	f.HandleREST("GET", "/users/u1", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(user))
	})
	f.HandleREST("GET", "/users/u2", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"$id": [not json`))
	})
	png := []byte("\x89PNG\r\n\x1a\nfake-image")
	f.HandleREST("GET", "/avatars/flags/fr", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
	})
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	ctx := context.Background()

	res, err := lookup(t, c, "users_get").Invoke(ctx, s, map[string]any{"user_id": "u1"})
	if err != nil || string(res.Body) != user || res.Status != 200 || !strings.HasPrefix(res.ContentType, "application/json") {
		t.Fatalf("users_get = %+v, %v", res, err)
	}
	// Nothing decodes the answer: a body the SDK's models could not hold
	// comes back as it is.
	res, err = lookup(t, c, "users_get").Invoke(ctx, s, map[string]any{"user_id": "u2"})
	if err != nil || !strings.Contains(string(res.Body), "not json") {
		t.Fatalf("undecodable 2xx = %+v, %v; want the raw body", res, err)
	}
	res, err = lookup(t, c, "avatars_get_flag").Invoke(ctx, s, map[string]any{"code": "fr"})
	if err != nil || res.ContentType != "image/png" || string(res.Body) != string(png) {
		t.Fatalf("binary = %+v, %v", res, err)
	}
	if !lookup(t, c, "avatars_get_flag").Binary || lookup(t, c, "users_get").Binary {
		t.Fatal("Binary flags wrong")
	}
}

func TestUploadSendsFileAndCleansUp(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	t.Setenv("TMPDIR", t.TempDir())
	notFound := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"not found","code":404,"type":"storage_file_not_found"}`))
	}
	f.HandleREST("GET", "/storage/buckets/b1/files/unique()", notFound) // a resume lookup would fail the test below
	_, err := lookup(t, c, "storage_create_file").Invoke(context.Background(), s, map[string]any{
		"bucket_id": "b1", "file_id": "unique()",
		"file": map[string]any{"content_base64": "aGVsbG8gd29ybGQ=", "filename": "hello.txt"},
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "POST" || last.Path != "/storage/buckets/b1/files" ||
		!strings.Contains(string(last.Body), "hello world") || !strings.Contains(string(last.Body), `filename="hello.txt"`) {
		t.Fatalf("upload request = %s %s %q", last.Method, last.Path, last.Body)
	}
	for _, r := range reqs {
		if r.Method == "GET" {
			t.Fatalf("the upload sent a %s %s first", r.Method, r.Path)
		}
	}
	left, _ := filepathGlob(t)
	if len(left) != 0 {
		t.Fatalf("temporary upload files left behind: %v", left)
	}
}

func TestNewExcluded(t *testing.T) {
	_, err := New(Options{ExcludedServices: []string{"storage", "nope"}})
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Var != "EXCLUDED_SERVICES" || !strings.Contains(err.Error(), "nope") || !strings.Contains(err.Error(), "tables_db") {
		t.Fatalf("unknown service error = %v", err)
	}
	for _, spelling := range []string{"tables_db", "tablesdb", " TablesDB "} {
		c, err := New(Options{ExcludedServices: []string{spelling}})
		if err != nil {
			t.Fatalf("New(%q): %v", spelling, err)
		}
		if _, ok := c.Lookup("tables_db_list_rows"); ok {
			t.Fatalf("New(%q) kept tables_db", spelling)
		}
		if _, ok := c.Lookup("users_list"); !ok {
			t.Fatalf("New(%q) dropped users", spelling)
		}
	}
	if !slices.Contains(Services(), "users") || !slices.Contains(Services(), "tables_db") {
		t.Fatalf("Services() = %v", Services())
	}
}

func TestExcludedAndIncludedTools(t *testing.T) {
	c, err := New(Options{ExcludedTools: []string{"users_delete", " Users_Get "}})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"users_delete": false, "users_get": false, "users_list": true} {
		if _, ok := c.Lookup(name); ok != want {
			t.Errorf("%s present = %v, want %v", name, ok, want)
		}
	}
	tests := []struct {
		name string
		o    Options
		v    string
	}{
		{"unknown excluded tool", Options{ExcludedTools: []string{"users_nope"}}, "EXCLUDED_TOOLS"},
		{"included tool not on the deny list", Options{IncludedTools: []string{"users_list"}}, "INCLUDED_TOOLS"},
	}
	for _, tt := range tests {
		_, err := New(tt.o)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Var != tt.v {
			t.Errorf("%s: err = %v, want an OptionError for %s", tt.name, err, tt.v)
		}
	}
}

func TestDeprecatedTwinsAndReplacements(t *testing.T) {
	c := newTestCatalog(t)
	tool := lookup(t, c, "account_create_mfa_authenticator")
	if tool.SDKMethod != "CreateMFAAuthenticator" || tool.Deprecated {
		t.Fatalf("twin backed by %s (deprecated=%v), want the non-deprecated CreateMFAAuthenticator", tool.SDKMethod, tool.Deprecated)
	}
	old := lookup(t, c, "databases_list_documents")
	if !old.Deprecated || old.ReplacedBy != "tables_db_list_rows" || !strings.HasPrefix(old.Description, "Deprecated: use tables_db_list_rows.") {
		t.Fatalf("databases_list_documents = deprecated %v, replaced by %q, %q", old.Deprecated, old.ReplacedBy, old.Description)
	}
	for _, tool := range c.Tools() {
		if tool.ReplacedBy != "" {
			if _, ok := c.Lookup(tool.ReplacedBy); !ok {
				t.Errorf("%s replaced by unknown %s", tool.Name, tool.ReplacedBy)
			}
		}
	}
}

// TestUploadWithCustomIDSendsNoResumeLookup: the SDK's resume lookup for
// a custom file ID cannot decode its own answer (it panicked in the SDK);
// uploads go out without it, so an existing ID is Appwrite's 409.
func TestUploadWithCustomIDSendsNoResumeLookup(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	f.HandleREST("POST", "/storage/buckets/b1/files", func(w http.ResponseWriter, _ *http.Request) {
		fake.WriteAppwriteError(w, http.StatusConflict, "storage_file_already_exists", "A storage file with the requested ID already exists.")
	})
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	_, err := lookup(t, c, "storage_create_file").Invoke(context.Background(), s, map[string]any{
		"bucket_id": "b1", "file_id": "f1",
		"file": map[string]any{"content_base64": "aGk=", "filename": "a.txt"},
	})
	var ae *appwrite.APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusConflict {
		t.Fatalf("err = %v, want Appwrite's 409", err)
	}
	for _, r := range f.Requests() {
		if r.Method == http.MethodGet {
			t.Fatalf("a resume lookup went out: %s %s", r.Method, r.Path)
		}
	}
}

// TestInvokeCancellationReachesUpstream: cancelling the Invoke context
// cancels the upstream request.
func TestInvokeCancellationReachesUpstream(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	started, cancelled := make(chan struct{}), make(chan struct{})
	f.HandleREST("GET", "/users/slow", func(_ http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
		close(cancelled)
	})
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := lookup(t, c, "users_get").Invoke(ctx, s, map[string]any{"user_id": "slow"})
		errc <- err
	}()
	<-started
	cancel()
	<-cancelled
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestHeadersReachFake: the session's target headers arrive with a tool call.
func TestHeadersReachFake(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1", OrganizationID: "org1"})
	if _, err := lookup(t, c, "users_list").Invoke(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	h := reqs[len(reqs)-1].Header
	if h.Get("X-Appwrite-Project") != "proj1" || h.Get("X-Appwrite-Mode") != "admin" || h.Get("X-Appwrite-Organization") != "org1" ||
		!strings.HasPrefix(h.Get("Authorization"), "Bearer ") || h.Get("User-Agent") != "appwrite-mcp/test" {
		t.Fatalf("headers = %v", h)
	}
}

func TestResolveServices(t *testing.T) {
	c, err := New(Options{ExcludedServices: []string{"avatars"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in      []string
		want    []string
		badName string // the name an error must report
	}{
		{in: []string{"tables_db"}, want: []string{"tables_db"}},
		{in: []string{"TablesDB", " storage ", "tables_db"}, want: []string{"storage", "tables_db"}},
		{in: []string{"users", "", "users"}, want: []string{"users"}},
		{in: []string{"avatars"}, badName: "avatars"}, // excluded by the options
		{in: []string{"storage", "nope"}, badName: "nope"},
	}
	for _, tt := range tests {
		got, err := c.ResolveServices("X-Test", tt.in)
		if tt.badName != "" {
			var oe *OptionError
			if !errors.As(err, &oe) || oe.Var != "X-Test" || !strings.Contains(oe.Reason, tt.badName) {
				t.Errorf("%q: error %v, want one naming %s", tt.in, err, tt.badName)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
