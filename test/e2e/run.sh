#!/bin/bash
# The e2e tier of heketi-ts: real sshd, glusterd, XFS bricks and FUSE mounts on the namespace test
# bed (test/e2e/testbed, see its README). Needs root, /dev/fuse and loop devices.
#
#   bash test/e2e/run.sh [vitest args...]       e.g. bash test/e2e/run.sh test/e2e/executor-faults.e2e.test.ts
#
# Env: TB_NODES (6: the 3-node tests use the first three, disperse 4+2 all six), TB_DISK_SIZE (24G), E2E_TIMEOUT (seconds for the tests, 2700:
#      db-on-gluster's ten SIGKILL rounds alone take 5-10 minutes on a busy 2-core machine, and the tier took
#      20 minutes on a quiet one, 31 before the bed left out glusterd's hook scripts),
#      E2E_REUSE_TESTBED=1 use a test bed that is already up and leave it up (development).
# Exits with the tests' status; 2 when a precondition is missing. The test bed is always torn down.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
TB_DIR=test/e2e/testbed
export TB_NODES=${TB_NODES:-6}
# drift-scale makes 100 one-brick 1 GiB volumes on the six nodes (17 a node, and placement is not
# perfectly even): more than a 16 GiB disk holds. The disks are sparse files, and a fresh XFS
# brick writes about 64 MiB of them, so the larger size costs no space until it is used.
export TB_DISK_SIZE=${TB_DISK_SIZE:-24G}
export TB_ROOT=${TB_ROOT:-/var/tmp/gtb}
E2E_TIMEOUT=${E2E_TIMEOUT:-2700}
T0=$SECONDS

log() { printf '[e2e %3ds] %s\n' "$((SECONDS - T0))" "$*" >&2; }
missing() { log "PRECONDITION MISSING: $*"; exit 2; }

preflight() {
    [ "$(id -u)" = 0 ] || missing "must run as root (namespaces, loop devices, mounts)"
    [ -c /dev/fuse ] || modprobe fuse 2>/dev/null || true
    [ -c /dev/fuse ] || missing "/dev/fuse (FUSE mounts of volumes); load the fuse module or pass --device /dev/fuse"
    [ -c /dev/loop-control ] || modprobe loop 2>/dev/null || true
    [ -c /dev/loop-control ] || missing "/dev/loop-control (loop devices back the disks and bricks); modprobe loop"
    grep -qw xfs /proc/filesystems || modprobe xfs 2>/dev/null || true
    grep -qw xfs /proc/filesystems || missing "XFS in the kernel"
    [ -x node_modules/.bin/vitest ] || missing "node_modules (run npm ci first)"
}

install_packages() {
    local need=() c
    for c in glusterd gluster mount.glusterfs sshd ssh mkfs.xfs; do
        PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 || need+=("$c")
    done
    [ ${#need[@]} -eq 0 ] && return 0
    log "installing glusterfs-server glusterfs-client openssh-server xfsprogs (missing: ${need[*]})"
    # Never let the packages start a glusterd or sshd in the root namespace.
    local policy_created=0 rc=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy_created=1
    fi
    { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends \
          glusterfs-server glusterfs-client openssh-server openssh-client xfsprogs; } >/tmp/heketi-ts-e2e-apt.log 2>&1 || rc=$?
    [ $policy_created = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ $rc = 0 ] || { tail -20 /tmp/heketi-ts-e2e-apt.log >&2; missing "apt-get install failed (rc=$rc)"; }
}

teardown() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "${E2E_REUSE_TESTBED:-0}" = 1 ]; then
        log "E2E_REUSE_TESTBED=1: leaving the test bed up"
    else
        log "tearing the test bed down"
        timeout 120 "$TB_DIR/testbed-down.sh" >/dev/null 2>&1 || log "WARNING: testbed-down.sh failed"
    fi
    log "done (rc=$rc)"
    exit "$rc"
}

preflight
install_packages
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${E2E_REUSE_TESTBED:-0}" = 1 ] && [ -f "$TB_ROOT/state/up" ]; then
    log "reusing the test bed under $TB_ROOT"
else
    timeout 120 "$TB_DIR/testbed-down.sh" >/dev/null 2>&1 || true
    log "bringing up $TB_NODES nodes"
    timeout 300 "$TB_DIR/testbed-up.sh"
fi
# shellcheck disable=SC1091
source "$TB_ROOT/env"
log "running the e2e tests (timeout ${E2E_TIMEOUT}s)"
rc=0
timeout --signal=TERM --kill-after=30 "$E2E_TIMEOUT" \
    node_modules/.bin/vitest run --config vitest.e2e.config.ts "$@" </dev/null || rc=$?
[ $rc = 124 ] && log "the tests timed out after ${E2E_TIMEOUT}s"
exit "$rc"
