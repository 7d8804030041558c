package redisstore_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/httprate"
	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/appwrite/appwrite-mcp/internal/redisstore"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/redistest"
)

func TestMain(m *testing.M) {
	redisstore.SetLibraryLogger(slog.New(slog.DiscardHandler))
	goleak.VerifyTestMain(m)
}

// states records the Observer's calls.
type states struct {
	mu  sync.Mutex
	got []bool
}

func (s *states) RedisState(up bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, up)
}

func (s *states) list() []bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// open is one replica's store on srv, closed when the test ends.
func open(t *testing.T, srv *redistest.Server, o redisstore.Options) *redisstore.Store {
	t.Helper()
	st, err := redisstore.New(context.Background(), srv.URL(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(st.Close)
	return st
}

// raw is a plain client for looking at what the store wrote.
func raw(t *testing.T, srv *redistest.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: srv.Addr(), DisableIdentity: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestNewRefusesBadURLWithoutQuotingIt(t *testing.T) {
	for _, u := range []string{"http://user:hunter2@redis:6379", "redis://user:hunter2@redis:notaport", ""} {
		_, err := redisstore.New(context.Background(), u, redisstore.Options{})
		if err == nil {
			t.Errorf("New(%q) = nil error", u)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New error quotes the password: %v", err)
		}
	}
}

func TestRegionCacheSharedAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	bStore := open(t, srv, redisstore.Options{})
	a, b := open(t, srv, redisstore.Options{}).RegionCache(), bStore.RegionCache()
	ctx := context.Background()
	a.SetRegion(ctx, "user-1", "p1", "fra", time.Minute)

	tests := []struct {
		name, subject, project string
		want                   string
		wantOK                 bool
	}{
		{"same user and project on the other replica", "user-1", "p1", "fra", true},
		{"another user never sees it", "user-2", "p1", "", false},
		{"another project", "user-1", "p2", "", false},
		{"no subject", "", "p1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := b.Region(ctx, tt.subject, tt.project)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Region(%q, %q) = %q, %v; want %q, %v", tt.subject, tt.project, got, ok, tt.want, tt.wantOK)
			}
		})
	}

	rc := raw(t, srv)
	keys, err := rc.Keys(ctx, "*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys = %v, %v; want one", keys, err)
	}
	if !strings.HasPrefix(keys[0], redisstore.DefaultPrefix+"region:") || strings.Contains(keys[0], "user-1") || strings.Contains(keys[0], "p1") {
		t.Errorf("key %q is not namespaced and hashed", keys[0])
	}
	if ttl := rc.TTL(ctx, keys[0]).Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL = %v, want in (0, 1m]", ttl)
	}
	// A value that is not a region (written by anything else) is a miss.
	rc.Set(ctx, keys[0], "../evil", time.Minute)
	if got, ok := b.Region(ctx, "user-1", "p1"); ok {
		t.Errorf("Region = %q, true for a stored non-region; want a miss", got)
	}
	// An error reply (WRONGTYPE) is a miss, and Redis is not down for it.
	rc.Del(ctx, keys[0])
	rc.LPush(ctx, keys[0], "fra")
	if got, ok := b.Region(ctx, "user-1", "p1"); ok {
		t.Errorf("Region = %q, true for a list; want a miss", got)
	}
	if err := bStore.Healthy(); err != nil {
		t.Errorf("Healthy after an error reply = %v, want nil", err)
	}
}

// limitedHandler is one replica's /mcp behind an httprate limiter keyed by
// the X-Subject header (the token subject in the server).
func limitedHandler(counter httprate.LimitCounter, limit int) http.Handler {
	opts := []httprate.Option{httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
		return r.Header.Get("X-Subject"), nil
	})}
	if counter != nil {
		opts = append(opts, httprate.WithLimitCounter(counter))
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	return httprate.NewRateLimiter(limit, time.Hour, opts...).Handler(ok)
}

// allowed sends n requests for subject alternating over replicas and
// counts those that passed.
func allowed(replicas []http.Handler, subject string, n int) int {
	passed := 0
	for i := range n {
		r := httptest.NewRequest(http.MethodPost, "/mcp", nil)
		r.Header.Set("X-Subject", subject)
		w := httptest.NewRecorder()
		replicas[i%len(replicas)].ServeHTTP(w, r)
		if w.Code == http.StatusOK {
			passed++
		}
	}
	return passed
}

func TestLimitCounterSharedAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	const limit = 5
	tests := []struct {
		name    string
		counter func(replica int) httprate.LimitCounter
		want    int
	}{
		{"in-process counters: the limit multiplies", func(int) httprate.LimitCounter { return nil }, 2 * limit},
		{"shared Redis counter: one limit for the service", func(int) httprate.LimitCounter {
			return open(t, srv, redisstore.Options{}).LimitCounter("mcp")
		}, limit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replicas := []http.Handler{limitedHandler(tt.counter(0), limit), limitedHandler(tt.counter(1), limit)}
			subject := "user-" + strings.ReplaceAll(tt.name, " ", "-")
			if got := allowed(replicas, subject, 4*limit); got != tt.want {
				t.Errorf("passed %d of %d requests over two replicas, want %d", got, 4*limit, tt.want)
			}
			if got := allowed(replicas, subject+"-other", 1); got != 1 {
				t.Errorf("another user passed %d of 1", got)
			}
		})
	}
}

func TestUseOnceAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	a, b := open(t, srv, redisstore.Options{}), open(t, srv, redisstore.Options{})
	ctx := context.Background()
	steps := []struct {
		name    string
		st      *redisstore.Store
		id      string
		ttl     time.Duration
		want    bool
		wantErr bool
	}{
		{"first use", a, "state-1", time.Minute, true, false},
		{"replay on the other replica", b, "state-1", time.Minute, false, false},
		{"replay on the same replica", a, "state-1", time.Minute, false, false},
		{"another state", b, "state-2", time.Minute, true, false},
		{"empty id", a, "", time.Minute, false, true},
		{"no ttl", a, "state-3", 0, false, true},
	}
	for _, s := range steps {
		got, err := s.st.Spend(ctx, s.id, time.Now().Add(s.ttl))
		if got != s.want || (err != nil) != s.wantErr {
			t.Errorf("%s: Spend = %v, %v; want %v, error %v", s.name, got, err, s.want, s.wantErr)
		}
	}
	keys := raw(t, srv).Keys(ctx, redisstore.DefaultPrefix+"once:*").Val()
	for _, k := range keys {
		if strings.Contains(k, "state-") {
			t.Errorf("once key %q holds the raw id", k)
		}
		if ttl := raw(t, srv).TTL(ctx, k).Val(); ttl <= 0 || ttl > time.Minute {
			t.Errorf("once key TTL = %v", ttl)
		}
	}
	if len(keys) != 2 {
		t.Errorf("once keys = %d, want 2", len(keys))
	}
}

// waitFor polls cond (a state change driven by the background ping) for at
// most 10s; it bounds a wait, it measures nothing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOutageAndRecovery(t *testing.T) {
	srv := redistest.Start(t)
	logs := &testutil.LogBuffer{}
	obs := &states{}
	st := open(t, srv, redisstore.Options{
		Logger: slog.New(slog.NewJSONHandler(logs, nil)), Observer: obs,
		PingInterval: 20 * time.Millisecond, BackoffMin: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond,
	})
	ctx := context.Background()
	cache := st.RegionCache()
	cache.SetRegion(ctx, "u", "p", "fra", time.Minute)
	const limit = 3
	limiter := []http.Handler{limitedHandler(st.LimitCounter("mcp"), limit)}
	if err := st.Healthy(); err != nil {
		t.Fatalf("Healthy before the outage: %v", err)
	}

	srv.Stop()
	// Requests during the outage: none panics, the cache misses, the
	// once-only store refuses, and the limit is still enforced in-process.
	for range 20 {
		if r, ok := cache.Region(ctx, "u", "p"); ok {
			t.Fatalf("Region during the outage = %q, true; want a miss", r)
		}
		cache.SetRegion(ctx, "u", "p2", "nyc", time.Minute)
	}
	if _, err := st.Spend(ctx, "state-x", time.Now().Add(time.Minute)); !errors.Is(err, redisstore.ErrUnavailable) {
		t.Errorf("Spend during the outage: err = %v, want ErrUnavailable", err)
	}
	if got := allowed(limiter, "u", 3*limit); got != limit {
		t.Errorf("during the outage the limiter passed %d of %d, want the in-process limit %d", got, 3*limit, limit)
	}
	waitFor(t, "Healthy to report the outage", func() bool { return st.Healthy() != nil })
	if err := st.Healthy(); strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("Healthy names the address: %v", err)
	}

	srv.Restart()
	waitFor(t, "recovery", func() bool { return st.Healthy() == nil })
	first, err := st.Spend(ctx, "state-x", time.Now().Add(time.Minute))
	if err != nil || !first {
		t.Errorf("Spend after recovery = %v, %v; want true, nil", first, err)
	}
	cache.SetRegion(ctx, "u", "p", "fra", time.Minute)
	if r, ok := cache.Region(ctx, "u", "p"); !ok || r != "fra" {
		t.Errorf("Region after recovery = %q, %v", r, ok)
	}

	if got, want := obs.list(), []bool{true, false, true}; !slices.Equal(got, want) {
		t.Errorf("observer saw %v, want %v", got, want)
	}
	out := logs.String()
	if n := strings.Count(out, "redis down"); n != 1 {
		t.Errorf("%d 'redis down' lines, want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "redis up"); n != 1 {
		t.Errorf("%d 'redis up' lines, want 1:\n%s", n, out)
	}
}

func TestStartsDownAndRecovers(t *testing.T) {
	srv := redistest.Start(t)
	srv.Stop()
	obs := &states{}
	st := open(t, srv, redisstore.Options{Observer: obs, BackoffMin: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond})
	if st.Healthy() == nil {
		t.Fatal("Healthy = nil with Redis stopped")
	}
	srv.Restart()
	waitFor(t, "recovery", func() bool { return st.Healthy() == nil })
	if got, want := obs.list(), []bool{false, true}; !slices.Equal(got, want) {
		t.Errorf("observer saw %v, want %v", got, want)
	}
	st.Close()
	st.Close() // twice is fine
}

// BenchmarkLimitCounter measures what the shared limit adds to one /mcp
// request: httprate's Get and IncrementBy against a real redis-server on
// loopback.
func BenchmarkLimitCounter(b *testing.B) {
	srv := redistest.Start(b)
	st, err := redisstore.New(context.Background(), srv.URL(), redisstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c := st.LimitCounter("bench")
	c.Config(1<<30, time.Minute)
	now := time.Now().UTC().Truncate(time.Minute)
	for b.Loop() {
		if _, _, err := c.Get("user", now, now.Add(-time.Minute)); err != nil {
			b.Fatal(err)
		}
		if err := c.IncrementBy("user", now, 1); err != nil {
			b.Fatal(err)
		}
	}
}
