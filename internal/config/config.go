// Package config loads and validates the server's configuration from
// environment variables and command-line flags. One table (Vars) drives the
// flags, the environment look-up, the defaults, .env.example and the README,
// so the four cannot drift apart.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// Surface values for MCP_TOOL_SURFACE.
const (
	SurfaceOperator = "operator"
	SurfaceFull     = "full"
)

// Values of MCP_WRITE_CONFIRMATION.
const (
	// ConfirmAuto asks the person (elicitation) when the client supports it
	// and falls back to the confirm_write flag otherwise.
	ConfirmAuto = "auto"
	// ConfirmElicit requires elicitation: clients without it cannot write.
	ConfirmElicit = "elicit"
	// ConfirmFlag keeps the model-asserted confirm_write: true rule only.
	ConfirmFlag = "flag"
)

// minStateKeyBytes is the shortest MCP_STATE_KEY accepted.
const minStateKeyBytes = 32

// Config is the validated configuration of one server process.
type Config struct {
	// AppwriteEndpoint is the Appwrite API base URL without a trailing slash,
	// e.g. https://cloud.appwrite.io/v1.
	AppwriteEndpoint string
	// AppwriteProjectID names the project whose OAuth server issues tokens.
	AppwriteProjectID string
	// PublicURL is the externally visible base URL without a trailing slash.
	PublicURL string
	// PublicURLDerived is true when MCP_PUBLIC_URL was not set and PublicURL
	// is http://localhost:<Port> (see SetListenPort).
	PublicURLDerived bool
	Host             string
	Port             int
	LogLevel         slog.Level
	LogFormat        string // "json" or "text"
	// AllowedOrigins are extra browser origins (scheme://host[:port]) allowed on /mcp.
	AllowedOrigins []string
	// OAuthScopes, when non-empty, narrows the advertised scopes to these.
	OAuthScopes []string

	// ExcludedServices removes catalog services (validated by the catalog at start).
	ExcludedServices []string
	// ExcludedTools removes single catalog tools (validated by the catalog at start).
	ExcludedTools []string
	// IncludedTools turns tools of the catalog's default deny list back on
	// (validated by the catalog at start).
	IncludedTools []string
	// AppwriteTimeout bounds one upstream Appwrite call.
	AppwriteTimeout time.Duration
	// ToolSurface is SurfaceOperator or SurfaceFull.
	ToolSurface string
	// ReadOnly hides and refuses write and destructive tools.
	ReadOnly bool
	// MaxResultBytes bounds the text of one tool result.
	MaxResultBytes int
	// MaxBodyBytes bounds an incoming HTTP request body.
	MaxBodyBytes int64
	// MaxUploadBytes bounds a file uploaded through a tool (base64 or URL).
	MaxUploadBytes int64

	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading one whole request (headers and body).
	ReadTimeout     time.Duration
	IdleTimeout     time.Duration
	ShutdownTimeout time.Duration
	// MaxConnections caps concurrently open client connections.
	MaxConnections int
	// MetadataTTL is how long discovery metadata (issuer, scopes, JWKS URI) is cached.
	MetadataTTL time.Duration
	// TokenCacheSize bounds the verified-token cache (0 = no cache).
	TokenCacheSize int

	// RateLimitPerMinute is the per-user request limit on /mcp (0 = off).
	RateLimitPerMinute int
	// MaxInFlightPerUser caps one user's concurrent tool calls.
	MaxInFlightPerUser int
	// MaxInFlight caps all concurrent tool calls of the process.
	MaxInFlight int
	// UpstreamMaxConnsPerHost caps connections to one Appwrite host.
	UpstreamMaxConnsPerHost int

	// MetricsAddr is the host:port of the Prometheus listener ("" = off).
	MetricsAddr string

	// WriteConfirmation is ConfirmAuto, ConfirmElicit or ConfirmFlag.
	WriteConfirmation string
	// StateKey signs state carried between the rounds of a confirmation;
	// nil means a per-process random key. Never log it.
	StateKey []byte
	// RedisURL, when set, is where replicas share limits and caches. It may
	// hold a password: never log it.
	RedisURL string
}

