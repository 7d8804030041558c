package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCheckIssuer(t *testing.T) {
	tests := []struct {
		endpoint, project, issuer string
		ok                        bool
	}{
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v1/oauth2/console", true},
		{"https://cloud.appwrite.io/v1/", "console", "https://cloud.appwrite.io/v1/oauth2/console", true},
		{"https://cloud.appwrite.io/v1", "console", "https://fra.cloud.appwrite.io/v1/oauth2/console", true},
		{"https://cloud.appwrite.io/v1", "console", "https://nyc-2.cloud.appwrite.io/v1/oauth2/console", true},
		{"https://cloud.appwrite.io/v1", "console", "https://a.b.cloud.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://-x.cloud.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://evil.example/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io.evil.example/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://evilcloud.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://fra.cloud.appwrite.io/v1/oauth2/other", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v2/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v1/oauth2/console/", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v1/oauth2/console?x=1", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v1/oauth2/console#f", false},
		{"https://cloud.appwrite.io/v1", "console", "http://cloud.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io:8443/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://fra.cloud.appwrite.io:8443/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://user@cloud.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "https://CLOUD.appwrite.io/v1/oauth2/console", false},
		{"https://cloud.appwrite.io/v1", "console", "", false},
		{"https://fra.cloud.appwrite.io/v1", "console", "https://fra.cloud.appwrite.io/v1/oauth2/console", true},
		{"https://fra.cloud.appwrite.io/v1", "console", "https://cloud.appwrite.io/v1/oauth2/console", false},
		{"https://fra.cloud.appwrite.io/v1", "console", "https://x.fra.cloud.appwrite.io/v1/oauth2/console", false},
		{"https://fra.cloud.appwrite.io/v1", "console", "https://nyc.cloud.appwrite.io/v1/oauth2/console", false},
		{"http://127.0.0.1:8080/v1", "p1", "http://127.0.0.1:8080/v1/oauth2/p1", true},
		{"http://127.0.0.1:8080/v1", "p1", "http://x.127.0.0.1:8080/v1/oauth2/p1", false},
		{"http://localhost:8080/v1", "p1", "http://fra.localhost:8080/v1/oauth2/p1", false},
	}
	for _, tc := range tests {
		t.Run(tc.endpoint+" "+tc.issuer, func(t *testing.T) {
			e, err := newIssuerExpectation(tc.endpoint, tc.project)
			if err != nil {
				t.Fatal(err)
			}
			err = e.checkIssuer(tc.issuer)
			if (err == nil) != tc.ok {
				t.Fatalf("checkIssuer = %v, want ok=%v", err, tc.ok)
			}
			var cfgErr *ConfigError
			if err != nil && !errors.As(err, &cfgErr) {
				t.Errorf("error %T is not a *ConfigError", err)
			}
		})
	}
}

func TestClassifyIssuer(t *testing.T) {
	e, err := newIssuerExpectation("https://cloud.appwrite.io/v1", "console")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		iss  string
		want Reason
	}{
		{"https://cloud.appwrite.io/v1/oauth2/other", ReasonWrongProject},
		{"https://fra.cloud.appwrite.io/v1/oauth2/other", ReasonWrongProject},
		{"https://evil.example/v1/oauth2/console", ReasonWrongIssuer},
		{"https://evil.example/v1/oauth2/other", ReasonWrongIssuer},
		{"https://cloud.appwrite.io/v1/oauth2/console/extra", ReasonWrongIssuer},
		{"http://cloud.appwrite.io/v1/oauth2/other", ReasonWrongIssuer},
		{"not a url at all", ReasonWrongIssuer},
	}
	for _, tc := range tests {
		if got, _ := e.classifyIssuer(tc.iss); got != tc.want {
			t.Errorf("classifyIssuer(%q) = %s, want %s", tc.iss, got, tc.want)
		}
	}
}

func TestNewIssuerExpectationRejects(t *testing.T) {
	for _, tc := range []struct{ endpoint, project string }{
		{"", "console"},
		{"cloud.appwrite.io/v1", "console"},
		{"ftp://cloud.appwrite.io/v1", "console"},
		{"https://u:p@cloud.appwrite.io/v1", "console"},
		{"https://cloud.appwrite.io/v1?x=1", "console"},
		{"https://cloud.appwrite.io/v1", ""},
		{"https://cloud.appwrite.io/v1", "a/b"},
		{"https://cloud.appwrite.io/v1", "_x"},
		{"https://cloud.appwrite.io/v1", strings.Repeat("a", 37)},
	} {
		if _, err := newIssuerExpectation(tc.endpoint, tc.project); err == nil {
			t.Errorf("newIssuerExpectation(%q, %q) accepted", tc.endpoint, tc.project)
		}
	}
}

func rsaJWK(t *testing.T, bits int, extra map[string]any) map[string]any {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{
		"kty": "RSA",
		"n":   base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
	}
	for key, v := range extra {
		m[key] = v
	}
	return m
}

func TestParseKeySet(t *testing.T) {
	good := rsaJWK(t, 2048, map[string]any{"kid": "good", "alg": "RS256", "use": "sig"})
	tests := []struct {
		name     string
		keys     []map[string]any
		wantKids []string
		wantAll  int
	}{
		{"one good key", []map[string]any{good}, []string{"good"}, 1},
		{"kid-less key usable for kid-less tokens", []map[string]any{rsaJWK(t, 2048, nil)}, nil, 1},
		{"small RSA key skipped", []map[string]any{good, rsaJWK(t, 1024, map[string]any{"kid": "small"})}, []string{"good"}, 1},
		{"encryption key skipped", []map[string]any{good, rsaJWK(t, 2048, map[string]any{"kid": "enc", "use": "enc"})}, []string{"good"}, 1},
		{"other alg skipped", []map[string]any{good, rsaJWK(t, 2048, map[string]any{"kid": "ps", "alg": "PS256"})}, []string{"good"}, 1},
		{"symmetric key skipped", []map[string]any{good, {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}}, []string{"good"}, 1},
		{"duplicate kid keeps the first", []map[string]any{good, rsaJWK(t, 2048, map[string]any{"kid": "good"})}, []string{"good"}, 1},
		{"nothing usable", []map[string]any{{"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, err := json.Marshal(map[string]any{"keys": tc.keys})
			if err != nil {
				t.Fatal(err)
			}
			ks, err := parseKeySet(body)
			if tc.wantAll == 0 {
				if err == nil {
					t.Fatal("accepted a JWKS without usable keys")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ks.all) != tc.wantAll || len(ks.byKid) != len(tc.wantKids) {
				t.Fatalf("all=%d byKid=%d, want %d and %v", len(ks.all), len(ks.byKid), tc.wantAll, tc.wantKids)
			}
			for _, kid := range tc.wantKids {
				if ks.lookup(kid) == nil {
					t.Errorf("kid %q missing", kid)
				}
			}
		})
	}
}

func TestDiscoveryDocumentProblems(t *testing.T) {
	var doc func(issuer string) string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(doc("http://" + r.Host + "/v1/oauth2/console")))
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		name    string
		doc     func(issuer string) string
		wantErr string
	}{
		{"no jwks_uri", func(iss string) string { return `{"issuer":"` + iss + `"}` }, "no jwks_uri"},
		{"jwks_uri relative", func(iss string) string { return `{"issuer":"` + iss + `","jwks_uri":"/jwks"}` }, "not an absolute URL"},
		{"not JSON", func(string) string { return `<html>` }, "discovery document"},
		{"oversized", func(iss string) string {
			return `{"issuer":"` + iss + `","jwks_uri":"` + iss + `/jwks","pad":"` + strings.Repeat("x", maxDocumentBytes) + `"}`
		}, "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc = tc.doc
			v := &Verifier{o: withDefaults(Options{}), ctx: context.Background()}
			v.expect, _ = newIssuerExpectation(srv.URL+"/v1", "console")
			v.discoveryURL = v.expect.issuer + "/.well-known/openid-configuration"
			_, err := v.fetchMetadata(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("fetchMetadata = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}
