package inventory

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestLimiterBound(t *testing.T) {
	for _, n := range []int{1, 3, 8} {
		l := newLimiter(n)
		var (
			inFlight, peak atomic.Int64
			entered        = make(chan struct{}, 32)
			release        = make(chan struct{})
			wg             sync.WaitGroup
		)
		for range 20 {
			wg.Go(func() {
				_ = l.do(context.Background(), 0, func(context.Context) {
					cur := inFlight.Add(1)
					for p := peak.Load(); cur > p && !peak.CompareAndSwap(p, cur); p = peak.Load() {
					}
					entered <- struct{}{}
					<-release
					inFlight.Add(-1)
				})
			})
		}
		for range n {
			<-entered // n tasks hold every slot
		}
		close(release)
		wg.Wait()
		if got := peak.Load(); got != int64(n) {
			t.Errorf("limiter(%d): peak %d in flight", n, got)
		}
	}
}

func TestLimiterCancelled(t *testing.T) {
	l := newLimiter(1)
	l.slots <- struct{}{} // the only slot is taken
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := l.do(ctx, 0, func(context.Context) { ran = true })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("do on a cancelled context = %v (ran %v), want context.Canceled without running", err, ran)
	}
}

func TestCalls(t *testing.T) {
	tests := []struct {
		sp        spec
		tool, pid string
		args      map[string]any
		next      string
	}{
		{parts()[0], "tables_db_list", "shop", nil, "tables_db_list_tables"},
		{tablesSpec("main"), "tables_db_list_tables", "shop", map[string]any{"database_id": "main"}, "tables_db_list_rows"},
		{parts()[8], "projects_list_platforms", "", map[string]any{"project_id": "shop"}, "projects_get_platform"},
	}
	for _, tc := range tests {
		c := tc.sp.call("shop")
		if c.ToolName != tc.tool || c.ProjectID != tc.pid || len(c.Arguments) != len(tc.args) {
			t.Errorf("%s: call = %+v", tc.sp.name, c)
		}
		for k, v := range tc.args {
			if c.Arguments[k] != v {
				t.Errorf("%s: argument %s = %v, want %v", tc.sp.name, k, c.Arguments[k], v)
			}
		}
		if n := tc.sp.next("shop"); n.ToolName != tc.next || n.IDArgument != tc.sp.nextID {
			t.Errorf("%s: next = %+v", tc.sp.name, n)
		}
	}
}
