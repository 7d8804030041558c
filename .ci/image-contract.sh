#!/usr/bin/env bash
# The container image's contract, proven without a container engine:
#
#  1. the Dockerfile builds with .ci/build-binary.sh (the one build command)
#     and its final stage is distroless, non-root (65532), exposes 8000, sets
#     HOST/PORT, has the HEALTHCHECK and the ENTRYPOINT;
#  2. .dockerignore keeps every file the build reads;
#  3. the binary built exactly as the Dockerfile builds it is static
#     (CGO_ENABLED=0, no ELF interpreter), -trimpath, stripped and stamped;
#  4. run in an empty root holding only the binary and the CA bundle (what
#     distroless gives it), as uid 65532, it serves /healthz with the
#     authorization server unreachable, `healthcheck` exits 0, `--version`
#     prints the stamped line, and after SIGTERM `healthcheck` exits 1.
#
# Needs root for chroot; without it, step 4 runs the binary with an empty
# environment in an empty directory instead (said so in the output).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "image-contract: FAIL: $*" >&2; exit 1; }
note() { echo "image-contract: $*"; }

# --- 1. Dockerfile -----------------------------------------------------------
# Continuation lines joined; the final stage is everything after the last FROM.
dockerfile="$(awk '{ if (sub(/\\$/, "")) printf "%s", $0; else print }' Dockerfile)"
final_stage="$(printf '%s\n' "$dockerfile" | awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}')"
expect_line() { # where, extended regex
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "Dockerfile has no line matching: $2"
}
expect_line "$dockerfile" '^RUN .*sh \.ci/build-binary\.sh /out/appwrite-mcp$'
expect_line "$final_stage" '^FROM gcr\.io/distroless/static-debian12:nonroot$'
expect_line "$final_stage" '^COPY --from=build /out/appwrite-mcp /appwrite-mcp$'
expect_line "$final_stage" '^USER 65532:65532$'
expect_line "$final_stage" '^EXPOSE 8000$'
expect_line "$final_stage" '^ENV HOST=0\.0\.0\.0 PORT=8000$'
expect_line "$final_stage" '^HEALTHCHECK .*CMD \["/appwrite-mcp", "healthcheck"\]$'
expect_line "$final_stage" '^ENTRYPOINT \["/appwrite-mcp"\]$'
if printf '%s\n' "$dockerfile" | grep -Eq '(^| )(go build|CGO_ENABLED)'; then
	fail "the Dockerfile builds on its own; it must call .ci/build-binary.sh"
fi
note "Dockerfile: builds with .ci/build-binary.sh; distroless nonroot, USER 65532, EXPOSE 8000, HEALTHCHECK, ENTRYPOINT"

