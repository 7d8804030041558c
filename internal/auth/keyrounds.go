package auth

import (
	"context"
	"crypto/rsa"
	"time"
)

// A token naming a key id the cached JWKS lacks may have been signed with a
// freshly rotated key, or the key id may be forged. Such tokens are served by
// refresh rounds: one JWKS fetch shared by every token waiting for it, at
// most one round starting per KeyRefreshInterval. A token is judged against a
// JWKS fetched after it arrived, so a rotation fails no request however many
// forged key ids spent the budget before it; the price is a wait of at most
// KeyRefreshInterval (bounded by the request's context).

// kidRound is one JWKS refresh on behalf of tokens with unknown key ids.
type kidRound struct {
	done chan struct{} // closed when the fetch finished (or was abandoned at Close)
}

// kidRounds is the round state; guarded by Verifier.mu.
type kidRounds struct {
	next    *kidRound // scheduled, not fetching yet: new waiters join it
	running *kidRound // fetching now
	last    time.Time // when the last round started fetching (Options.Now)
}

// keysForUnknownKid waits for a JWKS refresh and returns the keys for kid, or
// none when the refreshed set lacks it too. It first joins a round already
// fetching (during a rotation that fetch most likely carries the new key);
// if that does not help, it waits for a round that starts after the call.
// The error is ctx's when the caller gave up waiting.
func (v *Verifier) keysForUnknownKid(ctx context.Context, kid string) ([]*rsa.PublicKey, error) {
	mayJoinRunning := true
	for {
		keys, round, fresh := v.kidRoundToWait(kid, mayJoinRunning)
		if round == nil {
			return keys, nil
		}
		select {
		case <-round.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if fresh {
			return v.currentKeys().lookup(kid), nil
		}
		mayJoinRunning = false
	}
}

// currentKeys returns the key set in use.
func (v *Verifier) currentKeys() *keySet {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys
}

// kidRoundToWait returns the keys for kid if the current set has them now;
// otherwise the round to wait for (nil after Close) and whether that round
// starts fetching after this call. It schedules a round when none is.
func (v *Verifier) kidRoundToWait(kid string, mayJoinRunning bool) ([]*rsa.PublicKey, *kidRound, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if keys := v.keys.lookup(kid); len(keys) > 0 || v.closed {
		return keys, nil, false
	}
	if mayJoinRunning && v.kid.running != nil {
		return nil, v.kid.running, false
	}
	if v.kid.next == nil {
		var delay time.Duration
		if !v.kid.last.IsZero() {
			delay = v.kid.last.Add(v.o.KeyRefreshInterval).Sub(v.o.Now())
		}
		v.kid.next = &kidRound{done: make(chan struct{})}
		v.wg.Add(1) // under v.mu and before closed is set: Close waits for it
		go v.runKidRound(v.kid.next, delay)
	}
	return nil, v.kid.next, true
}

// runKidRound waits until the refresh budget allows (delay), then fetches
// the JWKS (never joining a fetch that started earlier) and releases the
// round's waiters.
func (v *Verifier) runKidRound(r *kidRound, delay time.Duration) {
	defer v.wg.Done()
	defer close(r.done)
	if delay > 0 {
		v.observe(JWKSRefreshLimited)
		t := time.NewTimer(delay)
		select {
		case <-v.ctx.Done():
			t.Stop()
			v.mu.Lock()
			v.kid.next = nil
			v.mu.Unlock()
			return
		case <-t.C:
		}
	}
	v.mu.Lock()
	v.kid.next, v.kid.running, v.kid.last = nil, r, v.o.Now()
	v.mu.Unlock()
	if _, err := v.keysFlight.doFresh(v.ctx, v.fetchKeys); err != nil && v.ctx.Err() == nil {
		v.o.Logger.Warn("JWKS refresh for an unknown key id failed", "error", err)
	}
	v.mu.Lock()
	v.kid.running = nil
	v.mu.Unlock()
}
