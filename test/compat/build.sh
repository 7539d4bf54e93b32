#!/usr/bin/env bash
# Finds the tools the compatibility suite and the conformance recorder need. Heketi itself is
# never built here: the user gives it by path (the Go module proxy reachable here refuses
# Heketi's module, and no recipe that builds Heketi is kept in this repository).
#
#   HEKETI_BIN      Heketi's server binary (e.g. built by hand from Heketi's source)
#   HEKETI_CLI_BIN  Heketi's heketi-cli binary
#   COMPAT_BIN      the scenario program (test/compat/cmd/compat), already built; or
#   HEKETI_SRC      a checkout of Heketi's source: the scenario program is built against its
#                   Go client through a `replace` written into a scratch copy of this module
#                   (test/compat/.build/mod, git-ignored); nothing in the work tree changes.
#
# On success prints three lines `HEKETI_BIN=…`, `HEKETI_CLI_BIN=…`, `COMPAT_BIN=…` (for eval).
# Exit status: 0 ready; 3 something is not given (the stderr line starting
# "build.sh: skipped: " says what); anything else, a failure (e.g. a compile error).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/.build"
HEKETI_MODULE=github.com/heketi/heketi/v10

skip() {
  echo "build.sh: skipped: $*" >&2
  exit 3
}

need_executable() { # NAME VALUE
  [[ -n "$2" ]] || skip "$1 is not set (give the path of Heketi's binary; see docs/compat.md)"
  [[ -x "$2" ]] || skip "$1=$2 is not an executable file"
}

# build_key: the scenario sources and the Heketi source path; the program is rebuilt when it changes.
build_key() {
  { cat "$here/go.mod" "$here/go.sum" $(find "$here/cmd" "$here/internal" -name '*.go' | LC_ALL=C sort)
    realpath "$HEKETI_SRC"; } | sha256sum | cut -d' ' -f1
}

# build_compat: the scenario program against the Go client in $HEKETI_SRC, in a scratch module.
build_compat() {
  [[ -f "$HEKETI_SRC/go.mod" ]] || skip "HEKETI_SRC=$HEKETI_SRC has no go.mod (give a checkout of Heketi's source)"
  grep -q "^module $HEKETI_MODULE\$" "$HEKETI_SRC/go.mod" || skip "HEKETI_SRC=$HEKETI_SRC is not the module $HEKETI_MODULE"
  mkdir -p "$build"
  local key
  key="$(build_key)"
  if [[ "${COMPAT_REBUILD:-}" != 1 && -x "$build/compat" && -f "$build/.key" && "$(cat "$build/.key")" == "$key" ]]; then
    return 0
  fi
  local mod="$build/mod" t0=$SECONDS
  rm -rf "$mod"
  mkdir -p "$mod"
  cp -r "$here/go.mod" "$here/go.sum" "$here/cmd" "$here/internal" "$mod/"
  (cd "$mod" && go mod edit -replace "$HEKETI_MODULE=$(cd "$HEKETI_SRC" && pwd)" && go build -o "$build/compat" ./cmd/compat) >&2
  build_key > "$build/.key"
  echo "build.sh: built the scenario program against $HEKETI_SRC in $((SECONDS - t0)) s" >&2
}

main() {
  need_executable HEKETI_BIN "${HEKETI_BIN:-}"
  need_executable HEKETI_CLI_BIN "${HEKETI_CLI_BIN:-}"
  local compat="${COMPAT_BIN:-}"
  if [[ -z "$compat" ]]; then
    [[ -n "${HEKETI_SRC:-}" ]] || skip "neither COMPAT_BIN nor HEKETI_SRC is set (the scenario program needs Heketi's Go client)"
    build_compat
    compat="$build/compat"
  fi
  need_executable COMPAT_BIN "$compat"
  echo "HEKETI_BIN=$(realpath "$HEKETI_BIN")"
  echo "HEKETI_CLI_BIN=$(realpath "$HEKETI_CLI_BIN")"
  echo "COMPAT_BIN=$(realpath "$compat")"
}

main "$@"
