package appwrite

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestMaxConnsPerHost: however many calls run at once, no more than
// APPWRITE_MAX_CONNS_PER_HOST connections are opened to one Appwrite host;
// the other calls wait for one and all complete.
func TestMaxConnsPerHost(t *testing.T) {
	const maxConns, calls = 2, 6
	var dials atomic.Int64
	entered, release := make(chan struct{}, calls), make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"total":0}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	f := NewFactory(Options{Endpoint: srv.URL + "/v1", MaxConnsPerHost: maxConns})
	t.Cleanup(f.CloseIdleConnections)

	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.NewSession("tok", Target{}).Call(context.Background(), http.MethodGet, "/users", nil)
			errs <- err
		}()
	}
	for range maxConns {
		<-entered // every allowed connection is busy
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("call: %v", err)
		}
	}
	if n := dials.Load(); n > maxConns {
		t.Errorf("%d connections opened to one host, want at most %d", n, maxConns)
	}
}
