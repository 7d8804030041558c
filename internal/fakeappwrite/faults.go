package fakeappwrite

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// maxLatency bounds every injected wait.
const maxLatency = time.Minute

// Fault makes matching REST requests fail. Faults apply after any latency
// and before the token check; the first matching fault wins.
type Fault struct {
	Method string // "" matches every method
	// Path is matched against the path without /v1: "" matches every path;
	// otherwise exactly, where a {name} segment matches any one segment,
	// e.g. /tablesdb/{db}/tables/{table}/rows.
	Path   string
	Status int  // answered with an Appwrite error body; 500 when not a valid status
	Reset  bool // instead of Status: close the connection without answering (TCP reset)
	Times  int  // how many matching requests it fails; 0 (or less) means all until ClearFaults
}

// routeLatency is a latency for the requests one route pattern matches.
type routeLatency struct {
	method, path string
	d            time.Duration
}

// AddFault makes the requests f matches fail, Times times (0: until
// ClearFaults).
func (s *Server) AddFault(f Fault) {
	if f.Status < 100 || f.Status > 599 {
		f.Status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// FailNext answers the next request matching method and path (see Fault)
// with status and an Appwrite error body.
func (s *Server) FailNext(method, path string, status int) {
	s.AddFault(Fault{Method: method, Path: path, Status: status, Times: 1})
}

// ResetNext closes the connection of the next request matching method and
// path without an answer.
func (s *Server) ResetNext(method, path string) {
	s.AddFault(Fault{Method: method, Path: path, Reset: true, Times: 1})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// SetLatency delays every REST answer by d (at most a minute; 0 turns it
// off). A request whose client goes away stops waiting and is recorded as
// Cancelled.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetRouteLatency delays the answers to requests matching method and path
// (see Fault) by d instead of the global latency; 0 removes the route's
// latency.
func (s *Server) SetRouteLatency(method, path string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.routeLatencies[:0]
	for _, rl := range s.routeLatencies {
		if rl.method != method || rl.path != path {
			kept = append(kept, rl)
		}
	}
	s.routeLatencies = kept
	if d > 0 {
		s.routeLatencies = append(s.routeLatencies, routeLatency{method: method, path: path, d: d})
	}
}

// Connections is the number of TCP connections the fake has accepted (REST
// and OAuth share one listener).
func (s *Server) Connections() int64 { return s.connections.Load() }

// InFlight is the number of REST requests being answered now.
func (s *Server) InFlight() int64 { return s.inFlight.Load() }

// PeakInFlight is the largest number of REST requests answered at once.
func (s *Server) PeakInFlight() int64 { return s.peakInFlight.Load() }

// Cancellations is the number of REST requests whose client went away
// while the fake was still waiting to answer.
func (s *Server) Cancellations() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancelled
}

// WaitCancelled waits until the fake has seen at least n cancelled
// requests, or ctx ends.
func (s *Server) WaitCancelled(ctx context.Context, n int64) error {
	for {
		s.mu.Lock()
		got, wake := s.cancelled, s.cancelWake
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return fmt.Errorf("fakeappwrite: saw %d of %d cancellations: %w", got, n, ctx.Err())
		}
	}
}

// enterREST counts a request in flight; the returned func counts it out.
func (s *Server) enterREST() func() {
	n := s.inFlight.Add(1)
	for {
		peak := s.peakInFlight.Load()
		if n <= peak || s.peakInFlight.CompareAndSwap(peak, n) {
			break
		}
	}
	return func() { s.inFlight.Add(-1) }
}

// latencyFor is the delay for a request; s.mu must be held.
func (s *Server) latencyFor(method, path string) time.Duration {
	for _, rl := range s.routeLatencies {
		if routeMatches(rl.method, rl.path, method, path) {
			return min(rl.d, maxLatency)
		}
	}
	return min(s.latency, maxLatency)
}

// takeFault consumes the first fault matching a request.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !routeMatches(f.Method, f.Path, method, path) {
			continue
		}
		got := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return got, true
	}
	return Fault{}, false
}

// delay waits d before r is answered. It reports false when r must not be
// answered: its client went away (recorded on rec) or the fake is closing
// (the connection is reset).
func (s *Server) delay(w http.ResponseWriter, r *http.Request, rec *Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		if r.Context().Err() == nil {
			return true
		}
	case <-r.Context().Done():
	case <-s.closing:
		writeFault(w, Fault{Reset: true})
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec.Cancelled = true
	s.cancelled++
	close(s.cancelWake)
	s.cancelWake = make(chan struct{})
	return false
}

// writeFault answers with f: a reset connection or an error status.
func writeFault(w http.ResponseWriter, f Fault) {
	if f.Reset {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			if tcp, isTCP := conn.(*net.TCPConn); isTCP {
				_ = tcp.SetLinger(0) // RST instead of FIN
			}
			_ = conn.Close()
			return
		}
		f.Status = http.StatusBadGateway
	}
	typ, msg := "general_unknown", "Server Error"
	switch {
	case f.Status == http.StatusTooManyRequests:
		typ, msg = "general_rate_limit_exceeded", "Rate limit for the current endpoint has been exceeded. Please try again after some time."
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Minute).Unix()))
	case f.Status == http.StatusServiceUnavailable:
		typ, msg = "general_service_disabled", "The requested service is disabled."
	case f.Status < 500:
		typ, msg = "general_argument_invalid", http.StatusText(f.Status)
	}
	writeAppwriteError(w, f.Status, typ, msg)
}

// routeMatches reports whether a request matches a method and a path
// pattern (see Fault).
func routeMatches(wantMethod, pattern, method, path string) bool {
	if wantMethod != "" && !strings.EqualFold(wantMethod, method) {
		return false
	}
	if pattern == "" || pattern == path {
		return true
	}
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i, seg := range want {
		wild := strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
		if (wild && got[i] == "") || (!wild && seg != got[i]) {
			return false
		}
	}
	return true
}
