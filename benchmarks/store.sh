#!/usr/bin/env bash
# The blob store's benchmarks (issue 5), one JSON line each, checked against their floors:
#   store-import  import of a page-cached 1 GiB file vs plain BLAKE3 hashing and cp on the same file system,
#                 like for like (floor 1.25): the import without fsync (Durability.PROCESS_CRASH_SAFE) against
#                 max(hash, cp), the durable default against max(hash, cp followed by sync)
#   store-open    opening a store of 100k blobs (floor < 1 s), status and 4 KiB range-read latency
# usage: benchmarks/store.sh [RESULTS_FILE]     (the machine should be idle; takes a few minutes, more the
#        first time, when it builds the 100k-blob store in $OBJSYNC_BENCH_DIR)
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench], ROUNDS [3], BLOBS [100000], BENCH_JAVA, OBJSYNC_DEPS
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=${1:-/dev/stdout}
mkdir -p "$dir"
ci/mvn -q -o test-compile -pl java/objsync-store -am -P '!jdk17-tests' >&2
ci/mvn -q -o dependency:build-classpath -pl java/objsync-store -Dmdep.includeScope=test \
  -Dmdep.outputFile="$dir/store-classpath.txt" >&2
cp="java/objsync-store/target/test-classes:java/objsync-store/target/classes:java/objsync-core/target/classes"
cp="$cp:$(cat "$dir/store-classpath.txt")"
if [ ! -f "$dir/store-1g.bin" ]; then
  head -c 1073741824 /dev/urandom > "$dir/store-1g.bin"
fi
run() {
  "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$cp" \
    io.objsync.store.StoreHarness "$@"
}
results=$(mktemp)
run import "$dir/store-1g.bin" "$dir/store-import" "${ROUNDS:-3}" >> "$results"
run open "$dir" "${BLOBS:-100000}" >> "$results"
cat "$results" > "$out"
if grep -q '"pass":false' "$results"; then
  echo "store.sh: a floor was missed" >&2
  exit 1
fi
