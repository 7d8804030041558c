// Command appwrite-mcp-bench measures the cost of appwrite-mcp against two
// baselines in one run, on loopback, with the in-repo fake of Appwrite
// Cloud as the upstream:
//
//   - product: the server as internal/app assembles it for the appwrite-mcp
//     binary (bearer check, token verification, MCP, per-request Appwrite
//     client, result shaping), called with tools/call appwrite_call_tool
//     {tool_name: users_list, project_id: shop};
//   - bare: a go-sdk stateless Streamable HTTP server with one tool that
//     makes the same upstream call, without auth or shaping;
//   - upstream: a direct HTTP GET of the same upstream route on the fake.
//
// The product and the bare server each run in a child process of this
// binary (-serve product|bare), so their CPU time and memory are read from
// /proc/<pid> without the load generator's or the fake's cost; the load
// generator and the fake live in the parent. Every client is a go-sdk MCP
// client on a keep-alive connection. The order of the targets rotates
// between rounds. The report is a Markdown table on stdout.
//
// It is a development tool: the container image builds only
// ./cmd/appwrite-mcp. -smoke runs for about a second and fails on any error,
// never on timing (CI runs it).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command line of one benchmark run.
type options struct {
	levels   []int
	duration time.Duration
	warmup   time.Duration
	rounds   int
	startups int // server starts timed per server
	smoke    bool
	serve    string // child mode: product or bare
	upstream string // child mode: the fake's API endpoint
	// profile is a file prefix: the product child writes <prefix>.cpu and
	// <prefix>.mem (pprof) when it stops.
	profile string
	// selfProfile is a file prefix for this process's profiles (load
	// generator and fake), labelled by target.
	selfProfile string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("appwrite-mcp-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	levels := fs.String("c", "1,32,64", "concurrency levels (MCP clients at once), comma-separated")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured window per target, level and round")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured calls before each measured window")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds; the order of the targets rotates between rounds")
	fs.IntVar(&o.startups, "startups", 5, "server starts timed (start → /readyz 200) per server")
	fs.BoolVar(&o.smoke, "smoke", false, "about a second at low concurrency; fail on any error, never on timing")
	fs.StringVar(&o.serve, "serve", "", "internal: run as the child server (product or bare)")
	fs.StringVar(&o.upstream, "upstream", "", "internal: the fake's API endpoint for -serve")
	fs.StringVar(&o.selfProfile, "self-profile", "", "file prefix: this process (load generator and fake) writes <prefix>.cpu and <prefix>.mem, labelled target=<name>")
	fs.StringVar(&o.profile, "profile", "", "file prefix: the product server writes <prefix>.cpu and <prefix>.mem (pprof) over the run")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.smoke {
		*levels, o.duration, o.warmup, o.rounds, o.startups = "1,4", 150*time.Millisecond, 20*time.Millisecond, 1, 1
	}
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 4096 {
			return o, fmt.Errorf("-c: %q is not a concurrency level (1..4096)", s)
		}
		o.levels = append(o.levels, n)
	}
	if o.duration <= 0 || o.rounds < 1 || o.startups < 1 || o.warmup < 0 {
		return o, fmt.Errorf("-duration, -rounds and -startups must be positive, -warmup not negative")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "appwrite-mcp-bench:", err)
		return 2
	}
	if o.serve != "" {
		err = withProfile(o.profile, func() error {
			return serveChild(ctx, o.serve, o.upstream, os.Stdin, stdout, stderr)
		})
	} else {
		err = withProfile(o.selfProfile, func() error { return bench(ctx, o, stdout, stderr) })
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "appwrite-mcp-bench:", err)
		return 1
	}
	return 0
}

// withProfile runs f, writing a CPU profile and an allocation profile under
// prefix when it is set.
func withProfile(prefix string, f func() error) error {
	if prefix == "" {
		return f()
	}
	cpu, err := os.Create(prefix + ".cpu") //nolint:gosec // G304: a path the operator gave on the command line
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer func() { _ = cpu.Close() }()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	err = f()
	pprof.StopCPUProfile()
	mem, merr := os.Create(prefix + ".mem") //nolint:gosec // G304: a path the operator gave on the command line
	if merr == nil {
		merr = pprof.Lookup("allocs").WriteTo(mem, 0)
		_ = mem.Close()
	}
	return errors.Join(err, merr)
}
