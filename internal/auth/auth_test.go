package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

const (
	publicURL = "http://mcp.test:8000"
	resource  = publicURL + "/mcp"
)

// audiences are the spellings config.Config.Audiences lists for publicURL.
var audiences = []string{resource, publicURL + "/", publicURL}

// clock is a settable time source for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newVerifier starts a verifier against fake with fast retries; mod adjusts Options.
func newVerifier(t testing.TB, fake *fakeappwrite.Server, mod func(*auth.Options)) *auth.Verifier {
	t.Helper()
	o := auth.Options{
		Endpoint:  fake.Endpoint(),
		ProjectID: fakeappwrite.DefaultProject,
		Audiences: audiences,
		RetryMin:  time.Millisecond,
		RetryMax:  5 * time.Millisecond,
	}
	if mod != nil {
		mod(&o)
	}
	v := auth.NewVerifier(context.Background(), o)
	t.Cleanup(v.Close)
	return v
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func waitReady(t testing.TB, v *auth.Verifier) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := v.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
}

func reasonOf(t *testing.T, err error) auth.Reason {
	t.Helper()
	var te *auth.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T) is not a *auth.TokenError", err, err)
	}
	return te.Reason
}

func mustRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestVerifyHostileTokens(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	logs := &testutil.LogBuffer{}
	v := newVerifier(t, fake, func(o *auth.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	waitReady(t, v)

	now := time.Now()
	aud := []string{resource}
	valid := fakeappwrite.TokenSpec{Audience: aud, Scopes: []string{"users.read", "databases.read"}, ClientID: "client-1"}
	with := func(mod func(*fakeappwrite.TokenSpec)) string {
		s := valid
		mod(&s)
		return fake.MintToken(s)
	}
	tests := []struct {
		name  string
		token string
		want  auth.Reason // "" = accepted
	}{
		{"valid", fake.MintToken(valid), ""},
		{"valid, one of several audiences", with(func(s *fakeappwrite.TokenSpec) { s.Audience = []string{"https://other", resource} }), ""},
		{"valid, nbf within skew", with(func(s *fakeappwrite.TokenSpec) { s.NotBefore = now.Add(30 * time.Second) }), ""},
		{"expired", with(func(s *fakeappwrite.TokenSpec) { s.ExpiresIn = -time.Minute }), auth.ReasonExpired},
		{"nbf in the future", with(func(s *fakeappwrite.TokenSpec) { s.NotBefore = now.Add(5 * time.Minute) }), auth.ReasonNotYetValid},
		{"iat in the future", with(func(s *fakeappwrite.TokenSpec) { s.IssuedAt = now.Add(5 * time.Minute) }), auth.ReasonNotYetValid},
		{"wrong aud", with(func(s *fakeappwrite.TokenSpec) { s.Audience = []string{"http://other.test/mcp"} }), auth.ReasonWrongAudience},
		{"aud with two trailing slashes", with(func(s *fakeappwrite.TokenSpec) { s.Audience = []string{resource + "//"} }), auth.ReasonWrongAudience},
		{"aud as a prefix", with(func(s *fakeappwrite.TokenSpec) { s.Audience = []string{resource + "x"} }), auth.ReasonWrongAudience},
		{"no aud", with(func(s *fakeappwrite.TokenSpec) { s.Audience = nil }), auth.ReasonWrongAudience},
		{"issuer of another project", with(func(s *fakeappwrite.TokenSpec) { s.Project = "other-project" }), auth.ReasonWrongProject},
		{"issuer on another host", with(func(s *fakeappwrite.TokenSpec) { s.Issuer = "https://evil.example/v1/oauth2/console" }), auth.ReasonWrongIssuer},
		{"issuer with trailing slash", with(func(s *fakeappwrite.TokenSpec) { s.Issuer = fake.Issuer("console") + "/" }), auth.ReasonWrongIssuer},
		{"no issuer", with(func(s *fakeappwrite.TokenSpec) { s.Claims = map[string]any{"iss": ""} }), auth.ReasonMissingClaim},
		{"alg none", with(func(s *fakeappwrite.TokenSpec) { s.Alg = "none" }), auth.ReasonBadSignature},
		{"HS256 signed with the RSA public key", with(func(s *fakeappwrite.TokenSpec) { s.Alg = "HS256" }), auth.ReasonBadSignature},
		{"RS512 header", with(func(s *fakeappwrite.TokenSpec) { s.Alg = "RS512" }), auth.ReasonBadSignature},
		{"unknown kid", with(func(s *fakeappwrite.TokenSpec) { s.Kid = "no-such-key" }), auth.ReasonUnknownKey},
		{"foreign key reusing a known kid", with(func(s *fakeappwrite.TokenSpec) { s.ForeignKey = true }), auth.ReasonBadSignature},
		{"foreign key, explicit", with(func(s *fakeappwrite.TokenSpec) { s.SigningKey = mustRSAKey(t) }), auth.ReasonBadSignature},
		{"no exp", with(func(s *fakeappwrite.TokenSpec) { s.NoExpiry = true }), auth.ReasonMissingClaim},
		{"no sub", with(func(s *fakeappwrite.TokenSpec) { s.Claims = map[string]any{"sub": ""} }), auth.ReasonMissingClaim},
		{"exp not a number", with(func(s *fakeappwrite.TokenSpec) { s.Claims = map[string]any{"exp": "tomorrow"} }), auth.ReasonMalformed},
		{"garbage", "not-a-jwt", auth.ReasonMalformed},
		{"three garbage parts", "a.b.c", auth.ReasonMalformed},
		{"four parts", fake.MintToken(valid) + ".x", auth.ReasonMalformed},
		{"empty", "", auth.ReasonMalformed},
		{"oversized", strings.Repeat("a", 20<<10), auth.ReasonMalformed},
		{"tampered payload", tamper(fake.MintToken(valid)), auth.ReasonBadSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.token == "" && tc.name != "empty" {
				t.Fatal("fake minted no token")
			}
			ti, err := v.Verify(context.Background(), tc.token, nil)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if ti.UserID != fakeappwrite.DefaultSubject {
					t.Errorf("UserID = %q", ti.UserID)
				}
				if got := auth.AccessToken(ti); got != tc.token {
					t.Errorf("AccessToken does not return the verified token")
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted, want %s", tc.want)
			}
			if got := reasonOf(t, err); got != tc.want {
				t.Errorf("reason = %s, want %s (%v)", got, tc.want, err)
			}
			if !errors.Is(err, mcpauth.ErrInvalidToken) {
				t.Errorf("error does not unwrap to mcpauth.ErrInvalidToken")
			}
			if len(tc.token) > 8 && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error message contains the token")
			}
		})
	}
	for _, tc := range tests {
		if sig := tc.token[strings.LastIndex(tc.token, ".")+1:]; len(sig) > 8 && strings.Contains(logs.String(), sig) {
			t.Errorf("logs contain (part of) the %q token", tc.name)
		}
	}
}

