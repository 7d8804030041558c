// Package auth is appwrite-mcp's security boundary: it verifies the OAuth 2.1
// bearer tokens that Appwrite Cloud's authorization server issues.
//
// A Verifier discovers the authorization server
// (<endpoint>/oauth2/<project>/.well-known/openid-configuration), checks that
// the discovered issuer belongs to the configured endpoint and project, keeps
// the discovery document and the JWKS cached and refreshed in the background,
// and verifies RS256 JWT access tokens against them: signature, issuer,
// audience (the RFC 8707 resource), expiry, not-before and issued-at.
// Verified tokens are remembered (by SHA-256, never past their expiry or
// their signing key) so that a repeated token costs no RSA check.
//
// Verify has the shape of the go-sdk's auth.TokenVerifier. Every rejection is a
// *TokenError carrying a Reason for logs and metrics; it never contains the
// token.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero values of Options.
const (
	DefaultMetadataTTL        = 5 * time.Minute
	DefaultKeyRefreshInterval = 5 * time.Second
	DefaultRetryMin           = time.Second
	DefaultRetryMax           = 30 * time.Second
	// DefaultFetchTimeout bounds one discovery or JWKS request.
	DefaultFetchTimeout = 10 * time.Second
	// maxDocumentBytes bounds a discovery document or a JWKS.
	maxDocumentBytes = 1 << 20
)

// Options configure a Verifier. Endpoint, ProjectID and Audiences are
// required; every other field has a default.
type Options struct {
	// Endpoint is the Appwrite API base URL, e.g. https://cloud.appwrite.io/v1.
	Endpoint string
	// ProjectID names the project whose OAuth server issues the tokens
	// ("console" for Appwrite Cloud accounts).
	ProjectID string
	// Audiences are the audiences a token may be issued for: one of its aud
	// values must equal one of them exactly (config.Config.Audiences: the
	// resource <MCP_PUBLIC_URL>/mcp, <MCP_PUBLIC_URL>/ and <MCP_PUBLIC_URL>).
	Audiences []string
	// HTTPClient fetches discovery and JWKS. Default: a client with a 10 s timeout.
	HTTPClient *http.Client
	// MetadataTTL is how long the discovery document and the JWKS are used
	// before they are fetched again. Default 5 minutes.
	MetadataTTL time.Duration
	// Logger receives load and refresh events (never a token). Default: discard.
	Logger *slog.Logger
	// Now is the clock used for token times and cache ages. Default time.Now.
	Now func() time.Time

	// KeyRefreshInterval is the least time between two JWKS refreshes caused
	// by tokens naming an unknown key id, so that forged key ids cannot
	// flood the authorization server. A token with an unknown key id that
	// arrives sooner waits (at most this long, and never past its context)
	// for the next allowed refresh instead of failing. Default 5 s.
	KeyRefreshInterval time.Duration
	// RetryMin and RetryMax bound the exponential backoff between failed
	// loads (first load and background refreshes). Defaults 1 s and 30 s.
	RetryMin, RetryMax time.Duration
	// FetchTimeout bounds one discovery or JWKS request. Default 10 s.
	FetchTimeout time.Duration

	// TokenCacheSize bounds the verified-token cache (entries; 0 = no cache).
	TokenCacheSize int
	// Observer receives JWKS refresh events for metrics. Default: none.
	Observer Observer
}

// The results Observer.JWKSRefresh reports.
const (
	// JWKSRefreshOK: a JWKS was fetched and stored.
	JWKSRefreshOK = "ok"
	// JWKSRefreshError: a JWKS fetch failed; the last good copy stays in use.
	JWKSRefreshError = "error"
	// JWKSRefreshLimited: a token named an unknown key id while the
	// KeyRefreshInterval budget was spent; a refresh is scheduled for when
	// the budget allows, and the tokens wait for it.
	JWKSRefreshLimited = "limited"
)

// Observer receives the verifier's events for metrics. Implementations must
// be safe for concurrent use and must not block. Token rejections are not
// reported here: callers see them as TokenError.Reason.
type Observer interface {
	// JWKSRefresh reports one JWKS refresh attempt; result is JWKSRefreshOK,
	// JWKSRefreshError or JWKSRefreshLimited.
	JWKSRefresh(result string)
}

// Metadata is the part of the authorization server's discovery document the
// server uses, plus the document itself.
type Metadata struct {
	// Issuer is the discovered issuer; token iss claims must equal it.
	Issuer string
	// JWKSURI is where the signing keys are published.
	JWKSURI string
	// ScopesSupported is the authorization server's current scope list.
	ScopesSupported []string
	// Raw is the discovery document verbatim, as the authorization server sent it.
	Raw json.RawMessage
}

