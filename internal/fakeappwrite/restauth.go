package fakeappwrite

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// authorizedREST reports whether r carries a bearer token the fake issued:
// an RS256 JWT signed by a published key (current or retired), from one of
// the fake's issuers, with an exp in the future.
func (s *Server) authorizedREST(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	claims, err := verifiedClaims(tok, s.oauth.publishedKeys())
	if err != nil {
		return false
	}
	iss, _ := claims["iss"].(string)
	if !strings.HasPrefix(iss, s.Endpoint()+"/oauth2/") {
		return false
	}
	exp, ok := claims["exp"].(float64)
	return ok && time.Now().Before(time.Unix(int64(exp), 0))
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }
func itoa(n int) string     { return strconv.Itoa(n) }
