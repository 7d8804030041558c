// Package redistest starts a real redis-server on a free loopback port for
// a test: no persistence, stopped when the test ends. A test that needs it
// is skipped when redis-server is not installed, unless CI=true (then it
// fails: CI installs it in .ci/run). It is imported only from _test.go
// files.
package redistest

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startWait bounds how long a redis-server may take to answer PING.
const startWait = 10 * time.Second

// Server is one redis-server process on 127.0.0.1:Port.
type Server struct {
	tb   testing.TB
	bin  string
	Port int
	cmd  *exec.Cmd
	wait chan struct{}
}

// Start starts redis-server on a free port and waits until it answers.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("redistest: redis-server is not installed (CI=true: .ci/run installs it): %v", err)
		}
		tb.Skip("redistest: redis-server is not installed; skipping (apt-get install redis-server)")
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("redistest: free port: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	s := &Server{tb: tb, bin: bin, Port: port}
	s.Restart()
	tb.Cleanup(s.Stop)
	return s
}

// URL is the redis:// URL of the server.
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)) }

// Restart starts the server again on the same port (after Stop) and waits
// until it answers PING.
func (s *Server) Restart() {
	s.tb.Helper()
	// #nosec G204 -- redis-server found on PATH, fixed arguments and a port we chose
	cmd := exec.Command(s.bin, "--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("redistest: start redis-server: %v", err)
	}
	s.cmd, s.wait = cmd, make(chan struct{})
	go func(wait chan struct{}) {
		_ = cmd.Wait()
		close(wait)
	}(s.wait)
	deadline := time.Now().Add(startWait)
	for !s.answers() {
		if time.Now().After(deadline) {
			s.Stop()
			s.tb.Fatalf("redistest: redis-server on port %d did not answer within %s", s.Port, startWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop kills the server (SIGKILL: an outage, not a shutdown) and waits
// until it has exited. Safe to call when stopped.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.wait
	s.cmd = nil
}

// answers reports whether the server replies +PONG to PING.
func (s *Server) answers() bool {
	d := net.Dialer{Timeout: 200 * time.Millisecond}
	c, err := d.Dial("tcp", s.Addr())
	if err != nil {
		return false
	}
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "+PONG")
}
