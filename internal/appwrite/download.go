package appwrite

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/appwrite/sdk-for-go/file"
)

// DownloadOptions tune the downloading of file URLs. The zero value is the
// production setting: https only, public addresses only, 5 redirects.
type DownloadOptions struct {
	// MaxRedirects caps redirects (each re-checked); 5 when zero.
	MaxRedirects int
	// AllowDial, FOR TESTS ONLY, lets a test reach an address the guard
	// refuses (e.g. a loopback test server). nil in production.
	AllowDial func(netip.AddrPort) bool
	// AllowHTTP, FOR TESTS ONLY, permits http:// URLs.
	AllowHTTP bool
	// RootCAs, for tests, replaces the system roots (httptest TLS servers).
	RootCAs *x509.CertPool
}

// FileInput is a file argument: inline base64 content with a file name, or an
// https URL to download (Filename optional, else taken from the URL path).
type FileInput struct {
	ContentBase64 string
	Filename      string
	URL           string
}

// FileError says why a file argument was refused. Nothing was sent upstream.
type FileError struct {
	Problem string
	Err     error
}

// Error describes the refusal.
func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Problem + ": " + e.Err.Error()
	}
	return e.Problem
}

// Unwrap returns the underlying cause, if any.
func (e *FileError) Unwrap() error { return e.Err }

// ErrForbiddenAddress is wrapped by download errors when the guard refused
// to dial an address (not public).
var ErrForbiddenAddress = errors.New("address not allowed")

