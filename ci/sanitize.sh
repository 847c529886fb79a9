#!/usr/bin/env bash
# The native core and both bridges under AddressSanitizer + UndefinedBehaviorSanitizer:
#   1. builds libobjsync and the native test program with -DOBJSYNC_SANITIZE="address;undefined" in a separate
#      build directory (target/sanitize), with cmake directly;
#   2. runs the native test program (ctest) against the official vectors;
#   3. runs the bindings' surefire suites (the JNI and FFM bridges plus every core test class over them) on
#      JDK 25, then the JNI-heavy classes on JDK 17, with the sanitized library loaded through
#      -Dobjsync.native.path and gcc's libasan preloaded into the test JVM.
# Any ASan or UBSan report fails the run (reports are fatal; ASan's are also kept in target/sanitize/reports).
# Expects ci/deps.sh to have run and the Maven build (ci/mvn install) to be done: it reuses the compiled tests.
# The static libsodium and libcrypto objects and the BLAKE3 assembly are not instrumented.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
jdk17=${OBJSYNC_JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
build=$here/target/sanitize
reports=$build/reports
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
testdata=${OBJSYNC_TESTDATA:-$(cd "$here/.." && pwd)/shared/testdata}
lib=$build/libobjsync-$version.so

echo "sanitize: building the library and the native test with ASan+UBSan in $build" >&2
JAVA_HOME=$jdk25 cmake -S . -B "$build" -DOBJSYNC_VERSION="$version" -DOBJSYNC_DEPS="${OBJSYNC_DEPS:-$here/.deps}" \
  -DOBJSYNC_SANITIZE="address;undefined" -DOBJSYNC_BUILD_TESTS=ON -DOBJSYNC_TESTDATA="$testdata" >/dev/null
cmake --build "$build" -j"$(nproc)" --target objsync objsync_native_test >/dev/null
rm -rf "$reports" && mkdir -p "$reports"

# A report ends the process with a failure (-fno-sanitize-recover=all, halt_on_error). ASan's also goes to a
# file; UBSan's (to stderr: gcc's UBSan runtime ignores log_path beside ASan) shows in surefire's crash output.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
asan_common="halt_on_error=1:log_path=$reports/asan"
ASAN_OPTIONS="$asan_common:detect_stack_use_after_return=1" ctest --test-dir "$build" --output-on-failure

# The JVM: leaks are not ours to judge (the JVM never frees much at exit), and it handles SIGSEGV itself
# (implicit null checks, safepoint polls), so ASan must leave that signal alone.
jvm_asan="$asan_common:detect_leaks=0:handle_segv=0:allow_user_segv_handler=1"
libasan=$(gcc -print-file-name=libasan.so)
[ -f "$libasan" ] || { echo "sanitize: gcc's libasan.so not found ($libasan)" >&2; exit 1; }

# Surefire starts the test JVM from a java executable we name: a wrapper that preloads libasan (it must come
# first in the process) and sets ASAN_OPTIONS for that JVM only, not for Maven's own. The release file lets
# surefire see the JDK's version.
wrap_jdk() {
  local real=$1 home=$2
  mkdir -p "$home/bin"
  ln -sf "$real/release" "$home/release"
  cat > "$home/bin/java" <<EOF
#!/bin/sh
LD_PRELOAD="$libasan\${LD_PRELOAD:+:\$LD_PRELOAD}" ASAN_OPTIONS="$jvm_asan" exec "$real/bin/java" "\$@"
EOF
  chmod +x "$home/bin/java"
}
wrap_jdk "$jdk25" "$build/jdk25"

# First prove the setup catches something: a deliberate overflow through FFM must be reported.
echo "sanitize: built and ctest done after ${SECONDS}s; canary (a deliberate heap overflow through FFM must be reported)" >&2
if "$build/jdk25/bin/java" --enable-native-access=ALL-UNNAMED ci/sanitize/AsanCanary.java "$lib" >/dev/null 2>&1 ||
   ! grep -qs "heap-buffer-overflow" "$reports"/asan.*; then
  echo "sanitize: the canary's overflow went unreported: the test JVM is not running under ASan" >&2
  exit 1
fi
rm -f "$reports"/*

# Only the native backends under test: the pure-Java one (still every differential test's reference) is covered
# by the ordinary run, and nothing of it is instrumented.
mvn_test=(ci/mvn -o -q -pl bindings -Dobjsync.native.path="$lib" -Dsurefire.failIfNoSpecifiedTests=false
  -Dobjsync.testdata="$testdata" -Dobjsync.test.backends=jni,ffm)
echo "sanitize: bindings tests (JNI + FFM, every core test class) on JDK 25 against $lib" >&2
# Not here: classes that never load the sanitized library (the loader's child JVMs and readelf look at the jar's).
"${mvn_test[@]}" -P '!jdk17-tests' surefire:test -Djvm="$build/jdk25/bin/java" \
  -Dtest='!LoaderProcessTest,!LibraryDependenciesTest,!MountInfoTest'

if [ -x "$jdk17/bin/java" ]; then
  wrap_jdk "$jdk17" "$build/jdk17"
  # JDK 25 already ran the JNI bridge through every class; on 17 the bridge's own tests and the vector suites.
  echo "sanitize: JDK 25 suites done after ${SECONDS}s; JNI bridge tests on JDK 17" >&2
  "${mvn_test[@]}" -P jdk17-tests surefire:test@jdk17 -Dobjsync.jdk17="$build/jdk17" \
    -Dtest='NativeBackendsTest,*VectorsTest,HkdfTest,Blake3HasherTest,Blake3TreeSpiTest,BaoVerifyBatchTest,EmptyMappedBufferTest'
else
  echo "sanitize: no JDK 17 at $jdk17: the JNI bridge ran on JDK 25 only" >&2
fi

if compgen -G "$reports/*" >/dev/null; then
  echo "sanitize: sanitizer reports:" >&2
  cat "$reports"/* >&2
  exit 1
fi
echo "sanitize: no ASan/UBSan report (${SECONDS}s)" >&2
