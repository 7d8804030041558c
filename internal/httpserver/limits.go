package httpserver

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/httprate"
)

// Limit kinds, as reported to Observer.RateLimited (they are
// internal/metrics' Kind* label values).
const (
	LimitRate          = "rate"           // MCP_RATE_LIMIT_PER_MINUTE exceeded
	LimitInflightUser  = "inflight_user"  // MCP_MAX_INFLIGHT_PER_USER reached
	LimitInflightTotal = "inflight_total" // MCP_MAX_INFLIGHT reached
)

// retryAfterInflight is the Retry-After (seconds) of a request refused by
// an in-flight cap: a slot frees as soon as any running call ends.
const retryAfterInflight = 1

// Observer learns what the HTTP surface does (metrics). Labels are bounded:
// route is the router's pattern (never the request path), reason a fixed
// word (auth.Reason values, "no_token", ...), kind one of the Limit*
// constants.
type Observer interface {
	HTTPRequest(route string, code int, d time.Duration)
	AuthRejected(reason string)
	RateLimited(kind string)
}

// LimitCounter counts requests per user and time window for the rate
// limit. It is httprate's counter interface; the default keeps the counts
// in this process, a shared one (Redis) makes the limit hold across
// replicas.
type LimitCounter = httprate.LimitCounter

// errNoSubject means the rate limit ran before the bearer check (a wiring bug).
var errNoSubject = errors.New("httpserver: rate limit without a verified subject")

// newRateLimit returns the per-user rate limit of /mcp (after requireBearer),
// keyed by the verified token's subject, or a pass-through when
// MCP_RATE_LIMIT_PER_MINUTE is 0. A refused request gets 429 with
// Retry-After and a JSON body; a counter failure (a shared store being
// down) 503, so the limit never silently stops holding.
func (s *server) newRateLimit() func(http.Handler) http.Handler {
	limit := s.o.Config.RateLimitPerMinute
	if limit <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	opts := []httprate.Option{
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
			if ti := verifiedTokenInfo(r.Context()); ti != nil && ti.UserID != "" {
				return "user:" + ti.UserID, nil
			}
			return "", errNoSubject
		}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.refuse(w, r, LimitRate, http.StatusTooManyRequests, "rate_limited",
				"more than "+strconv.Itoa(limit)+" requests in a minute from this user; retry after the time in Retry-After")
		}),
		httprate.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
			requestLogFrom(r.Context()).reason = "rate_limit_unavailable"
			s.o.Logger.ErrorContext(r.Context(), "rate limit counter failed", "error", err)
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterUnavailable))
			writeError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "the rate limit cannot be checked; retry shortly")
		}),
	}
	if s.o.RateLimitCounter != nil {
		opts = append(opts, httprate.WithLimitCounter(s.o.RateLimitCounter))
	}
	return httprate.NewRateLimiter(limit, time.Minute, opts...).Handler
}

// refuse answers a request a limit stopped and counts it.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, kind string, status int, code, description string) {
	requestLogFrom(r.Context()).reason = kind
	if s.o.Observer != nil {
		s.o.Observer.RateLimited(kind)
	}
	if w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterInflight))
	}
	writeError(w, status, code, description)
}

// inflight counts the tool calls running now, per user and in total.
type inflight struct {
	maxUser, maxTotal int

	mu      sync.Mutex
	total   int
	perUser map[string]int
}

func newInflight(maxUser, maxTotal int) *inflight {
	return &inflight{maxUser: maxUser, maxTotal: maxTotal, perUser: map[string]int{}}
}

// acquire takes a slot for user, or returns the kind of the cap reached.
func (l *inflight) acquire(user string) (release func(), refused string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.maxUser > 0 && l.perUser[user] >= l.maxUser:
		return nil, LimitInflightUser
	case l.maxTotal > 0 && l.total >= l.maxTotal:
		return nil, LimitInflightTotal
	}
	l.perUser[user]++
	l.total++
	var once sync.Once
	return func() { once.Do(func() { l.release(user) }) }, ""
}

func (l *inflight) release(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.perUser[user]--; l.perUser[user] <= 0 {
		delete(l.perUser, user)
	}
}

// limitInflight caps the /mcp POSTs that carry a tools/call (readBody
// counted them): MCP_MAX_INFLIGHT_PER_USER per token subject answers 429,
// MCP_MAX_INFLIGHT for the process 503, both with Retry-After and a JSON
// body, before the SDK runs anything. Other methods (initialize,
// tools/list) are cheap and not counted.
func (s *server) limitInflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requestLogFrom(r.Context()).toolCalls == 0 {
			next.ServeHTTP(w, r)
			return
		}
		var user string
		if ti := verifiedTokenInfo(r.Context()); ti != nil {
			user = ti.UserID
		}
		release, refused := s.inflight.acquire(user)
		switch refused {
		case LimitInflightUser:
			s.refuse(w, r, refused, http.StatusTooManyRequests, "too_many_inflight",
				"this user already has "+strconv.Itoa(s.inflight.maxUser)+" tool calls running; wait for one to finish")
			return
		case LimitInflightTotal:
			s.refuse(w, r, refused, http.StatusServiceUnavailable, "server_busy",
				"the server is running its maximum of "+strconv.Itoa(s.inflight.maxTotal)+" tool calls; retry shortly")
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
}
