// Package appwrite builds per-request Appwrite API clients for the Appwrite
// Go SDK: every Session forwards one caller's bearer token with the headers
// of its target (project, organization), carries the caller's context to the
// upstream request, records the raw upstream response, and never shares a
// cookie jar. All sessions of a Factory share one tuned http.Transport.
//
// It also validates values that the SDK splices into URL paths
// (ValidatePathParam) and turns file arguments into SDK uploads, downloading
// URLs through an SSRF guard (PrepareFile).
package appwrite

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/appwrite/sdk-for-go/client"
)

// Defaults used when Options leave a field zero.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxResponseBytes = 16 << 20
	DefaultMaxUploadBytes   = 10 << 20
	// chunkSize is the SDK's upload chunk size (its default, 5 MiB).
	chunkSize = 5 << 20
)

// ErrResponseTooLarge is returned (wrapped) when an upstream response body
// exceeds Options.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("appwrite: upstream response too large")

// ErrSessionClosed is returned for calls on a closed Session.
var ErrSessionClosed = errors.New("appwrite: session closed")

// Options configure a Factory.
type Options struct {
	Endpoint         string        // Appwrite API base, e.g. https://cloud.appwrite.io/v1
	DefaultProject   string        // X-Appwrite-Project when no target project is given (the console project)
	UserAgent        string        // e.g. "appwrite-mcp/1.2.3"
	Timeout          time.Duration // per upstream call; DefaultTimeout when zero
	MaxResponseBytes int64         // bound on one upstream response body; DefaultMaxResponseBytes when zero
	MaxUploadBytes   int64         // bound on one uploaded file; DefaultMaxUploadBytes when zero
	Download         DownloadOptions
}

// Factory makes Sessions. It is safe for concurrent use.
type Factory struct {
	opts       Options
	endpoint   *url.URL
	transport  *http.Transport // shared by every session's upstream client
	downloader *http.Client    // SSRF-guarded client for file URLs
	sdkHeaders map[string]string
}

// NewFactory returns a Factory. Nothing is dialed until a call is made.
func NewFactory(o Options) *Factory {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = "appwrite-mcp"
	}
	o.Endpoint = strings.TrimRight(o.Endpoint, "/")
	ep, _ := url.Parse(o.Endpoint) // validated by config; a bad one fails every call
	f := &Factory{
		opts:     o,
		endpoint: ep,
		transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   64,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			ResponseHeaderTimeout: o.Timeout,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		},
		sdkHeaders: sdkHeaders(),
	}
	f.downloader = newDownloader(o.Timeout, o.Download)
	return f
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
	f.transport.CloseIdleConnections()
	f.downloader.CloseIdleConnections()
}

// Target says which Appwrite context a session acts in.
type Target struct {
	ProjectID      string // a project to act inside (admin mode); "" = DefaultProject (console)
	OrganizationID string // X-Appwrite-Organization when set
	Endpoint       string // override of Options.Endpoint, e.g. a region; must be https on the same host or a subdomain of it
}

// Session is one caller's view of Appwrite: the caller's token, target and
// context. Build one per incoming request; never share it between users.
// A Session may serve several calls, one after another or concurrently
// (each Invoke uses its own Recorder).
type Session struct {
	f        *Factory
	ctx      context.Context
	token    string
	target   Target
	endpoint string
	err      error // set when the target is invalid: every call fails with it

	mu     sync.Mutex
	closed bool
	own    *Recorder // the recorder of Client()
}

