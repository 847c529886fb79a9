package io.objsync.spi;

/** BLAKE3 domain flags (the specification's constants). */
public final class Blake3Flags {
    public static final int CHUNK_START = 1;
    public static final int CHUNK_END = 2;
    public static final int PARENT = 4;
    public static final int ROOT = 8;
    public static final int KEYED_HASH = 16;
    public static final int DERIVE_KEY_CONTEXT = 32;
    public static final int DERIVE_KEY_MATERIAL = 64;

    private Blake3Flags() {
    }
}
