package appwrite

import (
	"crypto/x509"
	"net/http/httptest"
)

func poolOf(srv *httptest.Server) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(srv.Certificate())
	return p
}
