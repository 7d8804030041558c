package tools

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

type contextView struct {
	Account       map[string]any   `json:"account"`
	Organizations []map[string]any `json:"organizations"`
	Projects      []map[string]any `json:"projects"`
	Notes         []string         `json:"notes"`
	NextSteps     string           `json:"next_steps"`
}

func projectIDs(v contextView) []string {
	var out []string
	for _, p := range v.Projects {
		id, _ := p["$id"].(string)
		out = append(out, id)
	}
	return out
}

func orgIDs(v contextView) []string {
	var out []string
	for _, o := range v.Organizations {
		id, _ := o["$id"].(string)
		out = append(out, id)
	}
	return out
}

// The fake's DefaultConsole: account Ada, org-one (shop in fra, blog in
// nyc) and org-two (lab in syd); project documents carry secrets.
func TestGetContext(t *testing.T) {
	h := newHarness(t)
	res := h.call(t, ToolGetContext, map[string]any{})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	text := resultText(res)
	for _, secret := range []string{"argon2id", "password", `"keys"`, "fake-api-key-secret", "fake-smtp-secret"} {
		if strings.Contains(text, secret) {
			t.Errorf("context shows %s: %s", secret, text)
		}
	}
	var v contextView
	lastJSON(t, res, &v)
	if v.Account["email"] != "ada@example.com" || !slices.Equal(orgIDs(v), []string{"org-one", "org-two"}) {
		t.Errorf("context = %+v", v)
	}
	if got := projectIDs(v); !slices.Equal(got, []string{"shop", "blog", "lab"}) {
		t.Errorf("projects = %v", got)
	}
	if v.Projects[0]["region"] != "fra" || v.Projects[0]["organization_id"] != "org-one" || v.Projects[2]["organization_id"] != "org-two" {
		t.Errorf("project = %+v", v.Projects)
	}
	reqs := h.requests()
	listings := 0
	for _, r := range reqs {
		if r.Path == "/organization/projects" {
			listings++
			if !strings.Contains(strings.Join(r.Query["queries[]"], " "), "limit") || r.Header.Get("X-Appwrite-Organization") == "" {
				t.Errorf("project listing: query %v, organization %q", r.Query, r.Header.Get("X-Appwrite-Organization"))
			}
		}
		if r.Method != "GET" || r.Header.Get("Authorization") != "Bearer "+h.token {
			t.Errorf("%s %s: not a GET with the caller's token", r.Method, r.Path)
		}
	}
	if listings != 2 {
		t.Errorf("%d project listings, want one per organization", listings)
	}
}

func TestGetContextNarrowed(t *testing.T) {
	h := newHarness(t)
	res := h.call(t, ToolGetContext, map[string]any{"projectId": "shop"})
	var v contextView
	lastJSON(t, res, &v)
	if got := projectIDs(v); !slices.Equal(got, []string{"shop"}) {
		t.Fatalf("projects = %v", got)
	}
	if v.Projects[0]["description"] != "Shop project" || v.Projects[0]["organization_id"] != "org-one" {
		t.Errorf("detail = %+v", v.Projects[0])
	}
	if strings.Contains(resultText(res), "fake-smtp-secret") || strings.Contains(resultText(res), "fake-api-key-secret") {
		t.Errorf("secret leaked: %s", resultText(res))
	}
	res = h.call(t, ToolGetContext, map[string]any{"organization_id": "org-two"})
	v = contextView{}
	lastJSON(t, res, &v)
	if got := projectIDs(v); !slices.Equal(got, []string{"lab"}) || !slices.Equal(orgIDs(v), []string{"org-two"}) {
		t.Fatalf("org-narrowed = %+v", v)
	}
	h.requests()
	for _, bad := range []map[string]any{{"project_id": "../etc"}, {"organization_id": "a/b"}, {"project_id": 5}, {"projct_id": "shop"}} {
		if res := h.call(t, ToolGetContext, bad); !res.IsError {
			t.Errorf("%v accepted: %s", bad, resultText(res))
		}
	}
	h.noRequests(t)
}

// TestGetContextFallbacks: with a grant narrowed to some resources the
// organization and project listings answer 401; the OAuth2
// accessible-resource lists stand in.
func TestGetContextFallbacks(t *testing.T) {
	h := newHarness(t)
	console := fakeappwrite.DefaultConsole()
	console.NarrowedGrant = true
	h.fake.ServeConsole(console, fakeappwrite.DefaultProject)
	res := h.call(t, ToolGetContext, nil)
	if res.IsError {
		t.Fatal(resultText(res))
	}
	var v contextView
	lastJSON(t, res, &v)
	if !slices.Equal(orgIDs(v), []string{"org-one", "org-two"}) {
		t.Errorf("orgs = %+v", v.Organizations)
	}
	for _, o := range v.Organizations {
		if o["projects_error"] == nil {
			t.Errorf("organization %v: no projects_error", o["$id"])
		}
	}
	if got := projectIDs(v); !slices.Equal(got, []string{"shop", "blog", "lab"}) {
		t.Errorf("projects = %v", got)
	}
	paths := map[string]bool{}
	for _, r := range h.requests() {
		paths[r.Path] = true
	}
	if !paths["/oauth2/console/organizations"] || !paths["/oauth2/console/projects"] {
		t.Errorf("fallbacks not used: %v", paths)
	}
}

func TestGetContextAccountFailure(t *testing.T) {
	h := newHarness(t)
	h.fake.HandleREST("GET", "/account", func(w http.ResponseWriter, _ *http.Request) {
		fakeappwrite.WriteAppwriteError(w, 401, "user_unauthorized", "nope")
	})
	res := h.call(t, ToolGetContext, nil)
	if !res.IsError || !strings.Contains(resultText(res), "HTTP 401") || !strings.Contains(resultText(res), "sign in again") {
		t.Fatalf("res = %s", resultText(res))
	}
}
