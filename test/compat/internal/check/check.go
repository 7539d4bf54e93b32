// Package check records the outcome of every compatibility check and prints,
// for a failing one, the HTTP exchange that led to it.
package check

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sync"
)

// Suite counts checks by kind and remembers failures.
type Suite struct {
	Name string
	// Wire, when set, supplies the recent HTTP exchanges printed with a failure.
	Wire *Recorder

	mu       sync.Mutex
	calls    int
	cli      int
	entities int
	failures int
}

// New returns an empty suite whose failures are labelled with name.
func New(name string, wire *Recorder) *Suite {
	return &Suite{Name: name, Wire: wire}
}

// Call counts one Go client call and fails when err is not nil.
func (s *Suite) Call(what string, err error) bool {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	if err != nil {
		s.Fail(what, "success", "error: "+err.Error())
		return false
	}
	return true
}

// CallFails counts one Go client call that Heketi's client expects to fail.
func (s *Suite) CallFails(what string, err error) bool {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	if err == nil {
		s.Fail(what, "an error", "success")
		return false
	}
	return true
}

// CountCLI counts one command-line invocation that was checked.
func (s *Suite) CountCLI() {
	s.mu.Lock()
	s.cli++
	s.mu.Unlock()
}

// CountEntity counts one entity compared between two sources.
func (s *Suite) CountEntity() {
	s.mu.Lock()
	s.entities++
	s.mu.Unlock()
}

// Equal fails when got differs from want (deep equality).
func (s *Suite) Equal(what string, want, got interface{}) bool {
	if reflect.DeepEqual(want, got) {
		return true
	}
	s.Fail(what, show(want), show(got))
	return false
}

// True fails with the given expectation when cond is false.
func (s *Suite) True(what string, cond bool, expected string, got interface{}) bool {
	if cond {
		return true
	}
	s.Fail(what, expected, show(got))
	return false
}

// Fail records a failed check and prints the exchange behind it.
func (s *Suite) Fail(what, expected, got string) {
	s.fail(what, expected, got, true)
}

// FailOnly records a failed check whose evidence is all in got (a command
// line's output, two servers' answers): no HTTP exchange is printed.
func (s *Suite) FailOnly(what, expected, got string) {
	s.fail(what, expected, got, false)
}

func (s *Suite) fail(what, expected, got string, withWire bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	fmt.Fprintf(os.Stderr, "FAIL [%s] %s\n  expected (Heketi's client): %s\n  server answered: %s\n",
		s.Name, what, expected, got)
	if withWire && s.Wire != nil {
		for _, ex := range s.Wire.Last(3) {
			fmt.Fprintf(os.Stderr, "  %s\n", ex.String())
		}
	}
}

// Failures returns how many checks failed so far.
func (s *Suite) Failures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failures
}

// Totals is the machine-readable summary printed at the end of a scenario.
type Totals struct {
	Suite       string `json:"suite"`
	ClientCalls int    `json:"client_calls"`
	CLICommands int    `json:"cli_commands"`
	Entities    int    `json:"entities"`
	Failures    int    `json:"failures"`
}

// Totals returns the counters.
func (s *Suite) Totals() Totals {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Totals{s.Name, s.calls, s.cli, s.entities, s.failures}
}

// Report prints the totals line; run.sh adds these lines up.
func (s *Suite) Report() {
	t := s.Totals()
	b, _ := json.Marshal(t)
	fmt.Printf("TOTALS %s\n", b)
	fmt.Printf("%s: client calls checked %d, CLI commands checked %d, entities compared %d, failures %d\n",
		t.Suite, t.ClientCalls, t.CLICommands, t.Entities, t.Failures)
}

func show(v interface{}) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}
