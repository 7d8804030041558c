package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// report writes the run as Markdown: the machine, one row per target and
// level, the ratios, memory and start-up.
func report(w io.Writer, r *results) {
	p := func(format string, a ...any) { _, _ = fmt.Fprintf(w, format, a...) }
	p("### appwrite-mcp-bench\n\n")
	p("- machine: %d CPUs (%s), %s/%s; %s\n", runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	p("- commit: %s\n", commit())
	p("- command: `appwrite-mcp-bench %s`\n", strings.Join(os.Args[1:], " "))
	p("- %d round(s) × %s measured per target and level (after %s warm-up), levels %v, target order rotated each round; wall time %s\n\n",
		r.o.rounds, r.o.duration, r.o.warmup, r.o.levels, r.finished.Sub(r.started).Round(time.Second))
	p("| target | c | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU s / 1k calls | generator+fake CPU s / 1k calls | new upstream conns / 1k calls |\n")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, level := range r.o.levels {
		for _, name := range r.targets {
			c := r.cells[name][level]
			if c == nil || c.calls == 0 {
				continue
			}
			server := "—"
			if name != targetUpstream {
				server = fmt.Sprintf("%.3f", c.serverCPU.Seconds()*1000/float64(c.calls))
			}
			p("| %s | %d | %.0f | %.2f | %.2f | %.2f | %d | %s | %.3f | %.2f |\n", name, level, c.rate(),
				ms(c.pct(50)), ms(c.pct(95)), ms(c.pct(99)), c.errors, server,
				c.selfCPU.Seconds()*1000/float64(c.calls), float64(c.conns)*1000/float64(c.calls))
		}
	}
	p("\n| c | CPU/call product/B | p50 product/B | req/s product/B | p50 product/U | req/s product/U |\n")
	p("|---:|---:|---:|---:|---:|---:|\n")
	for _, level := range r.o.levels {
		pr, b, u := r.cells[targetProduct][level], r.cells[targetBare][level], r.cells[targetUpstream][level]
		if pr == nil || b == nil || u == nil || pr.calls == 0 || b.calls == 0 || u.calls == 0 {
			continue
		}
		p("| %d | %.2f | %.2f | %.2f | %.2f | %.2f |\n", level,
			ratio(pr.serverCPU.Seconds()/float64(pr.calls), b.serverCPU.Seconds()/float64(b.calls)),
			ratio(ms(pr.pct(50)), ms(b.pct(50))), ratio(pr.rate(), b.rate()),
			ratio(ms(pr.pct(50)), ms(u.pct(50))), ratio(pr.rate(), u.rate()))
	}
	p("\n| server | start → /readyz 200, median (max) of %d | RSS idle | RSS after c=%d |\n|---|---:|---:|---:|\n", r.o.startups, maxOf(r.o.levels))
	for _, name := range []string{targetProduct, targetBare} {
		t := r.ready[name]
		p("| %s | %.1f ms (%.1f ms) | %.1f MiB | %.1f MiB |\n", name, ms(t[len(t)/2]), ms(t[len(t)-1]), mib(r.idleRSS[name]), mib(r.peakRSS[name]))
	}
}

func (c *cell) rate() float64 { return float64(c.calls) / c.wall.Seconds() }

// pct is the q-th percentile latency (nearest rank).
func (c *cell) pct(q float64) time.Duration {
	if len(c.lat) == 0 {
		return 0
	}
	if !slices.IsSorted(c.lat) {
		slices.Sort(c.lat)
	}
	i := int(q/100*float64(len(c.lat))+0.5) - 1
	return c.lat[min(max(i, 0), len(c.lat)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mib(n int64) float64        { return float64(n) / (1 << 20) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// commit is the VCS revision the binary was built from (go build and go run
// stamp it), with "+dirty" for uncommitted changes.
func commit() string {
	rev, dirty := "unknown", ""
	info, _ := debug.ReadBuildInfo()
	if info == nil || !slices.ContainsFunc(info.Settings, func(s debug.BuildSetting) bool { return s.Key == "vcs.revision" }) {
		return gitCommit()
	}
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+dirty"
		}
	}
	return rev + dirty
}

// gitCommit asks git when the build carries no VCS stamp (-buildvcs=false).
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+dirty"
	}
	return rev
}