// Audiences are the token audiences accepted: the resource in each spelling
// a client may derive from the URL a person typed — <PublicURL>/mcp,
// <PublicURL>/ and <PublicURL> — and nothing else.
func (c Config) Audiences() []string {
	return []string{c.Resource(), c.PublicURL + "/", c.PublicURL}
}

// SetListenPort records the port actually listened on (PORT=0 picks a free
// one): a derived PublicURL follows it.
func (c *Config) SetListenPort(port int) {
	c.Port = port
	if c.PublicURLDerived {
		c.PublicURL = "http://localhost:" + strconv.Itoa(port)
	}
}

// Resource is the canonical RFC 8707 resource identifier: <PublicURL>/mcp.
func (c Config) Resource() string { return c.PublicURL + "/mcp" }

// Issuer is the expected OAuth issuer: <AppwriteEndpoint>/oauth2/<AppwriteProjectID>.
func (c Config) Issuer() string {
	return c.AppwriteEndpoint + "/oauth2/" + c.AppwriteProjectID
}

// Addr is the listen address host:port.
func (c Config) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// Var describes one configuration variable.
type Var struct {
	Env     string // environment variable name
	Flag    string // command-line flag name
	Default string // default value, as text
	Doc     string // one-line description
	set     func(c *Config, v string) error
}

