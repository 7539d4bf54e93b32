// Package scenario holds the compatibility scenarios: each one drives a
// Heketi-compatible server the way a real Heketi client does and checks
// the answers against what that client relies on.
package scenario

import (
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strconv"

	client "github.com/heketi/heketi/v10/client/api/go-client"
	"github.com/heketi/heketi/v10/pkg/glusterfs/api"

	"heketi-ts/compat/internal/check"
)

// Target names the server under test and the admin credentials.
type Target struct {
	URL  string
	User string
	Key  string
}

// Env is what every scenario receives: a recording client and a suite.
type Env struct {
	Target Target
	Wire   *check.Recorder
	Suite  *check.Suite
	C      *client.Client
	// Prefix makes host names unique so scenarios can share one server.
	Prefix int
}

// FastOptions are Heketi's client defaults with the 429 back-off shortened
// to 1-2 s and the queue poll to 50 ms so the suite stays quick; the retry
// and polling logic itself is unchanged.
func FastOptions() client.ClientOptions {
	o := client.DefaultClientOptions()
	o.RetryMinDelay = 1
	o.RetryMaxDelay = 2
	o.PollDelay = 50
	return o
}

// NewEnv builds a recording client for t, labelled name.
func NewEnv(name string, t Target) *Env {
	wire := check.NewRecorder()
	return &Env{
		Target: t,
		Wire:   wire,
		Suite:  check.New(name, wire),
		C:      wire.NewClient(t.URL, t.User, t.Key, FastOptions()),
		Prefix: hostPrefix(),
	}
}

// hostPrefix is the second octet of this run's node addresses: random, so that runs do not
// collide, unless COMPAT_HOST_PREFIX fixes it (the conformance recorder does, so that a
// re-recording sends the same requests).
func hostPrefix() int {
	if p, err := strconv.Atoi(os.Getenv("COMPAT_HOST_PREFIX")); err == nil && p >= 1 && p <= 250 {
		return p
	}
	return 1 + rand.Intn(250)
}

// Host returns a loopback address unique to this run for node n of group g.
// Storage addresses must be IPs (the provisioner puts them in Endpoints);
// the mock executors never connect to them.
func (e *Env) Host(g, n int) string {
	return fmt.Sprintf("127.%d.%d.%d", e.Prefix, g, n+1)
}

// NewCluster creates a file+block cluster of nodes×devices and returns its id.
func (e *Env) NewCluster(group, nodes, devices int) (string, bool) {
	s := e.Suite
	cl, err := e.C.ClusterCreate(&api.ClusterCreateRequest{ClusterFlags: api.ClusterFlags{Block: true, File: true}})
	if !s.Call("ClusterCreate", err) {
		return "", false
	}
	for n := 0; n < nodes; n++ {
		req := &api.NodeAddRequest{Zone: n + 1, ClusterId: cl.Id}
		req.Hostnames.Manage = []string{e.Host(group, n)}
		req.Hostnames.Storage = []string{e.Host(group, n)}
		node, err := e.C.NodeAdd(req)
		if !s.Call("NodeAdd "+req.Hostnames.Manage[0], err) {
			return cl.Id, false
		}
		for d := 0; d < devices; d++ {
			dev := &api.DeviceAddRequest{NodeId: node.Id}
			dev.Name = fmt.Sprintf("/dev/vd%c", 'b'+d)
			if !s.Call("DeviceAdd "+dev.Name, e.C.DeviceAdd(dev)) {
				return cl.Id, false
			}
		}
	}
	return cl.Id, true
}

// TearDown removes every volume, device and node of a cluster, then the cluster.
func (e *Env) TearDown(clusterID string) {
	s := e.Suite
	info, err := e.C.ClusterInfo(clusterID)
	if !s.Call("ClusterInfo (teardown)", err) {
		return
	}
	for _, v := range info.Volumes {
		s.Call("VolumeDelete (teardown)", e.C.VolumeDelete(v))
	}
	for _, n := range info.Nodes {
		e.removeNode(n)
	}
	s.Call("ClusterDelete (teardown)", e.C.ClusterDelete(clusterID))
}

func (e *Env) removeNode(nodeID string) {
	s := e.Suite
	node, err := e.C.NodeInfo(nodeID)
	if !s.Call("NodeInfo (teardown)", err) {
		return
	}
	for _, d := range node.DevicesInfo {
		s.Call("DeviceState offline (teardown)", e.C.DeviceState(d.Id, &api.StateRequest{State: api.EntryStateOffline}))
		s.Call("DeviceState failed (teardown)", e.C.DeviceState(d.Id, &api.StateRequest{State: api.EntryStateFailed}))
		s.Call("DeviceDelete (teardown)", e.C.DeviceDelete(d.Id))
	}
	s.Call("NodeDelete (teardown)", e.C.NodeDelete(nodeID))
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
