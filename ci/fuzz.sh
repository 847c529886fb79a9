#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser of untrusted bytes, one target after another (docs/fuzzing.md).
#
#   ci/fuzz.sh [SECONDS_PER_TARGET]   fuzz each target that long (default 60) and print executions and coverage
#   ci/fuzz.sh --write-seeds          regenerate the committed seed corpora from real encodings
#
# The normal test run (ci/test.sh) runs the same fuzz tests in regression mode on their seeds; this script is
# the long run. A finding fails its target, and Jazzer saves the input as crash-<sha1> in the target's inputs
# directory under src/test/resources, where the regression run replays it from then on. The corpus grown while
# fuzzing stays in <module>/.cifuzz-corpus/ (not committed) and is reused by the next run.
# Environment: FUZZ_JDK (17 by default: Jazzer 0.24's instrumentation cannot read JDK 25's own classes, so on
# 25 the hooks into the JDK are missing; 25 works otherwise), FUZZ_TARGETS (a subset, as 'Class#method ...'),
# FUZZ_SKIP_BUILD=1 (the modules are already installed), MAVEN_ARGS (e.g. -o -Dmaven.repo.local=...).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# module:class#method, grouped by module.
all_targets=(
  java/objsync-core:io.objsync.internal.postcard.PostcardFuzzTest#readSequence
  java/objsync-core:io.objsync.bao.ChunkRangesFuzzTest#rangeSpecs
  java/objsync-core:io.objsync.bao.ChunkRangesFuzzTest#rangesSeq
  java/objsync-core:io.objsync.bao.BaoDecoderFuzzTest#decodeStream
  java/objsync-net:io.objsync.ticket.TicketFuzzTest#parseText
  java/objsync-net:io.objsync.ticket.TicketFuzzTest#parseBytes
  java/objsync-net:io.objsync.net.internal.AddrWireFuzzTest#readAddr
  java/objsync-net:io.objsync.protocol.BlobRequestFuzzTest#readRequest
  java/objsync-net:io.objsync.net.internal.FrameCodecFuzzTest#readFrames
  java/objsync-net:io.objsync.net.internal.CertificateFuzzTest#peerCertificate
  java/objsync-net:io.objsync.net.internal.CertificateFuzzTest#listenPortExtension
  java/objsync-docs:io.objsync.docs.sync.SyncCodecFuzzTest#readFrames
  java/objsync-docs:io.objsync.docs.sync.SyncCodecFuzzTest#decodeEntry
  java/objsync-store:io.objsync.store.CollectionFuzzTest#decodeCollection
  java/objsync-store:io.objsync.store.CollectionFuzzTest#parseHashSeq
  java/objsync-vault:io.objsync.vault.CatalogFuzzTest#openValue
  java/objsync-vault:io.objsync.vault.CatalogFuzzTest#openPlaintext
)

read -r -a maven_args <<< "${MAVEN_ARGS:-}"
if [ "${1:-}" = "--write-seeds" ]; then
  ci/mvn "${maven_args[@]}" install -DskipTests -q
  modules=$(printf '%s\n' "${all_targets[@]}" | cut -d: -f1 | sort -u | paste -sd, -)
  ci/mvn "${maven_args[@]}" test -pl "$modules" -P '!jdk17-tests' -Dtest='*FuzzTest#seedsAreCommitted' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dobjsync.fuzz.writeSeeds=true
  exit 0
fi

seconds=${1:-60}
jdk=${FUZZ_JDK:-17}
case "$jdk" in
  # JDK 17 does not know the lmdbjava modules' JDK 24+ flag that Maven (on 25) puts in their argLine.
  17) java=/usr/lib/jvm/java-17-openjdk-amd64/bin/java; jvm_flags=(-Dobjsync.lmdb.jvmFlags=) ;;
  25) java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; jvm_flags=() ;;
  *) echo "fuzz: FUZZ_JDK must be 17 or 25" >&2; exit 2 ;;
esac
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  ci/mvn "${maven_args[@]}" install -DskipTests -q
fi

selected=()
for t in "${all_targets[@]}"; do
  if [ -z "${FUZZ_TARGETS:-}" ] || [[ " $FUZZ_TARGETS " == *" ${t#*:} "* ]]; then
    selected+=("$t")
  fi
done

logs=target/fuzz
mkdir -p "$logs"
failed=0
total=0
printf '%-60s %12s %10s %8s %6s %s\n' target executions exec/s cov ft result > "$logs/summary.txt"
for t in "${selected[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  log="$logs/${test##*.}.log"
  echo "fuzz: $test for ${seconds}s on JDK $jdk" >&2
  result=ok
  # -timeout: one input running 10 s is a hang; -print_final_stats: the executions for the summary.
  if ! JAZZER_FUZZ=1 nice ci/mvn "${maven_args[@]}" -pl "$module" surefire:test -P '!jdk17-tests' -Djvm="$java" "${jvm_flags[@]}" \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dobjsync.jazzer.hooks=true \
      -Djazzer.instrument='io.objsync.**,org.bouncycastle.**,com.google.protobuf.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout=10 -Djazzer.internal.arg.3=-print_final_stats=1 > "$log" 2>&1; then
    result=FINDING
    failed=1
  fi
  runs=$(grep -aoE 'stat::number_of_executed_units: +[0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
  stats=$(grep -aE '#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)[[:space:]]+cov:' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$stats")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$stats")
  rate=$(grep -aoE 'stat::average_exec_per_sec: +[0-9]+' "$log" | awk '{print $2}' | tail -1 || true)
  total=$((total + ${runs:-0}))
  printf '%-60s %12s %10s %8s %6s %s\n' "$test" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result" \
    >> "$logs/summary.txt"
done
echo "total executions: $total" >> "$logs/summary.txt"
cat "$logs/summary.txt"
exit $failed
