package auth

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/lestrrat-go/jwx/v3/jwt"
	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
)

// MaxClockSkew is the tolerance applied to nbf and iat.
const MaxClockSkew = 60 * time.Second

// maxTokenBytes bounds the size of a token the verifier looks at.
const maxTokenBytes = 16 << 10

// Reason classifies why a token was rejected, for logs and metrics.
type Reason string

// The reasons a token is rejected.
const (
	ReasonMalformed     Reason = "malformed"      // not a compact JWS, or undecodable header or claims
	ReasonBadSignature  Reason = "bad_signature"  // signature invalid, or an algorithm other than RS256
	ReasonUnknownKey    Reason = "unknown_key"    // kid not in the authorization server's JWKS
	ReasonExpired       Reason = "expired"        // exp is in the past
	ReasonNotYetValid   Reason = "not_yet_valid"  // nbf or iat in the future beyond the skew
	ReasonMissingClaim  Reason = "missing_claim"  // exp, iss or sub absent
	ReasonWrongIssuer   Reason = "wrong_issuer"   // iss names another authorization server
	ReasonWrongProject  Reason = "wrong_project"  // iss names another Appwrite project
	ReasonWrongAudience Reason = "wrong_audience" // aud absent or naming none of Options.Audiences
	// ReasonUnavailable: the verifier has not loaded discovery and JWKS yet;
	// the token was not judged. Callers answer 503, not 401.
	ReasonUnavailable Reason = "unavailable"
)

// TokenError is the error Verify returns. Error and Detail never contain the
// token or any part of it, so both are safe to log and to show the client.
type TokenError struct {
	Reason Reason
	// Detail is a short human-readable explanation.
	Detail string
	// Err is the underlying cause when there is one (e.g. why the verifier
	// is not ready). It never holds token contents.
	Err error
}

// Error names the reason and the detail; never the token.
func (e *TokenError) Error() string {
	if e.Reason == ReasonUnavailable {
		return "token verification unavailable: " + e.Detail
	}
	return "invalid token (" + string(e.Reason) + "): " + e.Detail
}

// Unwrap returns mcpauth.ErrInvalidToken (so the go-sdk answers 401) for
// every reason except ReasonUnavailable, plus Err when set.
func (e *TokenError) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Reason != ReasonUnavailable {
		errs = append(errs, mcpauth.ErrInvalidToken)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

func reject(r Reason, detail string) *TokenError { return &TokenError{Reason: r, Detail: detail} }

// Keys of TokenInfo.Extra.
const (
	// ExtraClientID holds the OAuth client id (client_id or azp claim), a string.
	ExtraClientID = "client_id"
	// ExtraIssuer holds the token's issuer, a string.
	ExtraIssuer = "issuer"
	// extraAccessToken holds the raw token as a redactingToken; read it with AccessToken.
	extraAccessToken = "access_token"
)

// redactingToken holds a raw bearer token and hides it from every printer.
type redactingToken string

const redacted = "[REDACTED]"

// String hides the token from fmt.
func (redactingToken) String() string { return redacted }

// GoString hides the token from %#v.
func (redactingToken) GoString() string { return redacted }

// MarshalJSON hides the token from encoding/json.
func (redactingToken) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// LogValue hides the token from log/slog.
func (redactingToken) LogValue() slog.Value { return slog.StringValue(redacted) }

// AccessToken returns the raw bearer token Verify accepted for ti, to forward
// upstream, or "" if there is none.
func AccessToken(ti *mcpauth.TokenInfo) string {
	if ti == nil {
		return ""
	}
	t, _ := ti.Extra[extraAccessToken].(redactingToken)
	return string(t)
}

// tokenHeader is the part of the JOSE header Verify reads.
type tokenHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
}

// Verify checks a bearer token and returns what it grants. It has the shape
// of the go-sdk's auth.TokenVerifier; every error is a *TokenError. The
// request r is not used.
func (v *Verifier) Verify(ctx context.Context, token string, _ *http.Request) (*mcpauth.TokenInfo, error) {
	ti, terr := v.verify(ctx, token)
	if terr != nil {
		return nil, terr
	}
	return ti, nil
}

