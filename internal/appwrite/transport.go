package appwrite

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// sessionTransport adds the session's headers and the call's context to
// every request the SDK makes, bounds the response body and reports to the
// observer.
type sessionTransport struct {
	s   *Session
	ctx context.Context
}

// RoundTrip implements http.RoundTripper.
func (t *sessionTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := t.s
	if err := s.usable(); err != nil {
		return nil, closeBody(req, err)
	}
	// The SDK builds requests without a context: the request's own context
	// carries http.Client's timeout, t.ctx the caller's cancellation.
	ctx, cancel := context.WithCancelCause(req.Context())
	if err := t.ctx.Err(); err != nil {
		cancel(nil)
		return nil, closeBody(req, context.Cause(t.ctx))
	}
	stop := context.AfterFunc(t.ctx, func() { cancel(context.Cause(t.ctx)) })
	out := req.Clone(ctx)
	s.setHeaders(out.Header)

	start := time.Now()
	resp, err := s.f.transport.RoundTrip(out)
	if obs := s.f.opts.Observer; obs != nil {
		code := 0
		if err == nil {
			code = resp.StatusCode
		}
		obs.Upstream(code, time.Since(start))
	}
	if err != nil {
		stop()
		cancel(nil)
		return nil, err
	}
	// Cookies are never kept: there is no jar, and the header is dropped.
	resp.Header.Del("Set-Cookie")
	limit := s.f.opts.MaxResponseBytes
	resp.Body = &boundedBody{rc: resp.Body, limit: limit, left: limit, done: func() { stop(); cancel(nil) }}
	return resp, nil
}

func (s *Session) setHeaders(h http.Header) {
	h.Set("User-Agent", s.f.opts.UserAgent)
	h.Set("Authorization", "Bearer "+s.token)
	if s.target.ProjectID != "" {
		h.Set("X-Appwrite-Project", s.target.ProjectID)
		h.Set("X-Appwrite-Mode", "admin")
	} else {
		h.Set("X-Appwrite-Project", s.f.opts.DefaultProject)
		h.Del("X-Appwrite-Mode")
	}
	if s.target.OrganizationID != "" {
		h.Set("X-Appwrite-Organization", s.target.OrganizationID)
	}
	h.Del("Cookie")
}

func closeBody(req *http.Request, err error) error {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return err
}

// boundedBody fails with ErrResponseTooLarge once more than left bytes
// were read, so a huge answer is never held in memory, and releases the
// request's context when closed.
type boundedBody struct {
	rc          io.ReadCloser
	limit, left int64
	done        func()
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, fmt.Errorf("%w (more than %d bytes)", ErrResponseTooLarge, b.limit)
	}
	return n, err
}

func (b *boundedBody) Close() error {
	err := b.rc.Close()
	b.done()
	return err
}