// NewSession returns a session forwarding token to Appwrite for target t.
// An invalid target does not fail here: every call of the session returns
// the error.
func (f *Factory) NewSession(ctx context.Context, token string, t Target) *Session {
	if ctx == nil {
		ctx = context.Background()
	}
	s := &Session{f: f, ctx: ctx, token: token, target: t, endpoint: f.opts.Endpoint, own: &Recorder{}}
	if f.endpoint == nil || f.endpoint.Host == "" {
		s.err = fmt.Errorf("appwrite: invalid endpoint %q", f.opts.Endpoint)
	}
	if t.Endpoint != "" && s.err == nil {
		ep, err := checkEndpointOverride(f.endpoint, t.Endpoint)
		if err != nil {
			s.err = err
		} else {
			s.endpoint = ep
		}
	}
	if t.ProjectID != "" && s.err == nil {
		if err := ValidatePathParam("projectId", t.ProjectID); err != nil {
			s.err = err
		}
	}
	if t.OrganizationID != "" && s.err == nil {
		if err := ValidatePathParam("organizationId", t.OrganizationID); err != nil {
			s.err = err
		}
	}
	return s
}

// checkEndpointOverride accepts an https endpoint on the default endpoint's
// host or one of its subdomains (Appwrite Cloud regions, e.g.
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
func (s *Session) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

func (s *Session) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Client returns an SDK client wired to the session: its context, headers,
// timeout and the shared transport, with no cookie jar. Responses are
// recorded in the session's own Recorder (see LastResponse); for concurrent
// calls on one session use NewClient.
func (s *Session) Client() client.Client {
	return s.newClient(s.ctx, s.own)
}

// LastResponse returns the last upstream response seen by Client's clients.
func (s *Session) LastResponse() *Response { return s.own.Last() }

// NewClient returns an SDK client like Client whose upstream requests carry
// ctx (cancelling ctx cancels them) and whose responses are recorded in the
// returned Recorder only.
func (s *Session) NewClient(ctx context.Context) (client.Client, *Recorder) {
	rec := &Recorder{}
	return s.newClient(ctx, rec), rec
}

func (s *Session) newClient(ctx context.Context, rec *Recorder) client.Client {
	headers := make(map[string]string, len(s.f.sdkHeaders))
	for k, v := range s.f.sdkHeaders {
		headers[k] = v
	}
	return client.Client{
		Client:    s.httpClient(ctx, rec),
		Headers:   headers,
		Endpoint:  s.endpoint,
		Timeout:   s.f.opts.Timeout,
		ChunkSize: chunkSize,
	}
}

