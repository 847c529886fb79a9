#!/usr/bin/env bash
# All tests, on a fresh machine: installs what the build needs (ci/deps.sh), builds the native library and every
# module with Temurin 25 (and the native library cross-built for linux-aarch64 and windows-x86_64: ci/cross.sh),
# runs every test on JDK 25 and again on JDK 17 (core, bindings, CLI), the native test program (natively, under
# qemu-aarch64 and under wine64), the JNI suite on arm64 under qemu, the sanitized native run (ci/sanitize.sh),
# the live iroh 0.35 interop tests (ci/iroh-interop.sh), then the CLI's end-to-end checks against Debian's b3sum.
# Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash ci/deps.sh
# Cross toolchains, emulators and the linux-aarch64 / windows-x86_64 dependencies (Debian packages).
bash ci/cross.sh setup
if [ ! -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
  echo "test: JDK 17 missing; installing openjdk-17-jdk-headless" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless >/dev/null
fi
if [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  echo "test: Temurin 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64" >&2
  exit 1
fi

# The test vectors live beside the repository (../shared/testdata, the pom's default; OBJSYNC_TESTDATA overrides);
# CI=true makes their absence fail.
# -Pcross: the linux-aarch64 and windows-x86_64 classifier jars come from the same build.
# On failure, the failing tests' reports (stack traces, suppressed causes) go to the log: CI keeps nothing else.
if ! ci/mvn install -Pcross ${OBJSYNC_TESTDATA:+-Dobjsync.testdata="$OBJSYNC_TESTDATA"}; then
  grep -l -E '<<< (FAILURE|ERROR)!' java/*/target/surefire-reports*/*.txt bindings/target/surefire-reports*/*.txt \
      2>/dev/null | while read -r report; do echo "=== $report"; head -c 20000 "$report"; done
  exit 1
fi

# The native test program (built by the Maven build's CMake run) against the library as shipped, then the
# library and both bridges again under ASan + UBSan.
ctest --test-dir bindings/target/cmake --output-on-failure
# The cross builds' native tests under qemu-aarch64 and wine64, and the JNI suite on an arm64 JVM under qemu.
OBJSYNC_CROSS_JNI=1 bash ci/cross.sh test
bash ci/sanitize.sh

# The live interop tests against a real iroh 0.35 node (tag "iroh"; installs Node.js and npm @number0/iroh, runs
# them in a loopback-only network namespace). The main run above excludes them.
bash ci/iroh-interop.sh

if [ -x ci/cli-test.sh ]; then
  bash ci/cli-test.sh
fi
