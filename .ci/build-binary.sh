#!/bin/sh
# Builds the appwrite-mcp release binary: static (CGO_ENABLED=0), -trimpath,
# stripped, with the build stamped into internal/buildinfo. The Dockerfile and
# .ci/image-contract.sh both call this script, so the image and the contract
# test build exactly the same way.
#
# usage: .ci/build-binary.sh OUTPUT
# env:   VERSION (e.g. 1.2.3), COMMIT (hex), BUILD_DATE (RFC 3339, UTC); each
#        may be empty (buildinfo then falls back). GOOS/GOARCH cross-compile.
# Runs from the repository root; POSIX sh, so any builder image can run it.
set -eu

out=${1:?usage: .ci/build-binary.sh OUTPUT}
VERSION=${VERSION:-}
COMMIT=${COMMIT:-}
BUILD_DATE=${BUILD_DATE:-}

# The values end up inside one -ldflags string: refuse anything that could
# split it or smuggle in another flag.
check() {
	case $2 in
	*[!$3]*)
		echo "build-binary.sh: $1=$2 has characters outside [$3]" >&2
		exit 2
		;;
	esac
}
check VERSION "$VERSION" 'A-Za-z0-9.+_-'
check COMMIT "$COMMIT" 'a-f0-9'
check BUILD_DATE "$BUILD_DATE" 'A-Za-z0-9:.+-'

pkg=github.com/appwrite/appwrite-mcp/internal/buildinfo
CGO_ENABLED=0 go build -trimpath -buildvcs=false \
	-ldflags "-s -w -X ${pkg}.Version=${VERSION} -X ${pkg}.Commit=${COMMIT} -X ${pkg}.Date=${BUILD_DATE}" \
	-o "$out" ./cmd/appwrite-mcp
