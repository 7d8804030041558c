package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

func TestTokenCacheHitSkipsSignatureCheck(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Scopes: []string{"account", "users.read"}, ClientID: "c1"})
	tests := []struct {
		name       string
		size       int
		wantChecks int64
	}{
		{"cache off", 0, 3},
		{"cache on", 10, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := newVerifier(t, fake, func(o *auth.Options) { o.TokenCacheSize = tc.size })
			waitReady(t, v)
			for i := range 3 {
				ti, err := v.Verify(context.Background(), tok, nil)
				if err != nil {
					t.Fatalf("Verify %d: %v", i, err)
				}
				if ti.UserID != fakeappwrite.DefaultSubject || !slices.Equal(ti.Scopes, []string{"account", "users.read"}) ||
					ti.Extra[auth.ExtraClientID] != "c1" || auth.AccessToken(ti) != tok {
					t.Fatalf("Verify %d: TokenInfo %+v", i, ti)
				}
			}
			if got := auth.SignatureChecks(v); got != tc.wantChecks {
				t.Errorf("3 verifications of one token made %d RSA checks, want %d", got, tc.wantChecks)
			}
		})
	}
}

func TestTokenCacheHandsOutCopies(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, func(o *auth.Options) { o.TokenCacheSize = 10 })
	waitReady(t, v)
	tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Scopes: []string{"account"}})
	for i := range 3 { // the miss, then two hits
		ti, err := v.Verify(context.Background(), tok, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, polluted := ti.Extra["per-request"]; polluted || !slices.Equal(ti.Scopes, []string{"account"}) {
			t.Fatalf("Verify %d sees another request's changes: %+v", i, ti)
		}
		ti.Extra["per-request"] = i
		ti.Scopes[0] = "changed"
		delete(ti.Extra, auth.ExtraIssuer)
	}
}