# --- 2. .dockerignore keeps the build's inputs ---------------------------------
# Approximates Docker's matching: a pattern excludes the path itself and
# everything under it; ** and * match across directories here.
mapfile -t patterns < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' .dockerignore)
mapfile -t inputs < <(
	printf '%s\n' go.mod go.sum .ci/build-binary.sh
	go list -deps -f '{{if not .Standard}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}' ./cmd/appwrite-mcp |
		sed -n "s|^$PWD/||p"
)
for path in "${inputs[@]}"; do
	for pat in "${patterns[@]}"; do
		[[ $pat == '!'* ]] && continue
		globs=("${pat//\*\*/*}")
		[[ $pat == '**/'* ]] && globs+=("${pat#\*\*/}") # ** also matches no directory
		for glob in "${globs[@]}"; do
			# shellcheck disable=SC2053 # the right-hand side is a glob on purpose
			if [[ $path == $glob || $path == $glob/* ]]; then
				fail ".dockerignore pattern '$pat' drops $path, which the build needs"
			fi
		done
	done
done
note ".dockerignore: keeps all ${#inputs[@]} build inputs"

# --- 3. the binary -------------------------------------------------------------
work="$(mktemp -d)"
server_pid=""
cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

root="$work/root"
mkdir -p "$root/etc/ssl/certs"
version="0.0.0-contract"
commit="$(git rev-parse HEAD 2>/dev/null || echo 0000000000000000000000000000000000000000)"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
VERSION="$version" COMMIT="$commit" BUILD_DATE="$build_date" sh .ci/build-binary.sh "$root/appwrite-mcp"
bin="$root/appwrite-mcp"

# No ELF interpreter and no needed libraries: nothing for a distroless
# static image to lack. (-trimpath keeps -ldflags out of the build info, so
# -s -w shows as "stripped" and -X as the --version line below.)
if command -v file >/dev/null; then
	described="$(file -b "$bin")"
	[[ $described == *'statically linked'* ]] || fail "not statically linked: $described"
	[[ $described == *', stripped'* ]] || fail "not stripped (-s -w): $described"
fi
if ldd "$bin" >/dev/null 2>&1; then
	fail "ldd lists dynamic dependencies: $(ldd "$bin" 2>&1)"
fi
meta="$(go version -m "$bin")"
for want in $'build\tCGO_ENABLED=0' $'build\t-trimpath=true'; do
	grep -qF -- "$want" <<<"$meta" || fail "go version -m lacks '${want//$'\t'/ }'"
done
note "binary: static (CGO_ENABLED=0), -trimpath, stripped, $(du -h "$bin" | cut -f1)"

# --- 4. run it in an empty root as 65532 ----------------------------------------
ca=/etc/ssl/certs/ca-certificates.crt
[ -r "$ca" ] || fail "$ca missing on this machine (apt-get install ca-certificates)"
cp "$ca" "$root/etc/ssl/certs/"
chmod 0755 "$root" "$root/etc" "$root/etc/ssl" "$root/etc/ssl/certs" "$bin"
log="$work/server.log"

mkdir "$work/empty"
if [ "$(id -u)" -eq 0 ] && command -v chroot >/dev/null; then
	mode=chroot
	launcher=("$(command -v chroot)" --userspec=65532:65532 "$root" /appwrite-mcp)
else
	mode=plain
	launcher=("$bin")
	note "NOTE: not root or no chroot: running without chroot and without the uid switch"
fi
# run_in_image ENV... -- ARGS...: the binary as the image runs it, with only
# the environment given.
run_in_image() {
	local envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	(cd "$work/empty" && exec env -i "${envs[@]}" "${launcher[@]}" "$@")
}

# Nothing listens on 127.0.0.1:1: discovery fails, /healthz must still be 200.
# PORT=0 takes a free port; the "listening" log line says which.
# exec: $! is the server process itself (env and chroot exec in turn).
(cd "$work/empty" && exec env -i HOST=0.0.0.0 PORT=0 APPWRITE_ENDPOINT=http://127.0.0.1:1/v1 "${launcher[@]}") >"$log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
	port="$(sed -n 's/.*"msg":"listening".*"addr":"[^"]*:\([0-9][0-9]*\)".*/\1/p' "$log" | head -n1)"
	[ -n "$port" ] && break
	kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start: $(cat "$log")"
	sleep 0.1
done
[ -n "$port" ] || fail "no listening line within 10 s: $(cat "$log")"

if [ "$mode" = chroot ]; then
	uid="$(awk '/^Uid:/{print $2}' "/proc/$server_pid/status")"
	[ "$uid" = 65532 ] || fail "the server runs as uid $uid, want 65532"
fi
run_in_image PORT="$port" -- healthcheck || fail "healthcheck exited $? against a running server: $(cat "$log")"
note "server ($mode, uid ${uid:-$(id -u)}) on port $port: healthcheck exit 0 with the authorization server unreachable"

want_version="appwrite-mcp $version (commit ${commit:0:7}, built $build_date, $(go env GOVERSION))"
got_version="$(run_in_image -- --version)"
[ "$got_version" = "$want_version" ] || fail "--version printed '$got_version', want '$want_version'"
note "--version: $got_version"

kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 0 ] || fail "the server exited $status after SIGTERM, want 0: $(cat "$log")"
status=0
errline="$(run_in_image PORT="$port" -- healthcheck 2>&1)" || status=$?
[ "$status" -eq 1 ] || fail "healthcheck exited $status with the server stopped, want 1"
note "after SIGTERM (clean exit 0): healthcheck exit 1: $errline"
note "OK"
