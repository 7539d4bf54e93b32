package scenario

import (
	"fmt"
	"strings"

	"heketi-ts/compat/internal/check"
)

// Options carries the flags some scenarios need beyond the target.
type Options struct {
	OtherURL       string
	OtherKey       string
	Label          string
	OtherLabel     string
	HeketiCLI      string
	OtherCLI       string
	Topology       string
	StateFile      string
	ExpectThrottle bool
	Concurrency    int
	Dir            string
}

// Run executes the named scenario and returns its suite.
func Run(name string, t Target, o Options) (*check.Suite, error) {
	label := name
	if o.Label != "" {
		label = name + "@" + o.Label
	}
	e := NewEnv(label, t)
	switch name {
	case "client":
		RunGoClient(e)
	case "provisioner":
		RunProvisioner(e)
	case "throttle":
		RunThrottle(e, o.Concurrency, o.ExpectThrottle)
	case "cli":
		RunCLI(e, o.HeketiCLI, o.Topology)
	case "clidiff":
		other := NewEnv(label, Target{o.OtherURL, t.User, o.OtherKey})
		RunCLIDiff(e, o.HeketiCLI, other, strings.Fields(o.OtherCLI), o.Dir, o.Topology)
	case "seed":
		RunSeed(e)
	case "compare":
		RunCompare(e, Target{o.OtherURL, t.User, o.OtherKey}, nonEmpty(o.Label, "heketi"), nonEmpty(o.OtherLabel, "heketi-ts"))
	default:
		return nil, fmt.Errorf("unknown scenario %q", name)
	}
	return e.Suite, nil
}

func nonEmpty(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
