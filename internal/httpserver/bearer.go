package httpserver

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// retryAfterUnavailable is the Retry-After (seconds) of a 503 answered while
// the authorization server's metadata or keys are not loaded.
const retryAfterUnavailable = 5

// verifiedTokenInfo returns the TokenInfo requireBearer stored, or nil.
func verifiedTokenInfo(ctx context.Context) *mcpauth.TokenInfo {
	ti, _ := ctx.Value(keyTokenInfo).(*mcpauth.TokenInfo)
	return ti
}

// rejectQueryToken answers 400 invalid_request to a request carrying
// access_token in the URL query. RFC 6750 §2.3's query method is never
// accepted: such a token has already leaked into access logs and browser
// history, so the client is told loudly rather than silently ignored.
func (s *server) rejectQueryToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// RawQuery too: a pair ParseQuery rejects (e.g. with ';') is still a leak.
		if r.URL.Query().Has("access_token") || strings.Contains(r.URL.RawQuery, "access_token") {
			requestLogFrom(r.Context()).reason = "token_in_query"
			s.challenge(w, r, http.StatusBadRequest, "invalid_request",
				"access tokens are accepted only in the Authorization header, never in the URL")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody answers 413 when Content-Length exceeds MaxBodyBytes and bounds
// the body for requests without one (chunked); go-sdk answers 413 when that
// bound is hit while reading.
func (s *server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.o.Config.MaxBodyBytes
		if r.ContentLength > limit {
			requestLogFrom(r.Context()).reason = "body_too_large"
			writeError(w, http.StatusRequestEntityTooLarge, "request_too_large",
				"request body exceeds "+strconv.FormatInt(limit, 10)+" bytes")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// parseAuthorization extracts the bearer token. ok is false when the header
// is present but is not exactly one "Bearer <token68>" (RFC 6750 §2.1).
// An empty token with the Bearer scheme yields ("", true).
func parseAuthorization(values []string) (token string, present, ok bool) {
	if len(values) == 0 {
		return "", false, true
	}
	if len(values) > 1 {
		return "", true, false
	}
	scheme, rest, _ := strings.Cut(values[0], " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", true, false
	}
	token = strings.TrimLeft(rest, " ")
	if token == "" {
		return "", true, true
	}
	if !isToken68(token) {
		return "", true, false // a refused value never leaves this function
	}
	return token, true, true
}

// isToken68 reports whether s matches RFC 9110's token68:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		b := body[i]
		if !isAlnum(b) && !strings.ContainsRune("-._~+/", rune(b)) {
			return false
		}
	}
	return true
}

// requireBearer verifies the bearer token and stores the TokenInfo in the
// context, or answers 401 (no or bad token), 400 (malformed header) or 503
// (verifier not ready). The token is never logged or echoed.
func (s *server) requireBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rl := requestLogFrom(r.Context())
		token, present, ok := parseAuthorization(r.Header.Values("Authorization"))
		switch {
		case !ok:
			s.rejected(rl, "malformed_authorization_header")
			s.challenge(w, r, http.StatusBadRequest, "invalid_request",
				"the Authorization header must be exactly one 'Bearer <token>'")
			return
		case !present:
			s.rejected(rl, "no_token")
			s.challenge(w, r, http.StatusUnauthorized, "", "a bearer token is required")
			return
		case token == "":
			s.rejected(rl, "empty_token")
			s.challenge(w, r, http.StatusUnauthorized, "invalid_token", "the bearer token is empty")
			return
		}

		ti, err := s.o.Verifier.Verify(r.Context(), token, r)
		if err == nil && ti == nil {
			err = errors.New("verifier returned no token info")
		}
		if err != nil {
			var te *auth.TokenError
			if errors.As(err, &te) && te.Reason == auth.ReasonUnavailable {
				s.rejected(rl, string(auth.ReasonUnavailable))
				w.Header().Set("Retry-After", strconv.Itoa(retryAfterUnavailable))
				writeError(w, http.StatusServiceUnavailable, "temporarily_unavailable",
					"the authorization server's metadata or signing keys are not loaded yet; retry shortly")
				return
			}
			reason := auth.Reason("invalid")
			if te != nil {
				reason = te.Reason
			}
			s.rejected(rl, string(reason))
			s.challenge(w, r, http.StatusUnauthorized, "invalid_token", describeReason(reason))
			return
		}
		rl.subject = ti.UserID
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyTokenInfo, ti)))
	})
}

