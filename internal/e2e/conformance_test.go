package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// conformanceDir is the Node project pinning the official MCP conformance
// suite (@modelcontextprotocol/conformance).
var conformanceDir = filepath.Join("..", "..", "interop", "conformance")

// conformanceCLI is the suite's entry point, relative to conformanceDir.
const conformanceCLI = "node_modules/@modelcontextprotocol/conformance/dist/index.js"

// conformanceScenarios are the server scenarios that need no fixture (no
// test_* tool, resource or prompt the suite's reference server has), per
// protocol version: the suite runs each with --spec-version <version>.
var conformanceScenarios = map[string][]string{
	"2025-11-25": {
		"server-initialize",
		"server-session-lifecycle",
		"ping",
		"logging-set-level",
		"tools-list",
		"resources-list",
		"prompts-list",
		"dns-rebinding-protection",
		"server-sse-polling",
		"server-sse-multiple-streams",
	},
	"2026-07-28": {
		"server-stateless",
		"tools-list",
		"resources-list",
		"prompts-list",
		"dns-rebinding-protection",
		"server-sse-multiple-streams",
		"caching",
		"http-header-validation",
		"sep-2164-resource-not-found",
		"input-required-result-unsupported-methods",
	},
}

// conformanceCheck is one entry of the suite's checks.json.
type conformanceCheck struct {
	ID           string `json:"id"`
	Status       string `json:"status"` // SUCCESS, FAILURE, WARNING, INFO, SKIPPED
	ErrorMessage string `json:"errorMessage"`
}

// requireConformance returns the node binary once interop/conformance is
// installed; skipped locally without it, fatal in CI, where
// `npm ci --prefix interop/conformance` runs before the Go tests.
func requireConformance(t *testing.T) string {
	t.Helper()
	return requireNodePackage(t, filepath.Join(conformanceDir, conformanceCLI), "interop/conformance")
}

// TestOfficialConformanceSuite runs the official MCP conformance suite's
// fixture-free server scenarios against the whole server at both protocol
// versions. Every failing check must be listed in
// interop/conformance/expected-failures.txt, and every listed check must
// still fail (a fixed one must leave the list).
func TestOfficialConformanceSuite(t *testing.T) {
	node := requireConformance(t)
	expected, err := readExpectedFailures(filepath.Join(conformanceDir, "expected-failures.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range slices.Sorted(maps.Keys(conformanceScenarios)) {
		t.Run(version, func(t *testing.T) {
			mcpURL := conformanceTarget(t)
			for _, scenario := range conformanceScenarios[version] {
				t.Run(scenario, func(t *testing.T) {
					checks := runConformance(t, node, mcpURL, version, scenario)
					judgeChecks(t, version, scenario, checks, expected)
				})
			}
		})
	}
	for key := range expected {
		v, sc, _ := strings.Cut(key, " ")
		if !slices.Contains(conformanceScenarios[v], strings.SplitN(sc, ":", 2)[0]) {
			t.Errorf("expected-failures.txt lists %s, a scenario this test does not run", key)
		}
	}
}

// conformanceTarget starts the stack behind a token-injecting reverse proxy
// and returns the proxy's /mcp URL. The suite sends no token; the proxy adds
// one the fake minted for the proxy's own resource, as an authenticated
// client would, and passes the suite's Host header through. It exists only
// here: the server has no unauthenticated path.
func conformanceTarget(t *testing.T) string {
	t.Helper()
	front := httptest.NewUnstartedServer(nil)
	origin := "http://" + front.Listener.Addr().String()
	s := stack.Start(t, stack.Options{Env: map[string]string{"MCP_PUBLIC_URL": origin}})
	backend, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	token := s.Token(t)
	front.Config.Handler = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backend)
			r.Out.Host = r.In.Host
			r.Out.Header.Set("Authorization", "Bearer "+token)
		},
		FlushInterval: -1, // SSE streams pass through at once
	}
	front.Start()
	t.Cleanup(front.Close)
	return origin + httpserver.PathMCP
}

