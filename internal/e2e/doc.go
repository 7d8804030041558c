// Package e2e holds cross-package end-to-end checks of appwrite-mcp: the
// whole server (config, token verifier, tool surface, HTTP stack) assembled
// in-process against the in-repo fake of Appwrite Cloud on loopback, driven
// by clients other than the go-sdk one (the official MCP TypeScript SDK in
// interop/ts), and benchmarks of the full HTTP path against the bare go-sdk
// handler. It has no non-test code.
package e2e
