package fakeappwrite

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// authorizedREST reports whether r carries a bearer token the fake would accept.
// PLACEHOLDER until the OAuth side lands: any non-empty bearer token passes.
func (s *Server) authorizedREST(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && tok != ""
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }
func itoa(n int) string     { return strconv.Itoa(n) }
