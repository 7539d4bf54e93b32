#!/usr/bin/env bash
# Builds the compatibility tools into test/compat/.build (git-ignored):
#   heketi      the real Heketi server, at the commit go.mod pins
#   heketi-cli  Heketi's own command line
#   compat      the scenario program
# Everything comes through the Go module proxy, as go.mod and go.sum pin it;
# there is no other source for Heketi.
#
# The result is cached: when the three binaries exist and .build/.key matches
# go.mod, go.sum and the scenario sources, nothing is built and the proxy is
# not asked. COMPAT_REBUILD=1 forces a rebuild.
#
# Exit status: 0 built or up to date; 3 the Go module proxy refuses Heketi's
# module (the first stderr line starting "build.sh: blocked: " says why);
# anything else, another failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/.build"
HEKETI_MODULE=github.com/heketi/heketi/v10

# heketi_version prints the version of Heketi's module that go.mod requires.
heketi_version() {
  sed -n "s#^[[:space:]]*$HEKETI_MODULE \(v[^[:space:]]*\).*#\1#p" "$here/go.mod" | head -n 1
}

build_key() {
  cat "$here/go.mod" "$here/go.sum" \
    $(find "$here/cmd" "$here/internal" -name '*.go' | LC_ALL=C sort) | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [[ "${COMPAT_REBUILD:-}" != 1 && -f "$build/.key" && "$(cat "$build/.key")" == "$1" \
     && -x "$build/heketi" && -x "$build/heketi-cli" && -x "$build/compat" ]]
}

# proxy_refusal LOG: prints the proxy's answer when LOG (the output of a
# failed download) shows the proxy refusing the module (HTTP 403, 404 or 410),
# e.g. "403 Forbidden: This module version is not available."; fails otherwise,
# so that a network or toolchain failure is not mistaken for a refusal.
proxy_refusal() {
  local status answer
  status="$(grep -oE '@v/[^ ]*: (403|404|410) [A-Za-z ]*[A-Za-z]' "$1" | head -n 1 | sed 's#^@v/[^ ]*: ##')"
  [[ -n "$status" ]] || return 1
  answer="$(sed -n 's/^[[:space:]]*server response: //p' "$1" | head -n 1)"
  echo "$status${answer:+: $answer}"
}

# fetch_heketi VERSION: asks the module proxy for Heketi's module (a no-op
# when the module cache has it). Exits 3 when the proxy refuses it.
fetch_heketi() {
  local version=$1 log answer
  log="$(mktemp)"
  if (cd "$here" && go mod download "$HEKETI_MODULE") 2>"$log"; then
    rm -f "$log"
    return 0
  fi
  if answer="$(proxy_refusal "$log")"; then
    rm -f "$log"
    echo "build.sh: blocked: the Go module proxy does not serve $HEKETI_MODULE@$version" \
         "(Heketi commit ${version##*-}); it answered: $answer" >&2
    echo "build.sh: heketi, heketi-cli and compat were not built" >&2
    exit 3
  fi
  cat "$log" >&2
  rm -f "$log"
  echo "build.sh: could not download $HEKETI_MODULE@$version" >&2
  exit 1
}

main() {
  mkdir -p "$build"
  local key version
  key="$(build_key)"
  if up_to_date "$key"; then
    echo "build.sh: up to date ($build)"
    return 0
  fi
  version="$(heketi_version)"
  [[ -n "$version" ]] || { echo "build.sh: go.mod does not require $HEKETI_MODULE" >&2; exit 1; }
  fetch_heketi "$version"
  cd "$here"
  local t0=$SECONDS
  go build -o "$build/heketi" "$HEKETI_MODULE"
  go build -o "$build/heketi-cli" "$HEKETI_MODULE/client/cli/go"
  go build -o "$build/compat" ./cmd/compat
  echo "$key" > "$build/.key"
  echo "build.sh: built heketi, heketi-cli and compat in $((SECONDS - t0)) s"
}

main "$@"