// tamper flips the subject inside an otherwise valid token's payload.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return tok
	}
	p := []byte(parts[1])
	if p[5] == 'A' {
		p[5] = 'B'
	} else {
		p[5] = 'A'
	}
	return parts[0] + "." + string(p) + "." + parts[2]
}

func TestVerifyTokenInfo(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, nil)
	waitReady(t, v)

	tests := []struct {
		name       string
		spec       fakeappwrite.TokenSpec
		wantScopes []string
		wantClient string
	}{
		{"scope string and client_id", fakeappwrite.TokenSpec{Scopes: []string{"account", "users.read"}, ClientID: "c1"}, []string{"account", "users.read"}, "c1"},
		{"scp array and azp", fakeappwrite.TokenSpec{Claims: map[string]any{"scp": []string{"teams.read", "files.write"}, "azp": "c2"}}, []string{"teams.read", "files.write"}, "c2"},
		{"client_id wins over azp", fakeappwrite.TokenSpec{ClientID: "c3", Claims: map[string]any{"azp": "c4"}}, nil, "c3"},
		{"no scopes, no client", fakeappwrite.TokenSpec{Subject: "u-9"}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.Audience = []string{resource}
			tc.spec.ExpiresIn = 10 * time.Minute
			tok := fake.MintToken(tc.spec)
			ti, err := v.Verify(context.Background(), tok, nil)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !slices.Equal(ti.Scopes, tc.wantScopes) {
				t.Errorf("Scopes = %q, want %q", ti.Scopes, tc.wantScopes)
			}
			gotClient, _ := ti.Extra[auth.ExtraClientID].(string)
			if gotClient != tc.wantClient {
				t.Errorf("client_id = %q, want %q", gotClient, tc.wantClient)
			}
			if ti.Extra[auth.ExtraIssuer] != fake.Issuer("console") {
				t.Errorf("issuer = %v", ti.Extra[auth.ExtraIssuer])
			}
			if d := time.Until(ti.Expiration); d < 9*time.Minute || d > 11*time.Minute {
				t.Errorf("Expiration %v not about 10 minutes away", ti.Expiration)
			}
			wantSub := tc.spec.Subject
			if wantSub == "" {
				wantSub = fakeappwrite.DefaultSubject
			}
			if ti.UserID != wantSub {
				t.Errorf("UserID = %q, want %q", ti.UserID, wantSub)
			}
			// The raw token is retrievable but hidden from every printer.
			if auth.AccessToken(ti) != tok {
				t.Fatal("AccessToken lost the token")
			}
			js, err := json.Marshal(ti)
			if err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string]string{
				"%v": fmt.Sprintf("%v", ti), "%+v": fmt.Sprintf("%+v", *ti), "%#v": fmt.Sprintf("%#v", ti.Extra), "json": string(js),
			} {
				if strings.Contains(out, tok) {
					t.Errorf("%s output contains the token", name)
				}
			}
		})
	}
	if auth.AccessToken(nil) != "" || auth.AccessToken(&mcpauth.TokenInfo{}) != "" {
		t.Error("AccessToken of an empty TokenInfo is not empty")
	}
}

