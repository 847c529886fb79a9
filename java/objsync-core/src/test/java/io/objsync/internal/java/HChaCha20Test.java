package io.objsync.internal.java;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HChaCha20 against the test vector of draft-irtf-cfrg-xchacha-03, section 2.2.1. */
class HChaCha20Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesTheDraftsVector() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] input = HEX.parseHex("000000090000004a0000000031415927");

        assertArrayEquals(HEX.parseHex("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"),
                HChaCha20.subkey(key, input));
    }

    @Test
    void readsOnlyTheFirstSixteenBytesOfALongerInput() {
        byte[] key = new byte[32];
        byte[] nonce = HEX.parseHex("000102030405060708090a0b0c0d0e0f1011121314151617");

        assertArrayEquals(HChaCha20.subkey(key, java.util.Arrays.copyOf(nonce, 16)), HChaCha20.subkey(key, nonce));
    }

    @Test
    void refusesWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> HChaCha20.subkey(new byte[31], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> HChaCha20.subkey(new byte[32], new byte[15]));
    }
}
