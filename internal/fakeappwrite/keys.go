package fakeappwrite

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// signingKey is one RSA key the fake signs with or has signed with.
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

// newSigningKey generates a 2048-bit RSA key with a random kid.
func newSigningKey() (*signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating RSA key: %w", err)
	}
	id := make([]byte, 8)
	if _, err := rand.Read(id); err != nil {
		return nil, fmt.Errorf("generating kid: %w", err)
	}
	return &signingKey{kid: hex.EncodeToString(id), priv: priv}, nil
}

// publicJWK is one key of the published JWKS.
type publicJWK struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func (k *signingKey) jwk() publicJWK {
	pub := k.priv.PublicKey
	return publicJWK{
		Kty: "RSA", Use: "sig", Alg: "RS256", Kid: k.kid,
		N: b64(pub.N.Bytes()),
		E: b64(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// publicKeyPEM is the PKIX PEM encoding of the public key: the "secret" of
// the classic RS256→HS256 algorithm-confusion attack.
func publicKeyPEM(k *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// signCompact builds a compact JWS over header and claims. alg "RS256" signs
// with key, "HS256" with secret, "none" leaves the signature empty; any other
// alg is signed like RS256 but keeps its name in the header.
func signCompact(header, claims map[string]any, key *rsa.PrivateKey, secret []byte) (string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64(h) + "." + b64(c)
	alg, _ := header["alg"].(string)
	switch alg {
	case "none":
		return input + ".", nil
	case "HS256":
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(input))
		return input + "." + b64(mac.Sum(nil)), nil
	default:
		if key == nil {
			return "", errors.New("no signing key")
		}
		digest := sha256.Sum256([]byte(input))
		sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
		if err != nil {
			return "", fmt.Errorf("signing: %w", err)
		}
		return input + "." + b64(sig), nil
	}
}

// verifiedClaims checks an RS256 compact JWS against keys (kid → key) and
// returns its claims.
func verifiedClaims(token string, keys map[string]*rsa.PublicKey) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, errors.New("bad header encoding")
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(hb, &hdr); err != nil {
		return nil, errors.New("bad header")
	}
	if hdr.Alg != "RS256" {
		return nil, errors.New("alg not RS256")
	}
	pub, ok := keys[hdr.Kid]
	if !ok {
		return nil, errors.New("unknown kid")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("bad signature encoding")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return nil, errors.New("bad signature")
	}
	cb, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("bad claims encoding")
	}
	var claims map[string]any
	if err := json.Unmarshal(cb, &claims); err != nil {
		return nil, errors.New("bad claims")
	}
	return claims, nil
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b64(b)
}
