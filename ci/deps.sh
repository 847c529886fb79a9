#!/usr/bin/env bash
# Installs and builds everything the native build needs, from Debian packages only:
#   - toolchain (gcc, cmake, make) and autotools for libsodium,
#   - the BLAKE3 C reference sources (librust-blake3-dev ships them under /usr/share/cargo/registry),
#   - libsodium built from its Debian source package as a position-independent static library
#     (Debian's libsodium.a is not PIC, so it cannot go into our shared library).
#   - OpenSSL's static libcrypto.a (libssl-dev): the AEAD links its ChaCha20/Poly1305 assembly (AVX-512, IFMA),
#   - b3sum, which a CLI test compares our output with; a JDK 17 and Temurin 25 are expected on the machine.
# Idempotent: a second run reuses what is there. Output goes to $OBJSYNC_DEPS (default: <repo>/.deps).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
deps=${OBJSYNC_DEPS:-$here/.deps}
sodium_prefix=$deps/libsodium
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_pkgs=()
for p in build-essential cmake autoconf automake libtool dpkg-dev unzip librust-blake3-dev libssl-dev b3sum maven; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
src_list=/etc/apt/sources.list.d/objsync-deb-src.sources
if [ ! -f "$sodium_prefix/lib/libsodium.a" ] && ! grep -rqs '^Types: *deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list; then
  # Source packages: the same mirrors and suites as the configured binary ones, with Types: deb-src.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: *deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$src_list" >/dev/null
  else
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/objsync-deb-src.list >/dev/null
  fi
fi
if [ ${#need_pkgs[@]} -gt 0 ] || [ ! -f "$sodium_prefix/lib/libsodium.a" ]; then
  echo "deps: apt-get update" >&2
  $SUDO apt-get update -q >/dev/null
  if [ ${#need_pkgs[@]} -gt 0 ]; then
    echo "deps: installing ${need_pkgs[*]}" >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
  fi
fi

blake3_dir=$(ls -d /usr/share/cargo/registry/blake3-*/c 2>/dev/null | sort -V | tail -n 1)
[ -n "$blake3_dir" ] || { echo "deps: BLAKE3 C sources not found (librust-blake3-dev)" >&2; exit 1; }
mkdir -p "$deps"
echo "$blake3_dir" > "$deps/blake3-c-dir"

if [ ! -f "$sodium_prefix/lib/libsodium.a" ]; then
  work=$deps/src
  rm -rf "$work" && mkdir -p "$work"
  echo "deps: fetching libsodium source package" >&2
  (cd "$work" && apt-get source -q libsodium >/dev/null 2>&1) || (cd "$work" && $SUDO apt-get source -q libsodium >/dev/null)
  srcdir=$(ls -d "$work"/libsodium-*/ | head -n 1)
  echo "deps: building libsodium (static, PIC) from $srcdir" >&2
  (
    cd "$srcdir"
    ./autogen.sh -s >/dev/null 2>&1
    ./configure --quiet --disable-shared --enable-static --with-pic --prefix="$sodium_prefix" >/dev/null
    make -s -j"$(nproc)" >/dev/null 2>&1
    make -s install >/dev/null
  )
  rm -rf "$work"
fi
# Maven 3.9.9+ (cmake-maven-plugin 4.x requires it; Debian bookworm ships 3.8.7), from Maven Central.
maven_version=3.9.11
if [ ! -x "$deps/maven/bin/mvn" ]; then
  echo "deps: fetching Apache Maven $maven_version from Maven Central" >&2
  mvn -q -B dependency:copy -Dartifact=org.apache.maven:apache-maven:$maven_version:zip:bin \
      -DoutputDirectory="$deps" -Dmdep.useBaseVersion=true >/dev/null
  rm -rf "$deps/maven" "$deps/apache-maven-$maven_version"
  (cd "$deps" && unzip -q "apache-maven-$maven_version-bin.zip" && mv "apache-maven-$maven_version" maven \
     && rm "apache-maven-$maven_version-bin.zip")
fi
echo "deps: ready in $deps (BLAKE3 C: $blake3_dir; libsodium: $sodium_prefix)" >&2