// Verifier verifies access tokens. It is safe for concurrent use. Create it
// with NewVerifier and stop its background work with Close.
type Verifier struct {
	o            Options
	expect       issuerExpectation
	discoveryURL string
	configErr    error       // a bad Options value: nothing is ever loaded
	cache        *tokenCache // nil when TokenCacheSize is 0
	// signatureChecks counts RSA signature verifications (read by tests).
	signatureChecks atomic.Int64

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu            sync.RWMutex
	closed        bool // Close was called: start no background work
	ready         chan struct{}
	readyClosed   bool
	meta          *Metadata
	metaAt        time.Time // when meta was fetched
	metaAttemptAt time.Time // when the last fetch (good or bad) finished
	metaErr       error     // last discovery failure, nil after a success
	keys          *keySet
	keysErr       error
	kid           kidRounds

	metaFlight flight[*Metadata]
	keysFlight flight[*keySet]
}

// NewVerifier returns a Verifier and starts loading discovery and JWKS in the
// background; it never blocks. Until both have loaded, Ready reports why and
// Verify answers with Reason "unavailable". The background work stops when ctx
// ends or Close is called.
func NewVerifier(ctx context.Context, o Options) *Verifier {
	o = withDefaults(o)
	v := &Verifier{o: o, ready: make(chan struct{})}
	v.ctx, v.cancel = context.WithCancel(ctx)
	expect, err := newIssuerExpectation(o.Endpoint, o.ProjectID)
	if err == nil {
		err = checkAudiences(o.Audiences)
	}
	if err == nil {
		v.cache, err = newTokenCache(o.TokenCacheSize)
	}
	if err != nil {
		v.configErr = err
	} else {
		v.expect = expect
		v.discoveryURL = expect.issuer + "/.well-known/openid-configuration"
	}
	if v.configErr != nil {
		o.Logger.Error("token verification disabled: bad configuration", "error", v.configErr)
		return v
	}
	v.wg.Add(1)
	go v.run()
	return v
}

// checkAudiences refuses an empty audience list or an empty audience.
func checkAudiences(audiences []string) error {
	if len(audiences) == 0 {
		return &ConfigError{Problem: "no token audience configured (MCP_PUBLIC_URL + /mcp)"}
	}
	if slices.Contains(audiences, "") {
		return &ConfigError{Problem: "an empty token audience is configured"}
	}
	return nil
}

func withDefaults(o Options) Options {
	o.Audiences = slices.Clone(o.Audiences)
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: DefaultFetchTimeout}
	}
	if o.MetadataTTL <= 0 {
		o.MetadataTTL = DefaultMetadataTTL
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.KeyRefreshInterval <= 0 {
		o.KeyRefreshInterval = DefaultKeyRefreshInterval
	}
	if o.RetryMin <= 0 {
		o.RetryMin = DefaultRetryMin
	}
	if o.RetryMax < o.RetryMin {
		o.RetryMax = max(DefaultRetryMax, o.RetryMin)
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = DefaultFetchTimeout
	}
	return o
}

// Close stops the background refresh and waits for it. Verify keeps working
// with what is cached.
func (v *Verifier) Close() {
	v.mu.Lock()
	v.closed = true // no background work starts after this (v.wg.Add happens under v.mu)
	v.mu.Unlock()
	v.cancel()
	v.wg.Wait()
}

// WaitReady blocks until Ready returns nil, ctx ends or the verifier is
// closed. It returns nil when ready; otherwise an error wrapping ctx's error
// (or saying the verifier closed) and what Ready reports. A bad Options
// value, which no load can cure, is returned at once.
func (v *Verifier) WaitReady(ctx context.Context) error {
	if v.configErr != nil {
		return v.configErr
	}
	select {
	case <-v.ready:
		return nil
	case <-ctx.Done():
	case <-v.ctx.Done():
	}
	err := v.Ready()
	switch {
	case err == nil: // became ready as ctx ended
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("waiting for token verification: %w: %w", ctx.Err(), err)
	default:
		return fmt.Errorf("verifier closed before it was ready: %w", err)
	}
}

// markReadyLocked closes v.ready once discovery and keys have both loaded.
// v.mu must be held for writing.
func (v *Verifier) markReadyLocked() {
	if !v.readyClosed && v.meta != nil && v.keys != nil {
		close(v.ready)
		v.readyClosed = true
	}
}

// observe reports a JWKS refresh result to the Observer, if any.
func (v *Verifier) observe(result string) {
	if v.o.Observer != nil {
		v.o.Observer.JWKSRefresh(result)
	}
}

