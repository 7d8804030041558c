package auth

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
)

// minRSABits is the smallest RSA modulus accepted from a JWKS.
const minRSABits = 2048

// keySet holds the usable RS256 verification keys of one JWKS.
type keySet struct {
	byKid map[string]*rsa.PublicKey
	all   []*rsa.PublicKey // for tokens without a kid
}

func (ks *keySet) lookup(kid string) []*rsa.PublicKey {
	if kid == "" {
		return ks.all
	}
	if k, ok := ks.byKid[kid]; ok {
		return []*rsa.PublicKey{k}
	}
	return nil
}

// has reports whether key is still the set's key for kid (for a kid-less
// token: any key of the set).
func (ks *keySet) has(kid string, key *rsa.PublicKey) bool {
	for _, k := range ks.lookup(kid) {
		if k == key || k.Equal(key) {
			return true
		}
	}
	return false
}

// parseKeySet keeps the RSA signing keys of a JWKS document usable for RS256:
// kty RSA, use absent or "sig", alg absent or RS256, at least 2048 bits.
// Other keys, and keys jwx rejects, are skipped one by one (a single odd key
// must not disable the set); a set with no usable key is an error.
func parseKeySet(body []byte) (*keySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("parsing JWKS: %w", err)
	}
	ks := &keySet{byKid: map[string]*rsa.PublicKey{}}
	for _, raw := range doc.Keys {
		key, err := jwk.ParseKey(raw)
		if err != nil || key.KeyType() != jwa.RSA() {
			continue
		}
		if use, ok := key.KeyUsage(); ok && use != "sig" {
			continue
		}
		if alg, ok := key.Algorithm(); ok && alg.String() != jwa.RS256().String() {
			continue
		}
		pub := new(rsa.PublicKey)
		if err := jwk.Export(key, pub); err != nil {
			continue
		}
		if pub.N == nil || pub.N.BitLen() < minRSABits {
			continue
		}
		kid, _ := key.KeyID()
		if kid != "" {
			if _, dup := ks.byKid[kid]; dup {
				continue // the first key under a kid wins; never let a later one shadow it
			}
			ks.byKid[kid] = pub
		}
		ks.all = append(ks.all, pub)
	}
	if len(ks.all) == 0 {
		return nil, errors.New("JWKS holds no usable RS256 key")
	}
	return ks, nil
}

// refreshKeys fetches the JWKS named by the current discovery document once
// for all concurrent callers and stores it.
func (v *Verifier) refreshKeys(ctx context.Context) (*keySet, error) {
	return v.keysFlight.do(ctx, v.fetchKeys)
}

// fetchKeys GETs and parses the JWKS, stores the result, reports it to the
// Observer and drops cached tokens whose signing key left the set.
func (v *Verifier) fetchKeys() (*keySet, error) {
	v.mu.RLock()
	meta := v.meta
	v.mu.RUnlock()
	ks, err := v.getKeySet(meta)
	// Reported before the keys are published, so whoever sees the verifier
	// ready (WaitReady) also sees the refresh counted.
	switch {
	case err == nil:
		v.observe(JWKSRefreshOK)
	case v.ctx.Err() == nil: // a fetch cancelled by Close is no failure of the authorization server
		v.observe(JWKSRefreshError)
	}
	v.mu.Lock()
	if err != nil {
		v.keysErr = err
	} else {
		v.keys, v.keysErr = ks, nil
		v.markReadyLocked()
	}
	v.mu.Unlock()
	if err == nil {
		v.cache.dropKeysNotIn(ks)
	}
	return ks, err
}

// getKeySet fetches and parses the JWKS that meta names.
func (v *Verifier) getKeySet(meta *Metadata) (*keySet, error) {
	if meta == nil {
		return nil, errors.New("no discovery document yet")
	}
	fctx, cancel := context.WithTimeout(v.ctx, v.o.FetchTimeout)
	defer cancel()
	body, err := v.getBounded(fctx, meta.JWKSURI, maxDocumentBytes)
	if err != nil {
		return nil, err
	}
	ks, err := parseKeySet(body)
	if err != nil {
		return nil, fmt.Errorf("JWKS at %s: %w", meta.JWKSURI, err)
	}
	return ks, nil
}