// rejected records why the bearer check refused a request: in the log
// line and, for the metrics, in the observer.
func (s *server) rejected(rl *requestLog, reason string) {
	rl.reason = reason
	if s.o.Observer != nil {
		s.o.Observer.AuthRejected(reason)
	}
}

// describeReason is the fixed, client-facing error_description for a
// rejection reason. It never includes anything taken from the token.
func describeReason(reason auth.Reason) string {
	switch reason {
	case auth.ReasonMalformed:
		return "the access token is not a well-formed signed JWT"
	case auth.ReasonBadSignature:
		return "the access token signature does not verify"
	case auth.ReasonUnknownKey:
		return "the access token is signed with an unknown key"
	case auth.ReasonExpired:
		return "the access token has expired"
	case auth.ReasonNotYetValid:
		return "the access token is not valid yet"
	case auth.ReasonMissingClaim:
		return "the access token lacks a required claim"
	case auth.ReasonWrongIssuer:
		return "the access token was issued by another authorization server"
	case auth.ReasonWrongProject:
		return "the access token was issued for another Appwrite project"
	case auth.ReasonWrongAudience:
		return "the access token was issued for another resource"
	default:
		return "the access token is invalid"
	}
}

// challenge answers status with a Bearer WWW-Authenticate challenge and a
// small JSON body. errCode may be empty (no credentials presented, RFC 6750
// §3.1). The scope parameter lists the advertised scopes that pass RFC 6749
// §3.3's character set and is left out when none do or discovery is down.
func (s *server) challenge(w http.ResponseWriter, r *http.Request, status int, errCode, description string) {
	_, metadataURL := s.resourceFor(r.URL.Path)
	params := []string{authParam("resource_metadata", metadataURL)}
	if errCode != "" {
		params = append(params, authParam("error", errCode), authParam("error_description", description))
	}
	if scopes := s.advertisedScopes(r.Context()); len(scopes) > 0 {
		params = append(params, authParam("scope", strings.Join(scopes, " ")))
	}
	w.Header().Set("WWW-Authenticate", "Bearer "+strings.Join(params, ", "))
	code := errCode
	if code == "" {
		code = "unauthorized"
	}
	writeError(w, status, code, description)
}

// authParam renders name="value", keeping only the characters RFC 6750 §3
// allows inside its quoted values (%x20-21 / %x23-5B / %x5D-7E), so nothing
// can break out of the quotes or the header line.
func authParam(name, value string) string {
	var b strings.Builder
	b.WriteString(name + `="`)
	for i := 0; i < len(value); i++ {
		if c := value[i]; c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// advertisedScopes is the authorization server's current scope list,
// narrowed to MCP_OAUTH_SCOPES when that leaves anything, with every entry
// that is not a valid RFC 6749 scope token dropped. Nil when discovery has
// never loaded (or does not answer within MetadataWait).
func (s *server) advertisedScopes(ctx context.Context) []string {
	ctx, cancel := context.WithTimeout(ctx, s.o.MetadataWait)
	defer cancel()
	md, err := s.o.Verifier.Metadata(ctx)
	if err != nil || md == nil {
		return nil
	}
	return filterScopes(md.ScopesSupported, s.o.Config.OAuthScopes)
}

func filterScopes(supported, wanted []string) []string {
	valid := make([]string, 0, len(supported))
	for _, sc := range supported {
		if config.ValidScopeToken(sc) && !slices.Contains(valid, sc) {
			valid = append(valid, sc)
		}
	}
	if len(wanted) == 0 {
		return valid
	}
	var narrowed []string
	for _, sc := range valid {
		if slices.Contains(wanted, sc) {
			narrowed = append(narrowed, sc)
		}
	}
	if len(narrowed) == 0 {
		return valid
	}
	return narrowed
}

// isAlnum reports whether b is an ASCII letter or digit.
func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
