#!/bin/bash
# Bring up a GlusterFS test bed of TB_NODES storage nodes on this machine.
#
# Every node = one network namespace (own IP on a private bridge) + one
# persistent mount namespace + one UTS namespace, running its own sshd
# (key-only root login) and its own glusterd with private
# /var/lib/glusterd, /var/log/glusterfs, /run (= /var/run), /root, an overlay
# on /etc (own hosts, hostname, fstab), /dev (with a loop-backed "disk"
# /dev/sdb) and shims (LVM, systemctl) in /usr/local/sbin.  The nodes are
# probed into one trusted pool over ssh.  See README.md.
#
# Non-interactive, bounded in time; on any failure it tears down whatever it
# created (set TB_KEEP_ON_FAIL=1 to keep it for debugging).
#
# Env: TB_NODES (3) TB_NAME (gtb) TB_ROOT (/var/tmp/gtb) TB_SUBNET (10.213.77)
#      TB_DISKS ("sdb") TB_DISK_SIZE (16G) TB_PRIVATE_DIRS ("/var/lib/heketi")
#      TB_SKIP_INSTALL=1 to skip the apt-get step, TB_NO_PROBE=1 to skip peer probe.
set -Eeuo pipefail
source "$(dirname "$0")/lib.sh"
TB_TAG=up
TB_PRIVATE_DIRS=${TB_PRIVATE_DIRS:-/var/lib/heketi}
T0=$SECONDS

