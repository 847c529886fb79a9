#!/usr/bin/env bash
# All tests, on a fresh machine: installs what the build needs (ci/deps.sh), builds the native library and every
# module with Temurin 25, runs every test on JDK 25 and again on JDK 17 (core, bindings, CLI), then the live iroh
# 0.35 interop tests (ci/iroh-interop.sh), then the CLI's end-to-end checks against Debian's b3sum. Exits non-zero
# on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash ci/deps.sh
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
ci/mvn install ${OBJSYNC_TESTDATA:+-Dobjsync.testdata="$OBJSYNC_TESTDATA"}

# The live interop tests against a real iroh 0.35 node (tag "iroh"; installs Node.js and npm @number0/iroh, runs
# them in a loopback-only network namespace). The main run above excludes them.
bash ci/iroh-interop.sh

if [ -x ci/cli-test.sh ]; then
  bash ci/cli-test.sh
fi
