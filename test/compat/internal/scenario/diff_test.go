package scenario

import (
	"encoding/json"
	"testing"
)

func decode(t *testing.T, s string) interface{} {
	t.Helper()
	var v interface{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDiffReportsEachDifferingField(t *testing.T) {
	a := decode(t, `{"size":2,"name":"x","mount":{"hosts":["a"]},"only_left":1}`)
	b := decode(t, `{"size":3,"name":"x","mount":{"hosts":["b"]}}`)
	got := Diff("v", a, b, nil)
	want := []string{"v.mount.hosts[0]", "v.only_left", "v.size"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, d := range got {
		if d.Path != want[i] {
			t.Errorf("difference %d: path %s, want %s", i, d.Path, want[i])
		}
	}
}

func TestDiffHonoursIgnoredKeys(t *testing.T) {
	a := decode(t, `{"id":"1","size":2}`)
	b := decode(t, `{"id":"2","size":2}`)
	if d := Diff("v", a, b, map[string]bool{"id": true}); len(d) != 0 {
		t.Fatalf("unexpected differences %v", d)
	}
}

func TestMaskIDsMakesIdOrderIrrelevant(t *testing.T) {
	a := decode(t, `{"nodes":["00000000000000000000000000000001","00000000000000000000000000000002"],
		"bricks":[{"id":"0000000000000000000000000000000a","size":1},{"id":"0000000000000000000000000000000b","size":2}],
		"mount":{"glusterfs":{"hosts":["h1","h2"],"device":"h1:vol_00000000000000000000000000000001",
		"options":{"backup-volfile-servers":"h2"}}}}`)
	b := decode(t, `{"nodes":["ffffffffffffffffffffffffffffffff","eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"],
		"bricks":[{"id":"cccccccccccccccccccccccccccccccc","size":2},{"id":"dddddddddddddddddddddddddddddddd","size":1}],
		"mount":{"glusterfs":{"hosts":["h2","h1"],"device":"h2:vol_ffffffffffffffffffffffffffffffff",
		"options":{"backup-volfile-servers":"h1"}}}}`)
	if d := Diff("v", MaskIDs(a), MaskIDs(b), nil); len(d) != 0 {
		t.Fatalf("unexpected differences %v", d)
	}
}

func TestMaskIDsKeepsRealDifferences(t *testing.T) {
	a := decode(t, `{"bricks":[{"id":"0000000000000000000000000000000a","size":1}]}`)
	b := decode(t, `{"bricks":[{"id":"0000000000000000000000000000000a","size":2}]}`)
	if d := Diff("v", MaskIDs(a), MaskIDs(b), nil); len(d) != 1 {
		t.Fatalf("want one difference, got %v", d)
	}
}
