package config

import (
	"bytes"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

// envOf returns a getenv backed by m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil, envOf(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("Load with no configuration: %v", err)
	}
	want := Config{
		AppwriteEndpoint:  "https://cloud.appwrite.io/v1",
		AppwriteProjectID: "console",
		PublicURL:         "http://localhost:8000",
		PublicURLDerived:  true,
		Host:              "0.0.0.0",
		Port:              8000,
		LogLevel:          slog.LevelInfo,
		LogFormat:         "json",
		AppwriteTimeout:   30 * time.Second,
		ToolSurface:       SurfaceOperator,
		MaxResultBytes:    65536,
		MaxBodyBytes:      4 << 20,
		MaxUploadBytes:    10 << 20,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxConnections:    1024,
		ShutdownTimeout:   25 * time.Second,
		MetadataTTL:       5 * time.Minute,
		TokenCacheSize:    10000,

		RateLimitPerMinute:      600,
		MaxInFlightPerUser:      16,
		MaxInFlight:             512,
		UpstreamMaxConnsPerHost: 128,
		WriteConfirmation:       ConfirmAuto,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", c, want)
	}
	if got := c.Resource(); got != "http://localhost:8000/mcp" {
		t.Errorf("Resource() = %q", got)
	}
	if got := c.Issuer(); got != "https://cloud.appwrite.io/v1/oauth2/console" {
		t.Errorf("Issuer() = %q", got)
	}
	if got := c.Addr(); got != "0.0.0.0:8000" {
		t.Errorf("Addr() = %q", got)
	}
}

