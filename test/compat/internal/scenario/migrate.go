package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	jwt "github.com/golang-jwt/jwt"
	"github.com/heketi/heketi/v10/pkg/glusterfs/api"
)

// RunSeed builds, through Heketi's Go client, a state worth migrating:
// two clusters, tags, every durability, options, gid, snapshot, an
// expanded volume, a block-hosting volume with a block volume, and a
// device taken offline.
func RunSeed(e *Env) {
	s := e.Suite
	small, ok := e.NewCluster(7, 3, 2)
	if !ok {
		return
	}
	big, ok := e.NewCluster(8, 6, 1)
	if !ok {
		return
	}
	seedTags(e, small)
	seedVolumes(e, small, big)
	bhv, err := e.C.VolumeCreate(&api.VolumeCreateRequest{Size: 20, Clusters: []string{small}, Block: true,
		Durability: api.VolumeDurabilityInfo{Type: api.DurabilityReplicate, Replicate: api.ReplicaDurability{Replica: 3}}})
	if s.Call("seed: block-hosting VolumeCreate", err) {
		_, err = e.C.BlockVolumeCreate(&api.BlockVolumeCreateRequest{Size: 3, Clusters: []string{small}, Hacount: 3, Auth: true})
		s.Call("seed: BlockVolumeCreate in "+bhv.Name, err)
	}
}

func seedTags(e *Env, clusterID string) {
	cl, err := e.C.ClusterInfo(clusterID)
	if !e.Suite.Call("seed: ClusterInfo", err) {
		return
	}
	err = e.C.NodeSetTags(cl.Nodes[0], &api.TagsChangeRequest{Tags: map[string]string{"rack": "r1"}, Change: api.SetTags})
	e.Suite.Call("seed: NodeSetTags", err)
	node, err := e.C.NodeInfo(cl.Nodes[1])
	if !e.Suite.Call("seed: NodeInfo", err) {
		return
	}
	dev := node.DevicesInfo[0].Id
	err = e.C.DeviceSetTags(dev, &api.TagsChangeRequest{Tags: map[string]string{"disk": "ssd"}, Change: api.SetTags})
	e.Suite.Call("seed: DeviceSetTags", err)
	e.Suite.Call("seed: DeviceState offline", e.C.DeviceState(node.DevicesInfo[1].Id, &api.StateRequest{State: api.EntryStateOffline}))
}

func seedVolumes(e *Env, small, big string) {
	reqs := []*api.VolumeCreateRequest{
		{Size: 5, Clusters: []string{small}, Gid: 2001, GlusterVolumeOptions: []string{"performance.readdir-ahead on"},
			Durability: api.VolumeDurabilityInfo{Type: api.DurabilityReplicate, Replicate: api.ReplicaDurability{Replica: 3}}},
		{Size: 3, Clusters: []string{small}, Name: "named_volume", Durability: api.VolumeDurabilityInfo{Type: api.DurabilityReplicate}},
		{Size: 2, Clusters: []string{small}, Durability: api.VolumeDurabilityInfo{Type: api.DurabilityDistributeOnly}},
		{Size: 8, Clusters: []string{big}, Durability: api.VolumeDurabilityInfo{Type: api.DurabilityEC,
			Disperse: api.DisperseDurability{Data: 4, Redundancy: 2}}},
	}
	reqs[0].Snapshot.Enable, reqs[0].Snapshot.Factor = true, 1.5
	for i, r := range reqs {
		vol, err := e.C.VolumeCreate(r)
		if !e.Suite.Call(fmt.Sprintf("seed: VolumeCreate #%d", i), err) {
			continue
		}
		if i == 0 {
			_, err = e.C.VolumeExpand(vol.Id, &api.VolumeExpandRequest{Size: 2})
			e.Suite.Call("seed: VolumeExpand", err)
		}
	}
}

// RunCompare reads every cluster, node, device, volume and block volume
// from the reference server (Heketi) and from the other one, and compares
// the answers field by field.
func RunCompare(e *Env, other Target, leftName, rightName string) {
	left := rawGetter{e.Target}
	right := rawGetter{other}
	paths := []string{"/clusters", "/volumes", "/blockvolumes"}
	for i := 0; i < len(paths); i++ {
		doc, ok := comparePath(e, left, right, paths[i], leftName, rightName)
		if ok {
			paths = append(paths, childPaths(paths[i], doc)...)
		}
	}
}

// childPaths lists the entities a response names, to be compared next.
func childPaths(path string, doc interface{}) []string {
	var out []string
	add := func(prefix string, ids interface{}) {
		for _, id := range list(ids) {
			out = append(out, prefix+fmt.Sprint(id))
		}
	}
	switch {
	case path == "/clusters":
		add("/clusters/", get(doc, "clusters"))
	case path == "/volumes":
		add("/volumes/", get(doc, "volumes"))
	case path == "/blockvolumes":
		add("/blockvolumes/", get(doc, "blockvolumes"))
	case strings.HasPrefix(path, "/clusters/"):
		add("/nodes/", get(doc, "nodes"))
	case strings.HasPrefix(path, "/nodes/"):
		for _, d := range list(get(doc, "devices")) {
			out = append(out, "/devices/"+fmt.Sprint(get(d, "id")))
		}
	}
	return out
}

func comparePath(e *Env, left, right rawGetter, path, leftName, rightName string) (interface{}, bool) {
	e.Suite.CountEntity()
	ls, lb, err := left.get(path)
	if err != nil {
		e.Suite.Fail("GET "+path+" on "+leftName, "an answer", err.Error())
		return nil, false
	}
	rs, rb, err := right.get(path)
	if err != nil {
		e.Suite.Fail("GET "+path+" on "+rightName, "an answer", err.Error())
		return nil, false
	}
	if !e.Suite.Equal("GET "+path+" status", ls, rs) {
		return nil, false
	}
	var lv, rv interface{}
	if json.Unmarshal(lb, &lv) != nil || json.Unmarshal(rb, &rv) != nil {
		e.Suite.Equal("GET "+path+" body", string(lb), string(rb))
		return nil, false
	}
	for _, d := range Diff(path, lv, rv, nil) {
		e.Suite.FailOnly("GET "+d.Path, leftName+" answered "+show(d.Left), rightName+" answered "+show(d.Right))
	}
	return lv, true
}

// rawGetter sends a GET signed as Heketi's client signs it and returns
// the raw body, so fields unknown to the Go types are compared too.
type rawGetter struct{ t Target }

func (g rawGetter) get(path string) (int, []byte, error) {
	req, err := http.NewRequest("GET", g.t.URL+path, nil)
	if err != nil {
		return 0, nil, err
	}
	sum := sha256.Sum256([]byte("GET&" + path))
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": g.t.User, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "qsh": hex.EncodeToString(sum[:]),
	}).SignedString([]byte(g.t.Key))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}