func TestTokenCacheHonoursTokenTimes(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	tests := []struct {
		name    string
		spec    fakeappwrite.TokenSpec
		advance time.Duration
		want    auth.Reason
	}{
		{"expires while cached", fakeappwrite.TokenSpec{ExpiresIn: 2 * time.Minute}, 3 * time.Minute, auth.ReasonExpired},
		{"clock stepped back before nbf", fakeappwrite.TokenSpec{NotBefore: time.Now().Add(30 * time.Second)}, -time.Minute, auth.ReasonNotYetValid},
		{"clock stepped back before iat", fakeappwrite.TokenSpec{}, -5 * time.Minute, auth.ReasonNotYetValid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			v := newVerifier(t, fake, func(o *auth.Options) { o.TokenCacheSize = 10; o.Now = clk.Now })
			waitReady(t, v)
			tc.spec.Audience = []string{resource}
			tok := fake.MintToken(tc.spec)
			if _, err := v.Verify(context.Background(), tok, nil); err != nil {
				t.Fatal(err)
			}
			clk.Advance(tc.advance)
			_, err := v.Verify(context.Background(), tok, nil)
			if err == nil {
				t.Fatalf("cached token accepted %v later, want %s", tc.advance, tc.want)
			}
			if got := reasonOf(t, err); got != tc.want {
				t.Errorf("reason = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestTokenCacheDropsTokensOfRemovedKeys(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, func(o *auth.Options) { o.TokenCacheSize = 10; o.KeyRefreshInterval = 10 * time.Millisecond })
	waitReady(t, v)
	spec := fakeappwrite.TokenSpec{Audience: []string{resource}}
	old := fake.MintToken(spec)
	if _, err := v.Verify(context.Background(), old, nil); err != nil {
		t.Fatal(err)
	}
	// Two rotations: the fake publishes the current and one retired key, so
	// the key of old leaves the JWKS.
	for range 2 {
		if fake.RotateKey() == "" {
			t.Fatal("RotateKey failed")
		}
	}
	// A token of the new key makes the verifier fetch the JWKS.
	if _, err := v.Verify(context.Background(), fake.MintToken(spec), nil); err != nil {
		t.Fatalf("token of the new key: %v", err)
	}
	if got := auth.CachedTokens(v); got != 1 {
		t.Errorf("%d cached tokens after the refresh, want 1 (the old key's token purged)", got)
	}
	_, err := v.Verify(context.Background(), old, nil)
	if got := reasonOf(t, err); got != auth.ReasonUnknownKey {
		t.Errorf("token of the removed key: reason %s, want unknown_key", got)
	}
}

func TestTokenCacheRejections(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	clk := newClock()
	v := newVerifier(t, fake, func(o *auth.Options) {
		o.TokenCacheSize, o.Now, o.KeyRefreshInterval = 10, clk.Now, 10*time.Millisecond
	})
	waitReady(t, v)
	aud := []string{resource}
	tests := []struct {
		name       string
		spec       fakeappwrite.TokenSpec
		want       auth.Reason
		wantCached bool
	}{
		{"bad signature", fakeappwrite.TokenSpec{Audience: aud, ForeignKey: true}, auth.ReasonBadSignature, true},
		{"expired", fakeappwrite.TokenSpec{Audience: aud, ExpiresIn: -time.Minute}, auth.ReasonExpired, true},
		{"wrong audience", fakeappwrite.TokenSpec{Audience: []string{"http://other.test/mcp"}}, auth.ReasonWrongAudience, true},
		{"not yet valid", fakeappwrite.TokenSpec{Audience: aud, NotBefore: time.Now().Add(5 * time.Minute)}, auth.ReasonNotYetValid, false},
		{"unknown key", fakeappwrite.TokenSpec{Audience: aud, Kid: "maybe-published-soon"}, auth.ReasonUnknownKey, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := fake.MintToken(tc.spec)
			rejections, checks := auth.CachedRejections(v), auth.SignatureChecks(v)
			for range 2 {
				if _, err := v.Verify(context.Background(), tok, nil); reasonOf(t, err) != tc.want {
					t.Fatalf("reason %s, want %s", reasonOf(t, err), tc.want)
				}
			}
			if cached := auth.CachedRejections(v) > rejections; cached != tc.wantCached {
				t.Errorf("rejection cached = %v, want %v", cached, tc.wantCached)
			}
			if tc.wantCached && auth.SignatureChecks(v)-checks != 1 {
				t.Errorf("two verifications of a cached rejection made %d RSA checks, want 1", auth.SignatureChecks(v)-checks)
			}
		})
	}
	// A cached rejection lasts 10 s: then the token is judged again.
	tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: aud, ForeignKey: true})
	_, _ = v.Verify(context.Background(), tok, nil)
	checks := auth.SignatureChecks(v)
	clk.Advance(11 * time.Second)
	if _, err := v.Verify(context.Background(), tok, nil); reasonOf(t, err) != auth.ReasonBadSignature {
		t.Fatalf("after the rejection expired: %v", err)
	}
	if auth.SignatureChecks(v) == checks {
		t.Error("an expired cached rejection was still used")
	}
}

func TestTokenCacheSizeBound(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	const size = 3
	v := newVerifier(t, fake, func(o *auth.Options) { o.TokenCacheSize = size })
	waitReady(t, v)
	toks := make([]string, size+2)
	for i := range toks {
		toks[i] = fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Subject: "u" + string(rune('a'+i))})
		if _, err := v.Verify(context.Background(), toks[i], nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := auth.CachedTokens(v); got != size {
		t.Errorf("%d cached tokens, want the bound %d", got, size)
	}
	checks := auth.SignatureChecks(v)
	if _, err := v.Verify(context.Background(), toks[len(toks)-1], nil); err != nil || auth.SignatureChecks(v) != checks {
		t.Errorf("the newest token was not answered from the cache (err %v)", err)
	}
	if _, err := v.Verify(context.Background(), toks[0], nil); err != nil || auth.SignatureChecks(v) != checks+1 {
		t.Errorf("the least recently used token was not evicted (err %v)", err)
	}
}
