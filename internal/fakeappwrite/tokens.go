package fakeappwrite

import (
	"crypto/rsa"
	"errors"
	"strings"
	"time"
)

// TokenSpec describes an access token for MintToken. The zero value (plus an
// Audience) is a valid token of the default project; the override fields
// build the hostile tokens a verifier must reject.
type TokenSpec struct {
	// Project names the issuing project; default DefaultProject ("console").
	Project string
	// Subject is sub; default DefaultSubject.
	Subject string
	// Audience is aud; empty omits the claim.
	Audience []string
	// Scopes go into the scope claim, space-separated; empty omits it.
	Scopes []string
	// ClientID is the client_id claim; empty omits it.
	ClientID string
	// ExpiresIn sets exp = IssuedAt + ExpiresIn; 0 means one hour, a negative
	// value makes an already expired token.
	ExpiresIn time.Duration
	// NoExpiry omits exp.
	NoExpiry bool
	// NotBefore is nbf; zero omits it.
	NotBefore time.Time
	// IssuedAt is iat; zero means now.
	IssuedAt time.Time

	// Issuer overrides iss (default Issuer(Project)).
	Issuer string
	// Kid overrides the header kid (default: the current signing key's).
	Kid string
	// Alg overrides the header alg: "none" leaves the token unsigned, "HS256"
	// signs with HMACSecret (default: the current RSA public key in PEM, the
	// algorithm-confusion attack). Default RS256.
	Alg string
	// HMACSecret is the HS256 secret (see Alg).
	HMACSecret []byte
	// SigningKey signs instead of the fake's current key (a foreign key;
	// the kid still defaults to the current one unless Kid is set).
	SigningKey *rsa.PrivateKey
	// ForeignKey signs with an unpublished key the fake keeps for this
	// purpose (ignored when SigningKey is set).
	ForeignKey bool
	// Claims are set last and may override any claim above.
	Claims map[string]any
}

// MintToken returns a signed access token as described by t, or "" if the
// fake could not sign (key generation failed; never expected).
func (s *Server) MintToken(t TokenSpec) string {
	tok, err := s.mint(t)
	if err != nil {
		return ""
	}
	return tok
}

func (s *Server) mint(t TokenSpec) (string, error) {
	st := s.oauth
	st.mu.Lock()
	if st.keyErr != nil || len(st.keys) == 0 {
		st.mu.Unlock()
		return "", errors.New("fake has no signing key")
	}
	current := st.keys[0]
	if t.ForeignKey && t.SigningKey == nil && st.foreign == nil {
		st.mu.Unlock()
		k, err := newSigningKey() // slow: outside the lock
		if err != nil {
			return "", err
		}
		st.mu.Lock()
		if st.foreign == nil {
			st.foreign = k
		}
	}
	foreign := st.foreign
	st.mu.Unlock()

	claims := s.claims(t)

	alg := t.Alg
	if alg == "" {
		alg = "RS256"
	}
	kid := t.Kid
	if kid == "" {
		kid = current.kid
	}
	header := map[string]any{"alg": alg, "typ": "at+jwt", "kid": kid}
	key := current.priv
	switch {
	case t.SigningKey != nil:
		key = t.SigningKey
	case t.ForeignKey:
		key = foreign.priv
	}
	secret := t.HMACSecret
	if alg == "HS256" && secret == nil {
		secret = publicKeyPEM(current.priv)
	}
	return signCompact(header, claims, key, secret)
}

// claims is the claim set of t, defaults filled in.
func (s *Server) claims(t TokenSpec) map[string]any {
	project := t.Project
	if project == "" {
		project = DefaultProject
	}
	iss := t.Issuer
	if iss == "" {
		iss = s.Issuer(project)
	}
	sub := t.Subject
	if sub == "" {
		sub = DefaultSubject
	}
	iat := t.IssuedAt
	if iat.IsZero() {
		iat = time.Now()
	}
	ttl := t.ExpiresIn
	if ttl == 0 {
		ttl = defaultMintedTTL
	}
	claims := map[string]any{
		"iss": iss,
		"sub": sub,
		"iat": iat.Unix(),
		"jti": randomToken(12),
	}
	if !t.NoExpiry {
		claims["exp"] = iat.Add(ttl).Unix()
	}
	if !t.NotBefore.IsZero() {
		claims["nbf"] = t.NotBefore.Unix()
	}
	switch len(t.Audience) {
	case 0:
	case 1:
		claims["aud"] = t.Audience[0]
	default:
		claims["aud"] = t.Audience
	}
	if len(t.Scopes) > 0 {
		claims["scope"] = strings.Join(t.Scopes, " ")
	}
	if t.ClientID != "" {
		claims["client_id"] = t.ClientID
	}
	for k, v := range t.Claims {
		claims[k] = v
	}
	return claims
}
