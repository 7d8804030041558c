// Package appwrite is everything about talking to Appwrite: per-request
// sessions that forward one caller's bearer token with the headers of its
// target (project, organization), the one generic request path every
// catalog tool and console read goes through (Session.Do, on the Appwrite Go
// SDK's client.Call), the one upstream error type (APIError), region routing
// for Appwrite Cloud (Router), the one Appwrite-ID rule (ValidID) and the
// checks on values that reach a URL path (ValidatePathParam), and file
// uploads with an SSRF-guarded downloader (PrepareFile).
//
// A Factory holds what every session shares: one tuned http.Transport (no
// cookie jar anywhere), the options and the observer. Sessions are cheap;
// build one per incoming request and never share one between users.
package appwrite

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/appwrite/sdk-for-go/client"
)

// Defaults used when Options leave a field zero.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxResponseBytes = 16 << 20
	DefaultMaxUploadBytes   = 10 << 20
	DefaultMaxConnsPerHost  = 128
	// chunkSize is the SDK's upload chunk size (its default, 5 MiB).
	chunkSize = 5 << 20
)

// ErrResponseTooLarge is returned (wrapped) when an upstream response body
// exceeds Options.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("appwrite: upstream response too large")

// ErrSessionClosed is returned for calls on a closed Session.
var ErrSessionClosed = errors.New("appwrite: session closed")

// Observer learns about every upstream request (metrics). code is the HTTP
// status, or 0 when no answer arrived (transport error, cancellation).
type Observer interface {
	Upstream(code int, d time.Duration)
}

// Options configure a Factory.
type Options struct {
	Endpoint         string        // Appwrite API base, e.g. https://cloud.appwrite.io/v1
	DefaultProject   string        // X-Appwrite-Project when no target project is given (the console project)
	UserAgent        string        // e.g. "appwrite-mcp/1.2.3"
	Timeout          time.Duration // per upstream call; DefaultTimeout when zero
	MaxResponseBytes int64         // bound on one upstream response body; DefaultMaxResponseBytes when zero
	MaxUploadBytes   int64         // bound on one uploaded file; DefaultMaxUploadBytes when zero
	MaxConnsPerHost  int           // bound on connections to one Appwrite host; DefaultMaxConnsPerHost when zero
	Download         DownloadOptions
	Observer         Observer // nil: none
	// Transport replaces the tuned upstream transport (tests, proxies).
	Transport http.RoundTripper
}

// Factory makes Sessions. It is safe for concurrent use.
type Factory struct {
	opts       Options
	endpoint   *url.URL
	transport  http.RoundTripper // shared by every session's upstream client
	downloader *http.Client      // SSRF-guarded client for file URLs
	sdkHeaders map[string]string
}

// NewFactory returns a Factory. Nothing is dialed until a call is made.
func NewFactory(o Options) *Factory {
	o = withDefaults(o)
	ep, _ := url.Parse(o.Endpoint) // validated by config; a bad one fails every call
	f := &Factory{
		opts:     o,
		endpoint: ep,
		transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          2 * o.MaxConnsPerHost,
			MaxIdleConnsPerHost:   o.MaxConnsPerHost,
			MaxConnsPerHost:       o.MaxConnsPerHost,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			ResponseHeaderTimeout: o.Timeout,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		},
		sdkHeaders: sdkHeaders(),
	}
	if o.Transport != nil {
		f.transport = o.Transport
	}
	f.downloader = newDownloader(o.Timeout, o.Download)
	return f
}

func withDefaults(o Options) Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if o.MaxConnsPerHost <= 0 {
		o.MaxConnsPerHost = DefaultMaxConnsPerHost
	}
	if o.UserAgent == "" {
		o.UserAgent = "appwrite-mcp"
	}
	o.Endpoint = strings.TrimRight(o.Endpoint, "/")
	return o
}

// sdkHeaders returns the SDK's default client headers (response format and
// SDK identification) without its user agent, so an SDK upgrade keeps the
// response format it was generated for. client.New's own http.Client (with
// its cookie jar) is discarded.
func sdkHeaders() map[string]string {
	h := map[string]string{}
	for k, v := range client.New().Headers {
		if strings.EqualFold(k, "user-agent") {
			continue
		}
		h[k] = v
	}
	return h
}

