package scenario

import (
	"sort"
	"strings"
)

// RunCLI runs the operator session through heketi-cli against e's server,
// then removes what it created.
func RunCLI(e *Env, heketiCLI, topology string) {
	c := NewCLI(e, "heketi-cli", []string{heketiCLI}, "")
	if id := RunCLIScript(c, topology); id != "" {
		e.TearDown(id)
	}
}

// RunCLIDiff runs the same session through heketi-cli against e's server
// (the reference) and through other against the second target, then
// compares every --json output field by field, ids aside.
func RunCLIDiff(e *Env, heketiCLI string, other *Env, otherArgv []string, dir, topology string) {
	ref := NewCLI(e, "heketi-cli", []string{heketiCLI}, "")
	sub := NewCLI(other, strings.Join(otherArgv, " "), otherArgv, dir)
	sub.Env = e // one suite counts both runs
	sub.Target = other.Target
	if id := RunCLIScript(ref, topology); id != "" {
		e.TearDown(id)
	}
	if id := RunCLIScript(sub, topology); id != "" {
		other.TearDown(id)
	}
	steps := make([]string, 0, len(ref.JSON))
	for k := range ref.JSON {
		steps = append(steps, k)
	}
	sort.Strings(steps)
	for _, step := range steps {
		got, ok := sub.JSON[step]
		if !ok {
			e.Suite.FailOnly("clidiff "+step+" --json", "output from both CLIs", "no JSON from "+sub.Name)
			continue
		}
		e.Suite.CountEntity()
		for _, d := range Diff(step, MaskIDs(ref.JSON[step]), MaskIDs(got), nil) {
			e.Suite.FailOnly("clidiff "+d.Path, "heketi-cli printed "+show(d.Left), sub.Name+" printed "+show(d.Right))
		}
	}
}
