#!/usr/bin/env bash
# Issue 7's network benchmarks (io.objsync.node.bench.NodeHarness), one JSON line each, floors checked:
#   node-blob     a MIB blob node to node over loopback TLS (verified into the store) vs a plain TLS socket copy
#                 of the same file with the same JSSE context, best of ROUNDS (floor: ratio >= 0.7)
#   node-fanout   RECEIVERS nodes download one FANOUT_MIB blob from one node at once (all verify; aggregate MiB/s)
#   node-docsync  two replicas of ENTRIES entries differing by one entry each side: one syncDoc incl. connection
#                 set-up and the new entry's content (floor: median of DOC_ROUNDS after DOC_WARMUPS untimed syncs
#                 <= 100 ms; the first, cold sync reported apart), once per transport in TRANSPORT, one after the
#                 other on the same replicas. The replicas are kept in the bench dir between runs (docs-ENTRIES-*;
#                 delete them to rebuild).
# usage: benchmarks/node.sh [RESULTS_FILE]   (machine idle; the full sizes need ~6 GiB of disk in the bench dir)
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench], MIB [1024], ROUNDS [3], RECEIVERS [64],
#              FANOUT_MIB [64], ENTRIES [1000000], DOC_ROUNDS [15], DOC_WARMUPS [20], TRANSPORT ["tls quic"],
#              PARTS ["blob fanout docsync"],
#              BENCH_JAVA, OBJSYNC_DEPS
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}/node
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=${1:-/dev/stdout}
mkdir -p "$dir"
ci/mvn -q -o test-compile -pl java/objsync-node -am -P '!jdk17-tests' >&2
ci/mvn -q -o dependency:build-classpath -pl java/objsync-node -Dmdep.includeScope=test \
  -Dmdep.outputFile="$dir/node-classpath.txt" >&2
cp="java/objsync-node/target/test-classes:java/objsync-node/target/classes"
for m in core store docs net; do cp="$cp:java/objsync-$m/target/classes"; done
cp="$cp:$(cat "$dir/node-classpath.txt")"
run() {
  "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx4g -cp "$cp" \
    io.objsync.node.bench.NodeHarness "$@"
}
results=$(mktemp)
# each part runs even when one before it failed, and its line (or the failure) is kept
failed=0
part() {
  echo "load average before $1: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  run "$@" >> "$results" || { failed=1; echo "{\"bench\":\"node-$1\",\"pass\":false,\"error\":\"crashed\"}" >> "$results"; }
}
parts=" ${PARTS:-blob fanout docsync} "
[[ $parts == *" blob "* ]] && part blob "$dir" "${MIB:-1024}" "${ROUNDS:-3}"
[[ $parts == *" fanout "* ]] && part fanout "$dir" "${RECEIVERS:-64}" "${FANOUT_MIB:-64}"
if [[ $parts == *" docsync "* ]]; then
  for t in ${TRANSPORT:-tls quic}; do
    part docsync "$dir" "${ENTRIES:-1000000}" "${DOC_ROUNDS:-15}" "${DOC_WARMUPS:-20}" "$t"
  done
fi
cat "$results" > "$out"
grep -q '"pass":false' "$results" && failed=1
rm -f "$results"
if [ "$failed" = 1 ]; then
  echo "node.sh: a floor was missed" >&2
  exit 1
fi
