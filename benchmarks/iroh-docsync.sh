#!/usr/bin/env bash
# Document sync between objsync (a Node on QUIC) and a real iroh 0.35 node, beside the iroh-to-iroh anchor of the
# same run (issue 12): ENTRIES-entry replicas, one new entry each side, then one sync, median of ROUNDS after
# WARMUPS untimed rounds (io.objsync.node.bench.IrohDocSyncBench), for each dialler in DIALLERS:
#   iroh   iroh dials our node (doc.startSync), timed by iroh's driver as the anchor is
#   ours   our node dials iroh (Node.syncDoc), timed around the call (the new content fetched included)
# then the anchor (benchmarks/iroh-anchor.sh, PARTS=docs, the same ENTRIES; its rounds are DOC_ROUNDS=ROUNDS).
# Everything runs in fresh loopback-only network namespaces (unshare -n; iroh 0.35 always tries its relays).
# usage: benchmarks/iroh-docsync.sh [RESULTS_FILE]   (one JSON line per result)
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench], ENTRIES [100000], ROUNDS [10], WARMUPS [3],
#              DIALLERS [iroh,ours], ANCHOR [1], BENCH_JAVA, JAVA_OPTS (extra JVM options, e.g.
#              -Dobjsync.bench.sync=reference: our node splits ranges as iroh does), OBJSYNC_IROH_NODE
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}/iroh-docsync
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=${1:-/dev/stdout}
entries=${ENTRIES:-100000}
rounds=${ROUNDS:-10}
mkdir -p "$dir"
. benchmarks/iroh-bench-setup.sh
echo "iroh-docsync: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results=$(mktemp)
failed=0
# shellcheck disable=SC2086
unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$java" --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow -Xmx2g ${JAVA_OPTS:-} -cp "$cp" io.objsync.node.bench.IrohDocSyncBench \
  "$dir" "$entries" "$rounds" "${WARMUPS:-3}" "${DIALLERS:-iroh,ours}" >> "$results" || failed=1
echo "load average after objsync-iroh: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "${ANCHOR:-1}" = 1 ]; then
  PARTS=docs ENTRIES=$entries DOC_ROUNDS=$rounds OBJSYNC_BENCH_DIR="$dir" benchmarks/iroh-anchor.sh >> "$results" \
    || failed=1
fi
cat "$results" > "$out"
rm -f "$results"
if [ "$failed" = 1 ]; then
  echo "iroh-docsync.sh: a part failed" >&2
  exit 1
fi
