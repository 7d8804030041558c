package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/httpserver"
)

// freePort is a loopback port nothing listens on (it was free a moment ago).
func freePort(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	_ = ln.Close()
	return port
}

// probeTarget starts a server answering /healthz with status and returns its
// port; every other path is 404.
func probeTarget(t *testing.T, status int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != httpserver.PathHealth || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return port
}

func TestHealthcheck(t *testing.T) {
	healthy := probeTarget(t, http.StatusOK)
	failing := probeTarget(t, http.StatusInternalServerError)
	redirecting := probeTarget(t, http.StatusFound)
	down := freePort(t)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     int
		wantLine string // part of the one stderr line on failure
	}{
		{"healthy, wildcard HOST default", nil, map[string]string{"PORT": healthy}, exitOK, ""},
		{"healthy, specific HOST", nil, map[string]string{"HOST": "127.0.0.1", "PORT": healthy}, exitOK, ""},
		{"healthy, IPv6 wildcard", nil, map[string]string{"HOST": "::", "PORT": healthy}, exitOK, ""},
		{"port from the flag wins over PORT", []string{"-port", healthy}, map[string]string{"PORT": down}, exitOK, ""},
		{"nothing listening", nil, map[string]string{"PORT": down}, exitFailed, "GET http://127.0.0.1:" + down + "/healthz: no answer"},
		{"500 answer", nil, map[string]string{"PORT": failing}, exitFailed, "status 500, want 200"},
		{"redirect is not followed", nil, map[string]string{"PORT": redirecting}, exitFailed, "status 302, want 200"},
		{"PORT 0", nil, map[string]string{"PORT": "0"}, exitFailed, "PORT is 0"},
		{"invalid configuration", nil, map[string]string{"PORT": "eighty"}, exitFailed, "invalid configuration: PORT: "},
		{"unknown flag", []string{"-nope"}, nil, exitFailed, "invalid configuration: flags: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"healthcheck"}, tt.args...)
			code := run(context.Background(), args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code != tt.want {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.want, stderr.String())
			}
			out := stderr.String()
			switch {
			case tt.want == exitOK && out != "":
				t.Errorf("stderr %q on success, want nothing", out)
			case tt.want != exitOK && (strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "appwrite-mcp healthcheck: ") || !strings.Contains(out, tt.wantLine)):
				t.Errorf("stderr %q: want one line containing %q", out, tt.wantLine)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

func TestProbeHost(t *testing.T) {
	tests := []struct{ host, want string }{
		{"0.0.0.0", "127.0.0.1"},
		{"::", "127.0.0.1"},
		{"", "127.0.0.1"},
		{"127.0.0.1", "127.0.0.1"},
		{"10.1.2.3", "10.1.2.3"},
		{"::1", "::1"},
		{"localhost", "localhost"},
	}
	for _, tt := range tests {
		if got := probeHost(tt.host); got != tt.want {
			t.Errorf("probeHost(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	line := regexp.MustCompile(`^appwrite-mcp \d+\.\d+\.\d+\S* \(commit \S+, built \S+, go1\.\d+\S*\)\n$`)
	for _, arg := range []string{"--version", "-version"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// Every variable invalid: --version must not read the configuration.
			code := run(context.Background(), []string{arg}, func(string) string { return "not valid" }, &stdout, &stderr)
			if code != exitOK || !line.MatchString(stdout.String()) || stderr.Len() != 0 {
				t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, stdout.String(), stderr.String())
			}
		})
	}
}

func TestHealthcheckHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"healthcheck", "-h"}, func(string) string { return "" }, &stdout, &stderr)
	if code != exitOK || !strings.Contains(stdout.String(), "-port") {
		t.Errorf("healthcheck -h: exit %d, stdout %q", code, stdout.String())
	}
}