// runConformance runs one scenario at one spec version and returns the
// checks it reported.
func runConformance(t *testing.T, node, mcpURL, version, scenario string) []conformanceCheck {
	t.Helper()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--import", "./node20.mjs", conformanceCLI, "server",
		"--url", mcpURL, "--scenario", scenario, "--spec-version", version, "--timeout", "60000", "-o", out)
	cmd.Dir = conformanceDir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 5 * time.Second
	output, runErr := cmd.CombinedOutput() // exit 1 on any failing check: judged below
	var files []string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "checks.json" {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 {
		t.Fatalf("scenario wrote %d checks.json files (run error %v); output:\n%s", len(files), runErr, output)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var checks []conformanceCheck
	if err := json.Unmarshal(b, &checks); err != nil {
		t.Fatalf("checks.json: %v", err)
	}
	if len(checks) == 0 {
		t.Fatalf("the scenario reported no checks; output:\n%s", output)
	}
	return checks
}

// judgeChecks fails on a failing check that is not expected and on an
// expected failure that passed. A check id may repeat; any failing
// occurrence makes it fail.
func judgeChecks(t *testing.T, version, scenario string, checks []conformanceCheck, expected map[string]string) {
	t.Helper()
	status := map[string]string{}
	messages := map[string]string{}
	for _, c := range checks {
		if c.Status == "FAILURE" || status[c.ID] != "FAILURE" {
			status[c.ID], messages[c.ID] = c.Status, c.ErrorMessage
		}
	}
	ids := slices.Sorted(maps.Keys(status))
	for _, id := range ids {
		key := version + " " + scenario + ":" + id
		reason, listed := expected[key]
		switch {
		case status[id] == "FAILURE" && !listed:
			t.Errorf("%s: FAILURE (not in expected-failures.txt): %s", id, messages[id])
		case status[id] == "FAILURE":
			t.Logf("%s: expected failure (%s)", id, reason)
		case listed:
			t.Errorf("%s: %s, but expected-failures.txt lists it as failing: remove the entry", id, status[id])
		default:
			t.Logf("%s: %s %s", id, status[id], messages[id])
		}
	}
	for key := range expected {
		if id, ok := strings.CutPrefix(key, version+" "+scenario+":"); ok && status[id] == "" {
			t.Errorf("expected-failures.txt lists %s, which the scenario no longer reports", id)
		}
	}
}

// readExpectedFailures parses expected-failures.txt: one
// "<spec-version> <scenario>:<check-id> <reason>" per line; # starts a
// comment line. Every entry needs a reason; duplicates are refused.
func readExpectedFailures(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 3 || !strings.Contains(fields[1], ":") {
			return nil, fmt.Errorf("%s:%d: want <spec-version> <scenario>:<check-id> <reason>", path, n)
		}
		key := fields[0] + " " + fields[1]
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s listed twice", path, n, key)
		}
		out[key] = strings.Join(fields[2:], " ")
	}
	return out, sc.Err()
}

// TestExactVersion: what counts as a pin in package.json.
func TestExactVersion(t *testing.T) {
	tests := map[string]bool{
		"1.32.2": true, "0.2.0-alpha.12": true, "4.6.7": true,
		"^1.32.2": false, "~1.32.2": false, ">=1.0.0": false, "1.32": false, "1.32.x": false,
		"1.2.3-": false, "1.2.3 - 2.0.0": false, "latest": false, "*": false, "": false,
	}
	for v, want := range tests {
		if got := exactVersion(v); got != want {
			t.Errorf("exactVersion(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestReadExpectedFailures: the file format, and what it refuses.
func TestReadExpectedFailures(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]string
		wantErr    bool
	}{
		{
			"entries and comments", "# c\n\n2026-07-28 caching:sep-1 no prompts capability\n",
			map[string]string{"2026-07-28 caching:sep-1": "no prompts capability"},
			false,
		},
		{"no reason", "2026-07-28 caching:sep-1\n", nil, true},
		{"no check id", "2026-07-28 caching because\n", nil, true},
		{"duplicate", "2025-11-25 ping:ping a\n2025-11-25 ping:ping b\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "expected-failures.txt")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readExpectedFailures(path)
			if (err != nil) != tt.wantErr || (!tt.wantErr && !maps.Equal(got, tt.want)) {
				t.Errorf("got %v, %v; want %v (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
