package metrics_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"

	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func testInfo() buildinfo.Info {
	return buildinfo.Info{Version: "1.2.3", Commit: "abc1234def", Date: "2026-12-02T10:00:00Z", GoVersion: "go1.26.8"}
}

// scrape fetches h's exposition and parses it.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse exposition: %v", err)
	}
	return families
}

// value is the counter, gauge or histogram-count value of the series of
// family name whose labels are exactly want; ok is false when absent.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		if !labelsEqual(m.GetLabel(), want) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func labelsEqual(got []*dto.LabelPair, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, lp := range got {
		if v, ok := want[lp.GetName()]; !ok || v != lp.GetValue() {
			return false
		}
	}
	return true
}

func TestEachMethodMovesItsSeries(t *testing.T) {
	tests := []struct {
		name   string
		record func(m *metrics.Metrics)
		family string
		labels map[string]string
		want   float64
	}{
		{
			"http count", func(m *metrics.Metrics) { m.HTTPRequest("/mcp", 200, time.Millisecond) },
			"appwrite_mcp_http_requests_total",
			map[string]string{"route": "/mcp", "code": "200"},
			1,
		},
		{
			"http duration", func(m *metrics.Metrics) { m.HTTPRequest("/mcp", 401, 3*time.Millisecond) },
			"appwrite_mcp_http_request_duration_seconds",
			map[string]string{"route": "/mcp"},
			1,
		},
		{
			"http route with braces", func(m *metrics.Metrics) { m.HTTPRequest("/files/{id}", 404, 0) },
			"appwrite_mcp_http_requests_total",
			map[string]string{"route": "/files/{id}", "code": "404"},
			1,
		},
		{
			"http odd status", func(m *metrics.Metrics) { m.HTTPRequest("/mcp", 0, 0) },
			"appwrite_mcp_http_requests_total",
			map[string]string{"route": "/mcp", "code": "other"},
			1,
		},
		{"tool ok twice", func(m *metrics.Metrics) {
			m.ToolCall("users_list", metrics.OutcomeOK, time.Millisecond)
			m.ToolCall("users_list", metrics.OutcomeOK, time.Millisecond)
		}, "appwrite_mcp_tool_calls_total", map[string]string{"tool": "users_list", "outcome": "ok"}, 2},
		{
			"tool refused", func(m *metrics.Metrics) { m.ToolCall("users_delete", metrics.OutcomeRefused, 0) },
			"appwrite_mcp_tool_calls_total",
			map[string]string{"tool": "users_delete", "outcome": "refused"},
			1,
		},
		{
			"tool unknown outcome", func(m *metrics.Metrics) { m.ToolCall("users_list", "exploded", 0) },
			"appwrite_mcp_tool_calls_total",
			map[string]string{"tool": "users_list", "outcome": "other"},
			1,
		},
		{
			"tool duration", func(m *metrics.Metrics) { m.ToolCall("users_list", metrics.OutcomeUpstreamError, time.Second) },
			"appwrite_mcp_tool_call_duration_seconds",
			map[string]string{"tool": "users_list"},
			1,
		},
		{
			"auth rejected", func(m *metrics.Metrics) { m.AuthRejected("wrong_audience") },
			"appwrite_mcp_auth_rejections_total",
			map[string]string{"reason": "wrong_audience"},
			1,
		},
		{
			"upstream status", func(m *metrics.Metrics) { m.Upstream(503, time.Millisecond) },
			"appwrite_mcp_upstream_requests_total",
			map[string]string{"code": "503"},
			1,
		},
		{
			"upstream transport error", func(m *metrics.Metrics) { m.Upstream(0, time.Millisecond) },
			"appwrite_mcp_upstream_requests_total",
			map[string]string{"code": "error"},
			1,
		},
		{
			"upstream duration", func(m *metrics.Metrics) { m.Upstream(200, time.Millisecond) },
			"appwrite_mcp_upstream_request_duration_seconds",
			map[string]string{},
			1,
		},
		{
			"jwks refresh", func(m *metrics.Metrics) { m.JWKSRefresh("error") },
			"appwrite_mcp_jwks_refreshes_total",
			map[string]string{"result": "error"},
			1,
		},
		{
			"rate limited", func(m *metrics.Metrics) { m.RateLimited(metrics.KindInflightUser) },
			"appwrite_mcp_rate_limited_total",
			map[string]string{"kind": "inflight_user"},
			1,
		},
		{
			"rate limited unknown kind", func(m *metrics.Metrics) { m.RateLimited("burst") },
			"appwrite_mcp_rate_limited_total",
			map[string]string{"kind": "other"},
			1,
		},
		{
			"redis up", func(m *metrics.Metrics) { m.RedisState(true) },
			"appwrite_mcp_redis_up",
			map[string]string{},
			1,
		},
		{
			"redis down after up", func(m *metrics.Metrics) { m.RedisState(true); m.RedisState(false) },
			"appwrite_mcp_redis_up",
			map[string]string{},
			0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New(testInfo())
			before, _ := value(scrape(t, m.Handler()), tt.family, tt.labels)
			tt.record(m)
			got, ok := value(scrape(t, m.Handler()), tt.family, tt.labels)
			if !ok {
				t.Fatalf("no series %s%v", tt.family, tt.labels)
			}
			if got != tt.want || (tt.want != 0 && got == before) {
				t.Errorf("%s%v = %v (before %v), want %v", tt.family, tt.labels, got, before, tt.want)
			}
		})
	}
}

