package fakeappwrite

import (
	"encoding/json"
	"net/http"
)

// ConsoleProject is a project in the fake console.
type ConsoleProject struct {
	ID, Name, Region string
}

// ConsoleOrganization is an organization (a console team) and its projects.
type ConsoleOrganization struct {
	ID, Name string
	Projects []ConsoleProject
}

// Console is the console control plane the fake serves: the signed-in
// account, its organizations and their projects.
type Console struct {
	AccountID, Name, Email string
	Organizations          []ConsoleOrganization
	// NarrowedGrant makes GET /organizations and GET /organization/projects
	// answer 401, like a grant narrowed to some resources; the
	// /oauth2/<project>/organizations and /oauth2/<project>/projects
	// fallbacks still answer (ids only).
	NarrowedGrant bool
}

// DefaultConsole is a small console: one account, two organizations, three
// projects in three regions.
func DefaultConsole() Console {
	return Console{
		AccountID: DefaultSubject, Name: "Ada Lovelace", Email: "ada@example.com",
		Organizations: []ConsoleOrganization{
			{ID: "org-one", Name: "Org One", Projects: []ConsoleProject{
				{ID: "shop", Name: "Shop", Region: "fra"},
				{ID: "blog", Name: "Blog", Region: "nyc"},
			}},
			{ID: "org-two", Name: "Org Two", Projects: []ConsoleProject{
				{ID: "lab", Name: "Lab", Region: "syd"},
			}},
		},
	}
}

// ServeConsole registers the console REST routes for c (through HandleREST,
// so requests are recorded and need a valid token): GET /account,
// /organizations, /organization/projects (by X-Appwrite-Organization),
// /projects/{id} (with region), and the OAuth2 accessible-resource
// fallbacks GET /oauth2/<project>/organizations and /oauth2/<project>/projects
// for oauthProject. With the state on, c is loaded into it and every answer
// is read from it (see serveConsoleState).
func (s *Server) ServeConsole(c Console, oauthProject string) {
	if st := s.State(); st != nil {
		s.serveConsoleState(st, c, oauthProject)
		return
	}
	s.HandleREST(http.MethodGet, "/account", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"$id": c.AccountID, "name": c.Name, "email": c.Email, "status": true,
			"password": "$argon2id$redacted-by-server-expected", "passwordUpdate": "2024-01-01T00:00:00.000+00:00",
			"prefs": map[string]any{}, "mfa": false,
		})
	})
	s.HandleREST(http.MethodGet, "/organizations", func(w http.ResponseWriter, _ *http.Request) {
		if c.NarrowedGrant {
			narrowedGrant(w, "teams.read")
			return
		}
		teams := make([]map[string]any, 0, len(c.Organizations))
		for _, o := range c.Organizations {
			teams = append(teams, map[string]any{"$id": o.ID, "name": o.Name, "total": 1})
		}
		writeJSON(w, http.StatusOK, map[string]any{"total": len(teams), "teams": teams})
	})
	s.HandleREST(http.MethodGet, "/organization/projects", func(w http.ResponseWriter, r *http.Request) {
		if c.NarrowedGrant {
			narrowedGrant(w, "projects.read")
			return
		}
		org := r.Header.Get("X-Appwrite-Organization")
		for _, o := range c.Organizations {
			if o.ID != org {
				continue
			}
			projects := make([]map[string]any, 0, len(o.Projects))
			for _, p := range o.Projects {
				projects = append(projects, projectDoc(p, o.ID))
			}
			writeJSON(w, http.StatusOK, map[string]any{"total": len(projects), "projects": projects})
			return
		}
		writeAppwriteError(w, http.StatusNotFound, "team_not_found", "Team with the requested ID could not be found.")
	})
	var orgIDs, projectIDs []map[string]any
	for _, o := range c.Organizations {
		orgIDs = append(orgIDs, map[string]any{"$id": o.ID})
		for _, p := range o.Projects {
			projectIDs = append(projectIDs, map[string]any{"$id": p.ID})
			doc := projectDoc(p, o.ID)
			doc["description"] = p.Name + " project"
			doc["smtpPassword"] = "fake-smtp-secret"
			doc["keys"] = []any{map[string]any{"$id": "k1", "secret": "fake-api-key-secret"}}
			s.HandleREST(http.MethodGet, "/projects/"+p.ID, func(w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, http.StatusOK, doc)
			})
		}
	}
	s.HandleREST(http.MethodGet, "/oauth2/"+oauthProject+"/organizations", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"total": len(orgIDs), "organizations": orgIDs})
	})
	s.HandleREST(http.MethodGet, "/oauth2/"+oauthProject+"/projects", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"total": len(projectIDs), "projects": projectIDs})
	})
}

// narrowedGrant answers like Appwrite to a grant without scope.
func narrowedGrant(w http.ResponseWriter, scope string) {
	writeAppwriteError(w, http.StatusUnauthorized, "general_unauthorized_scope", "missing scope ("+scope+")")
}

func projectDoc(p ConsoleProject, org string) map[string]any {
	return map[string]any{"$id": p.ID, "name": p.Name, "region": p.Region, "teamId": org}
}

// WriteJSONFixture writes v as a JSON response; a helper for REST fixtures.
func WriteJSONFixture(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteAppwriteError writes an error body shaped like Appwrite's, for REST
// fixtures that simulate failures.
func WriteAppwriteError(w http.ResponseWriter, status int, typ, msg string) {
	writeAppwriteError(w, status, typ, msg)
}
