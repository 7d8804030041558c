package appwrite

// ValidID reports whether s is an Appwrite ID: 1 to 36 characters from
// a-z, A-Z, 0-9, '.', '_' and '-', the first a letter or digit. This is the
// one ID rule of the server: configuration (APPWRITE_PROJECT_ID), issuer
// checks, tool targets and URL path values all use it.
func ValidID(s string) bool { return idRule().check("id", s) == nil }