func (v *Verifier) verify(ctx context.Context, token string) (*mcpauth.TokenInfo, *TokenError) {
	if token == "" {
		return nil, reject(ReasonMalformed, "empty token")
	}
	if len(token) > maxTokenBytes {
		return nil, reject(ReasonMalformed, "token too large")
	}
	v.mu.RLock()
	meta, keys := v.meta, v.keys
	v.mu.RUnlock()
	var digest tokenDigest
	if v.cache != nil && meta != nil && keys != nil {
		digest = sha256.Sum256([]byte(token))
		if ti, terr, hit := v.cache.lookup(digest, token, v.o.Now(), meta.Issuer, keys); hit {
			return ti, terr
		}
	}
	hdr, terr := parseHeader(token)
	if terr != nil {
		return nil, terr
	}
	if v.configErr != nil {
		return nil, &TokenError{Reason: ReasonUnavailable, Detail: "token verification is misconfigured", Err: v.configErr}
	}
	if meta == nil || keys == nil {
		return nil, &TokenError{Reason: ReasonUnavailable, Detail: "the authorization server's metadata and keys have not loaded yet", Err: v.Ready()}
	}
	entry, terr := v.verifyWithKeys(ctx, token, hdr.Kid, meta, keys)
	if terr != nil {
		v.cache.addRejection(digest, terr, v.o.Now())
		return nil, terr
	}
	v.cache.addVerified(digest, entry)
	return &entry.info, nil
}

// parseHeader decodes the JOSE header and accepts RS256 only.
func parseHeader(token string) (tokenHeader, *TokenError) {
	var hdr tokenHeader
	hdrPart, _, ok := strings.Cut(token, ".")
	if !ok || strings.Count(token, ".") != 2 {
		return hdr, reject(ReasonMalformed, "not a signed JWT")
	}
	hdrJSON, err := base64.RawURLEncoding.DecodeString(hdrPart)
	if err != nil {
		return hdr, reject(ReasonMalformed, "undecodable JWT header")
	}
	if err := json.Unmarshal(hdrJSON, &hdr); err != nil {
		return hdr, reject(ReasonMalformed, "undecodable JWT header")
	}
	if hdr.Alg != jwa.RS256().String() {
		return hdr, reject(ReasonBadSignature, "signing algorithm not accepted (RS256 only)")
	}
	return hdr, nil
}

// verifyWithKeys checks the signature with the key kid names (waiting for a
// JWKS refresh when keys lack it) and then the claims. The result carries
// the TokenInfo to hand out and what the cache must re-check on a hit.
func (v *Verifier) verifyWithKeys(ctx context.Context, token, kid string, meta *Metadata, keys *keySet) (cachedToken, *TokenError) {
	candidates := keys.lookup(kid)
	if len(candidates) == 0 {
		// Maybe the keys rotated: wait for the next allowed refresh.
		var err error
		candidates, err = v.keysForUnknownKid(ctx, kid)
		if err != nil {
			return cachedToken{}, &TokenError{Reason: ReasonUnknownKey, Detail: "signing key unknown; the request ended while waiting for a key refresh", Err: err}
		}
		if len(candidates) == 0 {
			return cachedToken{}, reject(ReasonUnknownKey, "signing key not published by the authorization server")
		}
	}

	key, payload, ok := v.verifySignature(candidates, token)
	if !ok {
		return cachedToken{}, reject(ReasonBadSignature, "signature does not verify")
	}
	// The signature is verified above; this only decodes the claims.
	claims, err := jwt.Parse(payload, jwt.WithVerify(false), jwt.WithValidate(false))
	if err != nil {
		return cachedToken{}, reject(ReasonMalformed, "undecodable JWT claims")
	}
	ti, validFrom, terr := v.checkClaims(meta, claims, token)
	if terr != nil {
		return cachedToken{}, terr
	}
	return cachedToken{info: *ti, issuer: meta.Issuer, kid: kid, key: key, validFrom: validFrom}, nil
}

