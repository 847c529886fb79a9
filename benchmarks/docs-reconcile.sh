#!/usr/bin/env bash
# Issue 6's reconciliation scenarios (io.objsync.docs.bench.ReconcileHarness): two replicas of N entries
# (default 1M), floors checked (exit 1 when one is missed). Usage: benchmarks/docs-reconcile.sh [--entries N]
# [--no-scanning] [--dir DIR]. Builds the docs module first; the scan-based store comparison runs when N <= 100k.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export OBJSYNC_DEPS=${OBJSYNC_DEPS:-$here/.deps}
ci/mvn -o -q package -pl java/objsync-docs -am -DskipTests
ci/mvn -o -q dependency:build-classpath -pl java/objsync-docs -Dmdep.includeScope=test \
  -Dmdep.outputFile=java/objsync-docs/target/bench-classpath.txt
cp="java/objsync-docs/target/test-classes:java/objsync-docs/target/classes:java/objsync-core/target/classes"
cp="$cp:$(ls bindings/target/objsync-native-*-linux-x86_64.jar | head -1)"
cp="$cp:$(cat java/objsync-docs/target/bench-classpath.txt)"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
exec "$java" --enable-native-access=ALL-UNNAMED -Xmx6g -cp "$cp" io.objsync.docs.bench.ReconcileHarness --check "$@"
