#!/usr/bin/env bash
# Installs the iroh 0.35 node the interop tests and the anchor benchmark talk to: Node.js from Debian when the
# machine has none (whatever the Node version, the binding's N-API addon is checked to load below), then npm
# @number0/iroh 0.35.0 exactly as locked in ci/iroh-node/package-lock.json, into $OBJSYNC_IROH_NODE (default
# <repo>/.deps/iroh-node), outside the tree.
# Idempotent: a second run with the same lock file does nothing. Prints the install directory on stdout.
# Installing needs the npm registry; RUNNING the node must happen in a loopback-only namespace (ci/iroh-interop.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
deps=${OBJSYNC_DEPS:-$here/.deps}
dir=${OBJSYNC_IROH_NODE:-$deps/iroh-node}
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Debian 12's nodejs is 18.20; the binding's package.json asks for >= 20.3, but its addon starts a node, adds
# blobs and creates documents on 18.20.4 too (checked with Debian's packages), so no other source is needed.
# iproute2's `ip` brings loopback up inside the namespace (ci/iroh-interop.sh).
pkgs=()
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then pkgs+=(nodejs npm); fi
if ! command -v ip >/dev/null 2>&1; then pkgs+=(iproute2); fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "iroh-node: installing ${pkgs[*]} from Debian" >&2
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null
fi

mkdir -p "$dir"
if ! cmp -s "$here/ci/iroh-node/package-lock.json" "$dir/package-lock.json" \
    || [ ! -f "$dir/node_modules/@number0/iroh/package.json" ]; then
  echo "iroh-node: npm install @number0/iroh (locked) into $dir" >&2
  cp "$here/ci/iroh-node/package.json" "$here/ci/iroh-node/package-lock.json" "$dir/"
  # npm install, not npm ci: the lock holds only the linux-x64 binding, and npm ci wants every platform's.
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
# The binding loads its platform package; fail here, not in a test, when npm left it out.
(cd "$dir" && node --no-deprecation -e 'require("@number0/iroh")') \
  || { echo "iroh-node: @number0/iroh does not load from $dir" >&2; exit 1; }
echo "$dir"
