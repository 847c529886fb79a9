#!/usr/bin/env bash
# The main job, on a fresh machine: installs and builds what it needs, then runs the objsync CLI on real files
# and shows which backend ran. Usage: ci/main.sh [FILE|DIR...]   (default: the files of /usr/bin, hashed)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash ci/deps.sh
ci/mvn -q install -DskipTests
if [ $# -eq 0 ]; then
  set -- /usr/bin/cmake /usr/bin/gcc-12 /usr/bin/perl
fi
bin/objsync version
bin/objsync hash "$@"
