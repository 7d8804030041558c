package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// refreshLog is an auth.Observer that counts the results it is told.
type refreshLog struct {
	mu     sync.Mutex
	counts map[string]int
}

func (r *refreshLog) JWKSRefresh(result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts == nil {
		r.counts = map[string]int{}
	}
	r.counts[result]++
}

func (r *refreshLog) count(result string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[result]
}

// forgedTokens mints n tokens of the current key under key ids the JWKS
// does not hold. Unknown key ids are never cached, so they can be reused.
func forgedTokens(t *testing.T, fake *fakeappwrite.Server, n int) []string {
	t.Helper()
	toks := make([]string, n)
	for i := range toks {
		toks[i] = fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Kid: fmt.Sprintf("forged-%d", i)})
	}
	return toks
}

// flood verifies forged tokens from workers goroutines until ctx ends and
// counts the answers that are not unknown_key.
func flood(ctx context.Context, v *auth.Verifier, forged []string, workers int) (wait func() int32) {
	var wg sync.WaitGroup
	var wrong atomic.Int32
	for w := range workers {
		wg.Go(func() {
			for i := w; ctx.Err() == nil; i++ {
				_, err := v.Verify(ctx, forged[i%len(forged)], nil)
				var te *auth.TokenError
				if ctx.Err() == nil && (!errors.As(err, &te) || te.Reason != auth.ReasonUnknownKey) {
					wrong.Add(1)
				}
			}
		})
	}
	return func() int32 { wg.Wait(); return wrong.Load() }
}

// maxRounds is the most unknown-kid JWKS fetches the budget allows in elapsed.
func maxRounds(elapsed, interval time.Duration) int { return int(elapsed/interval) + 1 }

func TestForgedKidFloodDoesNotBlockRotation(t *testing.T) {
	const interval = 100 * time.Millisecond
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	obs := &refreshLog{}
	v := newVerifier(t, fake, func(o *auth.Options) { o.KeyRefreshInterval = interval; o.Observer = obs; o.TokenCacheSize = 100 })
	waitReady(t, v)
	before, start := fake.JWKSFetches(), time.Now()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	wait := flood(ctx, v, forgedTokens(t, fake, 8), 4)
	eventually(t, "the refresh budget spent by forged key ids", func() bool { return obs.count(auth.JWKSRefreshLimited) > 0 })

	if fake.RotateKey() == "" {
		t.Fatal("RotateKey failed")
	}
	rotated := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}})
	vctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := v.Verify(vctx, rotated, nil); err != nil {
		t.Fatalf("token of the rotated key after a forged-kid flood: %v", err)
	}
	stop()
	if wrong := wait(); wrong != 0 {
		t.Errorf("%d forged tokens were not rejected as unknown_key", wrong)
	}
	elapsed := time.Since(start)
	if got, most := fake.JWKSFetches()-before, maxRounds(elapsed, interval); got > most || got < 1 {
		t.Errorf("%d JWKS fetches in %v, want 1..%d (one per %v)", got, elapsed, most, interval)
	}
}

func TestRotationUnderLoadFailsNoRequest(t *testing.T) {
	const interval = 100 * time.Millisecond
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	obs := &refreshLog{}
	v := newVerifier(t, fake, func(o *auth.Options) { o.KeyRefreshInterval = interval; o.Observer = obs; o.TokenCacheSize = 100 })
	waitReady(t, v)
	spec := fakeappwrite.TokenSpec{Audience: []string{resource}}
	var current atomic.Pointer[string]
	first := fake.MintToken(spec)
	current.Store(&first)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	waitFlood := flood(ctx, v, forgedTokens(t, fake, 4), 1)
	const workers = 8
	var failures atomic.Int32
	var sawRotated, done sync.WaitGroup
	sawRotated.Add(workers)
	for range workers {
		done.Go(func() {
			seen := false
			for ctx.Err() == nil {
				tok := current.Load()
				if _, err := v.Verify(ctx, *tok, nil); err != nil && ctx.Err() == nil {
					failures.Add(1)
					t.Errorf("Verify under load: %v", err)
				}
				if !seen && tok != &first {
					seen = true
					sawRotated.Done()
				}
			}
		})
	}
	eventually(t, "the refresh budget spent by forged key ids", func() bool { return obs.count(auth.JWKSRefreshLimited) > 0 })
	if fake.RotateKey() == "" {
		t.Fatal("RotateKey failed")
	}
	rotated := fake.MintToken(spec)
	current.Store(&rotated)
	sawRotated.Wait() // every worker has verified the rotated token at least once
	stop()
	done.Wait()
	_ = waitFlood()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d verifications failed during the rotation, want 0", n)
	}
}

func TestConcurrentUnknownKidsShareFetches(t *testing.T) {
	const interval = 200 * time.Millisecond
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, func(o *auth.Options) { o.KeyRefreshInterval = interval })
	waitReady(t, v)
	forged := forgedTokens(t, fake, 50)

	before, start := fake.JWKSFetches(), time.Now()
	var wg sync.WaitGroup
	var rejected atomic.Int32
	for _, tok := range forged {
		wg.Go(func() {
			_, err := v.Verify(context.Background(), tok, nil)
			var te *auth.TokenError
			if errors.As(err, &te) && te.Reason == auth.ReasonUnknownKey && te.Err == nil {
				rejected.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if rejected.Load() != 50 {
		t.Errorf("%d of 50 forged kids rejected as unknown_key after a refresh", rejected.Load())
	}
	if got, most := fake.JWKSFetches()-before, maxRounds(elapsed, interval); got < 1 || got > most {
		t.Errorf("50 concurrent forged kids caused %d JWKS fetches in %v, want 1..%d", got, elapsed, most)
	}
}

func TestUnknownKidWaitEndsWithContext(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	obs := &refreshLog{}
	v := newVerifier(t, fake, func(o *auth.Options) { o.KeyRefreshInterval = time.Hour; o.Observer = obs })
	waitReady(t, v)
	forged := forgedTokens(t, fake, 2)
	if _, err := v.Verify(context.Background(), forged[0], nil); reasonOf(t, err) != auth.ReasonUnknownKey {
		t.Fatalf("first forged kid: %v", err)
	} // the budget is spent for an hour

	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() {
		_, err := v.Verify(ctx, forged[1], nil)
		result <- err
	}()
	eventually(t, "a refresh scheduled for the waiting token", func() bool { return obs.count(auth.JWKSRefreshLimited) == 1 })
	cancel()
	select {
	case err := <-result:
		if reasonOf(t, err) != auth.ReasonUnknownKey || !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled wait: %v, want unknown_key wrapping context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Verify did not return after its context was cancelled")
	}
}
