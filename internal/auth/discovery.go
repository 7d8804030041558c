package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// issuerExpectation is what a discovered issuer must look like for the
// configured endpoint and project.
type issuerExpectation struct {
	issuer     string // <endpoint>/oauth2/<project>, the URL discovery starts from
	scheme     string // the endpoint's scheme
	host       string // the endpoint's host[:port], lower case
	basePath   string // the endpoint's path without a trailing slash, e.g. /v1
	projectID  string
	regionalOK bool // the endpoint host may gain one leading label (cloud.appwrite.io → fra.cloud.appwrite.io)
}

// newIssuerExpectation validates the endpoint and project of Options.
func newIssuerExpectation(endpoint, projectID string) (issuerExpectation, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return issuerExpectation{}, &ConfigError{Problem: fmt.Sprintf("endpoint %q is not a URL: %v", endpoint, err)}
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return issuerExpectation{}, &ConfigError{Problem: fmt.Sprintf("endpoint %q must be an http(s) URL without credentials, query or fragment", endpoint)}
	}
	if !appwrite.ValidID(projectID) {
		return issuerExpectation{}, &ConfigError{Problem: fmt.Sprintf("project id %q is not a valid Appwrite project id", projectID)}
	}
	base := strings.TrimSuffix(u.EscapedPath(), "/")
	host := strings.ToLower(u.Host)
	return issuerExpectation{
		issuer:     u.Scheme + "://" + host + base + "/oauth2/" + projectID,
		scheme:     u.Scheme,
		host:       host,
		basePath:   base,
		projectID:  projectID,
		regionalOK: isRegionalizable(u.Hostname()),
	}, nil
}

// isRegionalizable reports whether a regional host may be derived from
// hostname by adding one leading label. That holds for a global name of
// exactly three labels, like cloud.appwrite.io (regions: fra.cloud.appwrite.io,
// nyc.cloud.appwrite.io, ...). A name with more labels is already regional and
// accepts only itself; IP addresses and shorter names never regionalize.
func isRegionalizable(hostname string) bool {
	if net.ParseIP(hostname) != nil {
		return false
	}
	return strings.Count(hostname, ".") == 2
}

// validDNSLabel reports whether s is one DNS label (letters, digits, inner hyphens).
func validDNSLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// hostAccepted reports whether host (host[:port], lower case) is the endpoint's
// host or, when allowed, a regional host of it on the same port.
func (e issuerExpectation) hostAccepted(host string) bool {
	if host == e.host {
		return true
	}
	if !e.regionalOK {
		return false
	}
	label, rest, ok := strings.Cut(host, ".")
	return ok && rest == e.host && validDNSLabel(label)
}

// checkIssuer validates a discovered issuer: the endpoint's scheme, the
// endpoint's host or a regional host of it, and exactly the path
// <endpoint path>/oauth2/<project>.
func (e issuerExpectation) checkIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || u.Scheme != e.scheme || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" ||
		!e.hostAccepted(u.Host) || u.EscapedPath() != e.basePath+"/oauth2/"+e.projectID ||
		u.Host != strings.ToLower(u.Host) {
		return &ConfigError{Problem: fmt.Sprintf(
			"the authorization server at %s advertises issuer %q, which is not %s (or a regional host of it); check APPWRITE_ENDPOINT and APPWRITE_PROJECT_ID",
			e.issuer, issuer, e.issuer)}
	}
	return nil
}

// classifyIssuer explains why a token's iss differs from the discovered one:
// another project on an accepted host is wrong_project, anything else wrong_issuer.
func (e issuerExpectation) classifyIssuer(iss string) (Reason, string) {
	u, err := url.Parse(iss)
	if err == nil && u.Scheme == e.scheme && e.hostAccepted(u.Host) {
		if project, ok := strings.CutPrefix(u.EscapedPath(), e.basePath+"/oauth2/"); ok && project != e.projectID && appwrite.ValidID(project) {
			return ReasonWrongProject, "the token was issued for another Appwrite project"
		}
	}
	return ReasonWrongIssuer, "the token was issued by another authorization server"
}

// discoveryDocument is the part of the discovery document the verifier reads.
type discoveryDocument struct {
	Issuer          string   `json:"issuer"`
	JWKSURI         string   `json:"jwks_uri"`
	ScopesSupported []string `json:"scopes_supported"`
}

// fetchMetadata GETs and validates the discovery document.
func (v *Verifier) fetchMetadata(ctx context.Context) (*Metadata, error) {
	body, err := v.getBounded(ctx, v.discoveryURL, maxDocumentBytes)
	if err != nil {
		return nil, err
	}
	var doc discoveryDocument
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("discovery document at %s: %w", v.discoveryURL, err)
	}
	if doc.JWKSURI == "" {
		return nil, &ConfigError{Problem: fmt.Sprintf("discovery document at %s has no jwks_uri", v.discoveryURL)}
	}
	if err := v.expect.checkIssuer(doc.Issuer); err != nil {
		return nil, err
	}
	if err := v.checkFetchURL("jwks_uri", doc.JWKSURI); err != nil {
		return nil, err
	}
	scopes := make([]string, 0, len(doc.ScopesSupported))
	for _, s := range doc.ScopesSupported {
		if s != "" {
			scopes = append(scopes, s)
		}
	}
	return &Metadata{
		Issuer:          doc.Issuer,
		JWKSURI:         doc.JWKSURI,
		ScopesSupported: scopes,
		Raw:             json.RawMessage(body),
	}, nil
}