// PrepareFile turns a file argument into an SDK InputFile backed by a
// private temporary file (the SDK uploads by path). Content is bounded by
// Options.MaxUploadBytes; a downloaded file is streamed to disk, never held
// in memory whole. The returned cleanup removes the temporary file; call it
// after the upload. Errors are *FileError.
func (s *Session) PrepareFile(ctx context.Context, in FileInput) (file.InputFile, func(), error) {
	noop := func() {}
	limit := s.f.opts.MaxUploadBytes
	var inline []byte
	name := in.Filename
	switch {
	case in.ContentBase64 != "" && in.URL != "":
		return file.InputFile{}, noop, &FileError{Problem: "give either content_base64 or url, not both"}
	case in.ContentBase64 != "":
		if int64(len(in.ContentBase64)) > (limit+2)/3*4+4 {
			return file.InputFile{}, noop, &FileError{Problem: fmt.Sprintf("file larger than the upload limit of %d bytes", limit)}
		}
		d, err := decodeBase64(in.ContentBase64)
		if err != nil {
			return file.InputFile{}, noop, &FileError{Problem: "content_base64 is not valid base64", Err: err}
		}
		if int64(len(d)) > limit {
			return file.InputFile{}, noop, &FileError{Problem: fmt.Sprintf("file larger than the upload limit of %d bytes", limit)}
		}
		if name == "" {
			return file.InputFile{}, noop, &FileError{Problem: "filename is required with content_base64"}
		}
		inline = d
	case in.URL != "":
	default:
		return file.InputFile{}, noop, &FileError{Problem: "give content_base64 (with filename) or an https url; local file paths are not accepted"}
	}
	if name != "" {
		if err := checkFilename(name); err != nil {
			return file.InputFile{}, noop, err
		}
	}
	f, err := os.CreateTemp("", "appwrite-mcp-upload-*")
	if err != nil {
		return file.InputFile{}, noop, &FileError{Problem: "cannot stage upload", Err: err}
	}
	cleanup := func() { _ = os.Remove(f.Name()) }
	fail := func(err error) (file.InputFile, func(), error) {
		_ = f.Close()
		cleanup()
		return file.InputFile{}, noop, err
	}
	if in.URL != "" {
		fromURL, err := s.f.download(ctx, in.URL, limit, f)
		if err != nil {
			return fail(err)
		}
		if name == "" {
			name = fromURL
		}
	} else if _, err := f.Write(inline); err != nil {
		return fail(&FileError{Problem: "cannot stage upload", Err: err})
	}
	if err := f.Close(); err != nil {
		cleanup()
		return file.InputFile{}, noop, &FileError{Problem: "cannot stage upload", Err: err}
	}
	return file.NewInputFile(f.Name(), name), cleanup, nil
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if s, ok := strings.CutPrefix(s, "data:"); ok { // data URL: data:<mime>;base64,<content>
		if _, rest, found := strings.Cut(s, ";base64,"); found {
			return base64.StdEncoding.DecodeString(rest)
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if d, err := enc.DecodeString(s); err == nil {
			return d, nil
		}
	}
	_, err := base64.StdEncoding.DecodeString(s)
	return nil, err
}

// checkFilename accepts a plain file name: no directories, no control
// characters, at most 255 bytes.
func checkFilename(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return &FileError{Problem: "filename is missing or invalid"}
	case len(name) > 255:
		return &FileError{Problem: "filename longer than 255 bytes"}
	case strings.ContainsAny(name, `/\`):
		return &FileError{Problem: "filename must be a plain name, not a path (local files are not accepted)"}
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return &FileError{Problem: "filename contains control characters"}
		}
	}
	return nil
}

// newDownloader builds the SSRF-guarded client: no proxy (a proxy would
// dial for us, unchecked), every dialed address checked in the dialer's
// Control hook (after DNS resolution, so rebinding cannot slip through),
// redirects capped and re-checked, https only.
func newDownloader(timeout time.Duration, o DownloadOptions) *http.Client {
	maxRedirects := o.MaxRedirects
	if maxRedirects <= 0 {
		maxRedirects = 5
	}
	dialer := &net.Dialer{
		Timeout: 10 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			return checkDial(address, o.AllowDial)
		},
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          16,
			IdleConnTimeout:       30 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: timeout,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: o.RootCAs},
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return checkURL(req.URL, o.AllowHTTP)
		},
	}
}

func checkURL(u *url.URL, allowHTTP bool) error {
	switch {
	case u.Scheme != "https" && !(allowHTTP && u.Scheme == "http"):
		return fmt.Errorf("only https URLs are accepted, not %q", u.Scheme)
	case u.User != nil:
		return errors.New("URLs with credentials are not accepted")
	case u.Hostname() == "":
		return errors.New("URL has no host")
	}
	return nil
}

func checkDial(address string, allow func(netip.AddrPort) bool) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrForbiddenAddress, address)
	}
	if allow != nil && allow(ap) {
		return nil
	}
	if err := CheckPublicAddr(ap.Addr()); err != nil {
		return err
	}
	return nil
}

// nonPublic lists special-purpose ranges beyond what netip's predicates cover.
func nonPublic() []netip.Prefix {
	return []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
		netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
		netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
		netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 (may map to private IPv4)
		netip.MustParsePrefix("64:ff9b:1::/48"),  // local NAT64
		netip.MustParsePrefix("100::/64"),        // discard
		netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo, ORCHIDs…)
		netip.MustParsePrefix("2001:db8::/32"),   // documentation
		netip.MustParsePrefix("2002::/16"),       // 6to4 (may embed private IPv4)
		netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
	}
}

// CheckPublicAddr refuses addresses that are not public unicast: loopback,
// private (RFC 1918, fc00::/7), link-local (incl. 169.254.169.254 cloud
// metadata, fe80::/10), multicast, unspecified and special-purpose ranges.
// Errors wrap ErrForbiddenAddress.
func CheckPublicAddr(a netip.Addr) error {
	a = a.Unmap().WithZone("")
	bad := !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a.IsMulticast() ||
		a.IsUnspecified() || !a.IsGlobalUnicast()
	if !bad {
		for _, p := range nonPublic() {
			if p.Contains(a) {
				bad = true
				break
			}
		}
	}
	if bad {
		return fmt.Errorf("%w: %s is not a public address", ErrForbiddenAddress, a)
	}
	return nil
}

// download fetches raw (https) through the guarded client into w, at most
// limit bytes, and returns a file name from the final URL's path.
func (f *Factory) download(ctx context.Context, raw string, limit int64, w io.Writer) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", &FileError{Problem: "url is not a valid URL", Err: err}
	}
	if err := checkURL(u, f.opts.Download.AllowHTTP); err != nil {
		return "", &FileError{Problem: "url refused", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", &FileError{Problem: "url refused", Err: err}
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	resp, err := f.downloader.Do(req)
	if err != nil {
		return "", &FileError{Problem: "download failed", Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", &FileError{Problem: fmt.Sprintf("download failed: HTTP %d", resp.StatusCode)}
	}
	tooLarge := &FileError{Problem: fmt.Sprintf("file larger than the upload limit of %d bytes", limit)}
	if resp.ContentLength > limit {
		return "", tooLarge
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return "", &FileError{Problem: "download failed", Err: err}
	}
	if n > limit {
		return "", tooLarge
	}
	name := path.Base(resp.Request.URL.Path)
	if name == "/" || name == "." || name == "" || checkFilename(name) != nil {
		name = "download"
	}
	return name, nil
}