// httpClient is a jar-less client over the shared transport. Redirects are
// not followed: Appwrite's 3xx answers (OAuth flows) are returned as is.
func (s *Session) httpClient(ctx context.Context, rec *Recorder) *http.Client {
	return &http.Client{
		Transport: &sessionTransport{s: s, ctx: ctx, rec: rec},
		Timeout:   s.f.opts.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Response is a raw upstream response.
type Response struct {
	Status      int
	ContentType string
	Location    string // the Location header of a 3xx answer
	Body        []byte
}

// Recorder keeps the last upstream response of the clients it was made for.
type Recorder struct {
	mu   sync.Mutex
	last *Response
}

// Last returns the last recorded response, or nil.
func (r *Recorder) Last() *Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func (r *Recorder) set(resp *Response) {
	r.mu.Lock()
	r.last = resp
	r.mu.Unlock()
}

// APIError is a non-2xx answer from Appwrite.
type APIError struct {
	Status  int
	Type    string // Appwrite error type, e.g. document_not_found
	Message string
	Body    []byte // raw body (bounded)
}

// Error reports status, Appwrite error type and message (never the body).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "appwrite: %d", e.Status)
	if e.Type != "" {
		b.WriteString(" " + e.Type)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// NewAPIError builds an APIError from a recorded non-2xx response, reading
// Appwrite's {"message","code","type"} body when there is one.
func NewAPIError(r *Response) *APIError {
	e := &APIError{Status: r.Status, Body: r.Body}
	var body struct {
		Message string `json:"message"`
		Type    string `json:"type"`
	}
	if json.Unmarshal(r.Body, &body) == nil {
		e.Message, e.Type = body.Message, body.Type
	} else {
		msg := strings.TrimSpace(string(r.Body))
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		e.Message = msg
	}
	if e.Message == "" {
		e.Message = http.StatusText(r.Status)
	}
	return e
}

// sessionTransport adds the session's headers and context to every request,
// enforces the response bound and records the response.
type sessionTransport struct {
	s   *Session
	ctx context.Context
	rec *Recorder
}

// RoundTrip implements http.RoundTripper.
func (t *sessionTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := t.s
	t.rec.set(nil) // the recorder describes this request's answer or nothing
	fail := func(err error) (*http.Response, error) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	if s.err != nil {
		return fail(s.err)
	}
	if s.isClosed() {
		return fail(ErrSessionClosed)
	}
	// The SDK builds requests without a context: the request's own context
	// carries http.Client's timeout, t.ctx the caller's cancellation.
	ctx, cancel := context.WithCancelCause(req.Context())
	defer cancel(nil)
	if t.ctx != nil {
		if err := t.ctx.Err(); err != nil {
			return fail(context.Cause(t.ctx))
		}
		stop := context.AfterFunc(t.ctx, func() { cancel(context.Cause(t.ctx)) })
		defer stop()
	}
	out := req.Clone(ctx)
	h := out.Header
	h.Set("User-Agent", s.f.opts.UserAgent)
	h.Set("Authorization", "Bearer "+s.token)
	if s.target.ProjectID != "" {
		h.Set("X-Appwrite-Project", s.target.ProjectID)
		h.Set("X-Appwrite-Mode", "admin")
	} else {
		h.Set("X-Appwrite-Project", s.f.opts.DefaultProject)
		h.Del("X-Appwrite-Mode")
	}
	if s.target.OrganizationID != "" {
		h.Set("X-Appwrite-Organization", s.target.OrganizationID)
	}
	h.Del("Cookie")
	resp, err := s.f.transport.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	limit := s.f.opts.MaxResponseBytes
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("appwrite: read response: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrResponseTooLarge, limit)
	}
	// Cookies are never kept: there is no jar, and the header is dropped.
	resp.Header.Del("Set-Cookie")
	t.rec.set(&Response{
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Location:    resp.Header.Get("Location"),
		Body:        body,
	})
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// Call makes a request the SDK has no method for (console routes such as
// /organizations or /projects/{id}). path must start with "/" and consist
// of plain segments (letters, digits, ".", "-", "_"), each no longer than 255
// bytes; params go to the query string for GET, HEAD and DELETE (slices as
// key[]) and to a JSON body otherwise. A non-2xx answer returns the
// response and an error wrapping *APIError.
func (s *Session) Call(ctx context.Context, method, path string, params map[string]any) (*Response, error) {
	if err := ValidatePath(path); err != nil {
		return nil, err
	}
	method = strings.ToUpper(method)
	u := s.endpoint + path
	var body io.Reader
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodDelete:
		if q := encodeQuery(params); q != "" {
			u += "?" + q
		}
	default:
		if params == nil {
			params = map[string]any{}
		}
		b, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("appwrite: encode params: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("appwrite: build request: %w", err)
	}
	for k, v := range s.f.sdkHeaders {
		req.Header.Set(k, v)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := &Recorder{}
	resp, err := s.httpClient(ctx, rec).Do(req)
	if err != nil {
		return nil, fmt.Errorf("appwrite: %s %s: %w", method, path, err)
	}
	_ = resp.Body.Close()
	r := rec.Last()
	if r == nil {
		return nil, fmt.Errorf("appwrite: %s %s: no response recorded", method, path)
	}
	if r.Status < 200 || r.Status > 299 {
		return r, fmt.Errorf("appwrite: %s %s: %w", method, path, NewAPIError(r))
	}
	return r, nil
}

func encodeQuery(params map[string]any) string {
	q := url.Values{}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := params[k].(type) {
		case nil:
		case []string:
			for _, x := range v {
				q.Add(k+"[]", x)
			}
		case []any:
			for _, x := range v {
				q.Add(k+"[]", fmt.Sprint(x))
			}
		default:
			q.Add(k, fmt.Sprint(v))
		}
	}
	return q.Encode()
}
