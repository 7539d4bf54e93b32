package scenario

import (
	"github.com/heketi/heketi/v10/pkg/glusterfs/api"
)

// mockDeviceKiB is the size both mock executors give a device (500 GiB).
const mockDeviceKiB = 500 * 1024 * 1024

func deviceLifecycle(e *Env) {
	s := e.Suite
	clusterID, ok := e.NewCluster(2, 1, 0)
	if !ok {
		return
	}
	cl, err := e.C.ClusterInfo(clusterID)
	if !s.Call("ClusterInfo", err) {
		return
	}
	nodeID := cl.Nodes[0]
	dev := &api.DeviceAddRequest{NodeId: nodeID}
	dev.Name = "/dev/sdq"
	dev.Tags = map[string]string{"speed": "fast"}
	if !s.Call("DeviceAdd", e.C.DeviceAdd(dev)) {
		return
	}
	node, err := e.C.NodeInfo(nodeID)
	if !s.Call("NodeInfo", err) || !s.Equal("device count", 1, len(node.DevicesInfo)) {
		return
	}
	d := node.DevicesInfo[0]
	s.Equal("device name", "/dev/sdq", d.Name)
	s.Equal("device tags", dev.Tags, d.Tags)
	s.Equal("device bricks", 0, len(d.Bricks))
	_, err = e.C.DeviceInfo("badid")
	s.CallFails("DeviceInfo(badid)", err)
	info, err := e.C.DeviceInfo(d.Id)
	if s.Call("DeviceInfo", err) {
		s.Equal("DeviceInfo equals the node's copy", d, *info)
		s.Equal("device state", api.EntryStateOnline, info.State)
	}
	deviceStates(e, d.Id)
	deviceTags(e, d.Id)
	s.CallFails("NodeDelete with a device", e.C.NodeDelete(nodeID))
	s.CallFails("DeviceDelete(badid)", e.C.DeviceDelete("badid"))
	s.CallFails("DeviceDelete while online", e.C.DeviceDelete(d.Id))
	s.Call("DeviceState offline", e.C.DeviceState(d.Id, &api.StateRequest{State: api.EntryStateOffline}))
	s.Call("DeviceState failed", e.C.DeviceState(d.Id, &api.StateRequest{State: api.EntryStateFailed}))
	s.Call("DeviceDelete after failed state", e.C.DeviceDelete(d.Id))
	s.Call("NodeDelete", e.C.NodeDelete(nodeID))
	s.Call("ClusterDelete", e.C.ClusterDelete(clusterID))
}

func deviceStates(e *Env, id string) {
	s := e.Suite
	s.CallFails("DeviceState failed while online", e.C.DeviceState(id, &api.StateRequest{State: api.EntryStateFailed}))
	for _, st := range []api.EntryState{api.EntryStateOffline, api.EntryStateOnline} {
		s.Call("DeviceState "+string(st), e.C.DeviceState(id, &api.StateRequest{State: st}))
		info, err := e.C.DeviceInfo(id)
		if s.Call("DeviceInfo after state", err) {
			s.Equal("device state", st, info.State)
		}
	}
	s.Call("DeviceResync", e.C.DeviceResync(id))
	info, err := e.C.DeviceInfo(id)
	if s.Call("DeviceInfo after resync", err) {
		s.Equal("storage after resync", api.StorageSize{Total: mockDeviceKiB, Free: mockDeviceKiB, Used: 0}, info.Storage)
	}
}

func deviceTags(e *Env, id string) {
	s := e.Suite
	err := e.C.DeviceSetTags(id, &api.TagsChangeRequest{Tags: map[string]string{"disk": "ssd"}, Change: api.UpdateTags})
	s.Call("DeviceSetTags update", err)
	info, err := e.C.DeviceInfo(id)
	if s.Call("DeviceInfo after tags", err) {
		s.Equal("device tags after update", map[string]string{"speed": "fast", "disk": "ssd"}, info.Tags)
	}
	err = e.C.DeviceSetTags(id, &api.TagsChangeRequest{Tags: map[string]string{"speed": ""}, Change: api.DeleteTags})
	s.Call("DeviceSetTags delete", err)
	info, err = e.C.DeviceInfo(id)
	if s.Call("DeviceInfo after tag delete", err) {
		s.Equal("device tags after delete", map[string]string{"disk": "ssd"}, info.Tags)
	}
	err = e.C.DeviceSetTags(id, &api.TagsChangeRequest{Tags: map[string]string{"a": "b"}})
	s.CallFails("DeviceSetTags without change_type", err)
}

