package tools

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"
)

// cloudHost is Appwrite Cloud's global API host. Only an endpoint on exactly
// this host (https, default port) is rewritten to a project's regional host;
// regional endpoints (fra.cloud.appwrite.io), custom domains, self-hosted
// servers and loopback test servers are used as configured.
const cloudHost = "cloud.appwrite.io"

// regionRouter finds the regional endpoint of a project and caches it briefly.
// The cache is keyed by (token subject, project): a region learned with one
// user's token never routes another user's call, so a user without access to
// a project cannot use the cache to learn where it lives, and one user's
// lookups cannot influence another's routing. Without a subject nothing is
// cached.
type regionRouter struct {
	base    *url.URL // nil: never rewrite
	ttl     time.Duration
	maxSize int
	now     func() time.Time
	log     *slog.Logger

	mu    sync.Mutex
	cache map[regionKey]regionEntry
}

// regionKey scopes a cached region to the user who looked it up.
type regionKey struct {
	subject, projectID string
}

type regionEntry struct {
	region  string
	expires time.Time
}

// routableBase returns the parsed endpoint when it is the global Cloud
// endpoint that region routing applies to, nil otherwise.
func routableBase(endpoint string) *url.URL {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "https" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil
	}
	if !strings.EqualFold(u.Hostname(), cloudHost) || (u.Port() != "" && u.Port() != "443") {
		return nil
	}
	return u
}

func newRegionRouter(endpoint string, ttl time.Duration, maxSize int, now func() time.Time, log *slog.Logger) *regionRouter {
	return &regionRouter{
		base:    routableBase(endpoint),
		ttl:     ttl,
		maxSize: maxSize,
		now:     now,
		log:     log,
		cache:   map[regionKey]regionEntry{},
	}
}

// validRegion accepts region codes such as "fra", "nyc", "syd".
func validRegion(r string) bool {
	if len(r) < 2 || len(r) > 20 || r[0] < 'a' || r[0] > 'z' {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// endpointForRegion is the regional API base for region, or "" when the
// configured endpoint should be used (not routable, no region, "default").
func (r *regionRouter) endpointForRegion(region string) string {
	region = strings.ToLower(strings.TrimSpace(region))
	if r.base == nil || region == "" || region == "default" || !validRegion(region) {
		return ""
	}
	return "https://" + region + "." + cloudHost + strings.TrimRight(r.base.Path, "/")
}

// remember caches a project's region learned with subject's token elsewhere
// (e.g. a project list).
func (r *regionRouter) remember(subject, projectID, region string) {
	if r.base == nil || subject == "" || projectID == "" || !validRegion(strings.ToLower(region)) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if len(r.cache) >= r.maxSize {
		r.evictLocked(now)
	}
	r.cache[regionKey{subject, projectID}] = regionEntry{region: strings.ToLower(region), expires: now.Add(r.ttl)}
}

func (r *regionRouter) evictLocked(now time.Time) {
	var oldestKey regionKey
	var oldest time.Time
	found := false
	for k, e := range r.cache {
		if !now.Before(e.expires) {
			delete(r.cache, k)
			continue
		}
		if !found || e.expires.Before(oldest) {
			oldestKey, oldest, found = k, e.expires, true
		}
	}
	if len(r.cache) >= r.maxSize && found {
		delete(r.cache, oldestKey)
	}
}

func (r *regionRouter) cached(subject, projectID string) (string, bool) {
	if subject == "" {
		return "", false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.cache[regionKey{subject, projectID}]
	if !ok || !r.now().Before(e.expires) {
		return "", false
	}
	return e.region, true
}

// endpoint returns the endpoint override for a project-scoped call, or ""
// to use the configured endpoint. A failed lookup is not cached: the call
// goes to the configured endpoint and the next call looks again. subject is
// the token's subject (sub), the user the cached answer belongs to.
func (r *regionRouter) endpoint(ctx context.Context, b Backend, token, subject, projectID string) string {
	if r.base == nil || projectID == "" {
		return ""
	}
	if region, ok := r.cached(subject, projectID); ok {
		return r.endpointForRegion(region)
	}
	conn := b.Open(ctx, token, Target{})
	defer conn.Close()
	resp, err := conn.Call(ctx, "GET", "/projects/"+projectID, nil)
	if err != nil {
		r.log.DebugContext(ctx, "project region lookup failed", "project", projectID, "error", err)
		return ""
	}
	var p struct {
		Region string `json:"region"`
	}
	if err := json.Unmarshal(resp.Body, &p); err != nil || !validRegion(strings.ToLower(p.Region)) {
		r.log.DebugContext(ctx, "project region lookup gave no usable region", "project", projectID)
		return ""
	}
	r.remember(subject, projectID, p.Region)
	return r.endpointForRegion(p.Region)
}