func TestKeyRotationAcceptedAfterOneRefresh(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, nil)
	waitReady(t, v)

	spec := fakeappwrite.TokenSpec{Audience: []string{resource}}
	old := fake.MintToken(spec)
	if _, err := v.Verify(context.Background(), old, nil); err != nil {
		t.Fatalf("token of the first key: %v", err)
	}
	before := fake.JWKSFetches()
	if fake.RotateKey() == "" {
		t.Fatal("RotateKey failed")
	}
	rotated := fake.MintToken(spec)
	for i := range 3 {
		if _, err := v.Verify(context.Background(), rotated, nil); err != nil {
			t.Fatalf("token of the rotated key, try %d: %v", i, err)
		}
	}
	if got := fake.JWKSFetches() - before; got != 1 {
		t.Errorf("JWKS fetched %d times for a rotation, want 1", got)
	}
	if _, err := v.Verify(context.Background(), old, nil); err != nil {
		t.Errorf("token of the retired (still published) key: %v", err)
	}
}

func TestOutageWithWarmCacheKeepsVerifying(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	clk := newClock()
	v := newVerifier(t, fake, func(o *auth.Options) { o.Now = clk.Now; o.MetadataTTL = time.Minute })
	waitReady(t, v)

	fake.SetOutage(true, true)
	tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, ExpiresIn: time.Hour})
	clk.Advance(2 * time.Minute) // past the TTL: a refresh is due and fails
	md, err := v.Metadata(context.Background())
	if err != nil || md.Issuer != fake.Issuer("console") {
		t.Fatalf("Metadata during the outage = %+v, %v; want the last good copy", md, err)
	}
	if _, err := v.Verify(context.Background(), tok, nil); err != nil {
		t.Fatalf("Verify during the outage: %v", err)
	}
	// An unknown kid during the outage is still just an unknown key.
	forged := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Kid: "forged"})
	if _, err := v.Verify(context.Background(), forged, nil); reasonOf(t, err) != auth.ReasonUnknownKey {
		t.Errorf("forged kid during the outage: %v", err)
	}
	if err := v.Ready(); err != nil {
		t.Errorf("Ready during the outage with a warm cache: %v", err)
	}
}

