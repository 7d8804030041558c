// Package confirm signs and verifies the state a server hands a client
// between the two rounds of a human confirmation of a write: the first
// round asks the person (an elicitation), the second carries their answer
// and this state back. The state is self-contained and tamper-proof: an
// HMAC-SHA256 over the caller's subject, the tool, a canonical digest of
// the exact arguments and target, the issue time and a random nonce. It
// carries only the issue time, the nonce and the MAC, so it reveals
// nothing, and it matches only the very call it was issued for. It expires
// after a TTL, and a Ledger spends each nonce once. The package knows no
// MCP types, so every replica (with the same key) can share it.
package confirm

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Bounds of a state and its key.
const (
	MinKeyBytes = 32              // the shortest key accepted
	DefaultTTL  = 5 * time.Minute // how long a state is valid after it was issued
	// MaxSkew is how far in the future an issue time may lie (clocks of
	// replicas differ a little).
	MaxSkew = 30 * time.Second

	prefix    = "c1."
	nonceLen  = 16
	rawLen    = 8 + nonceLen + sha256.Size
	domainTag = "appwrite-mcp/confirm/v1"
)

// Errors of Verify and Redeem. A state that is not one of ours, was
// altered, or belongs to another subject, tool or call is ErrInvalid: the
// MAC cannot tell these apart, and callers should not either.
var (
	ErrInvalid  = errors.New("confirm: state is invalid or does not match this call")
	ErrExpired  = errors.New("confirm: state has expired")
	ErrReplayed = errors.New("confirm: state was already used")
)

// Action is what a state is bound to: who, which tool, and the digest of
// the exact input (see Digest).
type Action struct {
	Subject string
	Tool    string
	Digest  [sha256.Size]byte
}

// Digest is the SHA-256 of v's JSON encoding. encoding/json writes map keys
// sorted, so equal decoded JSON values (maps, slices, strings, numbers,
// booleans, nil) have equal digests.
func Digest(v any) ([sha256.Size]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("confirm: digest: %w", err)
	}
	return sha256.Sum256(b), nil
}

// ActionFor binds a call: subject (required), tool, and the digest of the
// normalised arguments and the target project and organization.
func ActionFor(subject, tool string, args map[string]any, project, organization string) (Action, error) {
	if subject == "" {
		return Action{}, errors.New("confirm: no subject")
	}
	d, err := Digest(map[string]any{"tool": tool, "arguments": args, "project": project, "organization": organization})
	return Action{Subject: subject, Tool: tool, Digest: d}, err
}

// Ledger records spent nonces so that a state authorises one call only.
// Spend reports false when id was already spent; it keeps id until until.
// An in-process MemoryLedger protects one replica; replicas need a shared
// one (e.g. Redis SET NX with an expiry).
type Ledger interface {
	Spend(ctx context.Context, id string, until time.Time) (bool, error)
}

// Options tune a Signer; the zero value is DefaultTTL, time.Now and an
// in-process MemoryLedger.
type Options struct {
	TTL    time.Duration
	Now    func() time.Time
	Ledger Ledger
}

// Signer issues and checks states with one key.
type Signer struct {
	key       []byte
	ttl       time.Duration
	now       func() time.Time
	ledger    Ledger
	ephemeral bool
}

// NewSigner returns a Signer for key (at least MinKeyBytes); an empty key
// is a random one of this process (see Ephemeral).
func NewSigner(key []byte, o Options) (*Signer, error) {
	ephemeral := len(key) == 0
	if ephemeral {
		var err error
		if key, err = RandomKey(); err != nil {
			return nil, err
		}
	}
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("confirm: the key has %d bytes; at least %d are needed", len(key), MinKeyBytes)
	}
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Ledger == nil {
		o.Ledger = NewMemoryLedger(0, o.Now)
	}
	return &Signer{key: append([]byte(nil), key...), ttl: o.TTL, now: o.Now, ledger: o.Ledger, ephemeral: ephemeral}, nil
}

// Ephemeral reports a random key: its states are valid in this process
// only, so replicas behind one load balancer need a shared key.
func (s *Signer) Ephemeral() bool { return s.ephemeral }

// RandomKey returns a new random key of MinKeyBytes.
func RandomKey() ([]byte, error) {
	k := make([]byte, MinKeyBytes)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("confirm: random key: %w", err)
	}
	return k, nil
}

// TTL is how long a state stays valid.
func (s *Signer) TTL() time.Duration { return s.ttl }

// Sign issues a state for a, valid for the TTL from now.
func (s *Signer) Sign(a Action) (string, error) {
	secs := s.now().Unix()
	if secs < 0 {
		return "", errors.New("confirm: the clock is before 1970")
	}
	raw := make([]byte, rawLen)
	binary.BigEndian.PutUint64(raw[:8], uint64(secs))
	if _, err := rand.Read(raw[8 : 8+nonceLen]); err != nil {
		return "", fmt.Errorf("confirm: nonce: %w", err)
	}
	copy(raw[8+nonceLen:], s.mac(a, raw[:8+nonceLen]))
	return prefix + base64.RawURLEncoding.EncodeToString(raw), nil
}

// Verify checks that state was issued by this key for exactly a and has
// not expired. It does not spend it (see Redeem).
func (s *Signer) Verify(state string, a Action) (nonce string, issued time.Time, err error) {
	enc, ok := strings.CutPrefix(state, prefix)
	if !ok || base64.RawURLEncoding.EncodedLen(rawLen) != len(enc) {
		return "", time.Time{}, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(enc)
	if err != nil || len(raw) != rawLen {
		return "", time.Time{}, ErrInvalid
	}
	if !hmac.Equal(raw[8+nonceLen:], s.mac(a, raw[:8+nonceLen])) {
		return "", time.Time{}, ErrInvalid
	}
	secs := binary.BigEndian.Uint64(raw[:8])
	if secs > 1<<62 {
		return "", time.Time{}, ErrInvalid
	}
	issued = time.Unix(int64(secs), 0)
	now := s.now()
	if issued.After(now.Add(MaxSkew)) {
		return "", time.Time{}, ErrInvalid
	}
	if now.Sub(issued) > s.ttl {
		return "", time.Time{}, ErrExpired
	}
	return base64.RawURLEncoding.EncodeToString(raw[8 : 8+nonceLen]), issued, nil
}

// Redeem verifies state for a and spends it: a second Redeem of the same
// state is ErrReplayed (within one Ledger).
func (s *Signer) Redeem(ctx context.Context, state string, a Action) error {
	nonce, issued, err := s.Verify(state, a)
	if err != nil {
		return err
	}
	fresh, err := s.ledger.Spend(ctx, nonce, issued.Add(s.ttl+MaxSkew))
	if err != nil {
		return fmt.Errorf("confirm: ledger: %w", err)
	}
	if !fresh {
		return ErrReplayed
	}
	return nil
}

// mac is HMAC-SHA256 over a domain tag, the fields of a and head (issue
// time and nonce), each prefixed by its length ("<len>:") so that no two
// field lists encode alike.
func (s *Signer) mac(a Action, head []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, f := range [][]byte{[]byte(domainTag), []byte(a.Subject), []byte(a.Tool), a.Digest[:], head} {
		m.Write(strconv.AppendInt(nil, int64(len(f)), 10))
		m.Write([]byte{':'})
		m.Write(f)
	}
	return m.Sum(nil)
}
