package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
)

// healthcheckTimeout bounds the whole probe: connect, request and answer.
const healthcheckTimeout = 3 * time.Second

// maxHealthBody bounds how much of the answer is read (and thrown away).
const maxHealthBody = 64 << 10

// healthcheck is `appwrite-mcp healthcheck [flags]`, the container image's
// HEALTHCHECK: it GETs /healthz of the server this configuration describes
// (the same flags and environment the server reads) and exits 0 on a 200,
// 1 otherwise, writing one line to stderr on failure. A wildcard HOST
// (0.0.0.0, ::) is reached on 127.0.0.1.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp healthcheck: "+format+"\n", a...)
		return exitFailed
	}
	cfg, err := config.Load(args, getenv, stdout)
	if errors.Is(err, config.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail("invalid configuration: %v", err)
	}
	if cfg.Port == 0 {
		return fail("PORT is 0 (a random port): set the port the server listens on")
	}
	target := "http://" + net.JoinHostPort(probeHost(cfg.Host), strconv.Itoa(cfg.Port)) + httpserver.PathHealth
	if err := probe(ctx, target); err != nil {
		return fail("GET %s: %v", target, err)
	}
	return exitOK
}

// probeHost is where a server listening on host is reached from the same
// machine: loopback for a wildcard address, host itself otherwise.
func probeHost(host string) string {
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return "127.0.0.1"
	}
	return host
}

// probe GETs target once and returns nil on a 200. It uses no proxy and
// follows no redirect: the answer must come from the server itself.
func probe(ctx context.Context, target string) error {
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	client := &http.Client{
		Timeout:   healthcheckTimeout,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("building the request: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // without the method and URL the caller already names
		}
		return fmt.Errorf("no answer: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxHealthBody))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d, want 200", resp.StatusCode)
	}
	return nil
}
