#!/usr/bin/env bash
# The live iroh interop tests (JUnit tag "iroh"): installs the iroh 0.35 node (ci/iroh-node.sh), then runs the
# tagged tests of the given modules (default java/objsync-net, java/objsync-node and java/objsync-cli) on JDK 25 inside a fresh
# network namespace whose only interface is loopback (unshare -n): iroh 0.35 always tries its relays and DNS, and
# nothing may leave this machine. Maven runs offline in there, so the modules and their dependencies must be built
# and installed first (ci/test.sh runs this after its main build). Extra arguments go to Maven.
#   ci/iroh-interop.sh [-m module[,module]] [maven args...]
# Fails when the node cannot be installed or started, or when no tagged test ran.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
modules=java/objsync-net,java/objsync-node,java/objsync-cli
if [ "${1:-}" = "-m" ]; then modules=$2; shift 2; fi

OBJSYNC_IROH_NODE=$(bash ci/iroh-node.sh)
export OBJSYNC_IROH_NODE

if ! unshare -n true 2>/dev/null; then
  echo "iroh-interop: cannot create a network namespace (unshare -n needs root or CAP_SYS_ADMIN)" >&2
  exit 1
fi
# An empty group selection passes in surefire, so the reports (suffix -iroh) are counted below.
for m in ${modules//,/ }; do rm -f "$m"/target/surefire-reports/TEST-*-iroh.xml; done
mvn_args=(-o -q -pl "$modules" -P '!jdk17-tests' -Dobjsync.test.excludedGroups= -Dgroups=iroh
  -Dsurefire.reportNameSuffix=iroh test "$@")
start=$(date +%s)
unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' ci/mvn "${mvn_args[@]}"
count=0
for m in ${modules//,/ }; do
  n=$(cat "$m"/target/surefire-reports/TEST-*-iroh.xml 2>/dev/null | grep -c '<testcase ' || true)
  count=$((count + n))
done
if [ "$count" -eq 0 ]; then
  echo "iroh-interop: no iroh-tagged test ran in $modules" >&2
  exit 1
fi
echo "iroh-interop: $count test cases in $modules, $(( $(date +%s) - start )) s" >&2
