#!/usr/bin/env bash
# A MIB-MiB blob between objsync (a Node on QUIC, its disk store) and a real iroh 0.35 node, beside the
# iroh-to-iroh anchor of the same run (issue 12: "1 GiB blob from an iroh node no slower than iroh-to-iroh"):
# io.objsync.node.bench.IrohBlobFetchBench, for each iroh store in STORES and each fetcher in FETCHERS:
#   ours   iroh adds the file and shares a ticket; our node downloads it by ticket (an emptied store each round),
#          timed from the call until the blob is complete and verified in our store
#   iroh   our node adds the file; a fresh iroh node downloads it by our ticket, timed by iroh's driver
# best (and median) of ROUNDS after WARMUPS untimed rounds; then the anchor (benchmarks/iroh-anchor.sh with
# PARTS=STORES, the same MIB and ROUNDS: iroh-blob-memory / iroh-blob-disk, best of ROUNDS).
# Everything runs in fresh loopback-only network namespaces (unshare -n; iroh 0.35 always tries its relays).
# usage: benchmarks/iroh-blob.sh [RESULTS_FILE]   (one JSON line per result; needs ~4x MIB of disk in the dir)
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench], MIB [1024], ROUNDS [3], WARMUPS [1],
#              STORES [memory,disk], FETCHERS [ours,iroh], ANCHOR [1], BENCH_JAVA, JAVA_OPTS (extra JVM options,
#              e.g. a profiler agent), OBJSYNC_IROH_NODE
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}/iroh-blob
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=${1:-/dev/stdout}
mib=${MIB:-1024}
rounds=${ROUNDS:-3}
stores=${STORES:-memory,disk}
mkdir -p "$dir"
. benchmarks/iroh-bench-setup.sh
echo "iroh-blob: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1)" >&2
results=$(mktemp)
failed=0
# shellcheck disable=SC2086
unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$java" --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow -Xmx2g ${JAVA_OPTS:-} -cp "$cp" io.objsync.node.bench.IrohBlobFetchBench \
  "$dir" "$mib" "$rounds" "${WARMUPS:-1}" "$stores" "${FETCHERS:-ours,iroh}" >> "$results" || failed=1
echo "load average after objsync-iroh: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "${ANCHOR:-1}" = 1 ]; then
  PARTS=$stores MIB=$mib ROUNDS=$rounds OBJSYNC_BENCH_DIR="$dir" benchmarks/iroh-anchor.sh >> "$results" || failed=1
fi
cat "$results" > "$out"
rm -f "$results"
if [ "$failed" = 1 ]; then
  echo "iroh-blob.sh: a part failed" >&2
  exit 1
fi
