#!/usr/bin/env bash
# The JNI suite on linux-aarch64: Debian's arm64 JDK 17 under qemu-aarch64 runs the bindings' and core's test classes
# over the jni backend (-Dobjsync.test.backends=jni: the host runs cover the pure-Java one), loading the library
# the way a user's JVM does: from the linux-aarch64 classifier jar's content (bindings/target/cross/linux-aarch64).
# Needs `ci/cross.sh setup` and `ci/mvn install -Pcross` first. The JDK is downloaded and unpacked (dpkg -x),
# never installed. Excluded: LibraryDependenciesTest (reads the host's build tree), LoaderProcessTest (starts
# child JVMs, which would need qemu registered with binfmt_misc) and the Jazzer *FuzzTest classes (under the console
# launcher Jazzer's argument provider fails with a JUnitException before any input runs; they run over jni and ffm
# in the host's Maven build).
#   OBJSYNC_CROSS_JNI_TESTS: a comma-separated list of test classes (simple names), default the CI set below (the
#   bridge's loading and every vector file through jni: minutes under qemu), or "full" for every test class (far
#   longer under qemu; docs/architecture.md, "Platforms", has the measured times).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
deps=${OBJSYNC_DEPS:-$here/.deps}
root=$deps/linux-aarch64/jdk17
java=$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java
junit_version=1.14.1
console=$deps/junit-platform-console-standalone-$junit_version.jar
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

if [ ! -x "$java" ]; then
  echo "cross-jni: fetching Debian's arm64 JDK 17 (unpacked, not installed)" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q openjdk-17-jre-headless:arm64 libstdc++6:arm64 zlib1g:arm64 >/dev/null 2>&1) \
    || (cd "$tmp" && $SUDO apt-get download -q openjdk-17-jre-headless:arm64 libstdc++6:arm64 zlib1g:arm64 >/dev/null)
  mkdir -p "$root"
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$root"; done
  rm -rf "$tmp"
fi
mvn=("$here/ci/mvn" -q ${OBJSYNC_MVN_ARGS:-})
if [ ! -f "$console" ]; then
  "${mvn[@]}" dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_version \
    -DoutputDirectory="$deps" >/dev/null
fi

cp_file=$here/bindings/target/cross/test-classpath.txt
"${mvn[@]}" -f "$here/bindings/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
core_tests=$(tr ':' '\n' < "$cp_file" | grep -m 1 'objsync-core-.*-tests\.jar$' || true)
[ -n "$core_tests" ] || { echo "cross-jni: objsync-core's test jar is not on the test class path" >&2; exit 1; }
# The staged linux-aarch64 jar content (bridges + library) stands in for target/classes.
classpath=$here/bindings/target/test-classes:$here/bindings/target/cross/linux-aarch64:$(cat "$cp_file")

selection=(--scan-classpath "$here/bindings/target/test-classes" --scan-classpath "$core_tests"
           --exclude-classname '.*(LibraryDependenciesTest|LoaderProcessTest|FuzzTest)$')
ci_set=NativeBackendsTest,Blake3VectorsTest,BaoVectorsTest,XChaCha20Poly1305VectorsTest,Ed25519VectorsTest,HkdfTest
tests=${OBJSYNC_CROSS_JNI_TESTS:-$ci_set}
if [ "$tests" != full ]; then
  selection=()
  IFS=, read -ra names <<< "$tests"
  for n in "${names[@]}"; do
    cls=$( { (cd "$here/bindings/target/test-classes" && find . -name "$n.class"); unzip -Z1 "$core_tests"; } \
           | awk -v want="/$n.class" '!found && substr($0, length($0) - length(want) + 1) == want { print; found = 1 }' \
           | sed 's|^\./||; s|\.class$||; s|/|.|g')
    [ -n "$cls" ] || { echo "cross-jni: no test class $n" >&2; exit 1; }
    selection+=(--select-class "$cls")
  done
fi

testdata=${OBJSYNC_TESTDATA:-$here/../shared/testdata}
echo "cross-jni: JNI suite on Debian's arm64 JDK 17 under qemu-aarch64" >&2
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
export LD_LIBRARY_PATH=$root/usr/lib/aarch64-linux-gnu:$root/lib/aarch64-linux-gnu
start=$(date +%s)
qemu-aarch64 "$java" -Dobjsync.testdata="$testdata" -Dobjsync.expect.platform=linux-aarch64 -Dobjsync.test.backends=jni \
  -jar "$console" execute --class-path "$classpath" "${selection[@]}" \
  --disable-banner --details=summary --fail-if-no-tests
echo "cross-jni: passed in $(( $(date +%s) - start )) s" >&2
