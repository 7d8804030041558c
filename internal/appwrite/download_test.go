package appwrite

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCheckPublicAddr(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"127.1.2.3", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"169.254.1.1", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"255.255.255.255", false},
		{"224.0.0.1", false},
		{"::1", false},
		{"::", false},
		{"fc00::1", false},
		{"fd00:ec2::254", false}, // AWS IPv6 metadata
		{"fe80::1", false},
		{"ff02::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"2002:a00:1::", false},   // 6to4 of 10.0.0.1
	}
	for _, tt := range tests {
		err := CheckPublicAddr(netip.MustParseAddr(tt.addr))
		if (err == nil) != tt.ok {
			t.Errorf("CheckPublicAddr(%s) = %v, want ok=%v", tt.addr, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("error %v does not wrap ErrForbiddenAddress", err)
		}
	}
}

// hit counts requests that reached a test server.
type hit struct{ n atomic.Int32 }

func (h *hit) wrap(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { h.n.Add(1); next(w, r) }
}

func downloadSession(t *testing.T, o DownloadOptions, maxUpload int64) *Session {
	t.Helper()
	f := NewFactory(Options{Endpoint: "https://cloud.appwrite.io/v1", MaxUploadBytes: maxUpload, Download: o})
	t.Cleanup(f.CloseIdleConnections)
	return f.NewSession("tok", Target{})
}

// TestDownloadGuardRefuses: with production settings every non-public
// destination is refused at dial time, before any byte is sent.
func TestDownloadGuardRefuses(t *testing.T) {
	var h hit
	srv := httptest.NewTLSServer(h.wrap(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("secret")) }))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	port := u.Port()
	s := downloadSession(t, DownloadOptions{RootCAs: poolOf(srv)}, 1<<20)
	tests := []string{
		"https://127.0.0.1:" + port + "/a",
		"https://localhost:" + port + "/a", // a DNS name resolving to loopback
		"https://[::1]:" + port + "/a",
		"https://10.0.0.1/a",
		"https://192.168.0.10/a",
		"https://169.254.169.254/latest/meta-data/",
		"https://[fc00::1]/a",
		"https://[fe80::1]/a",
		"https://0.0.0.0:" + port + "/a",
		"https://[::ffff:127.0.0.1]:" + port + "/a",
	}
	for _, raw := range tests {
		t.Run(raw, func(t *testing.T) {
			_, done, err := s.PrepareFile(context.Background(), FileInput{URL: raw})
			done()
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrForbiddenAddress) {
				t.Fatalf("err = %v, want *FileError wrapping ErrForbiddenAddress", err)
			}
		})
	}
	if n := h.n.Load(); n != 0 {
		t.Fatalf("%d request(s) reached the loopback server", n)
	}
}

func TestDownloadURLRules(t *testing.T) {
	s := downloadSession(t, DownloadOptions{}, 1<<20)
	for _, raw := range []string{"http://example.com/a", "file:///etc/passwd", "ftp://example.com/a", "https://user:pw@example.com/a", "/etc/passwd", "https:///nohost"} {
		_, done, err := s.PrepareFile(context.Background(), FileInput{URL: raw})
		done()
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("URL %q: err = %v, want *FileError", raw, err)
		}
	}
}

