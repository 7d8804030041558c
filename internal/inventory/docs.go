package inventory

import (
	"encoding/json"
	"sort"
	"strings"
)

// maxFields bounds the fields shown of an account, organization or project.
const maxFields = 14

// isSecretKey reports field names whose values must never be shown.
func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"password", "secret", "key", "token", "cookie", "session", "hash"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// compactDoc keeps a document's non-secret scalar fields, most useful first.
func compactDoc(doc map[string]any) map[string]any {
	keys := make([]string, 0, len(doc))
	for k, v := range doc {
		if isSecretKey(k) {
			continue
		}
		switch x := v.(type) {
		case string:
			if x == "" {
				continue
			}
		case float64, bool, json.Number:
		default:
			continue
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := fieldRank(keys[i]), fieldRank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	if len(keys) > maxFields {
		keys = keys[:maxFields]
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = doc[k]
	}
	return out
}

func fieldRank(k string) int {
	n := strings.ToLower(strings.TrimPrefix(k, "$"))
	switch {
	case n == "id" || n == "name" || n == "email" || n == "region" || n == "status" || n == "total":
		return 0
	case strings.HasSuffix(n, "id"):
		return 1
	case n == "createdat" || n == "updatedat" || n == "accessedat":
		return 2
	}
	return 3
}

func docs(m map[string]any, key string) []map[string]any {
	list, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		if d, ok := v.(map[string]any); ok {
			out = append(out, d)
		}
	}
	return out
}

func docID(d map[string]any) string {
	id, _ := d["$id"].(string)
	return id
}
