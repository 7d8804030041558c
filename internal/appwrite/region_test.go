package appwrite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestRoutableBase(t *testing.T) {
	tests := []struct {
		endpoint string
		routable bool
	}{
		{"https://cloud.appwrite.io/v1", true},
		{"https://CLOUD.appwrite.io/v1", true},
		{"https://cloud.appwrite.io:443/v1", true},
		{"https://fra.cloud.appwrite.io/v1", false}, // already regional
		{"http://cloud.appwrite.io/v1", false},
		{"https://cloud.appwrite.io:8443/v1", false},
		{"https://appwrite.example.com/v1", false}, // custom / self-hosted
		{"http://127.0.0.1:41234/v1", false},       // loopback fake
		{"https://cloud.appwrite.io.evil.com/v1", false},
		{"https://user@cloud.appwrite.io/v1", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		if got := routableBase(tt.endpoint) != nil; got != tt.routable {
			t.Errorf("routableBase(%q) = %v, want %v", tt.endpoint, got, tt.routable)
		}
	}
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// lookups is a fake project-region lookup that counts its calls.
type lookups struct {
	mu      sync.Mutex
	calls   []string // "token project"
	regions map[string]string
	fail    bool
}

func (l *lookups) find(_ context.Context, token, projectID string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, token+" "+projectID)
	if l.fail {
		return "", errors.New("appwrite down")
	}
	r, ok := l.regions[token+" "+projectID]
	if !ok {
		return "", &APIError{Status: 404, Type: "project_not_found"}
	}
	return r, nil
}

func (l *lookups) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.calls)
}

func newTestRouter(endpoint string, l *lookups, size int, clock *fakeClock) *Router {
	f := NewFactory(Options{Endpoint: endpoint})
	return NewRouter(f, RouterOptions{TTL: time.Minute, Cache: NewMemoryRegionCache(size, clock.Now), Lookup: l.find})
}

func TestRegionRouter(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := &lookups{regions: map[string]string{"tok p1": "fra", "tok p2": "default", "tok p3": "evil.com/x", "tok p4": ""}}
	r := newTestRouter("https://cloud.appwrite.io/v1", l, 3, clock)
	ctx := context.Background()

	if got := r.Endpoint(ctx, "tok", "u1", "p1"); got != "https://fra.cloud.appwrite.io/v1" {
		t.Fatalf("p1 endpoint = %q", got)
	}
	r.Endpoint(ctx, "tok", "u1", "p1")
	if n := l.count(); n != 1 {
		t.Fatalf("cached region looked up again: %d calls", n)
	}
	clock.Add(2 * time.Minute)
	r.Endpoint(ctx, "tok", "u1", "p1")
	if n := l.count(); n != 2 {
		t.Fatalf("expired region not looked up: %d calls", n)
	}
	for _, id := range []string{"p2", "p3", "p4"} {
		if got := r.Endpoint(ctx, "tok", "u1", id); got != "" {
			t.Errorf("%s endpoint = %q, want configured", id, got)
		}
	}
	l.fail = true
	before := l.count()
	if got := r.Endpoint(ctx, "tok", "u1", "p5"); got != "" {
		t.Errorf("failed lookup = %q", got)
	}
	r.Endpoint(ctx, "tok", "u1", "p5")
	if n := l.count() - before; n != 2 {
		t.Errorf("failure was cached: %d lookups, want 2", n)
	}
	cache := r.cache.(*MemoryRegionCache)
	for i := 0; i < 10; i++ {
		r.Remember(ctx, "u1", fmt.Sprintf("q%d", i), "nyc")
	}
	if n := len(cache.cache); n > 3 {
		t.Errorf("cache size %d > 3", n)
	}
}

func TestRegionRouterLeavesOtherEndpointsAlone(t *testing.T) {
	for _, ep := range []string{"https://fra.cloud.appwrite.io/v1", "http://127.0.0.1:5555/v1", "https://appwrite.example.com/v1"} {
		l := &lookups{regions: map[string]string{"tok p1": "fra"}}
		r := newTestRouter(ep, l, 10, &fakeClock{t: time.Now()})
		if got := r.Endpoint(context.Background(), "tok", "u1", "p1"); got != "" || l.count() != 0 {
			t.Errorf("%s: endpoint %q, %d lookups", ep, got, l.count())
		}
	}
}

// TestRegionCacheIsPerUser: a region learned with user A's token never
// routes user B's call. B, without access to A's project, gets B's own
// (failing) lookup and the configured endpoint, so the cache cannot tell B
// where A's project lives; and nothing is cached without a subject.
func TestRegionCacheIsPerUser(t *testing.T) {
	l := &lookups{regions: map[string]string{"token-a p1": "fra"}}
	r := newTestRouter("https://cloud.appwrite.io/v1", l, 10, &fakeClock{t: time.Now()})
	ctx := context.Background()

	if got := r.Endpoint(ctx, "token-a", "user-a", "p1"); got != "https://fra.cloud.appwrite.io/v1" {
		t.Fatalf("user A endpoint = %q", got)
	}
	if got := r.Endpoint(ctx, "token-b", "user-b", "p1"); got != "" {
		t.Fatalf("user B was routed by user A's cached region: %q", got)
	}
	r.Remember(ctx, "user-a", "p2", "syd") // e.g. from A's project list
	if got := r.Endpoint(ctx, "token-b", "user-b", "p2"); got != "" {
		t.Fatalf("user B was routed by a region A's project list taught: %q", got)
	}
	if len(l.calls) != 3 || l.calls[1] != "token-b p1" || l.calls[2] != "token-b p2" {
		t.Fatalf("lookups = %v, want one lookup each with B's own token", l.calls)
	}
	before := l.count()
	r.Endpoint(ctx, "token-a", "", "p1")
	r.Endpoint(ctx, "token-a", "", "p1")
	if n := l.count() - before; n != 2 {
		t.Errorf("without a subject: %d lookups for two calls, want 2 (no caching)", n)
	}
}

// TestConcurrentLookupsShareOne: simultaneous calls of one user for one
// project cost one upstream lookup.
func TestConcurrentLookupsShareOne(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	n := 0
	f := NewFactory(Options{Endpoint: "https://cloud.appwrite.io/v1"})
	r := NewRouter(f, RouterOptions{Lookup: func(context.Context, string, string) (string, error) {
		mu.Lock()
		n++
		mu.Unlock()
		<-release
		return "fra", nil
	}})
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = r.Endpoint(context.Background(), "tok", "u1", "p1")
		}()
	}
	time.Sleep(50 * time.Millisecond) // let every goroutine reach the lookup
	close(release)
	wg.Wait()
	for _, g := range got {
		if g != "https://fra.cloud.appwrite.io/v1" {
			t.Fatalf("endpoint = %q", g)
		}
	}
	if n > 2 { // a goroutine that started after the first lookup finished may hit the cache or look up once more
		t.Fatalf("%d lookups for 8 concurrent calls", n)
	}
}
