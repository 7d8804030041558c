package httpserver

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// blockingHandler signals entered when a request arrives and answers only
// when release is closed.
func blockingHandler(entered chan<- struct{}, release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-release
		_, _ = io.WriteString(w, "drained")
	})
}

func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

type result struct {
	status int
	body   string
	err    error
}

func get(url string) result {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return result{err: err}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	return result{status: resp.StatusCode, body: string(b), err: err}
}

func TestServeDrainsInFlightRequest(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	ln := listenLoopback(t)
	srv := &http.Server{Handler: blockingHandler(entered, release), ReadHeaderTimeout: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, ln, time.Minute) }()

	got := make(chan result, 1)
	go func() { got <- get("http://" + ln.Addr().String() + "/") }()
	<-entered // the request is in flight

	cancel() // SIGTERM
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) while a request was in flight", err)
	case r := <-got:
		t.Fatalf("in-flight request finished before release: %+v", r)
	default:
	}
	close(release)

	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "drained" {
		t.Errorf("in-flight request: %+v, want 200 drained", r)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after a clean drain: %v", err)
	}
	// The listener is closed: no new connections.
	if r := get("http://" + ln.Addr().String() + "/"); r.err == nil {
		t.Errorf("a new request was served after shutdown: %+v", r)
	}
}

func TestServeForcedShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	ln := listenLoopback(t)
	srv := &http.Server{Handler: blockingHandler(entered, release), ReadHeaderTimeout: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, ln, time.Millisecond) }()

	got := make(chan result, 1)
	go func() { got <- get("http://" + ln.Addr().String() + "/") }()
	<-entered
	cancel()
	// The handler never finishes on its own, so only the timeout ends Serve.
	if err := <-served; !errors.Is(err, ErrForcedShutdown) {
		t.Errorf("Serve = %v, want ErrForcedShutdown", err)
	}
	if r := <-got; r.err == nil {
		t.Errorf("cut-off request got an answer: %+v", r)
	}
}

func TestServeListenerError(t *testing.T) {
	ln := listenLoopback(t)
	_ = ln.Close()
	err := Serve(context.Background(), &http.Server{ReadHeaderTimeout: time.Second}, ln, time.Second)
	if err == nil {
		t.Fatal("Serve on a closed listener returned nil")
	}
}