// Vars lists every configuration variable in documentation order.
func Vars() []Var {
	return []Var{
		{"APPWRITE_ENDPOINT", "appwrite-endpoint", "https://cloud.appwrite.io/v1", "Appwrite API base URL (regional ones like https://fra.cloud.appwrite.io/v1; http only for local testing)", setEndpoint},
		{"APPWRITE_PROJECT_ID", "appwrite-project-id", "console", "project whose OAuth server issues the tokens; issuer = <endpoint>/oauth2/<project>", setProjectID},
		{"MCP_PUBLIC_URL", "public-url", "", "external origin of this server (scheme://host[:port], no path), exactly what clients type; tokens must carry the audience <MCP_PUBLIC_URL>/mcp (or <MCP_PUBLIC_URL>/); empty: http://localhost:<PORT>", setPublicURL},
		{"HOST", "host", "0.0.0.0", "listen host", setHost},
		{"PORT", "port", "8000", "listen port", setPort},
		{"LOG_LEVEL", "log-level", "info", "log level: debug, info, warn or error", setLogLevel},
		{"LOG_FORMAT", "log-format", "json", "log format: json or text", setLogFormat},
		{"MCP_ALLOWED_ORIGINS", "allowed-origins", "", "comma-separated extra browser origins allowed to call /mcp (scheme://host[:port])", setAllowedOrigins},
		{"MCP_OAUTH_SCOPES", "oauth-scopes", "", "space-separated scopes to advertise (intersected with the authorization server's; all of them when empty or disjoint)", setOAuthScopes},
		{"EXCLUDED_SERVICES", "excluded-services", "", "comma-separated Appwrite services to leave out of the tool catalog", listSetter(func(c *Config) *[]string { return &c.ExcludedServices })},
		{"EXCLUDED_TOOLS", "excluded-tools", "", "comma-separated catalog tool names to leave out (e.g. users_delete)", listSetter(func(c *Config) *[]string { return &c.ExcludedTools })},
		{"INCLUDED_TOOLS", "included-tools", "", "comma-separated tools of the default deny list (purchases, payments, credits, plan changes) to turn back on", listSetter(func(c *Config) *[]string { return &c.IncludedTools })},
		{"APPWRITE_TIMEOUT", "appwrite-timeout", "30s", "timeout for one upstream Appwrite call", durationSetter(func(c *Config) *time.Duration { return &c.AppwriteTimeout })},
		{"MCP_TOOL_SURFACE", "tool-surface", SurfaceOperator, "operator (three tools: context, search, call) or full (every catalog tool listed)", setToolSurface},
		{"MCP_READ_ONLY", "read-only", "false", "true hides and refuses every write and destructive tool", setReadOnly},
		{"MCP_MAX_RESULT_BYTES", "max-result-bytes", "65536", "largest tool result text, in bytes; longer results are cut with a note on how to narrow", intSetter(1024, 16<<20, func(c *Config) *int { return &c.MaxResultBytes })},
		{"MCP_MAX_BODY_BYTES", "max-body-bytes", "4194304", "largest HTTP request body accepted on /mcp, in bytes (larger: 413)", int64Setter(1024, 1<<30, func(c *Config) *int64 { return &c.MaxBodyBytes })},
		{"MCP_MAX_UPLOAD_BYTES", "max-upload-bytes", "10485760", "largest file a tool uploads (base64 content or downloaded URL), in bytes", int64Setter(1, 1<<30, func(c *Config) *int64 { return &c.MaxUploadBytes })},
		{"HTTP_READ_HEADER_TIMEOUT", "read-header-timeout", "10s", "time allowed to read request headers", durationSetter(func(c *Config) *time.Duration { return &c.ReadHeaderTimeout })},
		{"HTTP_READ_TIMEOUT", "read-timeout", "30s", "time allowed to read a whole request, body included; a slower client is disconnected", durationSetter(func(c *Config) *time.Duration { return &c.ReadTimeout })},
		{"HTTP_IDLE_TIMEOUT", "idle-timeout", "120s", "keep-alive idle timeout", durationSetter(func(c *Config) *time.Duration { return &c.IdleTimeout })},
		{"HTTP_MAX_CONNECTIONS", "max-connections", "1024", "most client connections open at once; further ones wait to be accepted", intSetter(1, 1<<20, func(c *Config) *int { return &c.MaxConnections })},
		{"SHUTDOWN_TIMEOUT", "shutdown-timeout", "25s", "how long SIGTERM/SIGINT waits for in-flight requests (exit code 1 when it runs out)", durationSetter(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
		{"OAUTH_METADATA_TTL", "oauth-metadata-ttl", "5m", "how long authorization-server discovery (issuer, scopes, JWKS URI) is cached before a refresh", durationSetter(func(c *Config) *time.Duration { return &c.MetadataTTL })},
		{"MCP_TOKEN_CACHE_SIZE", "token-cache-size", "10000", "verified tokens remembered (by hash, never past their expiry) to skip repeat RSA checks; 0 turns the cache off", intSetter(0, 1<<24, func(c *Config) *int { return &c.TokenCacheSize })},
		{"MCP_RATE_LIMIT_PER_MINUTE", "rate-limit-per-minute", "600", "requests per minute one user (token subject) may send to /mcp; more get 429 with Retry-After; 0 turns it off", intSetter(0, 1<<30, func(c *Config) *int { return &c.RateLimitPerMinute })},
		{"MCP_MAX_INFLIGHT_PER_USER", "max-inflight-per-user", "16", "most tool calls one user may have running at once", intSetter(1, 1<<20, func(c *Config) *int { return &c.MaxInFlightPerUser })},
		{"MCP_MAX_INFLIGHT", "max-inflight", "512", "most tool calls the process runs at once", intSetter(1, 1<<20, func(c *Config) *int { return &c.MaxInFlight })},
		{"APPWRITE_MAX_CONNS_PER_HOST", "appwrite-max-conns-per-host", "128", "most connections open to one Appwrite host; further calls wait for one", intSetter(1, 1<<16, func(c *Config) *int { return &c.UpstreamMaxConnsPerHost })},
		{"METRICS_ADDR", "metrics-addr", "", "host:port of a separate listener serving Prometheus /metrics (e.g. 127.0.0.1:9090); empty: no metrics listener", setMetricsAddr},
		{"MCP_WRITE_CONFIRMATION", "write-confirmation", ConfirmAuto, "how writes are confirmed: auto (ask the person through the client when it supports elicitation, else confirm_write), elicit (always ask the person), flag (confirm_write only)", setWriteConfirmation},
		{"MCP_STATE_KEY", "state-key", "", "secret (at least 32 bytes) signing write-confirmation state; give every replica the same one; empty: a random key per process", setStateKey},
		{"REDIS_URL", "redis-url", "", "redis:// or rediss:// URL of a Redis shared by all replicas (rate limits, region cache, once-only write confirmations); empty: in-process state", setRedisURL},
	}
}

// Error reports an invalid variable. Its message is one line naming it.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return e.Var + ": " + e.Reason }

// ErrHelp is returned when -h or -help was asked for; usage was printed.
var ErrHelp = flag.ErrHelp

// Load builds a Config from defaults, then the environment (getenv), then
// flags in args (without the program name). Flags win over the environment.
// Usage and flag errors are written to out.
func Load(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	var c Config
	vars := Vars()
	values := make(map[string]string, len(vars))
	for _, v := range vars {
		values[v.Env] = v.Default
		if s := getenv(v.Env); s != "" {
			values[v.Env] = s
		}
	}
	fs := flag.NewFlagSet("appwrite-mcp", flag.ContinueOnError)
	// Parse errors become one *Error line; only -h prints (the usage) to out.
	fs.SetOutput(io.Discard)
	for _, v := range vars {
		env := v.Env
		fs.Func(v.Flag, v.Doc+" (env "+env+", default "+strconv.Quote(v.Default)+")", func(s string) error {
			values[env] = s
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(out)
			_, _ = fmt.Fprintln(out, "Usage of appwrite-mcp (every flag may also be set by its environment variable; flags win):")
			fs.PrintDefaults()
			return c, ErrHelp
		}
		return c, &Error{Var: "flags", Reason: err.Error()}
	}
	if fs.NArg() > 0 {
		return c, &Error{Var: "flags", Reason: "unexpected argument " + strconv.Quote(fs.Arg(0))}
	}
	for _, v := range vars {
		if err := v.set(&c, strings.TrimSpace(values[v.Env])); err != nil {
			return c, &Error{Var: v.Env, Reason: err.Error()}
		}
	}
	c.SetListenPort(c.Port)
	return c, nil
}

func parseBaseURL(s string, allowPath bool) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("%q must be an http or https URL", s)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("%q has no host", s)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q must not carry user info, a query or a fragment", s)
	}
	if !allowPath && strings.Trim(u.Path, "/") != "" {
		return "", fmt.Errorf("%q must not have a path", s)
	}
	u.Host = strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

func setEndpoint(c *Config, v string) (err error) {
	c.AppwriteEndpoint, err = parseBaseURL(v, true)
	return err
}

// setPublicURL accepts an origin only (no path): RFC 9728 places the
// protected-resource metadata at <origin>/.well-known/oauth-protected-resource/mcp,
// which the server can only serve when the resource is <origin>/mcp.
// An empty value is derived from PORT after every variable is read (Load).
func setPublicURL(c *Config, v string) (err error) {
	c.PublicURL, c.PublicURLDerived = "", v == ""
	if v == "" {
		return nil
	}
	c.PublicURL, err = parseBaseURL(v, false)
	return err
}

func setProjectID(c *Config, v string) error {
	if !appwrite.ValidID(v) {
		return fmt.Errorf("%q is not an Appwrite project ID (letters, digits, '.', '_', '-'; at most 36; not starting with a special character)", v)
	}
	c.AppwriteProjectID = v
	return nil
}

func setHost(c *Config, v string) error {
	if net.ParseIP(v) == nil && !validHostname(v) {
		return fmt.Errorf("%q is not a host name or IP address", v)
	}
	c.Host = v
	return nil
}

// validHostname reports whether s is a DNS name: dot-separated labels of
// letters, digits and '-', not starting or ending with '-'.
func validHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			b := label[i]
			if !isAlnum(b) && b != '-' {
				return false
			}
		}
	}
	return true
}

