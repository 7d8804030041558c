package confirm

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DefaultLedgerSize bounds a MemoryLedger: the most states spent and not
// yet expired that it keeps.
const DefaultLedgerSize = 100_000

// ErrLedgerFull is Spend's answer when a MemoryLedger holds its bound of
// unexpired nonces: the call is refused rather than the nonce forgotten.
var ErrLedgerFull = errors.New("too many recent confirmations; retry in a few minutes")

// MemoryLedger is an in-process Ledger. It protects one process only:
// behind several replicas a state spent on one can be spent again on
// another until it expires, unless they share a Ledger.
type MemoryLedger struct {
	mu    sync.Mutex
	limit int
	now   func() time.Time
	spent map[string]time.Time // nonce -> forget after
}

// NewMemoryLedger keeps at most limit nonces (<= 0: DefaultLedgerSize);
// now is the clock (nil: time.Now).
func NewMemoryLedger(limit int, now func() time.Time) *MemoryLedger {
	if limit <= 0 {
		limit = DefaultLedgerSize
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryLedger{limit: limit, now: now, spent: map[string]time.Time{}}
}

// Spend records id until until; it reports false if id is already recorded.
func (l *MemoryLedger) Spend(_ context.Context, id string, until time.Time) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if t, ok := l.spent[id]; ok && now.Before(t) {
		return false, nil
	}
	if len(l.spent) >= l.limit {
		for k, t := range l.spent {
			if !now.Before(t) {
				delete(l.spent, k)
			}
		}
		if len(l.spent) >= l.limit {
			return false, ErrLedgerFull
		}
	}
	l.spent[id] = until
	return true, nil
}