// verifySignature returns the key that verifies the RS256 signature and the payload.
func (v *Verifier) verifySignature(keys []*rsa.PublicKey, token string) (*rsa.PublicKey, []byte, bool) {
	for _, k := range keys {
		v.signatureChecks.Add(1)
		payload, err := jws.VerifyCompactFast(k, []byte(token), jwa.RS256())
		if err == nil {
			return k, payload, true
		}
	}
	return nil, nil, false
}

// checkClaims validates issuer, times, audience and subject, and builds the
// TokenInfo. validFrom is the earliest time nbf and iat allow (skew included).
func (v *Verifier) checkClaims(meta *Metadata, claims jwt.Token, token string) (ti *mcpauth.TokenInfo, validFrom time.Time, terr *TokenError) {
	iss, ok := claims.Issuer()
	if !ok || iss == "" {
		return nil, validFrom, reject(ReasonMissingClaim, "no issuer (iss)")
	}
	if iss != meta.Issuer {
		r, detail := v.expect.classifyIssuer(iss)
		return nil, validFrom, reject(r, detail)
	}

	exp, validFrom, terr := checkTimes(claims, v.o.Now())
	if terr != nil {
		return nil, validFrom, terr
	}

	aud, _ := claims.Audience()
	if len(aud) == 0 {
		return nil, validFrom, reject(ReasonWrongAudience, "no audience (aud)")
	}
	if !audienceMatches(aud, v.o.Audiences) {
		return nil, validFrom, reject(ReasonWrongAudience, "token not issued for this server (aud)")
	}

	sub, ok := claims.Subject()
	if !ok || sub == "" {
		return nil, validFrom, reject(ReasonMissingClaim, "no subject (sub)")
	}

	extra := map[string]any{
		ExtraIssuer:      iss,
		extraAccessToken: redactingToken(token),
	}
	if cid := stringClaim(claims, "client_id"); cid != "" {
		extra[ExtraClientID] = cid
	} else if azp := stringClaim(claims, "azp"); azp != "" {
		extra[ExtraClientID] = azp
	}
	return &mcpauth.TokenInfo{
		UserID:     sub,
		Scopes:     scopesOf(claims),
		Expiration: exp,
		Extra:      extra,
	}, validFrom, nil
}

// checkTimes requires exp in the future and nbf and iat not beyond the skew
// in the future. validFrom is the earliest time nbf and iat allow.
func checkTimes(claims jwt.Token, now time.Time) (exp, validFrom time.Time, terr *TokenError) {
	exp, ok := claims.Expiration()
	if !ok || exp.IsZero() {
		return exp, validFrom, reject(ReasonMissingClaim, "no expiry (exp)")
	}
	if !now.Before(exp) {
		return exp, validFrom, reject(ReasonExpired, "token expired")
	}
	if nbf, ok := claims.NotBefore(); ok {
		if nbf.After(now.Add(MaxClockSkew)) {
			return exp, validFrom, reject(ReasonNotYetValid, "token not valid yet (nbf)")
		}
		validFrom = nbf.Add(-MaxClockSkew)
	}
	if iat, ok := claims.IssuedAt(); ok {
		if iat.After(now.Add(MaxClockSkew)) {
			return exp, validFrom, reject(ReasonNotYetValid, "token issued in the future (iat)")
		}
		if t := iat.Add(-MaxClockSkew); t.After(validFrom) {
			validFrom = t
		}
	}
	return exp, validFrom, nil
}

// audienceMatches reports whether one of aud equals one of accepted exactly.
func audienceMatches(aud, accepted []string) bool {
	for _, a := range aud {
		if slices.Contains(accepted, a) {
			return true
		}
	}
	return false
}

func stringClaim(t jwt.Token, name string) string {
	var s string
	if err := t.Get(name, &s); err != nil {
		return ""
	}
	return s
}

// scopesOf reads "scope" (space-separated string) or else "scp" (array or string).
func scopesOf(t jwt.Token) []string {
	if s := stringClaim(t, "scope"); s != "" {
		return strings.Fields(s)
	}
	var raw any
	if err := t.Get("scp", &raw); err != nil {
		return nil
	}
	switch scp := raw.(type) {
	case string:
		return strings.Fields(scp)
	case []any:
		out := make([]string, 0, len(scp))
		for _, e := range scp {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return scp
	}
	return nil
}
