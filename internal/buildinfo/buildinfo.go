// Package buildinfo says which build of appwrite-mcp is running: the release
// version, the source commit, the build time and the Go toolchain.
//
// Release builds (the Dockerfile, .ci/build-binary.sh) stamp Version, Commit
// and Date at link time:
//
//	go build -ldflags "-X github.com/appwrite/appwrite-mcp/internal/buildinfo.Version=1.2.3 ..."
//
// A build that is not stamped falls back to what the Go toolchain recorded
// (debug.ReadBuildInfo: the module version, vcs.revision and vcs.time), and
// the version to DefaultVersion, the one place the release version is written
// in the source (server.json must carry the same; a test checks it).
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Name is the program name printed by Info.String.
const Name = "appwrite-mcp"

// DefaultVersion is the release version of this source tree. It is used when
// the binary was not stamped with -X ...buildinfo.Version; server.json's
// "version" must equal it.
const DefaultVersion = "0.2.0"

// unknown stands in for a commit or date nobody recorded.
const unknown = "unknown"

// Link-time stamps. These three are the one exception to the project's rule
// against package-level mutable state: they are set only by the linker
// (-ldflags -X), are never assigned by code, and so behave as constants
// fixed at build time. Read them through Get.
var (
	// Version is the release version, e.g. "1.2.3" (a leading "v" is dropped).
	Version string
	// Commit is the full source commit hash.
	Commit string
	// Date is the build time, RFC 3339 in UTC, e.g. "2026-12-02T10:00:00Z".
	Date string
)

// Info describes one build. It is a value: copies never change.
type Info struct {
	Version   string // release version without a leading "v"
	Commit    string // source commit, or "unknown"
	Date      string // build time (RFC 3339), or "unknown"
	GoVersion string // Go toolchain, e.g. "go1.26.8"
}

// Get returns the running binary's build information: the link-time stamps
// where set, else what the Go toolchain recorded, else DefaultVersion and
// "unknown".
func Get() Info {
	return resolve(Info{Version: Version, Commit: Commit, Date: Date}, debug.ReadBuildInfo)
}

// resolve fills what stamped leaves empty from read (debug.ReadBuildInfo).
func resolve(stamped Info, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{
		Version:   strings.TrimPrefix(strings.TrimSpace(stamped.Version), "v"),
		Commit:    strings.TrimSpace(stamped.Commit),
		Date:      strings.TrimSpace(stamped.Date),
		GoVersion: runtime.Version(),
	}
	if bi, ok := read(); ok && bi != nil {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = strings.TrimPrefix(bi.Main.Version, "v")
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && info.Commit == "":
				info.Commit = s.Value
			case s.Key == "vcs.time" && info.Date == "":
				info.Date = s.Value
			}
		}
	}
	if info.Version == "" {
		info.Version = DefaultVersion
	}
	if info.Commit == "" {
		info.Commit = unknown
	}
	if info.Date == "" {
		info.Date = unknown
	}
	return info
}

// ShortCommit is the first 7 characters of the commit hash (all of it when
// shorter, e.g. "unknown").
func (i Info) ShortCommit() string {
	const n = 7
	if len(i.Commit) > n && isHex(i.Commit) {
		return i.Commit[:n]
	}
	return i.Commit
}

// String is the one-line form printed by --version, e.g.
// "appwrite-mcp 1.2.3 (commit abc1234, built 2026-12-02T10:00:00Z, go1.26.8)".
func (i Info) String() string {
	return Name + " " + i.Version + " (commit " + i.ShortCommit() + ", built " + i.Date + ", " + i.GoVersion + ")"
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
