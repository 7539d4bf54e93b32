#!/usr/bin/env bash
# npm run conformance:record [scenario...]: records test/conformance/corpus/ from a real Heketi.
#
#   HEKETI_BIN=…/heketi HEKETI_CLI_BIN=…/heketi-cli HEKETI_SRC=…/heketi-source npm run conformance:record
#
# HEKETI_SRC also serves the Python client tests (client/api/python); COMPAT_BIN may replace
# HEKETI_SRC for the Go scenarios (see test/compat/build.sh). Scenarios whose tools are not given
# are skipped with a message. As root the recording runs in a private network namespace
# (loopback only): Heketi listens on every interface, and the Python tests call localhost:8080.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z "${CONFORMANCE_IN_NETNS:-}" ]]; then
  [[ -n "${HEKETI_BIN:-}" ]] || { echo "conformance:record: set HEKETI_BIN to Heketi's server binary" >&2; exit 2; }
  if [[ -z "${COMPAT_BIN:-}" && -n "${HEKETI_SRC:-}" && -n "${HEKETI_CLI_BIN:-}" ]]; then
    # The scenario program, built against HEKETI_SRC's Go client (before the namespace: the
    # module proxy serves its other dependencies).
    out="$("$here/../compat/build.sh")"
    export COMPAT_BIN="$(sed -n 's/^COMPAT_BIN=//p' <<<"$out")"
  fi
  if [[ $EUID -eq 0 && -z "${CONFORMANCE_NO_NETNS:-}" ]] && unshare -n true 2>/dev/null; then
    export CONFORMANCE_IN_NETNS=1
    exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
  fi
fi
cd "$root"
exec node --import tsx test/conformance/record.ts "$@"