[ "$(id -u)" = 0 ] || tb_die "must run as root"
((TB_NODES >= 1 && TB_NODES <= 200)) || tb_die "TB_NODES must be 1..200"
[ ${#TB_NAME} -le 6 ] || tb_die "TB_NAME must be at most 6 characters (interface names)"
case $TB_ROOT in /run/*|/dev/*|/proc/*|/sys/*) tb_die "TB_ROOT must be on a disk (not /run, /dev, ...)";; esac

# ---------------------------------------------------------------- packages
install_packages() {
    local need=() c
    for c in glusterd gluster mount.glusterfs sshd ssh ssh-keygen mkfs.xfs ip nsenter unshare \
             losetup flock blkid wipefs perl; do
        command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 || need+=("$c")
    done
    [ -x /usr/bin/python3 ] || need+=(/usr/bin/python3)     # the LVM shim's interpreter (not a pyenv one)
    [ ${#need[@]} -eq 0 ] && return 0
    [ "${TB_SKIP_INSTALL:-0}" = 1 ] && tb_die "missing commands: ${need[*]} (TB_SKIP_INSTALL=1)"
    tb_log "installing Debian packages (missing: ${need[*]})"
    # Never let the packages start their own glusterd/sshd in the root namespace.
    local policy_created=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy_created=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    local rc=0
    { timeout 300 apt-get update -qq &&
      timeout 600 apt-get install -y -qq --no-install-recommends \
          glusterfs-server glusterfs-client openssh-server openssh-client xfsprogs \
          iproute2 util-linux mount procps python3 perl; } >"/tmp/$TB_NAME-apt.log" 2>&1 || rc=$?
    [ $policy_created = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ $rc = 0 ] || { tail -20 "/tmp/$TB_NAME-apt.log" >&2; tb_die "apt-get failed (rc=$rc)"; }
    rm -f "/tmp/$TB_NAME-apt.log"
}

# ---------------------------------------------------------------- preflight
preflight() {
    [ -c /dev/fuse ]         || tb_die "/dev/fuse missing (FUSE mount of volumes impossible)"
    [ -c /dev/loop-control ] || tb_die "/dev/loop-control missing (no loop devices)"
    grep -qw xfs /proc/filesystems  || tb_die "kernel has no XFS"
    grep -qw fuse /proc/filesystems || tb_die "kernel has no FUSE"
    ip link add "${TB_NAME}probe0" type bridge 2>/dev/null || tb_die "cannot create bridge (need CAP_NET_ADMIN)"
    ip link del "${TB_NAME}probe0"
    if ip -4 addr | grep -q "inet $TB_SUBNET\."; then tb_die "subnet $TB_SUBNET.0/24 already in use here; set TB_SUBNET"; fi
}

# ---------------------------------------------------------------- failure
on_exit() {
    local rc=$?
    if [ $rc != 0 ]; then
        tb_log "setup FAILED (rc=$rc) after $((SECONDS - T0))s"
        if [ "${TB_KEEP_ON_FAIL:-0}" = 1 ]; then
            tb_log "TB_KEEP_ON_FAIL=1: leaving the partial test bed; run testbed-down.sh"
        else
            for n in $(tb_nodes); do
                [ -f "$(tb_node_dir "$n")/log/glusterd.log" ] && { tb_log "--- n$n glusterd.log (tail)"; tail -5 "$(tb_node_dir "$n")/log/glusterd.log" >&2; }
            done
            tb_log "tearing down the partial test bed"
            exec 9>&-                      # release our lock: testbed-down.sh takes it
            "$TB_DIR/testbed-down.sh" || true
        fi
    fi
}

install_packages
tb_lock
[ -e "$TB_ROOT/state" ] && tb_die "$TB_ROOT/state exists: test bed already up (run testbed-down.sh first)"
preflight
trap on_exit EXIT
trap 'exit 130' INT; trap 'exit 143' TERM      # make sure on_exit (teardown) runs
trap 'tb_log "command failed (rc=$?) at line $LINENO: $BASH_COMMAND"' ERR
tb_log "creating $TB_NODES nodes under $TB_ROOT (subnet $TB_SUBNET.0/24)"

mkdir -p "$TB_ROOT"/{state,ns,ssh,shim/sbin,mnt,client}
chmod 700 "$TB_ROOT"
# Loop devices that existed before us must never be removed by teardown.
for f in /sys/block/loop*; do [ -e "$f" ] && basename "$f"; done | sort -V > "$TB_ROOT/state/preexisting-loops"

# The ns files must live on a private mount or the bind mounts of the
# namespaces fail on hosts whose / is a shared mount (systemd).
mount --bind "$TB_ROOT/ns" "$TB_ROOT/ns"
mount --make-private "$TB_ROOT/ns"

# Private directories (mount points must exist in the root file system).
: > "$TB_ROOT/state/private-dirs"; : > "$TB_ROOT/state/created-dirs"
for dir in $TB_PRIVATE_DIRS; do
    if [ ! -d "$dir" ]; then mkdir -p "$dir"; echo "$dir" >> "$TB_ROOT/state/created-dirs"; fi
    echo "$dir" >> "$TB_ROOT/state/private-dirs"
done

# ---------------------------------------------------------------- node shims (LVM, systemctl)
install -m 755 "$TB_DIR/shims/lvmshim" "$TB_ROOT/shim/lvmshim"
install -m 755 "$TB_DIR/shims/systemctl" "$TB_ROOT/shim/sbin/systemctl"   # `systemctl status glusterd` health checks
install -m 755 "$TB_DIR/shims/lvm-wrapper" "$TB_ROOT/shim/sbin/lvm-wrapper"  # heketi-ts lvm_wrapper: /usr/sbin/lvm -> shim
for c in pvcreate pvremove pvs pvdisplay vgcreate vgremove vgs vgdisplay lvcreate lvremove lvs lvdisplay lvm; do
    ln -s "$TB_ROOT/shim/lvmshim" "$TB_ROOT/shim/sbin/$c"   # absolute: /usr/local/sbin/.. differs inside nodes
done

# ---------------------------------------------------------------- ssh keys
ssh-keygen -q -t ed25519 -N '' -C "$TB_NAME-client" -f "$TB_ROOT/ssh/id_ed25519"
cp "$TB_ROOT/ssh/id_ed25519.pub" "$TB_ROOT/ssh/authorized_keys"
cat > "$TB_ROOT/ssh/config" <<EOF
Host *
  User root
  IdentityFile $TB_ROOT/ssh/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $TB_ROOT/ssh/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  ServerAliveInterval 5
  ServerAliveCountMax 3
  LogLevel ERROR
EOF
: > "$TB_ROOT/ssh/known_hosts"

# ---------------------------------------------------------------- network
ip link add "$TB_BRIDGE" type bridge
echo "$TB_BRIDGE" > "$TB_ROOT/state/bridge"
sysctl -qw "net.ipv6.conf.$TB_BRIDGE.disable_ipv6=1" 2>/dev/null || true
ip addr add "$TB_SUBNET.1/24" dev "$TB_BRIDGE"
ip link set "$TB_BRIDGE" up

# ---------------------------------------------------------------- nodes
make_dev() {   # private /dev of a node, as a directory on disk
    local dev=$1 x
    mkdir -p "$dev"/{pts,shm,mapper,net}
    for x in null zero full random urandom tty fuse loop-control net/tun; do
        [ -e "/dev/$x" ] && cp -a "/dev/$x" "$dev/$x"
    done
    ln -s /proc/self/fd "$dev/fd"
    ln -s /proc/self/fd/0 "$dev/stdin"; ln -s /proc/self/fd/1 "$dev/stdout"; ln -s /proc/self/fd/2 "$dev/stderr"
    ln -s pts/ptmx "$dev/ptmx"
    # Nodes for the first 64 loop minors; the LVM shim adds more on demand.
    for x in $(seq 0 63); do mknod -m 660 "$dev/loop$x" b 7 "$x"; done
}

setup_node() {
    local n=$1 d ns ip veth disk img loop
    d=$(tb_node_dir "$n"); ns=$(tb_node_name "$n"); ip=$(tb_node_ip "$n"); veth="${TB_NAME}n${n}"
    mkdir -p "$d"/{glusterd,log,run,etc,etc-work,ssh,disks,lvm,home}
    cp /etc/skel/.bashrc /etc/skel/.profile "$d/home/" 2>/dev/null || true
    chmod 700 "$d/home"
    # Only the option groups the package ships (groups/): never a host glusterd.info (its UUID
    # would be shared by every node and peer probe would fail), and not the stock hook scripts
    # (Samba, CTDB, NFS-Ganesha, SELinux, geo-replication, quota; glusterd makes the empty hooks
    # tree itself). None of those services exists on a node, yet each node runs the scripts on
    # every create, set, start, stop and delete: measured here they add 0.1-0.7 s to each such
    # transaction (a stop 1.8 s -> 1.2 s, a delete 0.97 s -> 0.23 s), and a tier makes hundreds.
    [ -d /var/lib/glusterd/groups ] && cp -a /var/lib/glusterd/groups "$d/glusterd/"
    printf '# /etc/fstab of test node %s\n' "$ns" > "$d/etc/fstab"
    echo "$ns" > "$d/etc/hostname"
    {
        printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
        for i in $(tb_nodes); do printf '%s\t%s\n' "$(tb_node_ip "$i")" "$(tb_node_name "$i")"; done
    } > "$d/etc/hosts"
    while read -r dir; do [ -n "$dir" ] && mkdir -p "$d/private$dir"; done < "$TB_ROOT/state/private-dirs"
    printf 'LVMSHIM_DATA=%s\n' "$d/lvm" > "$d/run/lvmshim.conf"   # sparse LV images go to the node dir on disk

    make_dev "$d/dev"
    for disk in $TB_DISKS; do       # the node's "physical disks": sparse file + loop device
        img="$d/disks/$disk.img"
        truncate -s "$TB_DISK_SIZE" "$img"
        loop=$(losetup --find --show "$img")
        echo "$loop" >> "$TB_ROOT/state/loops"
        cp -a "$loop" "$d/dev/$disk"
    done

    # network namespace + veth into the bridge
    ip netns add "$ns"
    echo "$ns" >> "$TB_ROOT/state/netns"
    ip link add "$veth" type veth peer name eth0 netns "$ns"
    sysctl -qw "net.ipv6.conf.$veth.disable_ipv6=1" 2>/dev/null || true
    ip link set "$veth" master "$TB_BRIDGE" up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up

    # persistent mount + UTS namespaces (bind-mounted on $TB_ROOT/ns/nN.*)
    touch "$TB_ROOT/ns/n$n.mnt" "$TB_ROOT/ns/n$n.uts"
    nsenter --net="/run/netns/$ns" \
        unshare --mount="$TB_ROOT/ns/n$n.mnt" --uts="$TB_ROOT/ns/n$n.uts" --propagation private \
        "$TB_DIR/node-init.sh" "$n"

    # sshd
    ssh-keygen -q -t ed25519 -N '' -C "$ns" -f "$d/ssh/ssh_host_ed25519_key"
    printf '%s,%s %s\n' "$ip" "$ns" "$(cut -d' ' -f1,2 "$d/ssh/ssh_host_ed25519_key.pub")" >> "$TB_ROOT/ssh/known_hosts"
    cat > "$d/ssh/sshd_config" <<EOF
ListenAddress $ip
Port 22
HostKey $d/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
AuthorizedKeysFile $TB_ROOT/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 200:30:400
MaxSessions 200
LogLevel INFO
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
    tb_in_node "$n" /usr/sbin/sshd -f "$d/ssh/sshd_config" -E "$d/log/sshd.log"
}

start_glusterd() {   # daemonizes after init (~3 s: it runs gsyncd checks); pid file lands in $d/run
    tb_in_node "$1" /usr/sbin/glusterd -p /run/glusterd.pid --log-level INFO
}

for n in $(tb_nodes); do setup_node "$n"; done
tb_log "namespaces + sshd ready on $TB_NODES nodes ($((SECONDS - T0))s)"
pids=()
for n in $(tb_nodes); do start_glusterd "$n" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || tb_die "glusterd failed to start (see $TB_ROOT/nodes/n*/log/glusterd.log)"; done
tb_log "namespaces, sshd and glusterd started on $TB_NODES nodes ($((SECONDS - T0))s)"

for n in $(tb_nodes); do
    tb_wait "$TB_MAX_WAIT" tb_ssh "$n" true || tb_die "sshd on node $n not reachable"
    tb_wait "$TB_MAX_WAIT" tb_ssh "$n" gluster --mode=script pool list || tb_die "glusterd on node $n not answering"
done
tb_log "ssh + glusterd answer on all nodes ($((SECONDS - T0))s)"

# ---------------------------------------------------------------- trusted pool
if [ "${TB_NO_PROBE:-0}" != 1 ] && ((TB_NODES > 1)); then
    for n in $(seq 2 "$TB_NODES"); do
        tb_ssh 1 gluster --mode=script peer probe "$(tb_node_ip "$n")" >/dev/null
    done
    want=$TB_NODES
    pool_ok() {
        local i c
        for i in $(tb_nodes); do
            c=$(tb_ssh "$i" gluster --mode=script pool list | grep -c 'Connected *$') || return 1
            [ "$c" = "$want" ] || return 1
        done
    }
    tb_wait "$TB_MAX_WAIT" pool_ok || { tb_ssh 1 gluster pool list >&2 || true; tb_die "peers did not all connect"; }
    tb_log "trusted pool of $TB_NODES nodes formed ($((SECONDS - T0))s)"
fi

# ---------------------------------------------------------------- env for tests
{
    echo "# generated by testbed-up.sh; source it"
    echo "export TB_NAME=$TB_NAME TB_ROOT=$TB_ROOT TB_NODES=$TB_NODES TB_SUBNET=$TB_SUBNET"
    echo "export TB_SSH_KEY=$TB_ROOT/ssh/id_ed25519 TB_SSH_KNOWN_HOSTS=$TB_ROOT/ssh/known_hosts TB_SSH_CONFIG=$TB_ROOT/ssh/config"
    echo "export TB_NODE_IPS=\"$(for n in $(tb_nodes); do printf '%s ' "$(tb_node_ip "$n")"; done | sed 's/ $//')\""
    echo "export TB_DISKS=\"$TB_DISKS\""
    echo "export TB_LVM_WRAPPER=/usr/local/sbin/lvm-wrapper"
} > "$TB_ROOT/env"
touch "$TB_ROOT/state/up"
trap - EXIT
tb_log "test bed up in $((SECONDS - T0))s; source $TB_ROOT/env"