// Ready returns nil once the discovery document and the JWKS have loaded
// (they stay loaded: later failures keep the last good copy), and otherwise
// an error saying what is missing and why.
func (v *Verifier) Ready() error {
	if v.configErr != nil {
		return v.configErr
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	switch {
	case v.meta == nil && v.metaErr != nil:
		return fmt.Errorf("authorization server discovery not loaded: %w", v.metaErr)
	case v.meta == nil:
		return errors.New("authorization server discovery not loaded yet")
	case v.keys == nil && v.keysErr != nil:
		return fmt.Errorf("signing keys (JWKS) not loaded: %w", v.keysErr)
	case v.keys == nil:
		return errors.New("signing keys (JWKS) not loaded yet")
	}
	return nil
}

// Metadata returns the authorization server's discovery document. A copy
// older than MetadataTTL is fetched again first (concurrent callers share one
// fetch); when that fails the last good copy is returned. An error means no
// copy has ever loaded.
func (v *Verifier) Metadata(ctx context.Context) (*Metadata, error) {
	if v.configErr != nil {
		return nil, v.configErr
	}
	now := v.o.Now()
	v.mu.RLock()
	m, at, attempt, lastErr := v.meta, v.metaAt, v.metaAttemptAt, v.metaErr
	v.mu.RUnlock()
	if m != nil && now.Sub(at) < v.o.MetadataTTL {
		return m, nil
	}
	// A failure moments ago: do not hammer a struggling authorization server.
	if lastErr != nil && !attempt.IsZero() && now.Sub(attempt) < v.o.RetryMin {
		if m != nil {
			return m, nil
		}
		return nil, fmt.Errorf("authorization server discovery: %w", lastErr)
	}
	fresh, err := v.refreshMetadata(ctx, at)
	if err == nil {
		return fresh, nil
	}
	if m != nil {
		return m, nil
	}
	return nil, fmt.Errorf("authorization server discovery: %w", err)
}

// run loads discovery and JWKS, retrying with capped exponential backoff, and
// then refreshes both every MetadataTTL.
func (v *Verifier) run() {
	defer v.wg.Done()
	delay := v.o.RetryMin
	wasFailing := false
	for {
		err := v.loadAll()
		var wait time.Duration
		if err != nil {
			if v.ctx.Err() != nil {
				return // Close (or the parent context) interrupted the load: not an outage
			}
			wait = delay
			delay = min(delay*2, v.o.RetryMax)
			wasFailing = true
			var cfgErr *ConfigError
			if !errors.As(err, &cfgErr) { // configuration errors are logged once per attempt already
				v.o.Logger.Warn(v.outageMessage(), "error", err, "retry_in", wait.String())
			}
		} else {
			if wasFailing {
				v.o.Logger.Info("authorization server metadata and keys loaded", "issuer", v.expect.issuer)
			}
			wasFailing = false
			delay = v.o.RetryMin
			wait = v.o.MetadataTTL
		}
		t := time.NewTimer(wait)
		select {
		case <-v.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// outageMessage says what a failed load means for token verification: with
// a last good copy of both documents, verification carries on; without one,
// requests are answered 503 until a load succeeds.
func (v *Verifier) outageMessage() string {
	v.mu.RLock()
	warm := v.meta != nil && v.keys != nil
	v.mu.RUnlock()
	if warm {
		return "authorization server not reachable; keeping the last good copy"
	}
	return "authorization server not reachable and nothing loaded yet; token verification unavailable until it loads"
}

// loadAll fetches the discovery document and then the JWKS it names.
func (v *Verifier) loadAll() error {
	v.mu.RLock()
	seen := v.metaAt
	v.mu.RUnlock()
	if _, err := v.refreshMetadata(v.ctx, seen); err != nil {
		return err
	}
	_, err := v.refreshKeys(v.ctx)
	return err
}

// refreshMetadata fetches the discovery document once for all concurrent
// callers and stores the result. seen is the fetch time of the copy the
// caller found stale: a copy stored after it (by a fetch that finished while
// this caller was on its way here) is returned without fetching again.
func (v *Verifier) refreshMetadata(ctx context.Context, seen time.Time) (*Metadata, error) {
	return v.metaFlight.do(ctx, func() (*Metadata, error) {
		v.mu.RLock()
		m, at := v.meta, v.metaAt
		v.mu.RUnlock()
		if m != nil && at.After(seen) {
			return m, nil
		}
		fctx, cancel := context.WithTimeout(v.ctx, v.o.FetchTimeout)
		defer cancel()
		m, err := v.fetchMetadata(fctx)
		now := v.o.Now()
		v.mu.Lock()
		defer v.mu.Unlock()
		v.metaAttemptAt = now
		if err != nil {
			v.metaErr = err
			var cfgErr *ConfigError
			if errors.As(err, &cfgErr) {
				v.o.Logger.Error("authorization server configuration error", "error", err)
			}
			return nil, err
		}
		v.meta, v.metaAt, v.metaErr = m, now, nil
		v.markReadyLocked()
		return m, nil
	})
}

// ConfigError reports an authorization server whose discovery document does
// not match the configuration (APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID): no
// token could ever be verified until one of them changes.
type ConfigError struct {
	Problem string
}

// Error describes the configuration problem.
func (e *ConfigError) Error() string { return "auth configuration: " + e.Problem }

// getBounded GETs u and returns at most limit bytes of a 200 body.
func (v *Verifier) getBounded(ctx context.Context, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := v.o.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: reading body: %w", u, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("GET %s: body larger than %d bytes", u, limit)
	}
	return body, nil
}

// checkFetchURL accepts absolute http(s) URLs; plain http only when the
// configured endpoint itself is plain http (local testing).
func (v *Verifier) checkFetchURL(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil {
		return &ConfigError{Problem: fmt.Sprintf("discovery document %s %q is not an absolute URL", name, raw)}
	}
	if u.Scheme != "https" && u.Scheme != v.expect.scheme {
		return &ConfigError{Problem: fmt.Sprintf("discovery document %s %q must use https", name, raw)}
	}
	return nil
}
