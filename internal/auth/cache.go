package auth

import (
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
)

// The rejection cache: a flood of one bad token costs one RSA check.
const (
	failureCacheSize = 1024
	failureCacheTTL  = 10 * time.Second
)

// tokenDigest is the SHA-256 of a whole token, the cache key: the cache never
// holds a token.
type tokenDigest [sha256.Size]byte

// tokenCache remembers verified tokens and, briefly, rejected ones. A nil
// *tokenCache is a disabled cache: every method is a no-op.
type tokenCache struct {
	ok   *lru.Cache[tokenDigest, *cachedToken]
	fail *lru.Cache[tokenDigest, cachedRejection]
}

// cachedToken is a verified token and what a hit must re-check.
type cachedToken struct {
	info      mcpauth.TokenInfo // Extra without the access token; never handed out
	issuer    string            // the discovered issuer it was checked against
	kid       string
	key       *rsa.PublicKey // the key whose signature verified
	validFrom time.Time      // nbf and iat less the skew: not accepted before
}

// cachedRejection is a rejection remembered until until.
type cachedRejection struct {
	reason Reason
	detail string
	until  time.Time
}

// newTokenCache returns a cache of size verified tokens, or nil for size 0.
func newTokenCache(size int) (*tokenCache, error) {
	if size == 0 {
		return nil, nil
	}
	ok, err := lru.New[tokenDigest, *cachedToken](size)
	if err != nil {
		return nil, &ConfigError{Problem: fmt.Sprintf("token cache size %d: %v", size, err)}
	}
	fail, err := lru.New[tokenDigest, cachedRejection](min(size, failureCacheSize))
	if err != nil {
		return nil, &ConfigError{Problem: fmt.Sprintf("token cache size %d: %v", size, err)}
	}
	return &tokenCache{ok: ok, fail: fail}, nil
}

// lookup answers token (digest d) from the cache: a verified token still
// within its times, of the current issuer and signed by a key of keys, as a
// fresh copy; or a remembered rejection. hit is false when Verify must judge
// the token itself.
func (c *tokenCache) lookup(d tokenDigest, token string, now time.Time, issuer string, keys *keySet) (ti *mcpauth.TokenInfo, terr *TokenError, hit bool) {
	if c == nil {
		return nil, nil, false
	}
	if e, ok := c.ok.Get(d); ok {
		if now.Before(e.info.Expiration) && !now.Before(e.validFrom) && e.issuer == issuer && keys.has(e.kid, e.key) {
			return e.tokenInfo(token), nil, true
		}
		c.ok.Remove(d) // expired, or its key or issuer is gone: judge it again
	}
	if r, ok := c.fail.Get(d); ok {
		if now.Before(r.until) {
			return nil, reject(r.reason, r.detail), true
		}
		c.fail.Remove(d)
	}
	return nil, nil, false
}

// tokenInfo returns a copy of the cached TokenInfo for one request: its
// Scopes and Extra are the caller's own, Extra holding token.
func (e *cachedToken) tokenInfo(token string) *mcpauth.TokenInfo {
	ti := e.info
	ti.Scopes = slices.Clone(e.info.Scopes)
	ti.Extra = maps.Clone(e.info.Extra)
	if ti.Extra == nil {
		ti.Extra = map[string]any{}
	}
	ti.Extra[extraAccessToken] = redactingToken(token)
	return &ti
}

// addVerified remembers a verified token; e.info is copied, without the
// access token.
func (c *tokenCache) addVerified(d tokenDigest, e cachedToken) {
	if c == nil {
		return
	}
	e.info.Scopes = slices.Clone(e.info.Scopes)
	e.info.Extra = maps.Clone(e.info.Extra)
	delete(e.info.Extra, extraAccessToken)
	c.ok.Add(d, &e)
}

// addRejection remembers a rejection for failureCacheTTL, unless its reason
// may change soon: unavailable (the verifier may load), unknown_key (the key
// may be published), not_yet_valid (time passes) — or it has a cause (Err).
func (c *tokenCache) addRejection(d tokenDigest, terr *TokenError, now time.Time) {
	if c == nil || terr.Err != nil {
		return
	}
	switch terr.Reason {
	case ReasonUnavailable, ReasonUnknownKey, ReasonNotYetValid:
		return
	}
	c.fail.Add(d, cachedRejection{reason: terr.Reason, detail: terr.Detail, until: now.Add(failureCacheTTL)})
}

// dropKeysNotIn removes the verified tokens whose signing key is not in keys
// (a lookup checks the key anyway; this frees the memory at once).
func (c *tokenCache) dropKeysNotIn(keys *keySet) {
	if c == nil {
		return
	}
	for _, d := range c.ok.Keys() {
		if e, ok := c.ok.Peek(d); ok && !keys.has(e.kid, e.key) {
			c.ok.Remove(d)
		}
	}
}
