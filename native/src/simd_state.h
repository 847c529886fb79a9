/*
 * Called first by every exported function that computes: clears the upper halves of the AVX registers.
 *
 * JIT-compiled Java uses AVX and AVX-512 and may call in with those upper halves dirty: JNI's native wrappers
 * clear them, FFM's downcall stubs do not. Every SSE-encoded instruction of ours (everything outside the
 * reference's AVX kernels, and libsodium's generic code) then pays an SSE/AVX state transition: a 64-byte
 * BLAKE3 hash took ~280 ns through FFM against ~120 ns from C. With the registers clean it costs what C does.
 * The upper halves are caller-saved in the x86-64 ABI, so clearing them is always allowed.
 */
#ifndef OBJSYNC_SIMD_STATE_H
#define OBJSYNC_SIMD_STATE_H

static inline void objsync_clean_simd_state(void) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx")) __asm__ volatile("vzeroupper");
#endif
}

#endif
