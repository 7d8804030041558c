package fakeappwrite

import (
	"encoding/json"
	"net/http"
)

// serveConsoleState loads c into the state, which then answers GET
// /account, /organizations, /organization/projects, /projects and
// /projects/{id}; it adds the OAuth2 accessible-resource fallbacks for
// oauthProject, read from the state at request time. With NarrowedGrant,
// /organizations and /organization/projects answer 401.
func (s *Server) serveConsoleState(st *State, c Console, oauthProject string) {
	st.mu.Lock()
	st.loadConsole(c)
	st.mu.Unlock()
	if c.NarrowedGrant {
		s.HandleREST(http.MethodGet, "/organizations", func(w http.ResponseWriter, _ *http.Request) { narrowedGrant(w, "teams.read") })
		s.HandleREST(http.MethodGet, "/organization/projects", func(w http.ResponseWriter, _ *http.Request) { narrowedGrant(w, "projects.read") })
	}
	s.HandleREST(http.MethodGet, "/oauth2/"+oauthProject+"/organizations", func(w http.ResponseWriter, _ *http.Request) {
		writeRawJSON(w, http.StatusOK, st.consoleIDs("/organizations", "organizations"))
	})
	s.HandleREST(http.MethodGet, "/oauth2/"+oauthProject+"/projects", func(w http.ResponseWriter, _ *http.Request) {
		writeRawJSON(w, http.StatusOK, st.consoleIDs("/projects", "projects"))
	})
}

// organizationProjects is the answer to GET /organization/projects for org.
func (st *State) organizationProjects(org string) (int, []byte) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if _, found := st.lookup(DefaultProject, "/organizations", org); !found {
		return encodeAnswer(fail(notFound("organizations")))
	}
	p := resourcePath{steps: []step{{name: "projects", canon: "projects"}}}
	var projects []Document
	for _, d := range st.coll(DefaultProject, "/projects", false).ordered() {
		if d["teamId"] == org {
			projects = append(projects, d)
		}
	}
	c := &stateCall{project: DefaultProject, path: p}
	return encodeAnswer(ok(http.StatusOK, st.listBody(c, len(projects), projects)))
}

// consoleIDs lists the ids of a console collection under key.
func (st *State) consoleIDs(path, key string) []byte {
	st.mu.RLock()
	defer st.mu.RUnlock()
	ids := []map[string]any{}
	for _, d := range st.coll(DefaultProject, path, false).ordered() {
		ids = append(ids, map[string]any{"$id": d["$id"]})
	}
	_, b := encodeAnswer(ok(http.StatusOK, map[string]any{"total": len(ids), key: ids}))
	return b
}

// encodeAnswer is a JSON answer's status and body.
func encodeAnswer(a stateAnswer) (int, []byte) {
	b, err := json.Marshal(a.body)
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"message":"Server Error","code":500,"type":"general_unknown","version":"1.8.0"}`)
	}
	return a.status, b
}

func writeRawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
