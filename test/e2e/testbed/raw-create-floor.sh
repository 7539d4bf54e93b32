#!/bin/bash
# The "raw-command floor" of one replica-3 volume create (benchmark P5): the command lines heketi-ts
# sends for POST /volumes (size 1), sent by a plain script over ssh, with nothing else in between.
# Bricks on nodes 1-3 in parallel (mkdir, lvcreate, mkfs.xfs, fstab line, mount, brick dir), then
# gluster volume create, volume set user.heketi.id, volume start on node 1. Only that part is timed;
# device setup before and the volume/brick/device removal after are not.
#
#   raw-create-floor.sh [ROUNDS] [mux|plain]
#     mux   (default) one kept ssh connection per node (ControlMaster), as heketi-ts keeps one
#     plain a new ssh connection for every command, as smoke-replica3.sh does
# Prints one line per round: "raw-create-floor <mode> round <i>: <ms> ms".
set -Eeuo pipefail
source "$(dirname "$0")/lib.sh"
TB_TAG=floor
[ -f "$TB_ROOT/state/up" ] || tb_die "test bed is not up (run testbed-up.sh)"
ROUNDS=${1:-3}
MODE=${2:-mux}
NODES=(1 2 3)
KIB=1048576 META_KIB=8192
OPTS=rw,inode64,noatime,nouuid
LVM=(/usr/local/sbin/lvm-wrapper /usr/sbin/lvm)
GLUSTER=(gluster --mode=script --timeout=600)
CM_DIR=$TB_ROOT/ssh/floor-cm
case $MODE in
    mux) mkdir -p "$CM_DIR"; TB_SSH_OPTS+=(-o ControlMaster=auto -o "ControlPath=$CM_DIR/%h" -o ControlPersist=60) ;;
    plain) ;;
    *) tb_die "unknown mode $MODE (mux or plain)" ;;
esac

hex() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
on() { local n=$1; shift; tb_ssh "$n" "$@"; }

declare -A VG
cleanup() {
    local n
    for n in "${NODES[@]}"; do
        [ -n "${VG[$n]:-}" ] || continue
        on "$n" "${LVM[*]} vgremove -qq -f vg_${VG[$n]}; ${LVM[*]} pvremove -qq /dev/sdb; rm -rf /var/lib/heketi/mounts/vg_${VG[$n]}" >/dev/null 2>&1 || true
    done
    [ "$MODE" = mux ] && for n in "${NODES[@]}"; do ssh "${TB_SSH_OPTS[@]}" -O exit "$(tb_node_ip "$n")" 2>/dev/null || true; done
    return 0
}
trap cleanup EXIT

for n in "${NODES[@]}"; do
    VG[$n]=$(hex)
    on "$n" "${LVM[*]} pvcreate -qq --metadatasize=128M --dataalignment=256K /dev/sdb && ${LVM[*]} vgcreate -qq --physicalextentsize=4M --autobackup=n vg_${VG[$n]} /dev/sdb"
done

brick_create() {   # node brick-id
    local n=$1 id=$2 vg=vg_${VG[$1]}
    local mnt=/var/lib/heketi/mounts/$vg/brick_$id dev=/dev/mapper/$vg-brick_$id
    on "$n" mkdir -p "$mnt"
    on "$n" "${LVM[*]}" lvcreate -qq --autobackup=n --poolmetadatasize ${META_KIB}K --chunksize 256K --size ${KIB}K \
        --thin "$vg/tp_$id" --virtualsize ${KIB}K --name "brick_$id"
    on "$n" mkfs.xfs -i size=512 -n size=8192 "$dev" >/dev/null
    on "$n" awk "'BEGIN { printf(\"%s %s xfs %s 1 2\\n\", ARGV[1], ARGV[2], ARGV[3]) >> ARGV[4]; exit 0 }'" "$dev" "$mnt" "$OPTS" /etc/fstab
    on "$n" mount -o "$OPTS" "$dev" "$mnt"
    on "$n" mkdir "$mnt/brick"
}

brick_destroy() {  # node brick-id
    local n=$1 id=$2 vg=vg_${VG[$1]}
    on "$n" "umount /var/lib/heketi/mounts/$vg/brick_$id; sed -i.save -e /brick_$id/d /etc/fstab; ${LVM[*]} lvremove --autobackup=n -f $vg/brick_$id; ${LVM[*]} lvremove --autobackup=n -f $vg/tp_$id; rmdir /var/lib/heketi/mounts/$vg/brick_$id" >/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
    declare -A ID=()
    bricks=()
    for n in "${NODES[@]}"; do
        ID[$n]=$(hex)
        bricks+=("$(tb_node_ip "$n"):/var/lib/heketi/mounts/vg_${VG[$n]}/brick_${ID[$n]}/brick")
    done
    vol_id=$(hex)
    t0=$(ms)
    pids=()
    for n in "${NODES[@]}"; do brick_create "$n" "${ID[$n]}" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p"; done
    on 1 "${GLUSTER[@]}" volume create "vol_$vol_id" replica 3 "${bricks[@]}" >/dev/null
    on 1 "${GLUSTER[@]}" volume set "vol_$vol_id" user.heketi.id "$vol_id" >/dev/null
    on 1 "${GLUSTER[@]}" volume start "vol_$vol_id" >/dev/null
    echo "raw-create-floor $MODE round $round: $(( $(ms) - t0 )) ms"
    on 1 "${GLUSTER[*]} volume stop vol_$vol_id force; ${GLUSTER[*]} volume delete vol_$vol_id" >/dev/null
    for n in "${NODES[@]}"; do brick_destroy "$n" "${ID[$n]}"; done
done