// TestDownloadRedirects: a redirect (from an allowed test server) to a
// private address or to http is refused; too many redirects are refused.
func TestDownloadRedirects(t *testing.T) {
	var target hit
	private := httptest.NewTLSServer(target.wrap(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("internal")) }))
	t.Cleanup(private.Close)
	var redirector *httptest.Server
	redirector = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-private":
			http.Redirect(w, r, private.URL+"/x", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "https://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-http":
			http.Redirect(w, r, "http://example.com/x", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, redirector.URL+"/loop", http.StatusFound)
		case "/ok":
			http.Redirect(w, r, redirector.URL+"/file.txt", http.StatusFound)
		default:
			_, _ = w.Write([]byte("public content"))
		}
	}))
	t.Cleanup(redirector.Close)
	allowed := netip.MustParseAddrPort(strings.TrimPrefix(redirector.URL, "https://"))
	pool := poolOf(redirector)
	pool.AddCert(private.Certificate())
	s := downloadSession(t, DownloadOptions{
		RootCAs:   pool,
		AllowDial: func(ap netip.AddrPort) bool { return ap == allowed }, // only the redirector
	}, 1<<20)
	for _, p := range []string{"/to-private", "/to-metadata", "/to-http", "/loop"} {
		_, done, err := s.PrepareFile(context.Background(), FileInput{URL: redirector.URL + p})
		done()
		if err == nil {
			t.Errorf("%s: download succeeded", p)
		}
	}
	if n := target.n.Load(); n != 0 {
		t.Fatalf("redirect reached the private server %d time(s)", n)
	}
	in, done, err := s.PrepareFile(context.Background(), FileInput{URL: redirector.URL + "/ok"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(in.Path)
	if err != nil || string(b) != "public content" || in.Name != "file.txt" {
		t.Fatalf("downloaded %q as %q: %v", b, in.Name, err)
	}
	done()
	if _, err := os.Stat(in.Path); !os.IsNotExist(err) {
		t.Fatal("cleanup left the temporary file")
	}
}

func TestDownloadSizeCap(t *testing.T) {
	body := strings.Repeat("z", 5000)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	allowed := netip.MustParseAddrPort(strings.TrimPrefix(srv.URL, "https://"))
	s := downloadSession(t, DownloadOptions{RootCAs: poolOf(srv), AllowDial: func(ap netip.AddrPort) bool { return ap == allowed }}, 4096)
	for _, p := range []string{"/sized", "/chunked"} {
		_, done, err := s.PrepareFile(context.Background(), FileInput{URL: srv.URL + p})
		done()
		if err == nil || !strings.Contains(err.Error(), "upload limit") {
			t.Errorf("%s: err = %v, want upload limit", p, err)
		}
	}
}

func TestPrepareFileInline(t *testing.T) {
	s := downloadSession(t, DownloadOptions{}, 16)
	enc := base64.StdEncoding.EncodeToString
	tests := []struct {
		name string
		in   FileInput
		want string // content, or "" for an error
	}{
		{"ok", FileInput{ContentBase64: enc([]byte("hello")), Filename: "a.txt"}, "hello"},
		{"raw std", FileInput{ContentBase64: "aGVsbG8", Filename: "a.txt"}, "hello"},
		{"data url", FileInput{ContentBase64: "data:text/plain;base64," + enc([]byte("hi")), Filename: "a.txt"}, "hi"},
		{"too big", FileInput{ContentBase64: enc([]byte(strings.Repeat("x", 17))), Filename: "a.txt"}, ""},
		{"huge encoded", FileInput{ContentBase64: strings.Repeat("A", 1<<20), Filename: "a.txt"}, ""},
		{"no name", FileInput{ContentBase64: enc([]byte("x"))}, ""},
		{"path name", FileInput{ContentBase64: enc([]byte("x")), Filename: "../../etc/passwd"}, ""},
		{"backslash name", FileInput{ContentBase64: enc([]byte("x")), Filename: `..\x`}, ""},
		{"control name", FileInput{ContentBase64: enc([]byte("x")), Filename: "a\nb"}, ""},
		{"both", FileInput{ContentBase64: enc([]byte("x")), Filename: "a", URL: "https://example.com/a"}, ""},
		{"neither", FileInput{Filename: "/etc/passwd"}, ""},
		{"bad base64", FileInput{ContentBase64: "!!", Filename: "a"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, done, err := s.PrepareFile(context.Background(), tt.in)
			defer done()
			if tt.want == "" {
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("err = %v, want *FileError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(in.Path)
			if err != nil || string(b) != tt.want {
				t.Fatalf("content %q, %v", b, err)
			}
			st, _ := os.Stat(in.Path)
			if st.Mode().Perm()&0o077 != 0 {
				t.Fatalf("temporary file mode %v is not private", st.Mode())
			}
		})
	}
}

// TestDownloadStreamsToDisk: a downloaded file goes to the staging file as
// it arrives; it is never held in memory whole (MCP_MAX_UPLOAD_BYTES may be
// up to 1 GiB, and calls run concurrently).
func TestDownloadStreamsToDisk(t *testing.T) {
	const size = 8 << 20
	chunk := []byte(strings.Repeat("d", 64<<10))
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for written := 0; written < size; written += len(chunk) {
			_, _ = w.Write(chunk)
		}
	}))
	t.Cleanup(srv.Close)
	allowed := netip.MustParseAddrPort(strings.TrimPrefix(srv.URL, "https://"))
	s := downloadSession(t, DownloadOptions{RootCAs: poolOf(srv), AllowDial: func(ap netip.AddrPort) bool { return ap == allowed }}, 2*size)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in, done, err := s.PrepareFile(context.Background(), FileInput{URL: srv.URL + "/big.bin"})
	runtime.ReadMemStats(&after)
	t.Cleanup(done)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(in.Path); err != nil || st.Size() != size {
		t.Fatalf("staged file: %v, %v; want %d bytes", st, err, size)
	}
	// Everything allocated meanwhile, by this test's client and server alike.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/2 {
		t.Errorf("downloading %d bytes allocated %d bytes: the body was buffered in memory", size, alloc)
	}
}
