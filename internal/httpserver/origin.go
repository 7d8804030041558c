package httpserver

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

// CORS header values for /mcp.
const (
	corsAllowMethods  = "POST, OPTIONS"
	corsAllowHeaders  = "Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-ID, " + HeaderServices + ", " + HeaderReadOnly
	corsExposeHeaders = "WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version, " + HeaderRequestID
	corsMaxAge        = "600"
)

// originPolicy decides which browser origins may call /mcp:
//   - the origin of MCP_PUBLIC_URL,
//   - every origin in MCP_ALLOWED_ORIGINS,
//   - any loopback origin (localhost, 127.0.0.0/8, [::1], any port) when the
//     server listens on a loopback host.
//
// A request without an Origin header (every non-browser client) passes.
type originPolicy struct {
	allowed       map[string]bool
	allowLoopback bool
}

func newOriginPolicy(c config.Config) (originPolicy, error) {
	p := originPolicy{allowed: map[string]bool{}, allowLoopback: isLoopbackHost(c.Host)}
	for _, raw := range append([]string{c.PublicURL}, c.AllowedOrigins...) {
		o, ok := canonicalOrigin(raw)
		if !ok {
			return p, fmt.Errorf("httpserver: %q is not an origin", raw)
		}
		p.allowed[o] = true
	}
	return p, nil
}

// allows reports whether a request with this Origin header value may proceed.
func (p originPolicy) allows(origin string) bool {
	o, ok := canonicalOrigin(origin)
	if !ok {
		return false // includes "null" and anything that is not scheme://host[:port]
	}
	if p.allowed[o] {
		return true
	}
	if p.allowLoopback {
		u, _ := url.Parse(o) // canonicalOrigin parsed it already
		return isLoopbackHost(u.Hostname())
	}
	return false
}

// canonicalOrigin returns scheme://host[:port] in lower case without a
// default port, or false when s is not an http(s) origin.
func canonicalOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return u.Scheme + "://" + host, true
}

// isLoopbackHost reports whether host is "localhost" (or a name under it) or
// a loopback IP address.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkOrigin answers 403 to a request whose Origin is present and not
// allowed, before any authentication (MCP transport spec, DNS rebinding).
func (s *server) checkOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origins := r.Header.Values("Origin")
		if len(origins) > 1 || (len(origins) == 1 && !s.origins.allows(origins[0])) {
			requestLogFrom(r.Context()).reason = "origin_not_allowed"
			writeError(w, http.StatusForbidden, "forbidden_origin",
				"this Origin may not call /mcp; the operator can allow it with MCP_ALLOWED_ORIGINS")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// mcpCORS adds CORS headers for allowed origins (checkOrigin ran first) and
// answers preflight requests.
func (s *server) mcpCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		if origin != "" {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		}
		if r.Method == http.MethodOptions {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Allow", corsAllowMethods)
			if origin != "" {
				h.Set("Access-Control-Allow-Methods", corsAllowMethods)
				h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
				h.Set("Access-Control-Max-Age", corsMaxAge)
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// openCORS serves public metadata to any origin (RFC 9728 §3, RFC 8414).
func openCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type, Mcp-Protocol-Version")
		h.Set("Access-Control-Max-Age", corsMaxAge)
		next.ServeHTTP(w, r)
	})
}