func TestLoadEnvAndFlags(t *testing.T) {
	env := map[string]string{
		"APPWRITE_ENDPOINT":    "https://FRA.cloud.appwrite.io/v1/",
		"APPWRITE_PROJECT_ID":  "proj-1",
		"MCP_PUBLIC_URL":       "https://mcp.example.com/",
		"HOST":                 "::1",
		"PORT":                 "9000",
		"LOG_LEVEL":            "debug",
		"LOG_FORMAT":           "TEXT",
		"MCP_ALLOWED_ORIGINS":  " https://a.example , http://b.example:8080/ ",
		"MCP_OAUTH_SCOPES":     "account  users.read",
		"EXCLUDED_SERVICES":    "Avatars,locale",
		"APPWRITE_TIMEOUT":     "5s",
		"MCP_TOOL_SURFACE":     "full",
		"MCP_READ_ONLY":        "true",
		"MCP_MAX_BODY_BYTES":   "2048",
		"OAUTH_METADATA_TTL":   "1m",
		"SHUTDOWN_TIMEOUT":     "3s",
		"MCP_MAX_RESULT_BYTES": "4096",
	}
	c, err := Load([]string{"-port=7000", "-log-level", "warn", "--read-only=false"}, envOf(env), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"endpoint (host lowered, slash trimmed)", c.AppwriteEndpoint, "https://fra.cloud.appwrite.io/v1"},
		{"project", c.AppwriteProjectID, "proj-1"},
		{"public URL", c.PublicURL, "https://mcp.example.com"},
		{"host", c.Host, "::1"},
		{"port: flag wins over env", c.Port, 7000},
		{"log level: flag wins", c.LogLevel, slog.LevelWarn},
		{"log format", c.LogFormat, "text"},
		{"origins", c.AllowedOrigins, []string{"https://a.example", "http://b.example:8080"}},
		{"scopes", c.OAuthScopes, []string{"account", "users.read"}},
		{"excluded", c.ExcludedServices, []string{"avatars", "locale"}},
		{"appwrite timeout", c.AppwriteTimeout, 5 * time.Second},
		{"surface", c.ToolSurface, SurfaceFull},
		{"read-only: flag wins", c.ReadOnly, false},
		{"max body", c.MaxBodyBytes, int64(2048)},
		{"metadata ttl", c.MetadataTTL, time.Minute},
		{"shutdown", c.ShutdownTimeout, 3 * time.Second},
		{"max result", c.MaxResultBytes, 4096},
		{"addr", c.Addr(), "[::1]:7000"},
		{"resource", c.Resource(), "https://mcp.example.com/mcp"},
		{"issuer", c.Issuer(), "https://fra.cloud.appwrite.io/v1/oauth2/proj-1"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		env, value string
	}{
		{"APPWRITE_ENDPOINT", "ftp://cloud.appwrite.io/v1"},
		{"APPWRITE_ENDPOINT", "https:///v1"},
		{"APPWRITE_ENDPOINT", "https://user:pw@cloud.appwrite.io/v1"},
		{"APPWRITE_ENDPOINT", "https://cloud.appwrite.io/v1?x=1"},
		{"APPWRITE_ENDPOINT", "http://bad\nhost/v1"},
		{"APPWRITE_PROJECT_ID", "-leading"},
		{"APPWRITE_PROJECT_ID", "has space"},
		{"APPWRITE_PROJECT_ID", "../console"},
		{"APPWRITE_PROJECT_ID", strings.Repeat("a", 37)},
		{"MCP_PUBLIC_URL", "mcp.example.com"},
		{"MCP_PUBLIC_URL", "https://mcp.example.com/prefix"},
		{"MCP_PUBLIC_URL", "https://mcp.example.com#frag"},
		{"HOST", "bad host"},
		{"HOST", "[::1]"},
		{"HOST", "a/b"},
		{"HOST", "-x.example"},
		{"PORT", "http"},
		{"PORT", "65536"},
		{"PORT", "-1"},
		{"LOG_LEVEL", "verbose"},
		{"LOG_FORMAT", "xml"},
		{"MCP_ALLOWED_ORIGINS", "https://ok.example,not-an-origin"},
		{"MCP_ALLOWED_ORIGINS", "https://ok.example/path"},
		{"MCP_ALLOWED_ORIGINS", "*"},
		{"MCP_OAUTH_SCOPES", `account "quoted"`},
		{"MCP_OAUTH_SCOPES", `back\slash`},
		{"APPWRITE_TIMEOUT", "30"},
		{"APPWRITE_TIMEOUT", "-1s"},
		{"APPWRITE_TIMEOUT", "0s"},
		{"MCP_TOOL_SURFACE", "everything"},
		{"MCP_READ_ONLY", "maybe"},
		{"MCP_MAX_RESULT_BYTES", "10"},
		{"MCP_MAX_RESULT_BYTES", "lots"},
		{"MCP_MAX_BODY_BYTES", "99999999999999"},
		{"MCP_MAX_UPLOAD_BYTES", "0"},
		{"HTTP_READ_HEADER_TIMEOUT", "soon"},
		{"HTTP_IDLE_TIMEOUT", "0"},
		{"SHUTDOWN_TIMEOUT", "-5s"},
		{"OAUTH_METADATA_TTL", "forever"},
		{"HTTP_READ_TIMEOUT", "0s"},
		{"HTTP_MAX_CONNECTIONS", "0"},
		{"MCP_TOKEN_CACHE_SIZE", "-1"},
		{"MCP_RATE_LIMIT_PER_MINUTE", "fast"},
		{"MCP_MAX_INFLIGHT_PER_USER", "0"},
		{"MCP_MAX_INFLIGHT", "0"},
		{"APPWRITE_MAX_CONNS_PER_HOST", "0"},
		{"METRICS_ADDR", "9090"},
		{"METRICS_ADDR", "bad host:9090"},
		{"METRICS_ADDR", "127.0.0.1:http"},
		{"MCP_WRITE_CONFIRMATION", "never"},
		{"MCP_STATE_KEY", "too-short"},
		{"REDIS_URL", "http://redis:6379"},
		{"REDIS_URL", "redis://"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			for _, viaFlag := range []bool{false, true} {
				var args []string
				env := map[string]string{}
				if viaFlag {
					args = []string{"-" + flagOf(t, tt.env) + "=" + tt.value}
				} else {
					env[tt.env] = tt.value
				}
				_, err := Load(args, envOf(env), &bytes.Buffer{})
				var cerr *Error
				if !errors.As(err, &cerr) {
					t.Fatalf("viaFlag=%v: err = %v, want *config.Error", viaFlag, err)
				}
				if cerr.Var != tt.env {
					t.Errorf("viaFlag=%v: Error.Var = %q, want %q", viaFlag, cerr.Var, tt.env)
				}
				msg := cerr.Error()
				if !strings.HasPrefix(msg, tt.env+": ") || strings.ContainsAny(msg, "\r\n") || cerr.Reason == "" {
					t.Errorf("viaFlag=%v: message %q is not one line naming %s with a reason", viaFlag, msg, tt.env)
				}
			}
		})
	}
}

func flagOf(t *testing.T, env string) string {
	t.Helper()
	for _, v := range Vars() {
		if v.Env == env {
			return v.Flag
		}
	}
	t.Fatalf("no variable %s", env)
	return ""
}

