package auth

import (
	"context"
	"sync"
)

// flight collapses concurrent calls into one: while a call is running, later
// callers wait for its result instead of starting their own. The call runs in
// its own goroutine so that one caller giving up (ctx) does not cancel the
// work the others wait for.
type flight[T any] struct {
	mu   sync.Mutex
	call *flightCall[T]
}

type flightCall[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do runs fn unless a call is already in flight, and waits for the result or
// for ctx to end. fn must bound its own duration.
func (f *flight[T]) do(ctx context.Context, fn func() (T, error)) (T, error) {
	f.mu.Lock()
	c := f.call
	if c == nil {
		c = &flightCall[T]{done: make(chan struct{})}
		f.call = c
		go func() {
			c.val, c.err = fn()
			f.mu.Lock()
			f.call = nil
			f.mu.Unlock()
			close(c.done)
		}()
	}
	f.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// doFresh is do for a caller that needs a result produced after it called:
// a call already in flight is left to finish (its result may predate the
// caller) and then fn runs, or is joined if another caller started it since.
func (f *flight[T]) doFresh(ctx context.Context, fn func() (T, error)) (T, error) {
	f.mu.Lock()
	c := f.call
	f.mu.Unlock()
	if c != nil {
		select {
		case <-c.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	return f.do(ctx, fn)
}