func setPort(c *Config, v string) error {
	p, err := strconv.Atoi(v)
	if err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("%q is not a port number (0-65535)", v)
	}
	c.Port = p
	return nil
}

func setLogLevel(c *Config, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("%q is not one of debug, info, warn, error", v)
	}
	return nil
}

func setLogFormat(c *Config, v string) error {
	v = strings.ToLower(v)
	if v != "json" && v != "text" {
		return fmt.Errorf("%q is not json or text", v)
	}
	c.LogFormat = v
	return nil
}

func setAllowedOrigins(c *Config, v string) error {
	c.AllowedOrigins = nil
	for _, o := range splitList(v, ",") {
		norm, err := parseBaseURL(o, false)
		if err != nil {
			return fmt.Errorf("origin %w", err)
		}
		c.AllowedOrigins = append(c.AllowedOrigins, norm)
	}
	return nil
}

func setOAuthScopes(c *Config, v string) error {
	c.OAuthScopes = splitList(v, " ")
	for _, s := range c.OAuthScopes {
		if !ValidScopeToken(s) {
			return fmt.Errorf("%q is not a valid scope token (RFC 6749 section 3.3)", s)
		}
	}
	return nil
}

// ValidScopeToken reports whether s matches RFC 6749 §3.3's scope-token:
// 1*( %x21 / %x23-5B / %x5D-7E ), so no space, quote or backslash.
func ValidScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x21 || b > 0x7e || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}

