// Package metrics holds appwrite-mcp's Prometheus metrics and serves them on
// a listener of their own (METRICS_ADDR), never on the public MCP port.
//
// New builds every series on a private registry (not the global default), so
// tests and several servers in one process never collide. Every recording
// method is safe on a nil *Metrics and does nothing there: a caller holds a
// nil *Metrics when metrics are off and needs no branches.
//
// Label values must come from bounded sets: callers pass route patterns
// (e.g. "/mcp", never a raw URL path), catalog tool names, and the fixed words
// documented on each method. As a guard against a mistake turning into
// unbounded cardinality, a label value that is empty, longer than 64 bytes or
// not made only of a-z 0-9 _ . / { } - is recorded as "other".
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
)

// Namespace prefixes every series of this package.
const Namespace = "appwrite_mcp"

// Other replaces a label value that fails the guard.
const Other = "other"

// Tool call outcomes (the outcome label of ToolCall).
const (
	OutcomeOK            = "ok"             // the tool answered
	OutcomeToolError     = "tool_error"     // the tool answered with isError (bad arguments, Appwrite 4xx)
	OutcomeRefused       = "refused"        // refused before calling Appwrite (read-only, confirmation, deny list)
	OutcomeUpstreamError = "upstream_error" // Appwrite failed: 5xx, timeout, transport error
)

// Rate-limit kinds (the kind label of RateLimited).
const (
	KindRate          = "rate"           // MCP_RATE_LIMIT_PER_MINUTE exceeded
	KindInflightUser  = "inflight_user"  // MCP_MAX_INFLIGHT_PER_USER reached
	KindInflightTotal = "inflight_total" // MCP_MAX_INFLIGHT reached
)

// UpstreamTransportError is the code label of an upstream call that got no
// HTTP answer (connection refused, timeout, TLS failure).
const UpstreamTransportError = "error"

// maxLabelLen bounds one label value.
const maxLabelLen = 64

// durationBuckets (seconds) span a fast probe to a slow upstream call
// (APPWRITE_TIMEOUT defaults to 30s).
func durationBuckets() []float64 {
	return []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}
}

// Metrics records appwrite-mcp's series. The zero value is not usable; a nil
// *Metrics records nothing.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests     *prometheus.CounterVec
	httpDuration     *prometheus.HistogramVec
	toolCalls        *prometheus.CounterVec
	toolDuration     *prometheus.HistogramVec
	authRejections   *prometheus.CounterVec
	upstreamRequests *prometheus.CounterVec
	upstreamDuration prometheus.Histogram
	jwksRefreshes    *prometheus.CounterVec
	rateLimited      *prometheus.CounterVec
	redisUp          prometheus.Gauge
}

// New registers every series, the build information, and the Go runtime and
// process collectors on a new private registry.
func New(info buildinfo.Info) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern.", Buckets: durationBuckets(),
		}, []string{"route"}),
		toolCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "tool_calls_total",
			Help: "Tool calls, by catalog tool and outcome (ok, tool_error, refused, upstream_error).",
		}, []string{"tool", "outcome"}),
		toolDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "tool_call_duration_seconds",
			Help: "Time a tool call took, by catalog tool.", Buckets: durationBuckets(),
		}, []string{"tool"}),
		authRejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "auth_rejections_total",
			Help: "Requests to /mcp refused by the bearer-token check, by reason.",
		}, []string{"reason"}),
		upstreamRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "upstream_requests_total",
			Help: `Calls to the Appwrite API, by HTTP status code ("error": no HTTP answer).`,
		}, []string{"code"}),
		upstreamDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "upstream_request_duration_seconds",
			Help: "Time one call to the Appwrite API took.", Buckets: durationBuckets(),
		}),
		jwksRefreshes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "jwks_refreshes_total",
			Help: "Fetches of the authorization server's signing keys (JWKS), by result.",
		}, []string{"result"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "rate_limited_total",
			Help: "Requests refused by a limit, by kind (rate, inflight_user, inflight_total).",
		}, []string{"kind"}),
		redisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "redis_up",
			Help: "1 while the shared Redis (REDIS_URL) answers, 0 while it does not.",
		}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "build_info",
		Help: "Always 1; the labels say which build is running.",
		ConstLabels: prometheus.Labels{
			"version": info.Version, "commit": info.Commit, "goversion": info.GoVersion,
		},
	})
	buildInfo.Set(1)
	m.reg.MustRegister(
		m.httpRequests, m.httpDuration, m.toolCalls, m.toolDuration,
		m.authRejections, m.upstreamRequests, m.upstreamDuration,
		m.jwksRefreshes, m.rateLimited, m.redisUp, buildInfo,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Handler serves the registry in the Prometheus exposition formats. A nil
// *Metrics serves 404.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	})
}