func TestAuthorizationServerDownAtStart(t *testing.T) {
	tests := []struct {
		name                  string
		discoveryOut, jwksOut bool
		wantInReady           string
	}{
		{"discovery down", true, true, "discovery"},
		{"only JWKS down", false, true, "JWKS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeappwrite.New()
			t.Cleanup(fake.Close)
			fake.SetOutage(tc.discoveryOut, tc.jwksOut)
			v := newVerifier(t, fake, nil)
			// A second attempt means the first one failed and was recorded.
			eventually(t, "a failed load", func() bool {
				if tc.discoveryOut {
					return fake.DiscoveryFetches() > 1
				}
				return fake.JWKSFetches() > 1
			})

			err := v.Ready()
			if err == nil || !strings.Contains(err.Error(), tc.wantInReady) || !strings.Contains(err.Error(), "status 503") {
				t.Fatalf("Ready = %v, want an error about %s answering 503", err, tc.wantInReady)
			}
			tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}})
			_, verr := v.Verify(context.Background(), tok, nil)
			if got := reasonOf(t, verr); got != auth.ReasonUnavailable {
				t.Fatalf("Verify reason = %s, want unavailable", got)
			}
			if errors.Is(verr, mcpauth.ErrInvalidToken) {
				t.Error("unavailable unwraps to ErrInvalidToken (would be a 401, want 503)")
			}
			if tc.discoveryOut {
				if _, err := v.Metadata(context.Background()); err == nil {
					t.Error("Metadata succeeded with discovery down")
				}
			}

			fake.SetOutage(false, false)
			waitReady(t, v)
			if _, err := v.Verify(context.Background(), tok, nil); err != nil {
				t.Fatalf("Verify after recovery: %v", err)
			}
		})
	}
}

func TestBadConfiguration(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	tests := []struct {
		name    string
		mod     func(*auth.Options)
		setup   func()
		wantMsg string
	}{
		{"advertised issuer on another host", nil, func() { fake.SetAdvertisedIssuer("https://evil.example/v1/oauth2/console") }, "APPWRITE_ENDPOINT"},
		{"advertised issuer of another project", nil, func() { fake.SetAdvertisedIssuer(fake.Issuer("other")) }, "APPWRITE_PROJECT_ID"},
		{"endpoint not a URL", func(o *auth.Options) { o.Endpoint = "ftp://x" }, func() {}, "endpoint"},
		{"bad project id", func(o *auth.Options) { o.ProjectID = "../etc" }, func() {}, "project id"},
		{"no audiences", func(o *auth.Options) { o.Audiences = nil }, func() {}, "audience"},
		{"an empty audience", func(o *auth.Options) { o.Audiences = []string{resource, ""} }, func() {}, "audience"},
		{"negative token cache size", func(o *auth.Options) { o.TokenCacheSize = -1 }, func() {}, "token cache"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			t.Cleanup(func() { fake.SetAdvertisedIssuer("") })
			v := newVerifier(t, fake, tc.mod)
			var cfgErr *auth.ConfigError
			eventually(t, "a configuration error", func() bool { return errors.As(v.Ready(), &cfgErr) })
			if !strings.Contains(v.Ready().Error(), tc.wantMsg) {
				t.Errorf("Ready = %v, want it to mention %q", v.Ready(), tc.wantMsg)
			}
			tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}})
			_, err := v.Verify(context.Background(), tok, nil)
			if got := reasonOf(t, err); got != auth.ReasonUnavailable {
				t.Errorf("Verify reason = %s, want unavailable", got)
			}
		})
	}
}

