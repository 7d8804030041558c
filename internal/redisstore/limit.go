package redisstore

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/httprate"
)

// LimitCounter is an httprate.LimitCounter whose counts live in Redis, so
// that all replicas count one user's requests in one window: a limit of
// 600 a minute holds for the service, not 600 per replica. Windows are
// aligned to the wall clock (httprate does so for custom counters); each
// window's count is one key, incremented and given its expiry in one
// MULTI/EXEC transaction.
//
// While Redis is down it fails open to an in-process counter: each replica
// then enforces the limit on its own (at most N times the limit across N
// replicas) until Redis answers again. Refusing every request instead
// would turn a Redis outage into an outage of the whole service, and
// dropping the limit altogether would leave Appwrite unprotected; a
// per-replica limit keeps a bound. httprate reads the count and then
// increments it, so concurrent requests on several replicas can pass a few
// over the limit; the bound is approximate, as with any sliding-window
// counter.
type LimitCounter struct {
	s    *Store
	name string

	mu     sync.Mutex
	window time.Duration
	local  httprate.LimitCounter
}

var _ httprate.LimitCounter = (*LimitCounter)(nil)

// LimitCounter returns a counter for one limiter, named so that limiters
// with different windows never share keys. Pass it to one limiter with
// httprate.WithLimitCounter; httprate then calls Config.
func (s *Store) LimitCounter(name string) *LimitCounter {
	return &LimitCounter{s: s, name: name, window: time.Minute, local: httprate.NewLocalLimitCounter(time.Minute)}
}

// Config implements httprate.LimitCounter.
func (c *LimitCounter) Config(_ int, windowLength time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.window = windowLength
	c.local = httprate.NewLocalLimitCounter(windowLength)
}

func (c *LimitCounter) state() (time.Duration, httprate.LimitCounter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.window, c.local
}

func (c *LimitCounter) key(key string, window time.Time) string {
	return c.s.key("rate:"+c.name, key) + ":" + strconv.FormatInt(window.UTC().Unix(), 10)
}

// Increment implements httprate.LimitCounter.
func (c *LimitCounter) Increment(key string, currentWindow time.Time) error {
	return c.IncrementBy(key, currentWindow, 1)
}

// IncrementBy implements httprate.LimitCounter. It never fails: while
// Redis is down the count goes to the in-process counter.
func (c *LimitCounter) IncrementBy(key string, currentWindow time.Time, amount int) error {
	window, local := c.state()
	k := c.key(key, currentWindow)
	err := c.s.op(context.Background(), func(ctx context.Context) error {
		pipe := c.s.rdb.TxPipeline()
		pipe.IncrBy(ctx, k, int64(amount))
		pipe.PExpire(ctx, k, 3*window) // the window, the next one reading it, and slack
		_, err := pipe.Exec(ctx)
		return err
	})
	if err != nil {
		return local.IncrementBy(key, currentWindow, amount)
	}
	return nil
}

// Get implements httprate.LimitCounter: the counts of the current and the
// previous window. It never fails: while Redis is down it answers from the
// in-process counter.
func (c *LimitCounter) Get(key string, currentWindow, previousWindow time.Time) (int, int, error) {
	_, local := c.state()
	var vals []any
	err := c.s.op(context.Background(), func(ctx context.Context) error {
		var err error
		vals, err = c.s.rdb.MGet(ctx, c.key(key, currentWindow), c.key(key, previousWindow)).Result()
		return err
	})
	if err != nil || len(vals) != 2 {
		return local.Get(key, currentWindow, previousWindow)
	}
	return count(vals[0]), count(vals[1]), nil
}

// count reads one MGET value; a missing or malformed count is 0.
func count(v any) int {
	s, ok := v.(string)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
