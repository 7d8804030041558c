// Package topk keeps the first n items of a stream in order, without
// sorting the whole stream: search keeps its best tools this way, and
// learning its nearest tasks.
package topk

import "slices"

// Insert adds x to top, which is kept sorted by before and at most n
// long, and returns the new slice; x is dropped when n items already come
// before it.
func Insert[T any](top []T, x T, n int, before func(a, b T) bool) []T {
	if n <= 0 || (len(top) >= n && !before(x, top[n-1])) {
		return top
	}
	i := len(top)
	for i > 0 && before(x, top[i-1]) {
		i--
	}
	top = slices.Insert(top, i, x)
	if len(top) > n {
		top = top[:n]
	}
	return top
}
