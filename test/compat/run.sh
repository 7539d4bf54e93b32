#!/usr/bin/env bash
# The compatibility suite (npm run test:compat): Heketi's own Go client,
# heketi-cli and Heketi itself against heketi-ts.
#
#   test/compat/run.sh [scenario...]   scenarios: client provisioner throttle cli migrate clidiff
#
# COMPAT_TARGET=heketi runs every scenario against the real Heketi instead:
# that is how the scenarios are shown to encode Heketi's behaviour.
# As root the suite runs in a private network namespace (loopback only), so
# the servers it starts cannot be reached from outside; COMPAT_NO_NETNS=1
# turns that off.
#
# Heketi is built from its Go module, through the Go module proxy (build.sh).
# When the proxy refuses that module the suite prints "compat: BLOCKED: ..."
# and exits 0, having checked nothing; with COMPAT_REQUIRED=1 it exits 3.
# Exit status otherwise: 0 all checks passed, 1 a check failed, 2 the build
# failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# build_tools runs build.sh and turns a refusal by the module proxy (its exit
# status 3) into a BLOCKED notice. Returns only when the tools are built.
build_tools() {
  local errlog rc=0 reason
  errlog="$(mktemp)"
  "$here/build.sh" 2>"$errlog" || rc=$?
  cat "$errlog" >&2
  reason="$(sed -n 's/^build.sh: blocked: //p' "$errlog" | head -n 1)"
  rm -f "$errlog"
  [[ $rc -eq 0 ]] && return 0
  if [[ $rc -eq 3 ]]; then
    [[ -n "$reason" ]] || reason="the Go module proxy refuses the Heketi module"
    echo "compat: BLOCKED: $reason"
    echo "compat: BLOCKED: Heketi, heketi-cli and the scenario program could not be built;" \
         "no compatibility check ran"
    if [[ "${COMPAT_REQUIRED:-}" == 1 ]]; then
      echo "compat: COMPAT_REQUIRED=1: failing" >&2
      exit 3
    fi
    exit 0
  fi
  echo "compat: build failed" >&2
  exit 2
}

# The build needs the module proxy, so it runs before the suite moves into
# its network namespace (which has loopback only).
[[ -n "${COMPAT_IN_NETNS:-}" ]] || build_tools

if [[ $EUID -eq 0 && -z "${COMPAT_IN_NETNS:-}" && -z "${COMPAT_NO_NETNS:-}" ]] \
   && unshare -n true 2>/dev/null; then
  export COMPAT_IN_NETNS=1
  exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

bin="$here/.build"
target="${COMPAT_TARGET:-heketi-ts}"
work="$(mktemp -d /tmp/heketi-compat.XXXXXX)"
pids=()
admin_key="compat-admin-secret"
user_key="compat-user-secret"
failed=()

cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  [[ -n "${COMPAT_KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source "$here/lib.sh"

scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(client provisioner throttle cli migrate clidiff)
t0=$SECONDS
for s in "${scenarios[@]}"; do
  echo "=== $s (target: $target)"
  "scenario_$s" || failed+=("$s")
done

print_totals "$work"/*.out
echo "compat: finished in $((SECONDS - t0)) s"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "compat: FAILED: ${failed[*]}"
  exit 1
fi
echo "compat: all scenarios passed"
