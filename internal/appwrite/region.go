package appwrite

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// cloudHost is Appwrite Cloud's global API host. Only an endpoint on exactly
// this host (https, default port) is rewritten to a project's regional host;
// regional endpoints (fra.cloud.appwrite.io), custom domains, self-hosted
// servers and loopback test servers are used as configured.
const cloudHost = "cloud.appwrite.io"

// Defaults of RouterOptions.
const (
	DefaultRegionTTL  = 5 * time.Minute
	defaultRegionSize = 1024
)

// RegionCache remembers which region a project lives in, per user. The
// in-process default is NewMemoryRegionCache; replicas share one through
// Redis. Implementations must be safe for concurrent use and may fail
// open (a miss), never with a wrong region.
type RegionCache interface {
	Region(ctx context.Context, subject, projectID string) (string, bool)
	SetRegion(ctx context.Context, subject, projectID, region string, ttl time.Duration)
}

// RouterOptions configure a Router.
type RouterOptions struct {
	TTL    time.Duration // how long a region is remembered; DefaultRegionTTL when zero
	Cache  RegionCache   // nil: an in-process cache of 1024 entries
	Logger *slog.Logger
	// Lookup finds a project's region with the caller's token; nil: GET
	// /projects/{id} on the console through the Factory.
	Lookup func(ctx context.Context, token, projectID string) (string, error)
}

// Router finds the regional endpoint of a project on Appwrite Cloud. The
// cache is keyed by (token subject, project): a region learned with one
// user's token never routes another user's call, so a user without access
// to a project cannot use the cache to learn where it lives. Without a
// subject nothing is cached.
type Router struct {
	f       *Factory
	find    func(ctx context.Context, token, projectID string) (string, error)
	base    *url.URL // nil: the endpoint is not routable, never rewrite
	ttl     time.Duration
	cache   RegionCache
	log     *slog.Logger
	lookups singleflight.Group
}

// NewRouter returns the router for f's endpoint.
func NewRouter(f *Factory, o RouterOptions) *Router {
	if o.TTL <= 0 {
		o.TTL = DefaultRegionTTL
	}
	if o.Cache == nil {
		o.Cache = NewMemoryRegionCache(defaultRegionSize, time.Now)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Router{f: f, find: o.Lookup, base: routableBase(f.opts.Endpoint), ttl: o.TTL, cache: o.Cache, log: o.Logger}
	if r.find == nil {
		r.find = r.projectRegion
	}
	return r
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

// ValidRegion accepts region codes such as "fra", "nyc", "syd".
func ValidRegion(r string) bool {
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
func (r *Router) endpointForRegion(region string) string {
	region = strings.ToLower(strings.TrimSpace(region))
	if r.base == nil || region == "" || region == "default" || !ValidRegion(region) {
		return ""
	}
	return "https://" + region + "." + cloudHost + strings.TrimRight(r.base.Path, "/")
}

// Remember caches a project's region learned with subject's token elsewhere
// (e.g. a project list).
func (r *Router) Remember(ctx context.Context, subject, projectID, region string) {
	region = strings.ToLower(region)
	if r.base == nil || subject == "" || projectID == "" || !ValidRegion(region) {
		return
	}
	r.cache.SetRegion(ctx, subject, projectID, region, r.ttl)
}

// Endpoint returns the endpoint override for a call inside projectID, or ""
// to use the configured endpoint. A failed lookup is not cached: the call
// goes to the configured endpoint and the next call looks again.
// Concurrent lookups of one user's project share one upstream request.
func (r *Router) Endpoint(ctx context.Context, token, subject, projectID string) string {
	if r.base == nil || projectID == "" {
		return ""
	}
	if subject != "" {
		if region, ok := r.cache.Region(ctx, subject, projectID); ok {
			return r.endpointForRegion(region)
		}
	}
	key := subject + "\x00" + projectID
	v, _, _ := r.lookups.Do(key, func() (any, error) {
		return r.lookup(ctx, token, subject, projectID), nil
	})
	region, _ := v.(string)
	return r.endpointForRegion(region)
}

func (r *Router) lookup(ctx context.Context, token, subject, projectID string) string {
	region, err := r.find(ctx, token, projectID)
	if err != nil {
		r.log.DebugContext(ctx, "project region lookup failed", "project", projectID, "error", err)
		return ""
	}
	region = strings.ToLower(region)
	if !ValidRegion(region) {
		r.log.DebugContext(ctx, "project region lookup gave no usable region", "project", projectID)
		return ""
	}
	r.Remember(ctx, subject, projectID, region)
	return region
}

// projectRegion reads a project's region from the console.
func (r *Router) projectRegion(ctx context.Context, token, projectID string) (string, error) {
	s := r.f.NewSession(token, Target{})
	defer s.Close()
	resp, err := s.Call(ctx, "GET", "/projects/"+projectID, nil)
	if err != nil {
		return "", err
	}
	var p struct {
		Region string `json:"region"`
	}
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		return "", fmt.Errorf("appwrite: project %s: %w", projectID, err)
	}
	return p.Region, nil
}

// MemoryRegionCache is the in-process RegionCache: bounded, entries expire.
type MemoryRegionCache struct {
	maxSize int
	now     func() time.Time

	mu    sync.Mutex
	cache map[regionKey]regionEntry
}

type regionKey struct{ subject, projectID string }

type regionEntry struct {
	region  string
	expires time.Time
}

// NewMemoryRegionCache returns a cache of at most maxSize entries.
func NewMemoryRegionCache(maxSize int, now func() time.Time) *MemoryRegionCache {
	return &MemoryRegionCache{maxSize: maxSize, now: now, cache: map[regionKey]regionEntry{}}
}

// Region implements RegionCache.
func (c *MemoryRegionCache) Region(_ context.Context, subject, projectID string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.cache[regionKey{subject, projectID}]
	if !ok || !c.now().Before(e.expires) {
		return "", false
	}
	return e.region, true
}

// SetRegion implements RegionCache. When full it drops expired entries,
// then the one closest to expiry.
func (c *MemoryRegionCache) SetRegion(_ context.Context, subject, projectID, region string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.cache) >= c.maxSize {
		c.evictLocked(now)
	}
	c.cache[regionKey{subject, projectID}] = regionEntry{region: region, expires: now.Add(ttl)}
}

func (c *MemoryRegionCache) evictLocked(now time.Time) {
	var oldestKey regionKey
	var oldest time.Time
	found := false
	for k, e := range c.cache {
		if !now.Before(e.expires) {
			delete(c.cache, k)
			continue
		}
		if !found || e.expires.Before(oldest) {
			oldestKey, oldest, found = k, e.expires, true
		}
	}
	if len(c.cache) >= c.maxSize && found {
		delete(c.cache, oldestKey)
	}
}
