# windows-x86_64 with Debian's mingw-w64 (gcc-mingw-w64-x86-64-win32: the win32 thread model, so nothing links
# libwinpthread-1.dll; ci/cross.sh installs it).
#   cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/windows-x86_64.cmake
# Dependencies default to .deps/windows-x86_64/ (ci/cross.sh setup). Tests run under Debian's wine64.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-win32)
set(CMAKE_ASM_COMPILER x86_64-w64-mingw32-gcc-win32)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Debian's wine64 package has no wine64 on PATH (the launcher comes with the bigger "wine" package).
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64)
set(OBJSYNC_PLATFORM windows-x86_64)
# Debian ships no mingw-w64 OpenSSL: the AEAD is libsodium's here (see docs/architecture.md, "Platforms").
set(OBJSYNC_AEAD_OPENSSL OFF CACHE BOOL "XChaCha20-Poly1305 on OpenSSL's assembly (else libsodium's)")