// HTTPRequest records one answered HTTP request. route is the router's
// pattern (e.g. "/mcp", "/.well-known/oauth-protected-resource/mcp"), never
// the request path; code is the status sent.
func (m *Metrics) HTTPRequest(route string, code int, d time.Duration) {
	if m == nil {
		return
	}
	route = Label(route)
	m.httpRequests.WithLabelValues(route, statusLabel(code)).Inc()
	m.httpDuration.WithLabelValues(route).Observe(d.Seconds())
}

// ToolCall records one tool call: tool is the catalog name, outcome one of
// OutcomeOK, OutcomeToolError, OutcomeRefused, OutcomeUpstreamError (any
// other word is recorded as "other").
func (m *Metrics) ToolCall(tool, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	switch outcome {
	case OutcomeOK, OutcomeToolError, OutcomeRefused, OutcomeUpstreamError:
	default:
		outcome = Other
	}
	tool = Label(tool)
	m.toolCalls.WithLabelValues(tool, outcome).Inc()
	m.toolDuration.WithLabelValues(tool).Observe(d.Seconds())
}

// AuthRejected records one request refused by the bearer check. reason is a
// fixed word such as the auth package's Reason values ("expired",
// "wrong_audience", ...) or "no_token".
func (m *Metrics) AuthRejected(reason string) {
	if m == nil {
		return
	}
	m.authRejections.WithLabelValues(Label(reason)).Inc()
}

// Upstream records one call to the Appwrite API: code is the HTTP status, or
// 0 (or any value below 100) when no HTTP answer came, recorded as
// code="error".
func (m *Metrics) Upstream(code int, d time.Duration) {
	if m == nil {
		return
	}
	label := UpstreamTransportError
	if code >= 100 {
		label = statusLabel(code)
	}
	m.upstreamRequests.WithLabelValues(label).Inc()
	m.upstreamDuration.Observe(d.Seconds())
}

// JWKSRefresh records one fetch of the signing keys; result is a fixed word,
// e.g. "ok" or "error".
func (m *Metrics) JWKSRefresh(result string) {
	if m == nil {
		return
	}
	m.jwksRefreshes.WithLabelValues(Label(result)).Inc()
}

// RateLimited records one request refused by a limit; kind is KindRate,
// KindInflightUser or KindInflightTotal (any other word is recorded as
// "other").
func (m *Metrics) RateLimited(kind string) {
	if m == nil {
		return
	}
	switch kind {
	case KindRate, KindInflightUser, KindInflightTotal:
	default:
		kind = Other
	}
	m.rateLimited.WithLabelValues(kind).Inc()
}

// RedisState records whether the shared Redis answers.
func (m *Metrics) RedisState(up bool) {
	if m == nil {
		return
	}
	if up {
		m.redisUp.Set(1)
		return
	}
	m.redisUp.Set(0)
}

// Label returns v when it is a safe, bounded label value (1 to 64 bytes of
// a-z 0-9 _ . / { } -) and Other otherwise.
func Label(v string) string {
	if v == "" || len(v) > maxLabelLen {
		return Other
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_', c == '.', c == '/', c == '{', c == '}', c == '-':
		default:
			return Other
		}
	}
	return v
}

// statusLabel is an HTTP status code as text, or Other outside 100-599.
func statusLabel(code int) string {
	if code < 100 || code > 599 {
		return Other
	}
	return strconv.Itoa(code)
}
