package testutil

import (
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// NoRequests fails the test if anything reached the fake Appwrite since
// the last take, and forgets what did.
func NoRequests(tb testing.TB, fake *fakeappwrite.Server) {
	tb.Helper()
	if reqs := fake.TakeRequests(); len(reqs) != 0 {
		tb.Fatalf("%d request(s) reached Appwrite, want none: first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
}

// OnlyRequest returns the one request that reached the fake since the last
// take, checking it was method path and carried token as its bearer.
func OnlyRequest(tb testing.TB, fake *fakeappwrite.Server, token, method, path string) fakeappwrite.Request {
	tb.Helper()
	reqs := fake.TakeRequests()
	if len(reqs) != 1 || reqs[0].Method != method || reqs[0].Path != path {
		var got []string
		for _, r := range reqs {
			got = append(got, r.Method+" "+r.Path)
		}
		tb.Fatalf("upstream requests = %v, want only %s %s", got, method, path)
	}
	if reqs[0].Header.Get("Authorization") != "Bearer "+token {
		tb.Fatalf("upstream request lacks the caller's token")
	}
	return reqs[0]
}
