# appwrite-mcp container image: a static Go binary on distroless, non-root.
#
#   docker build \
#     --build-arg VERSION=1.2.3 \
#     --build-arg COMMIT="$(git rev-parse HEAD)" \
#     --build-arg BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
#     -t ghcr.io/appwrite/appwrite-mcp:1.2.3 .
#
# Base images are pinned by tag. A digest pin (FROM image:tag@sha256:...) is
# stronger; it belongs to release automation (Dependabot's docker ecosystem
# keeps both current), see docs/operations.md.
#
# The builder runs on the build machine's platform and cross-compiles for the
# target (TARGETOS/TARGETARCH), so a multi-arch build needs no emulation.

FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
WORKDIR /src
# Modules first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=""
ARG COMMIT=""
ARG BUILD_DATE=""
# .ci/build-binary.sh holds the one build command (CGO_ENABLED=0, -trimpath,
# -s -w, the buildinfo stamps); .ci/image-contract.sh builds with it too.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH VERSION=$VERSION COMMIT=$COMMIT BUILD_DATE=$BUILD_DATE \
    sh .ci/build-binary.sh /out/appwrite-mcp

# static-debian12: no shell, no package manager; CA certificates, tzdata and
# an /etc/passwd with the nonroot user (65532) are included.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=""
ARG COMMIT=""
ARG BUILD_DATE=""
LABEL org.opencontainers.image.title="appwrite-mcp" \
      org.opencontainers.image.description="Hosted Appwrite MCP server: an OAuth 2.1 resource server speaking MCP Streamable HTTP" \
      org.opencontainers.image.source="https://github.com/appwrite/appwrite-mcp" \
      org.opencontainers.image.licenses="NOASSERTION" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      io.modelcontextprotocol.server.name="io.github.appwrite/appwrite-mcp"
COPY --from=build /out/appwrite-mcp /appwrite-mcp
USER 65532:65532
ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
# Exit 0 when GET http://127.0.0.1:$PORT/healthz answers 200 within 3 s.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/appwrite-mcp", "healthcheck"]
ENTRYPOINT ["/appwrite-mcp"]
