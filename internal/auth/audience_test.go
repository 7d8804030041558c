package auth_test

import (
	"context"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

func TestAudienceSpellings(t *testing.T) {
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	v := newVerifier(t, fake, nil) // Audiences: resource, publicURL + "/", publicURL
	onlySlash := newVerifier(t, fake, func(o *auth.Options) { o.Audiences = []string{resource + "/"} })
	waitReady(t, v)
	waitReady(t, onlySlash)
	tests := []struct {
		name     string
		v        *auth.Verifier
		aud      []string
		accepted bool
	}{
		{"the resource", v, []string{resource}, true},
		{"the public URL with a slash", v, []string{publicURL + "/"}, true},
		{"the bare public URL", v, []string{publicURL}, true},
		{"one of several", v, []string{"https://other.example/mcp", publicURL}, true},
		{"listed trailing slash", onlySlash, []string{resource + "/"}, true},
		{"resource when only the slash spelling is listed", onlySlash, []string{resource}, false},
		{"resource with a trailing slash", v, []string{resource + "/"}, false},
		{"resource as a prefix", v, []string{resource + "x"}, false},
		{"another path on the host", v, []string{publicURL + "/mcpx"}, false},
		{"dot segments", v, []string{publicURL + "/mcp/../x"}, false},
		{"dot segment back to the resource", v, []string{publicURL + "/x/../mcp"}, false},
		{"double slash", v, []string{publicURL + "//"}, false},
		{"query", v, []string{resource + "?x=1"}, false},
		{"fragment", v, []string{resource + "#f"}, false},
		{"other scheme", v, []string{"https://mcp.test:8000/mcp"}, false},
		{"other port", v, []string{"http://mcp.test:8001/mcp"}, false},
		{"default port spelled out", v, []string{"http://mcp.test:80/mcp"}, false},
		{"other host", v, []string{"http://other.test:8000/mcp"}, false},
		{"host in upper case", v, []string{"http://MCP.test:8000/mcp"}, false},
		{"subdomain", v, []string{"http://x.mcp.test:8000/mcp"}, false},
		{"empty audience", v, []string{""}, false},
		{"no audience", v, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := fake.MintToken(fakeappwrite.TokenSpec{Audience: tc.aud})
			_, err := tc.v.Verify(context.Background(), tok, nil)
			if tc.accepted {
				if err != nil {
					t.Fatalf("aud %q refused: %v", tc.aud, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("aud %q accepted", tc.aud)
			}
			if got := reasonOf(t, err); got != auth.ReasonWrongAudience {
				t.Errorf("aud %q: reason %s, want wrong_audience", tc.aud, got)
			}
		})
	}
}
