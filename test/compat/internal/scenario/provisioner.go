package scenario

import (
	"fmt"
	"net"
	"strings"

	client "github.com/heketi/heketi/v10/client/api/go-client"
	"github.com/heketi/heketi/v10/pkg/glusterfs/api"
)

// volumeType is one StorageClass "volumetype" form as the in-tree
// provisioner turns it into a durability request.
type volumeType struct {
	param       string
	durability  api.VolumeDurabilityInfo
	brickFactor int // bricks per set the server must lay out
}

var provisionerVolumeTypes = []volumeType{
	{"replicate:3", api.VolumeDurabilityInfo{Type: api.DurabilityReplicate, Replicate: api.ReplicaDurability{Replica: 3}}, 3},
	// replica 0 is Heketi's default (2) but the request is echoed as replicate:{}.
	{"replicate:0", api.VolumeDurabilityInfo{Type: api.DurabilityReplicate}, 2},
	{"disperse:4:2", api.VolumeDurabilityInfo{Type: api.DurabilityEC, Disperse: api.DisperseDurability{Data: 4, Redundancy: 2}}, 6},
	{"none", api.VolumeDurabilityInfo{Type: api.DurabilityDistributeOnly}, 1},
}

// provisionerOptions is a volumeoptions value split on "," without trimming,
// exactly as the provisioner sends it (note the leading space).
var provisionerOptions = []string{"group metadata-cache", " nl-cache on"}

// client returns a fresh client, as the provisioner builds one per call.
func (e *Env) freshClient() *client.Client {
	o := client.DefaultClientOptions()
	o.RetryMinDelay, o.RetryMaxDelay = 1, 2
	return e.Wire.NewClient(e.Target.URL, e.Target.User, e.Target.Key, o)
}

// RunProvisioner replays the kubernetes.io/glusterfs provisioner call by call.
func RunProvisioner(e *Env) {
	clusterID, ok := e.NewCluster(5, 6, 2)
	if !ok {
		return
	}
	defer e.TearDown(clusterID)
	list, err := e.freshClient().ClusterList()
	if e.Suite.Call("ClusterList", err) {
		e.Suite.True("ClusterList has the cluster", contains(list.Clusters, clusterID), clusterID, list.Clusters)
	}
	for i, vt := range provisionerVolumeTypes {
		vol := provision(e, clusterID, vt, 2000+i, i%2 == 0)
		if vol == nil {
			continue
		}
		expand(e, vol)
		deleteVolume(e, vol.Id)
	}
	_, err = e.freshClient().VolumeInfo(strings.Repeat("ab", 16))
	if e.Suite.CallFails("VolumeInfo of an unknown volume", err) {
		e.Suite.Equal("unknown volume error text", "Id not found", strings.TrimSpace(err.Error()))
	}
}

func provisionRequest(clusterID string, vt volumeType, gid int, prefixed bool) *api.VolumeCreateRequest {
	req := &api.VolumeCreateRequest{Size: 1, Clusters: []string{clusterID}, Gid: int64(gid)}
	req.Durability = vt.durability
	req.GlusterVolumeOptions = provisionerOptions
	req.Snapshot.Enable = true
	req.Snapshot.Factor = 1.5
	if prefixed {
		req.Name = fmt.Sprintf("kube_default_claim%d_%s", gid, "3c8a1f0e-8f7a-4c4e-9b1a-5d2c0e7f6a1b")
		req.Name = strings.ReplaceAll(req.Name, "-", "")
	}
	if vt.durability.Type == api.DurabilityEC {
		req.Size = 4 // a disperse volume is at least data × 1 GiB
	}
	return req
}

func provision(e *Env, clusterID string, vt volumeType, gid int, prefixed bool) *api.VolumeInfoResponse {
	s := e.Suite
	req := provisionRequest(clusterID, vt, gid, prefixed)
	what := "provision volumetype=" + vt.param
	vol, err := e.freshClient().VolumeCreate(req)
	if !s.Call(what, err) {
		return nil
	}
	s.Equal(what+": size", req.Size, vol.Size)
	s.Equal(what+": cluster", clusterID, vol.Cluster)
	s.Equal(what+": gid", req.Gid, vol.Gid)
	s.Equal(what+": durability echoed", vt.durability, vol.Durability)
	s.Equal(what+": snapshot", req.Snapshot, vol.Snapshot)
	if prefixed {
		s.Equal(what+": name", req.Name, vol.Name)
	} else {
		s.Equal(what+": name", "vol_"+vol.Id, vol.Name)
	}
	s.True(what+": bricks form whole sets", len(vol.Bricks) > 0 && len(vol.Bricks)%vt.brickFactor == 0,
		fmt.Sprintf("a multiple of %d bricks", vt.brickFactor), len(vol.Bricks))
	checkOptions(e, what, vol.GlusterVolumeOptions)
	checkMount(e, what, vol)
	checkEndpoints(e, what, vol.Cluster)
	return vol
}