// listSetter reads a comma-separated list of lower-case names.
func listSetter(field func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error {
		var out []string
		for _, s := range splitList(v, ",") {
			out = append(out, strings.ToLower(s))
		}
		*field(c) = out
		return nil
	}
}

func setMetricsAddr(c *Config, v string) error {
	c.MetricsAddr = ""
	if v == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		return fmt.Errorf("%q: %q is not a host name or IP address", v, host)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("%q: %q is not a port number", v, port)
	}
	c.MetricsAddr = v
	return nil
}

func setWriteConfirmation(c *Config, v string) error {
	v = strings.ToLower(v)
	switch v {
	case ConfirmAuto, ConfirmElicit, ConfirmFlag:
		c.WriteConfirmation = v
		return nil
	}
	return fmt.Errorf("%q is not auto, elicit or flag", v)
}

// setStateKey never quotes the value in its error: it is a secret.
func setStateKey(c *Config, v string) error {
	c.StateKey = nil
	if v == "" {
		return nil
	}
	if len(v) < minStateKeyBytes {
		return fmt.Errorf("the key has %d bytes; at least %d are needed (e.g. openssl rand -hex 32)", len(v), minStateKeyBytes)
	}
	c.StateKey = []byte(v)
	return nil
}

// setRedisURL never quotes the value in its error: it may hold a password.
func setRedisURL(c *Config, v string) error {
	c.RedisURL = ""
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return errors.New("not a redis:// or rediss:// URL with a host")
	}
	c.RedisURL = v
	return nil
}

func setToolSurface(c *Config, v string) error {
	v = strings.ToLower(v)
	if v != SurfaceOperator && v != SurfaceFull {
		return fmt.Errorf("%q is not operator or full", v)
	}
	c.ToolSurface = v
	return nil
}

func setReadOnly(c *Config, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("%q is not true or false", v)
	}
	c.ReadOnly = b
	return nil
}

func durationSetter(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a positive duration such as 30s or 2m", v)
		}
		*field(c) = d
		return nil
	}
}

func parseIntRange(v string, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
	}
	return n, nil
}

func int64Setter(lo, hi int64, field func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := parseIntRange(v, lo, hi)
		*field(c) = n
		return err
	}
}

func intSetter(lo, hi int, field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := parseIntRange(v, int64(lo), int64(hi))
		*field(c) = int(n)
		return err
	}
}

func splitList(v, sep string) []string {
	var out []string
	for _, p := range strings.Split(v, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isAlnum reports whether b is an ASCII letter or digit.
func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
