# macOS, arm64 or x86_64: NOT built or tested by this project's CI (Apple's SDK and linker exist only on macOS, and
# no Debian package cross-compiles to it). What a macOS build machine (Xcode command line tools, cmake, a JDK 17+)
# runs, per architecture A in {arm64, x86_64}, classifier P = macos-aarch64 or macos-x86_64:
#   1. libsodium 1.0.18 (Debian's orig tarball, or upstream's release), static and PIC:
#        ./configure --disable-shared --enable-static --with-pic --prefix=$PWD/.deps/P/libsodium \
#          CFLAGS="-arch A -mmacosx-version-min=11.0 -O2" [--host=aarch64-apple-darwin or x86_64-apple-darwin
#          when A is not the machine's own]  && make && make install
#   2. OpenSSL's libcrypto.a (Homebrew's openssl@3 has ChaCha20_ctr32/Poly1305_*): copy it to
#      .deps/P/openssl/lib/libcrypto.a, or configure with -DOBJSYNC_AEAD_OPENSSL=OFF (libsodium's AEAD).
#   3. cmake -S . -B build-P -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/macos.cmake -DOBJSYNC_MACOS_ARCH=A \
#        -DOBJSYNC_VERSION=<version> -DOBJSYNC_JNI_INCLUDE=$JAVA_HOME/include \
#        -DCMAKE_LIBRARY_OUTPUT_DIRECTORY=$PWD/stage/META-INF/native/P
#      cmake --build build-P && ctest --test-dir build-P      (the C vector tests; arm64 runs x86_64 under Rosetta)
#   4. the classifier jar: objsync-native's classes (bindings/target/classes without META-INF/native) plus
#      stage/META-INF/native/P/libobjsync-<version>.dylib, with the manifest of the other jars; and P added to
#      NativePlatform.BUILT. BLAKE3 uses NEON on arm64 and the reference's Unix assembly (Mach-O aware) on x86_64;
#      CMakeLists.txt exports through native/objsync.exports (ld64 has no version scripts).
set(CMAKE_SYSTEM_NAME Darwin)
set(OBJSYNC_MACOS_ARCH arm64 CACHE STRING "arm64 or x86_64")
set(CMAKE_OSX_ARCHITECTURES ${OBJSYNC_MACOS_ARCH} CACHE STRING "")
set(CMAKE_OSX_DEPLOYMENT_TARGET 11.0 CACHE STRING "")
if(OBJSYNC_MACOS_ARCH STREQUAL "arm64")
  set(CMAKE_SYSTEM_PROCESSOR arm64)
  set(OBJSYNC_PLATFORM macos-aarch64)
else()
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
  set(OBJSYNC_PLATFORM macos-x86_64)
endif()
