// Package taught is what the tasks (both halves) of
// internal/toolsearch/lexicon/tasks.tsv teach search, learned at
// generation time: go generate ./internal/toolsearch writes the model's
// arrays (learned.Arrays) as Go data in zz_generated_taught.go. The
// linker lays that data out in the binary, so a process starts with the
// model built; it reads pages of it only as searches touch them.
package taught

import "github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"

// Model is the model of the tasks. Only the arrays' shape is
// checked here (learned.FromArrays): the generator checked every number
// before it wrote them, and so does a test of these compiled arrays, so a
// process reads only the pages of the model its searches touch.
func Model() (*learned.Model, error) {
	return learned.FromArrays(arrays)
}
