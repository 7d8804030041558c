package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// loggedAddr is the addr of the first JSON log line with message msg.
func loggedAddr(t *testing.T, logs, msg string) string {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		var m struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &m) == nil && m.Msg == msg {
			return m.Addr
		}
	}
	t.Fatalf("no %q log line in:\n%s", msg, logs)
	return ""
}

func TestMetricsListener(t *testing.T) {
	tests := []struct {
		name        string
		metricsAddr string
		wantLog     bool
	}{
		{"METRICS_ADDR set: a listener of its own", "127.0.0.1:0", true},
		{"METRICS_ADDR empty: no listener", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, stop, logs := startRun(t, map[string]string{
				"APPWRITE_ENDPOINT": closedLoopbackURL(t),
				"HOST":              "127.0.0.1",
				"PORT":              "0",
				"METRICS_ADDR":      tt.metricsAddr,
			})
			defer func() {
				if code := stop(); code != exitOK {
					t.Errorf("exit code %d", code)
				}
			}()
			// The public port never serves metrics.
			if status, _ := testutil.Get(t, base+"/metrics"); status != http.StatusNotFound {
				t.Errorf("public GET /metrics = %d, want 404", status)
			}
			if !tt.wantLog {
				if strings.Contains(logs.String(), "metrics listening") {
					t.Errorf("a metrics listener started without METRICS_ADDR:\n%s", logs)
				}
				return
			}
			maddr := loggedAddr(t, logs.String(), "metrics listening")
			if maddr == strings.TrimPrefix(base, "http://") {
				t.Fatalf("metrics share the public address %s", maddr)
			}
			status, body := testutil.Get(t, "http://"+maddr+"/metrics")
			if status != http.StatusOK || !strings.Contains(body, "appwrite_mcp_build_info{") || !strings.Contains(body, "go_goroutines") {
				t.Errorf("GET metrics /metrics = %d:\n%.400s", status, body)
			}
			if status, _ := testutil.Get(t, "http://"+maddr+"/healthz"); status != http.StatusNotFound {
				t.Errorf("metrics GET /healthz = %d, want 404 (only /metrics is served there)", status)
			}
		})
	}
}