func TestMetadataTTLRefreshPicksUpScopes(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	clk := newClock()
	v := newVerifier(t, fake, func(o *auth.Options) { o.Now = clk.Now; o.MetadataTTL = time.Minute })
	waitReady(t, v)

	md, err := v.Metadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(md.ScopesSupported, fake.Scopes()) {
		t.Fatalf("scopes = %v, want the fake's", md.ScopesSupported)
	}
	var raw map[string]any
	if err := json.Unmarshal(md.Raw, &raw); err != nil || raw["issuer"] != fake.Issuer("console") || raw["token_endpoint"] == nil {
		t.Fatalf("Raw is not the discovery document: %s", md.Raw)
	}

	changed := []string{"account", "users.read", "brand.new"}
	fake.SetScopes(changed)
	if md, _ := v.Metadata(context.Background()); slices.Equal(md.ScopesSupported, changed) {
		t.Fatal("scopes changed before the TTL passed (the cache is not used)")
	}
	clk.Advance(time.Minute + time.Second)
	md, err = v.Metadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(md.ScopesSupported, changed) {
		t.Errorf("after the TTL scopes = %v, want %v", md.ScopesSupported, changed)
	}
}

// gatedTransport counts discovery requests and holds them until release is closed.
type gatedTransport struct {
	discovery atomic.Int32
	release   chan struct{}
}

func (g *gatedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
		g.discovery.Add(1)
		<-g.release
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestConcurrentColdMissesShareOneFetch(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	gate := &gatedTransport{release: make(chan struct{})}
	v := newVerifier(t, fake, func(o *auth.Options) { o.HTTPClient = &http.Client{Transport: gate} })

	const callers = 32
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md, err := v.Metadata(context.Background())
			if err == nil && md.Issuer != fake.Issuer("console") {
				err = fmt.Errorf("issuer %q", md.Issuer)
			}
			errs <- err
		}()
	}
	eventually(t, "the first discovery request", func() bool { return gate.discovery.Load() > 0 })
	close(gate.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Metadata: %v", err)
		}
	}
	if got := gate.discovery.Load(); got != 1 {
		t.Errorf("%d concurrent cold misses made %d discovery requests, want 1", callers, got)
	}
}

func BenchmarkVerify(b *testing.B) {
	fake := fakeappwrite.New()
	b.Cleanup(fake.Close)
	tok := fake.MintToken(fakeappwrite.TokenSpec{
		Audience: []string{resource}, ClientID: "client-1",
		Scopes: []string{"account", "users.read", "users.write", "databases.read", "databases.write"},
	})
	for _, size := range []int{0, 10000} {
		b.Run(fmt.Sprintf("cache=%d", size), func(b *testing.B) {
			v := newVerifier(b, fake, func(o *auth.Options) { o.TokenCacheSize = size })
			waitReady(b, v)
			ctx := context.Background()
			if _, err := v.Verify(ctx, tok, nil); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(ctx, tok, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzVerify: an arbitrary bearer value never panics the verifier and is
// never accepted; only the token the fake minted for this resource is.
func FuzzVerify(f *testing.F) {
	fake := fakeappwrite.New()
	f.Cleanup(fake.Close)
	v := newVerifier(f, fake, nil)
	waitReady(f, v)
	valid := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}})
	head, _, _ := strings.Cut(valid, ".")
	for _, seed := range []string{
		valid, "", ".", "..", "a.b.c", head + "..", head + ".e30.", valid + "x", strings.ToUpper(valid),
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", strings.Repeat("A", 5000),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		ti, err := v.Verify(context.Background(), tok, nil)
		if err == nil && (tok != valid || ti == nil) {
			t.Fatalf("accepted %q", tok)
		}
	})
}
