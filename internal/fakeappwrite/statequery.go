package fakeappwrite

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Appwrite's list bounds.
const (
	defaultListLimit = 25
	maxListLimit     = 5000
	maxQueries       = 100
)

// listQuery is what a list request asks for: Appwrite's queries[] (JSON
// strings as the SDKs send them), the search parameter and total=false.
type listQuery struct {
	limit        int
	offset       int
	cursor       string
	cursorBefore bool
	filters      []queryFilter
	orders       []queryOrder
	search       string
	noTotal      bool
}

type queryFilter struct {
	attribute string
	values    []any
	negate    bool // notEqual
}

type queryOrder struct {
	attribute string
	desc      bool
}

// sdkQuery is one query as the SDKs encode it.
type sdkQuery struct {
	Method    string `json:"method"`
	Attribute string `json:"attribute"`
	Values    []any  `json:"values"`
}

// parseListQuery reads the list parameters of q. Unknown query methods are
// ignored, like the select() and search-type queries the fake does not
// model; a query that is not JSON or has a bad value is refused. Without a
// limit query, at most defaultLimit documents are listed.
func parseListQuery(q url.Values, defaultLimit int) (listQuery, *apiError) {
	lq := listQuery{limit: defaultLimit, search: q.Get("search"), noTotal: q.Get("total") == "false"}
	raw := queryStrings(q)
	if len(raw) > maxQueries {
		return lq, queryInvalid(fmt.Sprintf("at most %d queries are allowed", maxQueries))
	}
	for _, s := range raw {
		var sq sdkQuery
		if err := json.Unmarshal([]byte(s), &sq); err != nil {
			return lq, queryInvalid("Syntax error")
		}
		if err := lq.add(sq); err != nil {
			return lq, err
		}
	}
	return lq, nil
}

// queryStrings collects queries[] and queries[0], queries[1] … in order.
func queryStrings(q url.Values) []string {
	out := append([]string(nil), q["queries[]"]...)
	var indexed []int
	for k := range q {
		if n, ok := strings.CutPrefix(k, "queries["); ok {
			if i, err := strconv.Atoi(strings.TrimSuffix(n, "]")); err == nil && strings.HasSuffix(n, "]") {
				indexed = append(indexed, i)
			}
		}
	}
	slices.Sort(indexed)
	for _, i := range indexed {
		out = append(out, q["queries["+strconv.Itoa(i)+"]"]...)
	}
	return out
}

func (lq *listQuery) add(sq sdkQuery) *apiError {
	switch sq.Method {
	case "limit", "offset":
		n, ok := firstInt(sq.Values)
		if !ok || n < 0 || (sq.Method == "limit" && n > maxListLimit) {
			return queryInvalid(fmt.Sprintf("Invalid %s: Value must be a valid range between 0 and %d", sq.Method, maxListLimit))
		}
		if sq.Method == "limit" {
			lq.limit = n
		} else {
			lq.offset = n
		}
	case "cursorAfter", "cursorBefore":
		id, ok := firstString(sq.Values)
		if !ok || id == "" {
			return queryInvalid("Invalid cursor: a document ID is required")
		}
		lq.cursor, lq.cursorBefore = id, sq.Method == "cursorBefore"
	case "equal", "notEqual":
		if sq.Attribute == "" {
			return queryInvalid(sq.Method + " needs an attribute")
		}
		lq.filters = append(lq.filters, queryFilter{attribute: sq.Attribute, values: sq.Values, negate: sq.Method == "notEqual"})
	case "orderAsc", "orderDesc":
		lq.orders = append(lq.orders, queryOrder{attribute: cmp.Or(sq.Attribute, "$sequence"), desc: sq.Method == "orderDesc"})
	}
	return nil
}

func firstInt(values []any) (int, bool) {
	if len(values) == 0 {
		return 0, false
	}
	f, ok := values[0].(float64)
	if !ok || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}

func firstString(values []any) (string, bool) {
	if len(values) == 0 {
		return "", false
	}
	s, ok := values[0].(string)
	return s, ok
}

func queryInvalid(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "general_query_invalid", msg: "Invalid query: " + msg}
}

// apply filters, orders and pages docs (in creation order). total counts
// every match, ignoring cursor, offset and limit.
func (lq listQuery) apply(docs []Document) (page []Document, total int, err *apiError) {
	sorted := slices.Clone(docs)
	if len(lq.orders) > 0 {
		slices.SortStableFunc(sorted, lq.compare)
	}
	from, to := 0, len(sorted)
	if lq.cursor != "" {
		at := slices.IndexFunc(sorted, func(d Document) bool { return d["$id"] == lq.cursor })
		if at < 0 {
			return nil, 0, &apiError{
				status: http.StatusBadRequest, typ: "general_cursor_not_found",
				msg: fmt.Sprintf("Document '%s' for the 'cursor' value not found.", truncate(lq.cursor, 64)),
			}
		}
		if lq.cursorBefore {
			to = at
		} else {
			from = at + 1
		}
	}
	for i, d := range sorted {
		if !lq.matches(d) {
			continue
		}
		total++
		if i >= from && i < to {
			page = append(page, d)
		}
	}
	page = lq.window(page)
	if lq.noTotal {
		total = 0
	}
	return page, total, nil
}

// window applies offset and limit; before a cursor it keeps the documents
// nearest the cursor.
func (lq listQuery) window(page []Document) []Document {
	if lq.offset >= len(page) {
		return []Document{}
	}
	if lq.cursorBefore {
		page = page[:len(page)-lq.offset]
		return page[max(0, len(page)-lq.limit):]
	}
	page = page[lq.offset:]
	return page[:min(len(page), lq.limit)]
}

func (lq listQuery) matches(d Document) bool {
	for _, f := range lq.filters {
		if anyEqual(d[f.attribute], f.values) == f.negate {
			return false
		}
	}
	return lq.search == "" || containsText(d, lq.search)
}

// anyEqual reports whether v (or, for an array, one of its elements) equals
// one of values.
func anyEqual(v any, values []any) bool {
	candidates := []any{v}
	if arr, ok := v.([]any); ok {
		candidates = arr
	}
	for _, c := range candidates {
		for _, want := range values {
			if reflect.DeepEqual(c, want) {
				return true
			}
		}
	}
	return false
}

func containsText(d Document, search string) bool {
	needle := strings.ToLower(search)
	for _, v := range d {
		if s, ok := v.(string); ok && strings.Contains(strings.ToLower(s), needle) {
			return true
		}
	}
	return false
}

func (lq listQuery) compare(a, b Document) int {
	for _, o := range lq.orders {
		c := compareValues(a[o.attribute], b[o.attribute])
		if o.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compareValues orders numbers and strings; a missing value sorts first.
func compareValues(a, b any) int {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			return cmp.Compare(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case nil:
		if b == nil {
			return 0
		}
		return -1
	}
	if b == nil {
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
