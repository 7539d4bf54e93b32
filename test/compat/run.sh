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
# Heketi, heketi-cli and the scenario program are given by path (build.sh: HEKETI_BIN,
# HEKETI_CLI_BIN, and COMPAT_BIN or HEKETI_SRC). Without them the suite prints
# "compat: SKIPPED: <reason>" and exits 0, having checked nothing (the conformance corpus,
# replayed by `npm test`, covers the same exchanges without Heketi); with COMPAT_REQUIRED=1 it
# exits 3. Exit status otherwise: 0 all checks passed, 1 a check failed, 2 the build failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# find_tools runs build.sh and exports the three paths it prints; a missing tool (its exit
# status 3) becomes a SKIPPED notice.
find_tools() {
  local errlog out rc=0 reason
  errlog="$(mktemp)"
  out="$("$here/build.sh" 2>"$errlog")" || rc=$?
  reason="$(sed -n 's/^build.sh: skipped: //p' "$errlog" | head -n 1)"
  [[ $rc -eq 3 ]] || cat "$errlog" >&2
  rm -f "$errlog"
  if [[ $rc -eq 0 ]]; then
    local line
    while read -r line; do export "${line?}"; done <<<"$out"
    return 0
  fi
  if [[ $rc -eq 3 ]]; then
    echo "compat: SKIPPED: $reason; no compatibility check against Heketi ran (npm test replays the recorded corpus instead)"
    if [[ "${COMPAT_REQUIRED:-}" == 1 ]]; then
      echo "compat: COMPAT_REQUIRED=1: failing" >&2
      exit 3
    fi
    exit 0
  fi
  echo "compat: build failed" >&2
  exit 2
}

# Building the scenario program may need the Go module proxy, so it happens before the suite
# moves into its network namespace (which has loopback only).
[[ -n "${COMPAT_IN_NETNS:-}" ]] || find_tools

if [[ $EUID -eq 0 && -z "${COMPAT_IN_NETNS:-}" && -z "${COMPAT_NO_NETNS:-}" ]] \
   && unshare -n true 2>/dev/null; then
  export COMPAT_IN_NETNS=1
  exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

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
