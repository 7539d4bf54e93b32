#!/bin/bash
# Starts or stops the kwok of one test-bed node: kwok-node.sh start|stop N (node N = $TB_NAME-nN).
# start runs kwok inside the node's net/mount/UTS namespaces serving the kubelet API on the node's
# IP :10250 (kwok-nodes-up.sh uses it for every node; tests stop and start one to fake a dead kubelet).
# Env: as kwok-nodes-up.sh (KS_ROOT, KS_BIN, KS_API_PORT, TB_ROOT).
set -euo pipefail
KS_ROOT=${KS_ROOT:-/var/tmp/kubebed}
KS_BIN=${KS_BIN:-/var/cache/kubebed/bin}
TB_ROOT=${TB_ROOT:-/var/tmp/gtb}
source "$TB_ROOT/env"
cmd=${1:?start|stop}; i=${2:?node number}
name=$TB_NAME-n$i
ip=$(echo $TB_NODE_IPS | cut -d' ' -f"$i")
[ -n "$ip" ] || { echo "no node $i in $TB_ROOT/env" >&2; exit 1; }
pidfile=$KS_ROOT/kwok-$name.pid
case $cmd in
stop)
  [ -f "$pidfile" ] || exit 0
  pid=$(cat "$pidfile"); kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile" ;;
start)
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && exit 0
  nsenter --net=/run/netns/$name --mount="$TB_ROOT/ns/n$i.mnt" --uts="$TB_ROOT/ns/n$i.uts" -- \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 KUBE_FEATURE_WatchListClient=false \
    "$KS_BIN/kwok" --kubeconfig="$KS_ROOT/kwok/kubeconfig" --config="$KS_ROOT/kwok/$name.yaml" \
      --manage-single-node="$name" --node-ip="$ip" --node-port=10250 --server-address="$ip:10250" \
      >> "$KS_ROOT/log/kwok-$name.log" 2>&1 &
  echo $! > "$pidfile"
  # ready when its kubelet port answers (any HTTP status)
  for _ in $(seq 300); do
    nsenter --net=/run/netns/$name curl -sk -o /dev/null "https://$ip:10250/healthz" && exit 0
    sleep 0.1
  done
  echo "kwok of $name did not open $ip:10250" >&2; exit 1 ;;
*) echo "usage: $0 start|stop N" >&2; exit 2 ;;
esac
