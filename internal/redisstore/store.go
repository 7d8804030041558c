// Package redisstore keeps the state that replicas of the server must share
// in one Redis (REDIS_URL): the project region cache, the per-user rate
// limit counters and the once-only marks that make a write confirmation
// single-use. Without REDIS_URL none of this is used and each process keeps
// its own state.
//
// Redis is never on the critical path of availability. While it does not
// answer, the store skips it (no per-request dial timeouts) and each part
// degrades as documented on it: the region cache misses, the rate limit
// counts in the process, the once-only store refuses. A background ping
// notices the outage and the recovery; each change of state is logged once
// and reported to the Observer.
package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Defaults of Options.
const (
	DefaultPrefix       = "appwrite-mcp:"
	DefaultOpTimeout    = 500 * time.Millisecond
	DefaultPingInterval = 2 * time.Second
	DefaultBackoffMin   = 250 * time.Millisecond
	DefaultBackoffMax   = 10 * time.Second
	defaultPoolSize     = 8
)

// ErrUnavailable is returned (wrapped) by operations that must not go on
// without Redis.
var ErrUnavailable = errors.New("redis: the shared store is unavailable")

// Observer receives the store's state: true when Redis answers, false when
// it stopped answering. *metrics.Metrics implements it.
type Observer interface {
	RedisState(up bool)
}

// Options configure New; the zero value is the production default.
type Options struct {
	Logger   *slog.Logger
	Observer Observer
	// Prefix namespaces every key (several services may share one Redis).
	Prefix string
	// OpTimeout bounds each operation and each ping, dial included.
	OpTimeout time.Duration
	// PingInterval is how often a healthy Redis is pinged.
	PingInterval time.Duration
	// BackoffMin and BackoffMax bound the pings while Redis is down.
	BackoffMin, BackoffMax time.Duration
}

// Store is one client of the shared Redis. Close stops its background
// ping and closes its connections.
type Store struct {
	rdb *redis.Client
	o   Options

	kick      chan struct{} // an operation failed: ping now
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once

	mu    sync.Mutex
	up    bool
	since time.Time
}

// New connects to rawURL (redis:// or rediss://) with bounded timeouts and
// a small pool, pings once (bounded by OpTimeout and ctx) and starts the
// background ping, which runs until Close (not until ctx ends). An
// unreachable Redis is not an error: the store starts down and recovers on
// its own. A malformed URL is an error that never quotes the URL (it may
// hold a password).
func New(ctx context.Context, rawURL string, o Options) (*Store, error) {
	ro, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, errors.New("redisstore: REDIS_URL is not a valid redis:// or rediss:// URL")
	}
	o = withDefaults(o)
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = o.OpTimeout, o.OpTimeout, o.OpTimeout
	ro.PoolTimeout = o.OpTimeout
	ro.PoolSize, ro.MinIdleConns = defaultPoolSize, 0
	ro.MaxRetries, ro.DialerRetries = 1, 1
	ro.ContextTimeoutEnabled = true
	ro.DisableIdentity = true
	ro.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	wctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s := &Store{
		rdb: redis.NewClient(ro), o: o,
		kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{}),
		up: true, since: time.Now(),
	}
	err = s.ping(ctx)
	s.setState(err)
	if err == nil {
		o.Observer.RedisState(true) // setState reports changes only
	}
	go s.watch(wctx, err)
	return s, nil
}

func withDefaults(o Options) Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.OpTimeout <= 0 {
		o.OpTimeout = DefaultOpTimeout
	}
	if o.PingInterval <= 0 {
		o.PingInterval = DefaultPingInterval
	}
	if o.BackoffMin <= 0 {
		o.BackoffMin = DefaultBackoffMin
	}
	if o.BackoffMax < o.BackoffMin {
		o.BackoffMax = max(o.BackoffMin, DefaultBackoffMax)
	}
	return o
}

type nopObserver struct{}

func (nopObserver) RedisState(bool) {}

// Close stops the background ping and closes the connections. It is safe
// to call more than once.
func (s *Store) Close() {
	s.closeOnce.Do(func() {
		s.stop()
		<-s.done
		_ = s.rdb.Close()
	})
}

// Healthy is nil while Redis answers. Its error is meant for /readyz: it
// says since when Redis is down and never names the address or the cause
// (both are in the log).
func (s *Store) Healthy() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.up {
		return nil
	}
	return fmt.Errorf("%w since %s", ErrUnavailable, s.since.UTC().Format(time.RFC3339))
}

func (s *Store) isUp() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.up
}

// setState records the result of a ping or an operation (nil: up) and logs
// and reports a change, never a repeat.
func (s *Store) setState(err error) {
	up := err == nil
	s.mu.Lock()
	changed := s.up != up
	if changed {
		s.up, s.since = up, time.Now()
	}
	s.mu.Unlock()
	if !changed {
		return
	}
	if up {
		s.o.Logger.Info("redis up: shared state in use again")
	} else {
		s.o.Logger.Warn("redis down: serving with per-process state until it answers", "error", err)
	}
	s.o.Observer.RedisState(up)
}

// failed marks Redis down after an operation error, unless the caller's
// context ended (that says nothing about Redis), and asks for a ping.
func (s *Store) failed(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	s.setState(err)
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Store) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.o.OpTimeout)
	defer cancel()
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisstore: ping: %w", err)
	}
	return nil
}

// watch pings every PingInterval while Redis answers and with exponential
// backoff while it does not, until Close.
func (s *Store) watch(ctx context.Context, last error) {
	defer close(s.done)
	backoff := s.o.BackoffMin
	delay := s.o.PingInterval
	if last != nil {
		delay = backoff
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		case <-t.C:
		}
		err := s.ping(ctx)
		if ctx.Err() != nil {
			return
		}
		s.setState(err)
		if err == nil {
			backoff, delay = s.o.BackoffMin, s.o.PingInterval
		} else {
			delay, backoff = backoff, min(2*backoff, s.o.BackoffMax)
		}
		t.Reset(delay)
	}
}

// op runs f with the operation timeout when Redis is up. It returns
// errSkipped without touching Redis while it is down, and marks it down
// when f fails for want of an answer (a reply such as OOM or WRONGTYPE
// fails only this operation: Redis is there).
func (s *Store) op(ctx context.Context, f func(ctx context.Context) error) error {
	if !s.isUp() {
		return errSkipped
	}
	octx, cancel := context.WithTimeout(ctx, s.o.OpTimeout)
	defer cancel()
	err := f(octx)
	var reply redis.Error
	if err != nil && !errors.As(err, &reply) {
		s.failed(ctx, err)
	}
	return err
}

var errSkipped = fmt.Errorf("%w (skipped while down)", ErrUnavailable)

// key is the Redis key for kind and parts: the parts are hashed, so no
// subject, token or ID is ever stored or shown as a key.
func (s *Store) key(kind string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return s.o.Prefix + kind + ":" + hex.EncodeToString(h.Sum(nil))
}

// SetLibraryLogger sends go-redis's own log lines (a failed dial on every
// reconnect attempt, among others) to l at debug level. go-redis keeps
// one logger per process, so a program calls this once, before New; the
// store itself logs each change of state once at warn or info.
func SetLibraryLogger(l *slog.Logger) { redis.SetLogger(libraryLog{l}) }

type libraryLog struct{ l *slog.Logger }

func (g libraryLog) Printf(ctx context.Context, format string, v ...any) {
	g.l.DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...), "component", "redis")
}
