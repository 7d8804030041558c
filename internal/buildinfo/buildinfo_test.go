package buildinfo

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"testing"
)

func fakeBuildInfo(version string, settings map[string]string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/appwrite/appwrite-mcp", Version: version}}
		for k, v := range settings {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: k, Value: v})
		}
		return bi, true
	}
}

func noBuildInfo() (*debug.BuildInfo, bool) { return nil, false }

func TestResolve(t *testing.T) {
	vcs := map[string]string{"vcs.revision": "0123456789abcdef0123456789abcdef01234567", "vcs.time": "2026-11-30T08:00:00Z"}
	tests := []struct {
		name    string
		stamped Info
		read    func() (*debug.BuildInfo, bool)
		want    Info
	}{
		{
			name:    "stamped wins over the toolchain's record",
			stamped: Info{Version: "v1.2.3", Commit: "abc1234", Date: "2026-12-02T10:00:00Z"},
			read:    fakeBuildInfo("v9.9.9", vcs),
			want:    Info{Version: "1.2.3", Commit: "abc1234", Date: "2026-12-02T10:00:00Z"},
		},
		{
			name: "go install: module version and vcs settings",
			read: fakeBuildInfo("v0.3.1", vcs),
			want: Info{Version: "0.3.1", Commit: vcs["vcs.revision"], Date: vcs["vcs.time"]},
		},
		{
			name:    "partly stamped: the rest from vcs",
			stamped: Info{Version: "1.0.0"},
			read:    fakeBuildInfo("(devel)", vcs),
			want:    Info{Version: "1.0.0", Commit: vcs["vcs.revision"], Date: vcs["vcs.time"]},
		},
		{
			name: "development build: the default version, unknown commit and date",
			read: fakeBuildInfo("(devel)", nil),
			want: Info{Version: DefaultVersion, Commit: "unknown", Date: "unknown"},
		},
		{
			name: "no build information at all",
			read: noBuildInfo,
			want: Info{Version: DefaultVersion, Commit: "unknown", Date: "unknown"},
		},
		{
			name:    "blank stamps count as unset",
			stamped: Info{Version: " ", Commit: "", Date: "  "},
			read:    noBuildInfo,
			want:    Info{Version: DefaultVersion, Commit: "unknown", Date: "unknown"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.GoVersion = runtime.Version()
			if got := resolve(tt.stamped, tt.read); got != tt.want {
				t.Errorf("resolve = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		info Info
		want string
	}{
		{
			Info{Version: "1.2.3", Commit: "abc1234def5678", Date: "2026-12-02T10:00:00Z", GoVersion: "go1.26.8"},
			"appwrite-mcp 1.2.3 (commit abc1234, built 2026-12-02T10:00:00Z, go1.26.8)",
		},
		{
			Info{Version: "0.2.0", Commit: "unknown", Date: "unknown", GoVersion: "go1.26.8"},
			"appwrite-mcp 0.2.0 (commit unknown, built unknown, go1.26.8)",
		},
		{
			// Not a hash: shown whole rather than cut mid-word.
			Info{Version: "0.2.0", Commit: "release-candidate", Date: "unknown", GoVersion: "go1.26.8"},
			"appwrite-mcp 0.2.0 (commit release-candidate, built unknown, go1.26.8)",
		},
	}
	for _, tt := range tests {
		if got := tt.info.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestGetInATestBinary(t *testing.T) {
	// A test binary is never stamped: Get falls back and still gives a full line.
	info := Get()
	if info.Version == "" || info.Commit == "" || info.Date == "" || info.GoVersion != runtime.Version() {
		t.Errorf("Get() = %+v: a field is empty", info)
	}
	line := regexp.MustCompile(`^appwrite-mcp \S+ \(commit \S+, built \S+, go\S+\)$`)
	if !line.MatchString(info.String()) {
		t.Errorf("String() = %q, not the one-line form", info.String())
	}
}

func TestDefaultVersionIsSemver(t *testing.T) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(DefaultVersion) {
		t.Errorf("DefaultVersion %q is not MAJOR.MINOR.PATCH", DefaultVersion)
	}
}
