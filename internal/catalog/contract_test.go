package catalog

import (
	"context"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	fake "github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// expandPath substitutes the sample value of every path parameter.
func expandPath(tool *Tool, args map[string]any) string {
	p := tool.Path
	for _, prm := range tool.Params {
		if prm.In == InPath {
			p = strings.ReplaceAll(p, "{"+prm.Wire+"}", args[prm.Name].(string))
		}
	}
	return p
}

// TestContractEveryTool invokes every tool with sample arguments against
// the fake and checks the verb, the path with samples substituted and that
// every required argument arrived (query for GET, JSON or multipart body
// otherwise).
func TestContractEveryTool(t *testing.T) {
	c := newTestCatalog(t)
	f := fake.New()
	t.Cleanup(f.Close)
	s := newTestSession(t, f, appwrite.Target{ProjectID: "proj1"})

	for _, tool := range c.Tools() {
		t.Run(tool.Name, func(t *testing.T) {
			args := tool.SampleArgs()
			path := expandPath(tool, args)
			f.ResetRequests()
			if _, err := tool.Invoke(context.Background(), s, args); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			reqs := f.Requests()
			if len(reqs) == 0 {
				t.Fatal("no request reached the fake")
			}
			got := reqs[len(reqs)-1]
			if got.Method != tool.HTTPMethod || got.Path != path {
				t.Fatalf("request = %s %s, want %s %s", got.Method, got.Path, tool.HTTPMethod, path)
			}
			present := requestParams(t, got)
			for _, prm := range tool.Params {
				switch {
				case prm.In == InPath:
					if present[prm.Wire] {
						t.Errorf("path parameter %s was also sent as a parameter", prm.Wire)
					}
				case prm.Required && !present[prm.Wire]:
					t.Errorf("required %s (wire %s) did not arrive in the %s; got %v", prm.Name, prm.Wire, prm.In, keys(present))
				case prm.In == InQuery && tool.HTTPMethod != http.MethodGet, prm.In == InBody && tool.HTTPMethod == http.MethodGet:
					t.Errorf("%s is placed in the %s of a %s", prm.Name, prm.In, tool.HTTPMethod)
				}
			}
		})
	}
}

// requestParams returns the top-level parameter names a request carried.
func requestParams(t *testing.T, r fake.Request) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	add := func(k string) {
		if i := strings.IndexByte(k, '['); i > 0 {
			k = k[:i]
		}
		out[k] = true
	}
	if r.Method == http.MethodGet {
		for k := range r.Query {
			add(k)
		}
		return out
	}
	ct := r.Header.Get("Content-Type")
	mt, params, _ := mime.ParseMediaType(ct)
	switch mt {
	case "application/json":
		var body map[string]json.RawMessage
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("JSON body: %v: %s", err, r.Body)
		}
		for k := range body {
			add(k)
		}
	case "multipart/form-data":
		mr := multipart.NewReader(strings.NewReader(string(r.Body)), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			add(part.FormName())
		}
	default:
		t.Fatalf("unexpected content type %q", ct)
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
