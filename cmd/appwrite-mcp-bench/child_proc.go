package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// child is a server running in a child process of this binary.
type child struct {
	mode   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	log    *os.File // the child's stderr (its JSON log)
	origin string   // http://127.0.0.1:<port>
	// ready is the time from starting the process to the first 200 from
	// GET /readyz.
	ready time.Duration
}

// startChild starts `<this binary> -serve mode -upstream upstream` and
// waits (bounded) until it answers /readyz with 200.
func startChild(ctx context.Context, mode, upstream, profile string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	logf, err := os.CreateTemp("", "appwrite-mcp-bench-"+mode+"-*.log")
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	_ = os.Remove(logf.Name()) // unlinked: gone when closed
	c := &child{mode: mode, log: logf}
	args := []string{"-serve", mode, "-upstream", upstream}
	if profile != "" {
		args = append(args, "-profile", profile)
	}
	c.cmd = exec.Command(exe, args...) //nolint:gosec // G204: this binary itself, fixed flags
	c.cmd.Stderr = logf
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	start := time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	line, err := readLine(ctx, stdout, 10*time.Second)
	origin, ok := strings.CutPrefix(line, "listening ")
	if err != nil || !ok {
		c.stop()
		return nil, fmt.Errorf("start %s: no address announced (%v): %s", mode, err, c.logTail())
	}
	c.origin = origin
	if err := waitReady(ctx, origin+"/readyz", 10*time.Second); err != nil {
		c.stop()
		return nil, fmt.Errorf("start %s: %w: %s", mode, err, c.logTail())
	}
	c.ready = time.Since(start)
	return c, nil
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// stop closes the child's stdin (it drains and exits) and waits, killing it
// after a bounded wait.
func (c *child) stop() {
	_ = c.stdin.Close()
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
	_ = c.log.Close()
}

// logTail is the end of the child's log, for error messages.
func (c *child) logTail() string {
	b, err := os.ReadFile("/proc/self/fd/" + fmt.Sprint(c.log.Fd()))
	if err != nil {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func readLine(ctx context.Context, r io.Reader, limit time.Duration) (string, error) {
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, r) // keep the pipe drained
	}()
	select {
	case line := <-got:
		return line, nil
	case <-time.After(limit):
		return "", errors.New("timed out")
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// waitReady polls url every millisecond until it answers 200.
func waitReady(ctx context.Context, url string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("readyz: %w", err)
		}
		if resp, err := hc.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("readyz: not ready: %w", ctx.Err())
		case <-time.After(time.Millisecond):
		}
	}
}