func volumeLifecycle(e *Env) {
	s := e.Suite
	clusterID, ok := e.NewCluster(3, 4, 2)
	if !ok {
		return
	}
	defer e.TearDown(clusterID)
	req := &api.VolumeCreateRequest{Size: 10, Clusters: []string{clusterID}}
	vol, err := e.C.VolumeCreate(req)
	if !s.Call("VolumeCreate size 10", err) {
		return
	}
	s.Equal("volume size", 10, vol.Size)
	s.Equal("volume name", "vol_"+vol.Id, vol.Name)
	s.Equal("volume cluster", clusterID, vol.Cluster)
	s.Equal("volume durability (echoed, default none)", api.VolumeDurabilityInfo{Type: api.DurabilityDistributeOnly}, vol.Durability)
	s.Equal("volume bricks (none, 10 GiB)", 1, len(vol.Bricks))
	list, err := e.C.VolumeList()
	if s.Call("VolumeList", err) {
		s.True("VolumeList contains the volume", contains(list.Volumes, vol.Id), "list containing "+vol.Id, list.Volumes)
	}
	_, err = e.C.VolumeInfo("badid")
	s.CallFails("VolumeInfo(badid)", err)
	info, err := e.C.VolumeInfo(vol.Id)
	if s.Call("VolumeInfo", err) {
		s.Equal("VolumeInfo equals the create response", vol, info)
	}
	_, err = e.C.VolumeExpand("badid", &api.VolumeExpandRequest{Size: 10})
	s.CallFails("VolumeExpand(badid)", err)
	grown, err := e.C.VolumeExpand(vol.Id, &api.VolumeExpandRequest{Size: 10})
	if s.Call("VolumeExpand +10", err) {
		s.Equal("size after expand", 20, grown.Size)
	}
	s.CallFails("VolumeDelete(badid)", e.C.VolumeDelete("badid"))
	s.Call("VolumeDelete", e.C.VolumeDelete(vol.Id))
	_, err = e.C.VolumeInfo(vol.Id)
	s.CallFails("VolumeInfo after delete", err)
}

func logLevel(e *Env) {
	s := e.Suite
	ll, err := e.C.LogLevelGet()
	if !s.Call("LogLevelGet", err) {
		return
	}
	orig := ll.LogLevel["glusterfs"]
	s.True("log level is a known level", contains([]string{"none", "critical", "error", "warning", "info", "debug"}, orig), "a Heketi level", orig)
	s.Call("LogLevelSet debug", e.C.LogLevelSet(&api.LogLevelInfo{LogLevel: map[string]string{"glusterfs": "debug"}}))
	ll, err = e.C.LogLevelGet()
	if s.Call("LogLevelGet", err) {
		s.Equal("log level after set", "debug", ll.LogLevel["glusterfs"])
	}
	s.CallFails("LogLevelSet bingo", e.C.LogLevelSet(&api.LogLevelInfo{LogLevel: map[string]string{"glusterfs": "bingo"}}))
	s.CallFails("LogLevelSet other logger", e.C.LogLevelSet(&api.LogLevelInfo{LogLevel: map[string]string{"other": "debug"}}))
	ll, err = e.C.LogLevelGet()
	if s.Call("LogLevelGet", err) {
		s.Equal("log level unchanged by a bad set", "debug", ll.LogLevel["glusterfs"])
	}
	s.Call("LogLevelSet restore", e.C.LogLevelSet(&api.LogLevelInfo{LogLevel: map[string]string{"glusterfs": orig}}))
}

func topologyAndOperations(e *Env) {
	s := e.Suite
	clusterID, ok := e.NewCluster(4, 3, 1)
	if !ok {
		return
	}
	defer e.TearDown(clusterID)
	vol, err := e.C.VolumeCreate(&api.VolumeCreateRequest{Size: 2, Clusters: []string{clusterID},
		Durability: api.VolumeDurabilityInfo{Type: api.DurabilityReplicate, Replicate: api.ReplicaDurability{Replica: 3}}})
	if !s.Call("VolumeCreate replicate 3", err) {
		return
	}
	topo, err := e.C.TopologyInfo()
	if !s.Call("TopologyInfo", err) {
		return
	}
	var found *api.Cluster
	for i := range topo.ClusterList {
		if topo.ClusterList[i].Id == clusterID {
			found = &topo.ClusterList[i]
		}
	}
	if s.True("topology has the cluster", found != nil, "cluster "+clusterID, topo) {
		s.Equal("topology nodes", 3, len(found.Nodes))
		s.Equal("topology volumes", 1, len(found.Volumes))
		if len(found.Volumes) == 1 {
			s.Equal("topology volume equals VolumeInfo", *vol, found.Volumes[0])
		}
	}
	ops, err := e.C.OperationsInfo()
	if s.Call("OperationsInfo", err) {
		s.Equal("operations in flight when idle", uint64(0), ops.InFlight)
	}
}
