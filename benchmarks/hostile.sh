#!/usr/bin/env bash
# Issue 13's long hostile-peer run (io.objsync.node.hostile.HostileRun): a node in its own JVM with a fixed heap
# (NODE_XMX) and default TransportLimits (256 streams, 16 per peer) with 2 s timeouts, attacked phase by phase
# from a second JVM while an honest peer keeps downloading an 8 MiB blob and syncing a document from it:
#   tcp-flood-4000                    4000 bare TCP connections that never start TLS
#   tls-streams-1000x-half-request    1000 streams from 100 identities, each sending 3 bytes of a request
#   get-1e6-children-x256             256 Gets of a 10^6-child hash sequence (children 0-1 held, then missing)
#   getmany-32767-hashes-x256-unread  256 GetMany requests of 1 MiB (32767 hashes of the 8 MiB blob), never read
#   sync-16MiB-frame-claims-x256      256 sync streams announcing a 16 MiB frame, sending 64 KiB, going silent
#   sync-init-then-full-16MiB-frames-x16  16 sync streams sending a valid Init for the served document, then all
#                                     but the last byte of a 16 MiB frame, then silent
#   sync-never-converging-x64         64 sync peers whose every range answer is a fingerprint matching nothing
# Per phase: honest rounds ok/failed during it, the node's heap high-water mark, its live threads, and how long
# after the attackers let go its handler threads were all idle. Prints a markdown table.
# usage: benchmarks/hostile.sh   Environment: NODE_XMX [512m], OBJSYNC_BENCH_DIR, BENCH_JAVA, OBJSYNC_DEPS,
#        MVN_REPO_LOCAL (a Maven local repository other than ~/.m2)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}/hostile
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
xmx=${NODE_XMX:-512m}
rm -rf "$dir"
mkdir -p "$dir"
repo=(${MVN_REPO_LOCAL:+-Dmaven.repo.local=$MVN_REPO_LOCAL})
ci/mvn -q -o "${repo[@]}" test-compile -pl java/objsync-node -am -P '!jdk17-tests' >&2
ci/mvn -q -o "${repo[@]}" dependency:build-classpath -pl java/objsync-node -Dmdep.includeScope=test \
  -Dmdep.outputFile="$dir/classpath.txt" >&2
cp="java/objsync-node/target/test-classes:java/objsync-node/target/classes"
for m in core store docs net; do cp="$cp:java/objsync-$m/target/classes"; done
cp="$cp:$(cat "$dir/classpath.txt")"
opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$cp")
ulimit -n 65536 2>/dev/null || true
"$java" "${opts[@]}" -Xmx"$xmx" -XX:+ExitOnOutOfMemoryError io.objsync.node.hostile.HostileRun serve "$dir" \
  > "$dir/node.log" 2> "$dir/node.err" &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
"$java" "${opts[@]}" -Xmx2g io.objsync.node.hostile.HostileRun attack "$dir" "$dir/node.log" \
  > "$dir/attack.log" 2> "$dir/attack.err"
alive=yes
kill -0 $node 2>/dev/null || alive="NO (see $dir/node.err)"
kill $node 2>/dev/null || true
python3 - "$dir" "$xmx" "$alive" <<'PY'
import sys
d, xmx, alive = sys.argv[1:4]
samples = [l.split() for l in open(d + "/node.log") if l.startswith("sample ")]
samples = [(int(t), int(h), int(th), int(b)) for _, t, h, th, b in samples]
print(f"Node heap -Xmx{xmx}; node alive at the end: {alive}\n")
print("| phase | honest ok | honest failed | node heap peak (MiB) | node threads peak / after | handlers idle after release (ms) |")
print("|---|---|---|---|---|---|")
for l in open(d + "/attack.log"):
    if not l.startswith("phase "):
        continue
    _, name, start, attacked, idle, ok, failed = l.split()
    start, attacked, idle = int(start), int(attacked), int(idle)
    end = idle if idle > 0 else attacked + 60000
    win = [s for s in samples if start <= s[0] <= end]
    peak = max((s[1] for s in win), default=0) / 2**20
    threads = max((s[2] for s in win), default=0)
    after = win[-1][2] if win else 0
    idle_ms = idle - attacked if idle > 0 else "never (60 s)"
    print(f"| {name} | {ok} | {failed} | {peak:.0f} | {threads} / {after} | {idle_ms} |")
PY
