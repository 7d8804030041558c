package fakeappwrite_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// waitFor polls cond until it holds, failing the test after five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// getWithContext sends GET path as c and returns the transport error.
func getWithContext(ctx context.Context, c rest, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.fake.Endpoint()+path, nil)
	if err != nil {
		return err
	}
	_, _, err = c.roundTrip(req)
	return err
}

func TestLatencyCancellationIsObserved(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	c := newRest(t, fake, "p1")
	fake.SetRouteLatency("GET", "/users/{id}", time.Minute)

	const clients = 3
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for range clients {
		wg.Go(func() { errs <- getWithContext(ctx, c, "/users/slow") })
	}
	waitFor(t, "three requests in flight", func() bool { return fake.InFlight() == clients })
	if fake.PeakInFlight() < clients {
		t.Errorf("peak in flight %d, want at least %d", fake.PeakInFlight(), clients)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("client error %v, want context.Canceled", err)
		}
	}
	waitCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if err := fake.WaitCancelled(waitCtx, clients); err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Requests() {
		if !r.Cancelled {
			t.Errorf("request %s not recorded as cancelled", r.Path)
		}
	}
	waitFor(t, "no request in flight", func() bool { return fake.InFlight() == 0 })

	// Other routes are not delayed, and answered requests are not cancelled.
	fake.ResetRequests()
	if status, _ := c.do("GET", "/users", nil); status != http.StatusOK {
		t.Errorf("undelayed route: %d", status)
	}
	if reqs := fake.Requests(); len(reqs) != 1 || reqs[0].Cancelled {
		t.Errorf("requests %+v", reqs)
	}
	if n := fake.Cancellations(); n != clients {
		t.Errorf("Cancellations() = %d, want %d", n, clients)
	}
}

func TestWaitCancelledHonoursItsContext(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := fake.WaitCancelled(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitCancelled = %v, want context.Canceled", err)
	}
}

func TestCloseEndsDelayedRequests(t *testing.T) {
	fake := fakeappwrite.New()
	c := newRest(t, fake, "p1")
	fake.SetLatency(time.Minute)
	done := make(chan error, 1)
	go func() { done <- getWithContext(context.Background(), c, "/users") }()
	waitFor(t, "the request in flight", func() bool { return fake.InFlight() == 1 })
	fake.Close() // must not wait for the minute
	if err := <-done; err == nil {
		t.Error("the delayed request got an answer after Close")
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		inject func(*fakeappwrite.Server)
		path   string
		want   []int // statuses of consecutive GETs; 0 is a transport error
		typ    string
	}{
		{"fail next", func(s *fakeappwrite.Server) { s.FailNext("GET", "/users", 503) }, "/users", []int{503, 200}, "general_service_disabled"},
		{"pattern", func(s *fakeappwrite.Server) { s.FailNext("", "/tablesdb/{db}/tables", 500) }, "/tablesdb/main/tables", []int{500, 200}, "general_unknown"},
		{"other route unaffected", func(s *fakeappwrite.Server) { s.FailNext("GET", "/teams", 500) }, "/users", []int{200, 200}, ""},
		{"other method unaffected", func(s *fakeappwrite.Server) { s.FailNext("POST", "/users", 500) }, "/users", []int{200}, ""},
		{"times", func(s *fakeappwrite.Server) {
			s.AddFault(fakeappwrite.Fault{Path: "/users", Status: 429, Times: 2})
		}, "/users", []int{429, 429, 200}, "general_rate_limit_exceeded"},
		{"until cleared", func(s *fakeappwrite.Server) {
			s.AddFault(fakeappwrite.Fault{Status: 502})
		}, "/users", []int{502, 502, 502}, "general_unknown"},
		{"reset", func(s *fakeappwrite.Server) { s.ResetNext("GET", "/users") }, "/users", []int{0, 200}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeappwrite.New()
			t.Cleanup(fake.Close)
			c := newRest(t, fake, "p1")
			tc.inject(fake)
			for i, want := range tc.want {
				status, m, err := c.try("GET", tc.path, nil)
				if (want == 0) != (err != nil) || status != want {
					t.Fatalf("request %d: status %d, error %v; want %d", i, status, err, want)
				}
				if want >= 400 && m["type"] != tc.typ {
					t.Errorf("request %d: type %v, want %s", i, m["type"], tc.typ)
				}
			}
			fake.ClearFaults()
			if status, _ := c.do("GET", tc.path, nil); status != 200 {
				t.Errorf("after ClearFaults: %d", status)
			}
		})
	}
}

func TestFaultsApplyBeforeTheTokenCheck(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.FailNext("GET", "/account", 429)
	resp, err := http.Get(fake.Endpoint() + "/account")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("status %d, X-RateLimit-Remaining %q", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestConnectionsAreCounted(t *testing.T) {
	tests := []struct {
		name      string
		keepAlive bool
		want      int64
	}{
		{"keep-alive reuses one connection", true, 1},
		{"no keep-alive opens one per request", false, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeappwrite.New()
			t.Cleanup(fake.Close)
			token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}})
			transport := &http.Transport{DisableKeepAlives: !tc.keepAlive}
			t.Cleanup(transport.CloseIdleConnections)
			client := &http.Client{Transport: transport}
			before := fake.Connections()
			for range 10 {
				req, _ := http.NewRequest(http.MethodGet, fake.Endpoint()+"/users", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body) // a drained body frees the connection
				_ = resp.Body.Close()
			}
			if got := fake.Connections() - before; got != tc.want {
				t.Errorf("%d new connections, want %d", got, tc.want)
			}
		})
	}
}