// Options returns the effective options (defaults applied).
func (f *Factory) Options() Options { return f.opts }

// CloseIdleConnections closes idle upstream and download connections.
func (f *Factory) CloseIdleConnections() {
	if t, ok := f.transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
	f.downloader.CloseIdleConnections()
}

// Target says which Appwrite context a call acts in.
type Target struct {
	ProjectID      string // a project to act inside (admin mode); "" = DefaultProject (console)
	OrganizationID string // X-Appwrite-Organization when set
	Endpoint       string // override of Options.Endpoint, e.g. a region; must be on the same host or a subdomain of it
}

// Session is one caller's view of Appwrite: the caller's token and target.
// Build one per incoming request; never share it between users. A Session
// may serve several calls, one after another or concurrently.
type Session struct {
	f        *Factory
	token    string
	target   Target
	endpoint string
	err      error // set when the target is invalid: every call fails with it
	closed   chan struct{}
}

// NewSession returns a session forwarding token to Appwrite for target t.
// An invalid target does not fail here: every call of the session returns
// the error (see Err).
func (f *Factory) NewSession(token string, t Target) *Session {
	s := &Session{f: f, token: token, target: t, endpoint: f.opts.Endpoint, closed: make(chan struct{})}
	s.err = s.checkTarget()
	return s
}

func (s *Session) checkTarget() error {
	if s.f.endpoint == nil || s.f.endpoint.Host == "" {
		return fmt.Errorf("appwrite: invalid endpoint %q", s.f.opts.Endpoint)
	}
	t := s.target
	if t.Endpoint != "" {
		ep, err := checkEndpointOverride(s.f.endpoint, t.Endpoint)
		if err != nil {
			return err
		}
		s.endpoint = ep
	}
	if t.ProjectID != "" {
		if err := ValidatePathParam("projectId", t.ProjectID); err != nil {
			return err
		}
	}
	if t.OrganizationID != "" {
		return ValidatePathParam("organizationId", t.OrganizationID)
	}
	return nil
}

// checkEndpointOverride accepts an endpoint with the default endpoint's
// scheme on its host or one of its subdomains (Appwrite Cloud regions, e.g.
// fra.cloud.appwrite.io), so a target can never send the token elsewhere.
func checkEndpointOverride(def *url.URL, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("appwrite: invalid endpoint override: %w", err)
	}
	host := strings.ToLower(u.Hostname())
	base := strings.ToLower(def.Hostname())
	switch {
	case u.Scheme != def.Scheme || (u.Scheme != "https" && u.Scheme != "http"):
		return "", fmt.Errorf("appwrite: endpoint override %q must use %s", raw, def.Scheme)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("appwrite: endpoint override %q must be a plain base URL", raw)
	case host != base && !strings.HasSuffix(host, "."+base):
		return "", fmt.Errorf("appwrite: endpoint override host %q is not %s or a subdomain of it", host, base)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// Err reports why the session cannot make calls (invalid target), or nil.
func (s *Session) Err() error { return s.err }

// Target returns the session's target.
func (s *Session) Target() Target { return s.target }

// Close marks the session closed; later calls fail with ErrSessionClosed.
// It is safe to call more than once.
func (s *Session) Close() {
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
}

func (s *Session) usable() error {
	if s.err != nil {
		return s.err
	}
	select {
	case <-s.closed:
		return ErrSessionClosed
	default:
		return nil
	}
}

// sdkClient returns an SDK client for one call: the session's headers and
// endpoint, the shared transport with the call's context, no cookie jar.
// Redirects are not followed: Appwrite's 3xx answers (OAuth flows) are
// returned as they are.
func (s *Session) sdkClient(ctx context.Context) client.Client {
	headers := make(map[string]string, len(s.f.sdkHeaders))
	for k, v := range s.f.sdkHeaders {
		headers[k] = v
	}
	return client.Client{
		Client: &http.Client{
			Transport: &sessionTransport{s: s, ctx: ctx},
			Timeout:   s.f.opts.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		Headers:   headers,
		Endpoint:  s.endpoint,
		Timeout:   s.f.opts.Timeout,
		ChunkSize: chunkSize,
	}
}
