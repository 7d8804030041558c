package httpserver

import (
	"context"
	"encoding/json"
	"net/http"
)

// ResourceName is the human-readable resource_name in the RFC 9728 document.
const ResourceName = "Appwrite MCP"

// protectedResourceMetadata is the RFC 9728 document.
type protectedResourceMetadata struct {
	Resource               string   `json:"resource"`
	AuthorizationServers   []string `json:"authorization_servers"`
	ScopesSupported        []string `json:"scopes_supported,omitempty"`
	BearerMethodsSupported []string `json:"bearer_methods_supported"`
	ResourceName           string   `json:"resource_name"`
}

// protectedResourceMetadata serves RFC 9728 metadata at the path-specific
// location, naming <MCP_PUBLIC_URL>/mcp, and at the root, naming
// <MCP_PUBLIC_URL>/ (MCP is served at / too, for clients given the bare
// origin); a token for either resource is accepted on both. The issuer is the one the
// authorization server's discovery document names (it may be a regional
// host), falling back to the configured one while discovery is down; the
// document is served either way.
func (s *server) protectedResourceMetadata(w http.ResponseWriter, r *http.Request) {
	resource, _ := s.resourceFor(r.URL.Path)
	doc := protectedResourceMetadata{
		Resource:               resource,
		AuthorizationServers:   []string{s.o.Config.Issuer()},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           ResourceName,
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.o.MetadataWait)
	defer cancel()
	if md, err := s.o.Verifier.Metadata(ctx); err == nil && md != nil {
		if md.Issuer != "" {
			doc.AuthorizationServers = []string{md.Issuer}
		}
		doc.ScopesSupported = filterScopes(md.ScopesSupported, s.o.Config.OAuthScopes)
	}
	// A degraded document (discovery down: configured issuer, no scopes)
	// must not be cached by clients or proxies past the outage.
	cacheControl := "public, max-age=300"
	if len(doc.ScopesSupported) == 0 {
		cacheControl = "no-store"
	}
	w.Header().Set("Cache-Control", cacheControl)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(doc)
}

// authorizationServerMetadata serves the authorization server's discovery
// document verbatim on this origin, for clients of the 2025-03-26 spec that
// look for it here instead of following resource_metadata.
func (s *server) authorizationServerMetadata(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.o.MetadataWait)
	defer cancel()
	md, err := s.o.Verifier.Metadata(ctx)
	if err != nil || md == nil || len(md.Raw) == 0 {
		requestLogFrom(r.Context()).reason = "discovery_unavailable"
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "temporarily_unavailable",
			"the authorization server's discovery document is not available right now")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(md.Raw)
}

type healthBody struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Redis   string `json:"redis,omitempty"` // "up" or "down" when REDIS_URL is set
}

// health answers 200 whenever the process serves; it touches no network.
func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, healthBody{Status: "ok", Version: s.o.Version})
}

// ready answers 200 once discovery and signing keys have loaded, else 503
// with the reason. With Options.Redis the body says whether Redis answers;
// the status does not depend on it.
func (s *server) ready(w http.ResponseWriter, _ *http.Request) {
	redis := ""
	if s.o.Redis != nil {
		redis = map[bool]string{true: "up", false: "down"}[s.o.Redis.Healthy() == nil]
	}
	if err := s.o.Verifier.Ready(); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, healthBody{Status: "unavailable", Reason: err.Error(), Redis: redis})
		return
	}
	writeJSON(w, http.StatusOK, healthBody{Status: "ready", Redis: redis})
}
