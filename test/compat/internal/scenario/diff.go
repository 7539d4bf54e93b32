package scenario

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Difference is one field where two JSON documents disagree.
type Difference struct {
	Path  string
	Left  interface{}
	Right interface{}
}

// Diff compares two decoded JSON values field by field. Each object key
// present on either side is compared; ignore lists keys skipped anywhere.
func Diff(path string, a, b interface{}, ignore map[string]bool) []Difference {
	am, aok := a.(map[string]interface{})
	bm, bok := b.(map[string]interface{})
	if aok && bok {
		var out []Difference
		for _, k := range unionKeys(am, bm) {
			if ignore[k] {
				continue
			}
			out = append(out, Diff(path+"."+k, am[k], bm[k], ignore)...)
		}
		return out
	}
	al, aok := a.([]interface{})
	bl, bok := b.([]interface{})
	if aok && bok && len(al) == len(bl) {
		var out []Difference
		for i := range al {
			out = append(out, Diff(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], ignore)...)
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []Difference{{path, a, b}}
}

func unionKeys(a, b map[string]interface{}) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]interface{}{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// MaskIDs rewrites a document so that two servers' answers can be compared
// "ids aside": every 32-hex id becomes <id>, lists are sorted by their
// masked content (id order differs between servers), and the fields that
// follow node-id order (mount device host, backup-volfile-servers) are
// made order-free.
func MaskIDs(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, x := range t {
			out[k] = MaskIDs(x)
		}
		maskMount(out)
		return out
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, x := range t {
			out[i] = MaskIDs(x)
		}
		sort.Slice(out, func(i, j int) bool { return canon(out[i]) < canon(out[j]) })
		return out
	case string:
		return idPattern.ReplaceAllString(t, "<id>")
	}
	return v
}

func maskMount(m map[string]interface{}) {
	if dev, ok := m["device"].(string); ok {
		if i := strings.Index(dev, ":"); i >= 0 && m["hosts"] != nil {
			m["device"] = "<host>" + dev[i:]
		}
	}
	opts, ok := m["options"].(map[string]interface{})
	if !ok {
		return
	}
	if s, ok := opts["backup-volfile-servers"].(string); ok {
		opts["backup-volfile-servers"] = fmt.Sprintf("<%d hosts>", len(strings.Split(s, ",")))
	}
}

func canon(v interface{}) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func show(v interface{}) string {
	if v == nil {
		return "(absent)"
	}
	return canon(v)
}
