// Command compat runs one compatibility scenario against a Heketi-compatible
// server and exits non-zero when any check fails.
//
//	compat [flags] client|provisioner|throttle|cli|seed|compare|clidiff
package main

import (
	"flag"
	"fmt"
	"os"

	"heketi-ts/compat/internal/check"
	"heketi-ts/compat/internal/scenario"
)

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	var (
		t    scenario.Target
		opts scenario.Options
	)
	flag.StringVar(&t.URL, "url", envOr("HEKETI_CLI_SERVER", "http://127.0.0.1:8080"), "server URL")
	flag.StringVar(&t.User, "user", envOr("HEKETI_CLI_USER", "admin"), "JWT issuer")
	flag.StringVar(&t.Key, "key", os.Getenv("HEKETI_CLI_KEY"), "JWT secret")
	flag.StringVar(&opts.OtherURL, "other-url", "", "second server (compare)")
	flag.StringVar(&opts.OtherKey, "other-key", "", "second server's admin key (compare)")
	flag.StringVar(&opts.Label, "label", "", "name used in messages for the server under test")
	flag.StringVar(&opts.OtherLabel, "other-label", "", "name used in messages for the second server")
	flag.StringVar(&opts.HeketiCLI, "heketi-cli", "", "path of heketi-cli (cli, clidiff)")
	flag.StringVar(&opts.OtherCLI, "other-cli", "", "command line of the second CLI, split on spaces (clidiff)")
	flag.StringVar(&opts.Dir, "other-cli-dir", "", "working directory of the second CLI (clidiff)")
	flag.StringVar(&opts.Topology, "topology", "", "topology file for topology load (cli, clidiff)")
	flag.StringVar(&opts.StateFile, "state", "", "file listing what seed created (seed writes, compare reads)")
	flag.BoolVar(&opts.ExpectThrottle, "expect-throttle", false, "throttle: require at least one 429")
	flag.IntVar(&opts.Concurrency, "concurrency", 6, "throttle: concurrent creates")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: compat [flags] client|provisioner|throttle|cli|seed|compare|clidiff")
		os.Exit(2)
	}
	suite, err := scenario.Run(flag.Arg(0), t, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compat:", err)
		os.Exit(2)
	}
	finish(suite)
}

func finish(s *check.Suite) {
	s.Report()
	if s.Failures() > 0 {
		os.Exit(1)
	}
}