// TestSecretsNeverInErrors: a bad MCP_STATE_KEY or REDIS_URL is reported
// without quoting the value, which may be a secret or hold a password.
func TestSecretsNeverInErrors(t *testing.T) {
	for env, value := range map[string]string{
		"MCP_STATE_KEY": "s3cret-but-short",
		"REDIS_URL":     "http://user:hunter2-password@redis:6379",
	} {
		_, err := Load(nil, envOf(map[string]string{env: value}), &bytes.Buffer{})
		if err == nil || strings.Contains(err.Error(), value) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: error %v must exist and must not quote the value", env, err)
		}
	}
}

func TestPublicURLDerivedFromPort(t *testing.T) {
	c, err := Load([]string{"-port", "18799"}, envOf(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.PublicURL != "http://localhost:18799" || !c.PublicURLDerived || c.Resource() != "http://localhost:18799/mcp" {
		t.Errorf("derived public URL = %q (derived %v)", c.PublicURL, c.PublicURLDerived)
	}
	c.SetListenPort(41000)
	if c.PublicURL != "http://localhost:41000" {
		t.Errorf("after SetListenPort: %q", c.PublicURL)
	}
	set, err := Load([]string{"-port", "18799"}, envOf(map[string]string{"MCP_PUBLIC_URL": "https://mcp.example.com"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	set.SetListenPort(41000)
	if set.PublicURL != "https://mcp.example.com" || set.PublicURLDerived {
		t.Errorf("an explicit MCP_PUBLIC_URL must never follow the port: %q", set.PublicURL)
	}
	want := []string{"https://mcp.example.com/mcp", "https://mcp.example.com/", "https://mcp.example.com"}
	if got := set.Audiences(); !reflect.DeepEqual(got, want) {
		t.Errorf("Audiences() = %v, want %v", got, want)
	}
}

func TestLoadFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-no-such-flag=1"}},
		{"positional argument", []string{"serve"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := Load(tt.args, envOf(nil), &out)
			var cerr *Error
			if !errors.As(err, &cerr) || cerr.Var != "flags" {
				t.Fatalf("err = %v, want *config.Error for flags", err)
			}
			if out.Len() != 0 {
				t.Errorf("a flag error wrote to out (the caller prints the one line): %q", out.String())
			}
		})
	}
}

func TestLoadHelp(t *testing.T) {
	var out bytes.Buffer
	_, err := Load([]string{"-h"}, envOf(nil), &out)
	if !errors.Is(err, ErrHelp) {
		t.Fatalf("err = %v, want ErrHelp", err)
	}
	for _, v := range Vars() {
		if !strings.Contains(out.String(), "-"+v.Flag) || !strings.Contains(out.String(), v.Env) {
			t.Errorf("usage does not mention -%s / %s", v.Flag, v.Env)
		}
	}
}

func TestEnvBlankMeansDefault(t *testing.T) {
	c, err := Load(nil, envOf(map[string]string{"PORT": "", "LOG_FORMAT": ""}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8000 || c.LogFormat != "json" {
		t.Errorf("blank env did not fall back to defaults: port %d format %q", c.Port, c.LogFormat)
	}
}

func TestVarsTable(t *testing.T) {
	seenEnv, seenFlag := map[string]bool{}, map[string]bool{}
	for _, v := range Vars() {
		if v.Env == "" || v.Flag == "" || v.Doc == "" || v.set == nil {
			t.Errorf("incomplete variable %+v", v)
		}
		if seenEnv[v.Env] || seenFlag[v.Flag] {
			t.Errorf("duplicate variable %s / -%s", v.Env, v.Flag)
		}
		seenEnv[v.Env], seenFlag[v.Flag] = true, true
		if strings.ContainsAny(v.Doc, "\r\n") || strings.ContainsAny(v.Default, "\r\n") {
			t.Errorf("%s: doc and default must be one line", v.Env)
		}
		// Every default must itself be valid.
		var c Config
		if err := v.set(&c, v.Default); err != nil {
			t.Errorf("%s: default %q is invalid: %v", v.Env, v.Default, err)
		}
	}
}

func TestValidScopeToken(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"account", true},
		{"users.read", true},
		{"a:b/c!#$%&'()*+,-./[]^_`{|}~", true},
		{"", false},
		{"two words", false},
		{`quote"`, false},
		{`back\slash`, false},
		{"crlf\r\nInjected: 1", false},
		{"tab\t", false},
		{"del\x7f", false},
		{"ünïcode", false},
	}
	for _, tt := range tests {
		if got := ValidScopeToken(tt.in); got != tt.want {
			t.Errorf("ValidScopeToken(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
