package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
)

var idPattern = regexp.MustCompile(`[0-9a-f]{32}`)

// topologyFile is the part of a topology file the script needs.
type topologyFile struct {
	Clusters []struct {
		Nodes []struct {
			Node struct {
				Hostnames struct {
					Manage []string `json:"manage"`
				} `json:"hostnames"`
			} `json:"node"`
			Devices []json.RawMessage `json:"devices"`
		} `json:"nodes"`
	} `json:"clusters"`
}

func readTopology(path string) (hosts []string, devices int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	var t topologyFile
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, 0, err
	}
	for _, cl := range t.Clusters {
		for _, n := range cl.Nodes {
			hosts = append(hosts, n.Node.Hostnames.Manage[0])
			devices = len(n.Devices)
		}
	}
	sort.Strings(hosts)
	return hosts, devices, nil
}

// get walks a decoded JSON value by object keys.
func get(v interface{}, keys ...string) interface{} {
	for _, k := range keys {
		m, ok := v.(map[string]interface{})
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v interface{}) []interface{} {
	l, _ := v.([]interface{})
	return l
}

// RunCLIScript drives the command line through the operator's usual session
// and checks exit statuses and printed values. It returns the id of the
// cluster the topology landed in ("" when it could not tell).
func RunCLIScript(c *CLI, topology string) string {
	hosts, perNode, err := readTopology(topology)
	if err != nil {
		c.Env.Suite.Fail("read topology "+topology, "a topology file", err.Error())
		return ""
	}
	clusterID, nodeID := cliTopology(c, topology, hosts, perNode)
	if clusterID == "" {
		return ""
	}
	cliCluster(c, clusterID, len(hosts))
	if nodeID != "" {
		cliNodeAndDevice(c, nodeID, perNode)
	}
	cliVolumes(c)
	cliOperations(c)
	return clusterID
}

// cliTopology loads the file and returns the cluster it landed in and the
// node of the first host name, so that both CLIs inspect the same node.
func cliTopology(c *CLI, topology string, hosts []string, perNode int) (string, string) {
	out, ok := c.Ok("topology load", "topology", "load", "--json="+topology)
	if !ok {
		return "", ""
	}
	for _, h := range hosts {
		c.isTrue("topology load prints node "+h,
			regexp.MustCompile(`(Creating node `+regexp.QuoteMeta(h)+` \.\.\. ID: [0-9a-f]{32}|Found node `+regexp.QuoteMeta(h)+` on cluster)`).MatchString(out),
			"Creating node "+h+" ... ID: <id>", out)
	}
	text, _ := c.Ok("topology info", "topology", "info")
	c.Contains("topology info", text, "Cluster Id: ", "Management Hostnames: "+hosts[0], "Storage Hostnames: "+hosts[0])
	topo, ok := c.JSONStep("topology info", "topology", "info")
	if !ok {
		return "", ""
	}
	for _, cl := range list(topo["clusters"]) {
		var got []string
		first := ""
		for _, n := range list(get(cl, "nodes")) {
			manage := fmt.Sprint(list(get(n, "hostnames", "manage"))[0])
			got = append(got, manage)
			if manage == hosts[0] {
				first = fmt.Sprint(get(n, "id"))
			}
			c.equal("topology info --json: devices per node", perNode, len(list(get(n, "devices"))))
		}
		sort.Strings(got)
		if fmt.Sprint(got) == fmt.Sprint(hosts) {
			return fmt.Sprint(get(cl, "id")), first
		}
	}
	c.Env.Suite.Fail("cli topology info --json", "a cluster with nodes "+fmt.Sprint(hosts), fmt.Sprint(topo))
	return "", ""
}

func cliCluster(c *CLI, clusterID string, nodes int) {
	out, _ := c.Ok("cluster list", "cluster", "list")
	c.Contains("cluster list", out, "Id:"+clusterID+" [file][block]")
	out, _ = c.Ok("cluster info", "cluster", "info", clusterID)
	c.Contains("cluster info", out, "Cluster id: "+clusterID, "Block: true", "File: true")
	info, ok := c.JSONStep("cluster info", "cluster", "info", clusterID)
	if !ok {
		return
	}
	c.equal("cluster info --json: id", clusterID, info["id"])
	c.equal("cluster info --json: flags", []interface{}{true, true}, []interface{}{info["block"], info["file"]})
	c.equal("cluster info --json: nodes", nodes, len(list(info["nodes"])))
}

func cliNodeAndDevice(c *CLI, nodeID string, perNode int) {
	out, _ := c.Ok("node info", "node", "info", nodeID)
	c.Contains("node info", out, "Node Id: "+nodeID, "State: online", "Management Hostname: ", "Size (GiB):500")
	node, ok := c.JSONStep("node info", "node", "info", nodeID)
	if !ok {
		return
	}
	c.equal("node info --json: state", "online", node["state"])
	devs := list(node["devices"])
	if !c.equal("node info --json: devices", perNode, len(devs)) {
		return
	}
	sort.Slice(devs, func(i, j int) bool { return fmt.Sprint(get(devs[i], "name")) < fmt.Sprint(get(devs[j], "name")) })
	devID := fmt.Sprint(get(devs[0], "id"))
	out, _ = c.Ok("device info", "device", "info", devID)
	c.Contains("device info", out, "Device Id: "+devID, "State: online", "Size (GiB): 500")
	dev, ok := c.JSONStep("device info", "device", "info", devID)
	if ok {
		c.equal("device info --json: total KiB", float64(mockDeviceKiB), get(dev, "storage", "total"))
	}
}

func cliVolumes(c *CLI) {
	out, ok := c.Ok("volume create", "volume", "create", "--size=2", "--replica=3")
	c.Contains("volume create", out, "Size: 2", "Durability Type: replicate", "Replica Count: 3")
	textID := idPattern.FindString(out)
	vol, ok2 := c.JSONStep("volume create", "volume", "create", "--size=2", "--replica=3")
	if !ok || !ok2 {
		return
	}
	c.equal("volume create --json: size", float64(2), vol["size"])
	c.equal("volume create --json: replica", float64(3), get(vol, "durability", "replicate", "replica"))
	c.equal("volume create --json: bricks", 3, len(list(vol["bricks"])))
	id := fmt.Sprint(vol["id"])
	out, _ = c.Ok("volume expand", "volume", "expand", "--volume="+id, "--expand-size=1")
	c.Contains("volume expand", out, "Size: 3", "Volume Id: "+id)
	grown, ok := c.JSONStep("volume expand", "volume", "expand", "--volume="+id, "--expand-size=1")
	if ok {
		c.equal("volume expand --json: size", float64(4), grown["size"])
	}
	out, _ = c.Ok("volume delete", "volume", "delete", id)
	c.Contains("volume delete", out, "Volume "+id+" deleted")
	if textID != "" {
		out, _ = c.Ok("volume delete --json", "volume", "delete", textID, "--json")
		c.Contains("volume delete --json", out, "Volume "+textID+" deleted")
	}
	c.Fails("volume info of a deleted volume", "Id not found", "volume", "info", id)
}

func cliOperations(c *CLI) {
	for _, flags := range [][]string{nil, {"--json"}} {
		args := append([]string{"server", "operations", "info"}, flags...)
		out, _ := c.Ok(fmt.Sprint("server operations info ", flags), args...)
		c.Contains("server operations info", out, "Operation Counts:", "Total: 0", "In-Flight: 0", "New: 0", "Failed: 0", "Stale: 0")
	}
}
