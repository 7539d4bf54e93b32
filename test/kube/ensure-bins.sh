#!/bin/bash
# Prints the directory holding kube-apiserver, kwok and kwok's stages for this version set, building
# them first (kubebed/build-bins.sh, ~30 min cold on 2 cores) only when the cache has no complete copy.
# The cache lives outside the clone (KUBEBED_CACHE, default /var/cache/heketi-ts/kubebed) so every
# clone on the machine, CI's included, reuses one build.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K8S=${KS_K8S_VERSION:-1.34.4}; KWOK=0.8.0
PATCH_SUM=$(sha256sum "$HERE/kubebed/kwok-exitcode.patch" | cut -c1-12)
DIR=${KUBEBED_CACHE:-/var/cache/heketi-ts/kubebed}/k8s-$K8S-kwok-$KWOK-$PATCH_SUM
if [[ ! -f $DIR/.complete ]]; then
  echo "kubebed: building kube-apiserver $K8S and kwok $KWOK into $DIR (once per machine)" >&2
  rm -rf "$DIR.partial"; mkdir -p "$DIR.partial"
  KS_BIN=$DIR.partial KS_K8S_VERSION=$K8S "$HERE/kubebed/build-bins.sh" >&2
  touch "$DIR.partial/.complete"; rm -rf "$DIR"; mv "$DIR.partial" "$DIR"
fi
echo "$DIR"
