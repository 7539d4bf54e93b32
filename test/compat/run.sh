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
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ $EUID -eq 0 && -z "${COMPAT_IN_NETNS:-}" && -z "${COMPAT_NO_NETNS:-}" ]] \
   && unshare -n true 2>/dev/null; then
  export COMPAT_IN_NETNS=1
  exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

"$here/build.sh" || { echo "compat: build failed" >&2; exit 2; }
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
