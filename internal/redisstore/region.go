package redisstore

import (
	"context"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// RegionCache is the appwrite.RegionCache every replica shares: one
// lookup of a user's project region serves all of them. Entries are keyed
// by a hash of (subject, project) and expire after the router's TTL. It
// fails open: while Redis is down, or when an entry is not a valid region,
// it is a miss and the router looks the region up again.
type RegionCache struct{ s *Store }

var _ appwrite.RegionCache = (*RegionCache)(nil)

// RegionCache returns the shared region cache.
func (s *Store) RegionCache() *RegionCache { return &RegionCache{s: s} }

// Region implements appwrite.RegionCache.
func (c *RegionCache) Region(ctx context.Context, subject, projectID string) (string, bool) {
	if subject == "" || projectID == "" {
		return "", false
	}
	var region string
	err := c.s.op(ctx, func(ctx context.Context) error {
		var err error
		region, err = c.s.rdb.Get(ctx, c.s.key("region", subject, projectID)).Result()
		return err
	})
	if err != nil || !appwrite.ValidRegion(region) {
		return "", false
	}
	return region, true
}

// SetRegion implements appwrite.RegionCache. A failure is dropped: the
// next call looks the region up again.
func (c *RegionCache) SetRegion(ctx context.Context, subject, projectID, region string, ttl time.Duration) {
	if subject == "" || projectID == "" || !appwrite.ValidRegion(region) || ttl <= 0 {
		return
	}
	_ = c.s.op(ctx, func(ctx context.Context) error {
		return c.s.rdb.Set(ctx, c.s.key("region", subject, projectID), region, ttl).Err()
	})
}
