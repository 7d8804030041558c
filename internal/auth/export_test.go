package auth

// SignatureChecks counts the RSA signature verifications v has made.
func SignatureChecks(v *Verifier) int64 { return v.signatureChecks.Load() }

// CachedTokens is the number of verified tokens in v's cache.
func CachedTokens(v *Verifier) int {
	if v.cache == nil {
		return 0
	}
	return v.cache.ok.Len()
}

// CachedRejections is the number of rejections in v's cache.
func CachedRejections(v *Verifier) int {
	if v.cache == nil {
		return 0
	}
	return v.cache.fail.Len()
}
