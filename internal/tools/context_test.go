package tools

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// consoleResponder answers the console routes appwrite_get_context reads.
func consoleResponder(orgsFail bool) func(c fakeCall) (*Response, error) {
	return func(c fakeCall) (*Response, error) {
		switch {
		case c.Path == "/account":
			return jsonResp(200, `{"$id":"u1","name":"Ada","email":"ada@example.com","password":"hash","passwordUpdate":"x","prefs":{},"mfa":false}`), nil
		case c.Path == "/organizations" && orgsFail:
			return nil, &UpstreamError{Status: 401, Type: "general_unauthorized_scope", Message: "missing scope"}
		case c.Path == "/organizations":
			return jsonResp(200, `{"total":2,"teams":[{"$id":"o1","name":"Org One","total":3},{"$id":"o2","name":"Org Two"}]}`), nil
		case c.Path == "/oauth2/console/organizations":
			return jsonResp(200, `{"organizations":[{"$id":"o2"}]}`), nil
		case c.Path == "/organization/projects" && c.Target.OrganizationID == "o1":
			return jsonResp(200, `{"total":2,"projects":[{"$id":"p1","name":"Shop","region":"fra","teamId":"o1","keys":[{"secret":"s"}],"apiKey":"k"},{"$id":"p2","name":"Blog","region":"nyc"}]}`), nil
		case c.Path == "/organization/projects" && c.Target.OrganizationID == "o2":
			return jsonResp(200, `{"total":1,"projects":[{"$id":"p3","name":"Lab","region":"syd"}]}`), nil
		case c.Path == "/projects/p1":
			return jsonResp(200, `{"$id":"p1","name":"Shop","region":"fra","description":"main shop","smtpPassword":"s3cr3t-value"}`), nil
		}
		return nil, &UpstreamError{Status: 404, Type: "route_not_found", Message: c.Path}
	}
}

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
		out = append(out, p["$id"].(string))
	}
	return out
}

func TestGetContext(t *testing.T) {
	b := &fakeBackend{respond: consoleResponder(false)}
	cs := connect(t, newTestServer(t, baseOptions(b)))
	res := call(t, cs, ToolGetContext, map[string]any{})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	text := resultText(res)
	for _, secret := range []string{"hash", `"keys"`, "apiKey", "password"} {
		if strings.Contains(text, secret) {
			t.Errorf("context shows %s: %s", secret, text)
		}
	}
	var v contextView
	lastJSON(t, res, &v)
	if v.Account["email"] != "ada@example.com" || len(v.Organizations) != 2 {
		t.Errorf("context = %+v", v)
	}
	if got := projectIDs(v); !slices.Equal(got, []string{"p1", "p2", "p3"}) {
		t.Errorf("projects = %v", got)
	}
	if v.Projects[0]["region"] != "fra" || v.Projects[0]["organization_id"] != "o1" {
		t.Errorf("project = %+v", v.Projects[0])
	}
	for _, c := range b.Calls() {
		if c.Path == "/organization/projects" {
			q, _ := json.Marshal(c.Query)
			if !strings.Contains(string(q), `limit`) || c.Target.OrganizationID == "" {
				t.Errorf("project listing call = %+v", c)
			}
		}
		if c.Token != testToken {
			t.Errorf("call without token: %+v", c)
		}
	}
}

func TestGetContextNarrowed(t *testing.T) {
	b := &fakeBackend{respond: consoleResponder(false)}
	cs := connect(t, newTestServer(t, baseOptions(b)))
	res := call(t, cs, ToolGetContext, map[string]any{"projectId": "p1"})
	var v contextView
	lastJSON(t, res, &v)
	if got := projectIDs(v); !slices.Equal(got, []string{"p1"}) {
		t.Fatalf("projects = %v", got)
	}
	if v.Projects[0]["description"] != "main shop" || v.Projects[0]["organization_id"] != "o1" {
		t.Errorf("detail = %+v", v.Projects[0])
	}
	if strings.Contains(resultText(res), "s3cr3t-value") {
		t.Errorf("secret leaked: %s", resultText(res))
	}
	res = call(t, cs, ToolGetContext, map[string]any{"organization_id": "o2"})
	v = contextView{}
	lastJSON(t, res, &v)
	if got := projectIDs(v); !slices.Equal(got, []string{"p3"}) || len(v.Organizations) != 1 {
		t.Fatalf("org-narrowed = %+v", v)
	}
	if res := call(t, cs, ToolGetContext, map[string]any{"project_id": "../etc"}); !res.IsError {
		t.Errorf("bad project id accepted")
	}
}

func TestGetContextFallbacks(t *testing.T) {
	b := &fakeBackend{respond: consoleResponder(true)}
	cs := connect(t, newTestServer(t, baseOptions(b)))
	res := call(t, cs, ToolGetContext, nil)
	if res.IsError {
		t.Fatal(resultText(res))
	}
	var v contextView
	lastJSON(t, res, &v)
	if len(v.Organizations) != 1 || v.Organizations[0]["$id"] != "o2" {
		t.Errorf("orgs = %+v", v.Organizations)
	}
	if got := projectIDs(v); !slices.Equal(got, []string{"p3"}) {
		t.Errorf("projects = %v", got)
	}
}

func TestGetContextAccountFailure(t *testing.T) {
	b := &fakeBackend{respond: func(fakeCall) (*Response, error) {
		return nil, &UpstreamError{Status: 401, Type: "user_unauthorized", Message: "nope"}
	}}
	cs := connect(t, newTestServer(t, baseOptions(b)))
	res := call(t, cs, ToolGetContext, nil)
	if !res.IsError || !strings.Contains(resultText(res), "HTTP 401") {
		t.Fatalf("res = %s", resultText(res))
	}
}
