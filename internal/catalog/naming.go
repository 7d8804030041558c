package catalog

import (
	"strings"
	"unicode"
)

// SnakeKey normalises an argument key: a leading "$" is dropped, camelCase
// and PascalCase become snake_case (acronyms stay one word: userID → user_id),
// dashes, dots and spaces become underscores, everything is lower case.
func SnakeKey(key string) string {
	key = strings.TrimLeft(key, "$")
	runes := []rune(key)
	var b strings.Builder
	b.Grow(len(key) + 4)
	for i, r := range runes {
		switch {
		case r == '-' || r == ' ' || r == '.' || r == '_':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		case unicode.IsUpper(r):
			if i > 0 && b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				prev := runes[i-1]
				nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Trim(b.String(), "_")
}
