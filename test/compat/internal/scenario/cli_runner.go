package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
)

// CLI runs one command line (heketi-cli or a compatible one) against a target.
type CLI struct {
	Name   string   // how failures name this command line
	Argv   []string // program and leading arguments
	Target Target
	Dir    string // working directory; empty for the current one
	Env    *Env
	// JSON keeps each --json step's output by step name, for clidiff.
	JSON map[string]interface{}
}

// NewCLI prepares a command line whose traffic goes to e's target.
func NewCLI(e *Env, name string, argv []string, dir string) *CLI {
	return &CLI{Name: name, Argv: argv, Target: e.Target, Dir: dir, Env: e, JSON: map[string]interface{}{}}
}

// Result is what one invocation printed and how it exited.
type Result struct {
	Args   []string
	Stdout string
	Stderr string
	Code   int
}

func (r Result) String() string {
	return fmt.Sprintf("$ %s\n  exit %d\n  stdout: %s\n  stderr: %s", strings.Join(r.Args, " "), r.Code,
		clipText(r.Stdout), clipText(r.Stderr))
}

func clipText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 800 {
		return s[:800] + "..."
	}
	return s
}

// Exec runs the command with HEKETI_CLI_SERVER/USER/KEY set for the target.
func (c *CLI) Exec(args ...string) Result {
	argv := append(append([]string(nil), c.Argv...), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(),
		"HEKETI_CLI_SERVER="+c.Target.URL, "HEKETI_CLI_USER="+c.Target.User, "HEKETI_CLI_KEY="+c.Target.Key)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := Result{Args: argv, Stdout: out.String(), Stderr: errb.String()}
	if exitErr, ok := err.(*exec.ExitError); ok {
		r.Code = exitErr.ExitCode()
	} else if err != nil {
		r.Code, r.Stderr = -1, err.Error()
	}
	return r
}

// Ok runs a command that must succeed; it returns its stdout and whether it did.
func (c *CLI) Ok(step string, args ...string) (string, bool) {
	c.Env.Suite.CountCLI()
	r := c.Exec(args...)
	if r.Code != 0 {
		c.Env.Suite.FailOnly(c.Name+" "+step, "exit status 0", r.String())
		return r.Stdout, false
	}
	return r.Stdout, true
}

// Fails runs a command that must fail and print the server's message.
func (c *CLI) Fails(step, message string, args ...string) {
	c.Env.Suite.CountCLI()
	r := c.Exec(args...)
	if r.Code == 0 || !strings.Contains(r.Stdout+r.Stderr, message) {
		c.Env.Suite.FailOnly(c.Name+" "+step, "non-zero exit and "+fmt.Sprintf("%q", message), r.String())
	}
}

// JSONStep runs a --json command, parses its output and keeps it under step.
func (c *CLI) JSONStep(step string, args ...string) (map[string]interface{}, bool) {
	out, ok := c.Ok(step, append(args, "--json")...)
	if !ok {
		return nil, false
	}
	var v map[string]interface{}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		c.Env.Suite.FailOnly(c.Name+" "+step+" --json", "a JSON object", out)
		return nil, false
	}
	c.JSON[step] = v
	return v, true
}

// Contains checks that a text output has every wanted fragment.
func (c *CLI) Contains(step, out string, wants ...string) {
	for _, w := range wants {
		if !strings.Contains(out, w) {
			c.Env.Suite.FailOnly(c.Name+" "+step+" prints "+fmt.Sprintf("%q", w), fmt.Sprintf("output containing %q", w), fmt.Sprintf("%q", out))
		}
	}
}

// equal checks a value the command printed; the failure names this CLI.
func (c *CLI) equal(what string, want, got interface{}) bool {
	if reflect.DeepEqual(want, got) {
		return true
	}
	c.Env.Suite.FailOnly(c.Name+" "+what, show(want), show(got))
	return false
}

// isTrue fails with the given expectation when cond is false.
func (c *CLI) isTrue(what string, cond bool, expected string, got interface{}) bool {
	if !cond {
		c.Env.Suite.FailOnly(c.Name+" "+what, expected, show(got))
	}
	return cond
}
