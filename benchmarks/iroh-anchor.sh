#!/usr/bin/env bash
# The iroh-to-iroh anchor benchmark (issue 12): iroh 0.35 (npm @number0/iroh) against itself on this machine,
# the reference figures objsync's own benchmarks compare with. Runs benchmarks/iroh-anchor.js in a fresh network
# namespace whose only interface is loopback (iroh 0.35 always tries its relays; nothing may leave the machine).
#   iroh-blob-memory, iroh-blob-disk   MIB-MiB blob node to node, memory stores / disk stores, best of ROUNDS
#   iroh-docsync                       ENTRIES-entry replicas, one new entry each side, then one sync; median
#                                      of DOC_ROUNDS
# usage: benchmarks/iroh-anchor.sh [RESULTS_FILE]   (one JSON line per benchmark; exit 1 when one failed)
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench] (needs ~3x MIB of disk), MIB [1024], ROUNDS [3],
#              ENTRIES [100000], DOC_ROUNDS [10], PARTS [memory,disk,docs], OBJSYNC_IROH_NODE
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}/iroh-anchor
out=${1:-}
NODE_PATH=$(bash ci/iroh-node.sh)/node_modules
export NODE_PATH
echo "iroh-anchor: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), node $(node --version)" >&2
run() { unshare -n bash -c 'ip link set lo up && exec node --no-deprecation "$0" "$1"' benchmarks/iroh-anchor.js "$dir"; }
if [ -n "$out" ]; then run | tee -a "$out"; else run; fi
