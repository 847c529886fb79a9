#!/usr/bin/env bash
# Cross builds of the native library: linux-aarch64 (Debian's aarch64 cross gcc) and windows-x86_64 (mingw-w64),
# and their tests under emulators (qemu-user, wine64). Everything comes from Debian packages.
#
#   ci/cross.sh setup   installs the cross toolchains and emulators (apt-get), then builds each target's
#                       dependencies into $OBJSYNC_DEPS/<platform>/ (default .deps/<platform>/):
#                         libsodium  cross-configured from the same Debian source package as the host's
#                         openssl    linux-aarch64 only: Debian's libssl-dev:arm64 unpacked (dpkg -x, not
#                                    installed), for libcrypto.a's ChaCha20/Poly1305 assembly
#   ci/cross.sh test    after `ci/mvn install -Pcross` built the three libraries: runs the C core's vector tests
#                       under qemu-aarch64 and wine (CTest's CMAKE_CROSSCOMPILING_EMULATOR, from the toolchain
#                       files), and with OBJSYNC_CROSS_JNI=1 the JNI suite on Debian's arm64 JDK 17 under qemu
#                       (ci/cross-jni.sh).
# Idempotent: a second setup reuses what is there.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
deps=${OBJSYNC_DEPS:-$here/.deps}
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
# wine64 alone (not the wine meta-package with its 32-bit half and recommends): ~100 MB instead of ~600 MB.
cross_pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user gcc-mingw-w64-x86-64-win32 wine64)
export WINEDEBUG=-all
# wine keeps its Windows directory here, not in the home directory (created on the first run, ~20 s).
export WINEPREFIX=${WINEPREFIX:-$deps/windows-x86_64/wine}

setup() {
  local need=() p
  for p in "${cross_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  local want_arm64=0
  [ -f "$deps/linux-aarch64/openssl/lib/libcrypto.a" ] || want_arm64=1
  if [ $want_arm64 = 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    # Only to download libssl-dev:arm64 (and, for the JNI run, the arm64 JDK); nothing arm64 gets installed.
    $SUDO dpkg --add-architecture arm64
  fi
  if [ ${#need[@]} -gt 0 ] || [ $want_arm64 = 1 ]; then
    echo "cross: apt-get update" >&2
    $SUDO apt-get update -q >/dev/null
  fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "cross: installing ${need[*]}" >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ $want_arm64 = 1 ]; then
    unpack_deb "$deps/linux-aarch64/openssl" libssl-dev:arm64
    mkdir -p "$deps/linux-aarch64/openssl/lib"
    ln -sf ../usr/lib/aarch64-linux-gnu/libcrypto.a "$deps/linux-aarch64/openssl/lib/libcrypto.a"
  fi
  sodium linux-aarch64 aarch64-linux-gnu
  sodium windows-x86_64 x86_64-w64-mingw32
}

# unpack_deb DIR PACKAGE: downloads a Debian package and extracts it under DIR (no installation).
unpack_deb() {
  local dir=$1 pkg=$2 tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) || (cd "$tmp" && $SUDO apt-get download -q "$pkg" >/dev/null)
  mkdir -p "$dir"
  dpkg -x "$tmp"/*.deb "$dir"
  rm -rf "$tmp"
}

# sodium PLATFORM HOST: a static libsodium for HOST from Debian's source package (as ci/deps.sh does for the host).
sodium() {
  local platform=$1 host=$2 prefix=$deps/$1/libsodium work srcdir
  [ -f "$prefix/lib/libsodium.a" ] && return 0
  work=$deps/$platform/src
  rm -rf "$work" && mkdir -p "$work"
  echo "cross: building libsodium for $platform" >&2
  (cd "$work" && apt-get source -q libsodium >/dev/null 2>&1) || (cd "$work" && $SUDO apt-get source -q libsodium >/dev/null)
  srcdir=$(ls -d "$work"/libsodium-*/ | head -n 1)
  (
    cd "$srcdir"
    ./autogen.sh -s >/dev/null 2>&1
    ./configure --quiet --host="$host" --disable-shared --enable-static --with-pic --prefix="$prefix" >/dev/null
    make -s -j"$(nproc)" >/dev/null 2>&1
    make -s install >/dev/null
  )
  rm -rf "$work"
}

# The C core's vector tests of each cross build (bindings/target/cmake-<platform>, from `ci/mvn install -Pcross`),
# through the emulator its toolchain file names; then, if asked, the JNI suite on arm64.
run_tests() {
  local platform
  for platform in linux-aarch64 windows-x86_64; do
    echo "cross: C vector tests of $platform under $( [ $platform = linux-aarch64 ] && echo qemu-aarch64 || echo wine64 )" >&2
    ctest --test-dir "$here/bindings/target/cmake-$platform" --output-on-failure
  done
  if [ "${OBJSYNC_CROSS_JNI:-}" = 1 ]; then
    bash "$here/ci/cross-jni.sh"
  fi
}

case "${1:-}" in
  setup) setup ;;
  test) run_tests ;;
  *) echo "usage: ci/cross.sh setup|test" >&2; exit 2 ;;
esac