func TestBuildInfoAndRuntimeCollectors(t *testing.T) {
	families := scrape(t, metrics.New(testInfo()).Handler())
	got, ok := value(families, "appwrite_mcp_build_info",
		map[string]string{"version": "1.2.3", "commit": "abc1234def", "goversion": "go1.26.8"})
	if !ok || got != 1 {
		t.Errorf("build_info = %v (present %v), want 1", got, ok)
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds"} {
		if families[name] == nil {
			t.Errorf("missing %s (Go/process collectors)", name)
		}
	}
}

func TestLabelGuard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"users_list", "users_list"},
		{"/mcp", "/mcp"},
		{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/mcp"},
		{"/files/{id}", "/files/{id}"},
		{"a-b.c", "a-b.c"},
		{strings.Repeat("a", 64), strings.Repeat("a", 64)},
		{strings.Repeat("a", 65), "other"},
		{"", "other"},
		{"Users_List", "other"},
		{"/mcp?token=x", "other"},
		{"with space", "other"},
		{"ünïcode", "other"},
		{`quote"`, "other"},
	}
	for _, tt := range tests {
		if got := metrics.Label(tt.in); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The guard applies to what reaches the exposition.
	m := metrics.New(testInfo())
	m.HTTPRequest("/users/6631a7f0c1d2e3f4a5b6?x=1", 200, 0)
	if _, ok := value(scrape(t, m.Handler()), "appwrite_mcp_http_requests_total",
		map[string]string{"route": "other", "code": "200"}); !ok {
		t.Errorf("a raw path was not recorded as route=\"other\"")
	}
}

func TestNilMetricsIsSafe(t *testing.T) {
	var m *metrics.Metrics
	m.HTTPRequest("/mcp", 200, time.Second)
	m.ToolCall("users_list", metrics.OutcomeOK, time.Second)
	m.AuthRejected("expired")
	m.Upstream(500, time.Second)
	m.JWKSRefresh("ok")
	m.RateLimited(metrics.KindRate)
	m.RedisState(true)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Handler answered %d, want 404", rec.Code)
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	a, b := metrics.New(testInfo()), metrics.New(testInfo()) // no duplicate-registration panic
	a.AuthRejected("expired")
	if _, ok := value(scrape(t, b.Handler()), "appwrite_mcp_auth_rejections_total",
		map[string]string{"reason": "expired"}); ok {
		t.Errorf("a series recorded on one Metrics shows on another")
	}
}

func TestNewServerRoutes(t *testing.T) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New(testInfo())
	m.AuthRejected("expired")
	srv := metrics.NewServer(m.Handler(), nil)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	tests := []struct {
		method, path string
		want         int
		body         string
	}{
		{http.MethodGet, "/metrics", http.StatusOK, `appwrite_mcp_auth_rejections_total{reason="expired"} 1`},
		{http.MethodHead, "/metrics", http.StatusOK, ""},
		{http.MethodGet, "/", http.StatusNotFound, ""},
		{http.MethodGet, "/healthz", http.StatusNotFound, ""},
		{http.MethodGet, "/metrics/x", http.StatusNotFound, ""},
		{http.MethodPost, "/metrics", http.StatusMethodNotAllowed, ""},
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for _, tt := range tests {
		req, _ := http.NewRequestWithContext(context.Background(), tt.method, base+tt.path, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != tt.want || !strings.Contains(string(body), tt.body) {
			t.Errorf("%s %s = %d (body has %q: %v), want %d", tt.method, tt.path, resp.StatusCode, tt.body,
				strings.Contains(string(body), tt.body), tt.want)
		}
	}
	client.CloseIdleConnections()

	if err := srv.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve after Close: %v", err)
	}
}
