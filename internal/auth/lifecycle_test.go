package auth_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// TestCloseDuringLoadLogsNoWarning: Close while a discovery fetch is in
// flight cancels it; that is a shutdown, not an outage, and must not be
// logged as "authorization server not reachable ... context canceled".
func TestCloseDuringLoadLogsNoWarning(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-r.Context().Done() // hang until the client gives up
	}))
	t.Cleanup(srv.Close)

	var logs testutil.LogBuffer
	v := auth.NewVerifier(context.Background(), auth.Options{
		Endpoint:  srv.URL + "/v1",
		ProjectID: "console",
		Audiences: audiences,
		Logger:    slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	<-arrived
	v.Close()
	if got := logs.String(); strings.Contains(got, "level=WARN") || strings.Contains(got, "level=ERROR") {
		t.Fatalf("Close during a load logged a warning:\n%s", got)
	}
}

// TestOutageWarningSaysWhetherACopyIsKept: the outage warning claims a last
// good copy only when there is one.
func TestOutageWarningSaysWhetherACopyIsKept(t *testing.T) {
	const keeping = "keeping the last good copy"
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.SetOutage(true, true)
	var logs testutil.LogBuffer
	v := newVerifier(t, fake, func(o *auth.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		o.MetadataTTL = time.Millisecond // refresh continuously once loaded
	})
	eventually(t, "a cold-start outage warning", func() bool { return strings.Contains(logs.String(), "level=WARN") })
	if got := logs.String(); strings.Contains(got, keeping) || !strings.Contains(got, "nothing loaded yet") {
		t.Fatalf("cold-start outage warning is wrong:\n%s", got)
	}

	fake.SetOutage(false, false)
	waitReady(t, v)
	before := len(logs.String())
	fake.SetOutage(true, true)
	eventually(t, "a warm outage warning", func() bool { return strings.Contains(logs.String()[before:], keeping) })
}

// TestUnknownKidAfterCloseLogsNoWarning: after Close (shutdown drain), a
// token with an unknown key id is still rejected, without a spurious
// "JWKS refresh ... failed: context canceled" warning.
func TestUnknownKidAfterCloseLogsNoWarning(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	var logs testutil.LogBuffer
	v := newVerifier(t, fake, func(o *auth.Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	waitReady(t, v)
	v.Close()
	tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{resource}, Kid: "rotated-away"})
	_, err := v.Verify(context.Background(), tok, nil)
	if got := reasonOf(t, err); got != auth.ReasonUnknownKey {
		t.Fatalf("reason = %s, want unknown_key", got)
	}
	if got := logs.String(); strings.Contains(got, "level=WARN") {
		t.Fatalf("unknown kid after Close logged a warning:\n%s", got)
	}
}

func TestWaitReady(t *testing.T) {
	tests := []struct {
		name    string
		outage  bool
		mod     func(*auth.Options)
		closeIt bool
		wantErr string // "" = ready
	}{
		{"loads", false, nil, false, ""},
		{"authorization server down: ctx ends", true, nil, false, "deadline exceeded"},
		{"bad configuration: at once", false, func(o *auth.Options) { o.Audiences = nil }, false, "audience"},
		{"closed before ready", true, nil, true, "closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeappwrite.New()
			t.Cleanup(fake.Close)
			fake.SetOutage(tc.outage, tc.outage)
			v := newVerifier(t, fake, tc.mod)
			if tc.closeIt {
				v.Close()
			}
			timeout := 10 * time.Second
			if tc.outage && !tc.closeIt {
				timeout = 50 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			err := v.WaitReady(ctx)
			if tc.wantErr == "" {
				if err != nil || v.Ready() != nil {
					t.Fatalf("WaitReady = %v, Ready = %v", err, v.Ready())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("WaitReady = %v, want an error containing %q", err, tc.wantErr)
			}
			if tc.outage && !strings.Contains(err.Error(), "discovery") {
				t.Errorf("WaitReady = %v, want it to say what is missing", err)
			}
		})
	}
}

func TestObserverSeesJWKSRefreshes(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	obs := &refreshLog{}
	v := newVerifier(t, fake, func(o *auth.Options) { o.Observer = obs; o.KeyRefreshInterval = time.Hour })
	waitReady(t, v)
	if got := obs.count(auth.JWKSRefreshOK); got != 1 {
		t.Errorf("after the first load: %d ok refreshes, want 1", got)
	}
	fake.SetOutage(false, true)
	forged := forgedTokens(t, fake, 2)
	if _, err := v.Verify(context.Background(), forged[0], nil); reasonOf(t, err) != auth.ReasonUnknownKey {
		t.Fatalf("forged kid during a JWKS outage: %v", err)
	}
	if got := obs.count(auth.JWKSRefreshError); got != 1 {
		t.Errorf("a failed refresh: %d error results, want 1", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the budget is spent for an hour: the next forged kid would wait
	_, _ = v.Verify(ctx, forged[1], nil)
	eventually(t, "a limited refresh", func() bool { return obs.count(auth.JWKSRefreshLimited) == 1 })
}
