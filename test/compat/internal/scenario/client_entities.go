package scenario

import (
	"github.com/heketi/heketi/v10/pkg/glusterfs/api"
)

// RunGoClient replays what Heketi's own client tests exercise.
func RunGoClient(e *Env) {
	clusterLifecycle(e)
	nodeLifecycle(e)
	deviceLifecycle(e)
	volumeLifecycle(e)
	logLevel(e)
	topologyAndOperations(e)
}

func clusterLifecycle(e *Env) {
	s := e.Suite
	bad := NewEnv(s.Name, Target{e.Target.URL, "admin", "not-the-key"})
	_, err := bad.C.ClusterCreate(&api.ClusterCreateRequest{})
	s.CallFails("ClusterCreate with a wrong key", err)
	_, err = e.C.ClusterInfo("bad")
	s.CallFails("ClusterInfo(bad)", err)

	cl, err := e.C.ClusterCreate(&api.ClusterCreateRequest{ClusterFlags: api.ClusterFlags{Block: true, File: true}})
	if !s.Call("ClusterCreate", err) {
		return
	}
	s.True("ClusterCreate id", len(cl.Id) == 32, "32 hex characters", cl.Id)
	s.Equal("ClusterCreate nodes", 0, len(cl.Nodes))
	info, err := e.C.ClusterInfo(cl.Id)
	if s.Call("ClusterInfo", err) {
		s.Equal("ClusterInfo equals the create response", cl, info)
	}
	err = e.C.ClusterSetFlags(cl.Id, &api.ClusterSetFlagsRequest{ClusterFlags: api.ClusterFlags{File: true, Block: false}})
	s.Call("ClusterSetFlags file=true block=false", err)
	info, err = e.C.ClusterInfo(cl.Id)
	if s.Call("ClusterInfo after flags", err) {
		s.Equal("flags after set", api.ClusterFlags{File: true, Block: false}, api.ClusterFlags{File: info.File, Block: info.Block})
	}
	list, err := e.C.ClusterList()
	if s.Call("ClusterList", err) {
		s.True("ClusterList contains the cluster", contains(list.Clusters, cl.Id), "list containing "+cl.Id, list.Clusters)
		s.Equal("ClusterList is sorted", sorted(list.Clusters), list.Clusters)
	}
	s.CallFails("ClusterDelete(badid)", e.C.ClusterDelete("badid"))
	s.Call("ClusterDelete", e.C.ClusterDelete(cl.Id))
	_, err = e.C.ClusterInfo(cl.Id)
	s.CallFails("ClusterInfo after delete", err)
}

func nodeLifecycle(e *Env) {
	s := e.Suite
	cl, err := e.C.ClusterCreate(&api.ClusterCreateRequest{ClusterFlags: api.ClusterFlags{Block: true, File: true}})
	if !s.Call("ClusterCreate", err) {
		return
	}
	req := &api.NodeAddRequest{Zone: 10, ClusterId: "badid"}
	req.Hostnames.Manage = []string{e.Host(1, 0)}
	req.Hostnames.Storage = []string{e.Host(1, 0)}
	_, err = e.C.NodeAdd(req)
	s.CallFails("NodeAdd to an unknown cluster", err)
	req.ClusterId = cl.Id
	node, err := e.C.NodeAdd(req)
	if !s.Call("NodeAdd", err) {
		return
	}
	s.Equal("NodeAdd zone", 10, node.Zone)
	s.Equal("NodeAdd state", api.EntryStateOnline, node.State)
	s.Equal("NodeAdd hostnames", req.Hostnames, node.Hostnames)
	s.Equal("NodeAdd devices", 0, len(node.DevicesInfo))
	_, err = e.C.NodeAdd(req)
	s.CallFails("NodeAdd with a hostname already used", err)
	_, err = e.C.NodeInfo("badid")
	s.CallFails("NodeInfo(badid)", err)
	nodeStates(e, node)
	nodeTags(e, node.Id)
	s.CallFails("NodeDelete(badid)", e.C.NodeDelete("badid"))
	s.CallFails("ClusterDelete with a node", e.C.ClusterDelete(cl.Id))
	s.Call("NodeDelete", e.C.NodeDelete(node.Id))
	s.Call("ClusterDelete", e.C.ClusterDelete(cl.Id))
}

func nodeStates(e *Env, node *api.NodeInfoResponse) {
	s := e.Suite
	for _, st := range []api.EntryState{api.EntryStateOffline, api.EntryStateOnline} {
		s.Call("NodeState "+string(st), e.C.NodeState(node.Id, &api.StateRequest{State: st}))
		info, err := e.C.NodeInfo(node.Id)
		if s.Call("NodeInfo after state", err) {
			s.Equal("node state", st, info.State)
		}
	}
	err := e.C.NodeState(node.Id, &api.StateRequest{State: api.EntryStateFailed})
	s.CallFails("NodeState failed while online", err)
	info, err := e.C.NodeInfo(node.Id)
	if s.Call("NodeInfo", err) {
		s.Equal("NodeInfo equals the add response", node, info)
	}
}

func nodeTags(e *Env, id string) {
	s := e.Suite
	steps := []struct {
		change api.TagsChangeType
		tags   map[string]string
		want   map[string]string
	}{
		{api.SetTags, map[string]string{"arbiter": "supported", "rack": "7"}, map[string]string{"arbiter": "supported", "rack": "7"}},
		{api.UpdateTags, map[string]string{"rack": "8", "zone.name": "east"}, map[string]string{"arbiter": "supported", "rack": "8", "zone.name": "east"}},
		{api.DeleteTags, map[string]string{"arbiter": ""}, map[string]string{"rack": "8", "zone.name": "east"}},
		{api.SetTags, map[string]string{}, nil},
	}
	for _, st := range steps {
		err := e.C.NodeSetTags(id, &api.TagsChangeRequest{Tags: st.tags, Change: st.change})
		if !s.Call("NodeSetTags "+string(st.change), err) {
			continue
		}
		info, err := e.C.NodeInfo(id)
		if s.Call("NodeInfo after tags", err) {
			s.Equal("node tags after "+string(st.change), st.want, info.Tags)
		}
	}
	err := e.C.NodeSetTags(id, &api.TagsChangeRequest{Tags: map[string]string{"bad key!": "x"}, Change: api.SetTags})
	s.CallFails("NodeSetTags with an invalid tag name", err)
}
