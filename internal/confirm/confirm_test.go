package confirm

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

var testKey = []byte("0123456789abcdef0123456789abcdef")

func newTestSigner(t *testing.T, c *clock) *Signer {
	t.Helper()
	s, err := NewSigner(testKey, Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func action(t *testing.T, sub, tool string, args map[string]any) Action {
	t.Helper()
	a, err := ActionFor(sub, tool, args, "p1", "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// flip changes one byte of the decoded state and re-encodes it.
func flip(state string, i int) string {
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(state, prefix))
	raw[i] ^= 0x01
	return prefix + base64.RawURLEncoding.EncodeToString(raw)
}

func TestVerify(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := newTestSigner(t, c)
	a := action(t, "u1", "users_delete", map[string]any{"user_id": "x"})
	state, err := s.Sign(a)
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewSigner([]byte(strings.Repeat("k", 32)), Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	otherState, _ := other.Sign(a)
	tests := []struct {
		name  string
		state string
		a     Action
		age   time.Duration
		want  error
	}{
		{"the call it was issued for", state, a, 0, nil},
		{"just before expiry", state, a, DefaultTTL, nil},
		{"expired", state, a, DefaultTTL + time.Second, ErrExpired},
		{"issued in the future", state, a, -MaxSkew - time.Second, ErrInvalid},
		{"another subject", state, action(t, "u2", "users_delete", map[string]any{"user_id": "x"}), 0, ErrInvalid},
		{"another tool", state, action(t, "u1", "users_update_status", map[string]any{"user_id": "x"}), 0, ErrInvalid},
		{"other arguments", state, action(t, "u1", "users_delete", map[string]any{"user_id": "y"}), 0, ErrInvalid},
		{"another key", otherState, a, 0, ErrInvalid},
		{"issue time altered", flip(state, 7), a, 0, ErrInvalid},
		{"nonce altered", flip(state, 10), a, 0, ErrInvalid},
		{"mac altered", flip(state, rawLen-1), a, 0, ErrInvalid},
		{"empty", "", a, 0, ErrInvalid},
		{"no prefix", strings.TrimPrefix(state, prefix), a, 0, ErrInvalid},
		{"truncated", state[:len(state)-1], a, 0, ErrInvalid},
		{"longer", state + "A", a, 0, ErrInvalid},
		{"not base64", state[:len(state)-1] + "*", a, 0, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = time.Unix(1_800_000_000, 0).Add(tt.age)
			_, _, err := s.Verify(tt.state, tt.a)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRedeemOnce(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := newTestSigner(t, c)
	a := action(t, "u1", "users_delete", map[string]any{"user_id": "x"})
	state, _ := s.Sign(a)
	second, _ := s.Sign(a)
	if state == second {
		t.Fatal("two states of one call are equal: no nonce")
	}
	ctx := context.Background()
	if err := s.Redeem(ctx, state, a); err != nil {
		t.Fatalf("first Redeem: %v", err)
	}
	if err := s.Redeem(ctx, state, a); !errors.Is(err, ErrReplayed) {
		t.Fatalf("second Redeem = %v, want ErrReplayed", err)
	}
	if err := s.Redeem(ctx, second, a); err != nil {
		t.Fatalf("another state of the same call: %v", err)
	}
	c.t = c.t.Add(DefaultTTL + time.Minute)
	if err := s.Redeem(ctx, state, a); !errors.Is(err, ErrExpired) {
		t.Fatalf("Redeem after expiry = %v, want ErrExpired", err)
	}
}

// TestRedeemConcurrent: of many simultaneous retries with one state,
// exactly one is let through.
func TestRedeemConcurrent(t *testing.T) {
	s := newTestSigner(t, &clock{t: time.Unix(1_800_000_000, 0)})
	a := action(t, "u1", "users_delete", map[string]any{"user_id": "x"})
	state, _ := s.Sign(a)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Redeem(context.Background(), state, a)
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, ErrReplayed):
			t.Errorf("Redeem: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 16 concurrent redeems succeeded, want 1", ok)
	}
}

func TestMemoryLedgerBound(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	l := NewMemoryLedger(2, c.now)
	ctx := context.Background()
	until := c.t.Add(time.Minute)
	for _, id := range []string{"a", "b"} {
		if ok, err := l.Spend(ctx, id, until); !ok || err != nil {
			t.Fatalf("Spend(%s) = %v, %v", id, ok, err)
		}
	}
	if ok, err := l.Spend(ctx, "a", until); ok || err != nil {
		t.Fatalf("Spend(a) again = %v, %v; want false, nil", ok, err)
	}
	if _, err := l.Spend(ctx, "c", until); !errors.Is(err, ErrLedgerFull) {
		t.Fatalf("Spend over the bound = %v, want ErrLedgerFull", err)
	}
	c.t = until
	if ok, err := l.Spend(ctx, "c", until.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("Spend after the others expired = %v, %v", ok, err)
	}
}

func TestNewSignerKeys(t *testing.T) {
	if _, err := NewSigner([]byte("short"), Options{}); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
	s, err := NewSigner(nil, Options{})
	if err != nil || !s.Ephemeral() {
		t.Fatalf("no key: %v, ephemeral %v", err, s != nil && s.Ephemeral())
	}
	s2, _ := NewSigner(nil, Options{})
	a := Action{Subject: "u1", Tool: "t"}
	st, _ := s.Sign(a)
	if _, _, err := s2.Verify(st, a); !errors.Is(err, ErrInvalid) {
		t.Fatalf("two random keys agree: %v", err)
	}
	if k, _ := NewSigner(testKey, Options{}); k.Ephemeral() {
		t.Fatal("a given key is reported ephemeral")
	}
}

func TestDigest(t *testing.T) {
	same := func(a, b map[string]any) bool {
		da, err1 := Digest(a)
		db, err2 := Digest(b)
		return err1 == nil && err2 == nil && da == db
	}
	tests := []struct {
		name string
		a, b map[string]any
		want bool
	}{
		{"key order", map[string]any{"a": 1.0, "b": []any{"x", map[string]any{"d": true, "c": nil}}}, map[string]any{"b": []any{"x", map[string]any{"c": nil, "d": true}}, "a": 1.0}, true},
		{"value", map[string]any{"a": "1"}, map[string]any{"a": 1.0}, false},
		{"array order", map[string]any{"a": []any{"x", "y"}}, map[string]any{"a": []any{"y", "x"}}, false},
		{"extra key", map[string]any{"a": "1"}, map[string]any{"a": "1", "b": nil}, false},
	}
	for _, tt := range tests {
		if got := same(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: same digest = %v, want %v", tt.name, got, tt.want)
		}
	}
	if _, err := ActionFor("", "t", nil, "", ""); err == nil {
		t.Error("ActionFor without a subject succeeded")
	}
	a1, _ := ActionFor("u", "t", map[string]any{"x": 1.0}, "p1", "")
	a2, _ := ActionFor("u", "t", map[string]any{"x": 1.0}, "p2", "")
	a3, _ := ActionFor("u", "t", map[string]any{"x": 1.0}, "p1", "o1")
	if a1.Digest == a2.Digest || a1.Digest == a3.Digest {
		t.Error("the target is not part of the digest")
	}
}

// BenchmarkSignRedeem measures one confirmation's signing work: the digest
// of a typical call, Sign, and Redeem (Verify plus the ledger).
func BenchmarkSignRedeem(b *testing.B) {
	s, err := NewSigner(testKey, Options{})
	if err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2", "data": map[string]any{"title": "Emma", "year": 1815.0}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		a, err := ActionFor("u1", "tables_db_update_row", args, "shop", "")
		if err != nil {
			b.Fatal(err)
		}
		st, err := s.Sign(a)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Redeem(ctx, st, a); err != nil {
			b.Fatal(err)
		}
	}
}