// checkOptions accepts the provisioner's items verbatim or trimmed.
func checkOptions(e *Env, what string, got []string) {
	trimmed := map[string]bool{}
	for _, o := range got {
		trimmed[strings.TrimSpace(o)] = true
	}
	for _, want := range provisionerOptions {
		e.Suite.True(what+": option "+want, trimmed[strings.TrimSpace(want)], "options containing "+want, got)
	}
}

func checkMount(e *Env, what string, vol *api.VolumeInfoResponse) {
	m := vol.Mount.GlusterFS
	if !e.Suite.True(what+": mount hosts", len(m.Hosts) > 0, "at least one host", m.Hosts) {
		return
	}
	e.Suite.Equal(what+": mount device", m.Hosts[0]+":"+vol.Name, m.MountPoint)
	e.Suite.Equal(what+": backup-volfile-servers", strings.Join(m.Hosts[1:], ","), m.Options["backup-volfile-servers"])
}

// checkEndpoints does what the provisioner does to build its Endpoints:
// ClusterInfo, then NodeInfo per node, joining storage names with "".
func checkEndpoints(e *Env, what string, clusterID string) {
	s := e.Suite
	cl, err := e.freshClient().ClusterInfo(clusterID)
	if !s.Call(what+": ClusterInfo", err) {
		return
	}
	s.True(what+": cluster has nodes", len(cl.Nodes) > 0, "nodes", cl.Nodes)
	for _, id := range cl.Nodes {
		node, err := e.freshClient().NodeInfo(id)
		if !s.Call(what+": NodeInfo", err) {
			continue
		}
		s.Equal(what+": exactly one storage hostname", 1, len(node.Hostnames.Storage))
		ip := strings.Join(node.Hostnames.Storage, "")
		s.True(what+": storage hostname is an IP", net.ParseIP(ip) != nil, "an IP address", ip)
	}
}

// expand replays ExpandVolumeDevice: a delta, then the "already big enough" short cut.
// A disperse volume grows by whole data-sized bricks, so its step is 4 GiB.
func expand(e *Env, vol *api.VolumeInfoResponse) {
	s := e.Suite
	step := 2
	if vol.Durability.Type == api.DurabilityEC {
		step = 4
	}
	target := vol.Size + step
	info, err := e.freshClient().VolumeInfo(vol.Id)
	if !s.Call("expand: VolumeInfo", err) || !s.True("expand: not yet big enough", info.Size < target, "size < target", info.Size) {
		return
	}
	grown, err := e.freshClient().VolumeExpand(vol.Id, &api.VolumeExpandRequest{Size: target - info.Size})
	if !s.Call("expand: VolumeExpand delta", err) {
		return
	}
	s.Equal("expand: new size", target, grown.Size)
	before := len(e.Wire.All())
	info, err = e.freshClient().VolumeInfo(vol.Id)
	if s.Call("expand again: VolumeInfo", err) {
		s.True("expand again: already big enough", info.Size >= target, fmt.Sprintf("size >= %d", target), info.Size)
	}
	s.Equal("expand again: only one GET sent", 1, len(e.Wire.All())-before)
}

func deleteVolume(e *Env, id string) {
	s := e.Suite
	if !s.Call("delete: VolumeDelete", e.freshClient().VolumeDelete(id)) {
		return
	}
	last := e.Wire.Last(1)
	s.True("delete: final status", len(last) == 1 && last[0].Status == 204, "204 No Content", last)
	_, err := e.freshClient().VolumeInfo(id)
	if s.CallFails("delete: VolumeInfo after delete", err) {
		s.Equal("delete: error text", "Id not found", strings.TrimSpace(err.Error()))
	}
}
