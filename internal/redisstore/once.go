package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Spend marks id as used until until and reports whether this was the
// first use on any replica (SET NX with an expiry). It is a confirm.Ledger. A write confirmation calls it when a signed,
// still valid state is accepted, so that the state cannot be replayed on
// another replica within its expiry.
//
// It fails closed: while Redis is down, or when the mark cannot be set,
// Spend returns an error wrapping ErrUnavailable and the write must be
// refused (a confirmation that might be replayed is not a confirmation).
// Reads never depend on it.
func (s *Store) Spend(ctx context.Context, id string, until time.Time) (bool, error) {
	if id == "" {
		return false, errors.New("redisstore: Spend: empty id")
	}
	ttl := time.Until(until)
	if ttl <= 0 {
		return false, errors.New("redisstore: Spend: until has passed")
	}
	var first bool
	err := s.op(ctx, func(ctx context.Context) error {
		var err error
		first, err = s.rdb.SetNX(ctx, s.key("once", id), 1, ttl).Result()
		return err
	})
	if err != nil {
		if errors.Is(err, ErrUnavailable) {
			return false, fmt.Errorf("redisstore: cannot make sure this confirmation is used only once: %w; try again shortly", err)
		}
		return false, fmt.Errorf("redisstore: cannot make sure this confirmation is used only once: %w: %w; try again shortly", ErrUnavailable, err)
	}
	return first, nil
}
